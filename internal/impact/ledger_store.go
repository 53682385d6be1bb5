package impact

import (
	"context"
	"time"

	"maeul/internal/money"
	"maeul/internal/region"
)

// LedgerStore is the storage of the ledger's operations (dividend runs,
// payouts) and reads (statements, figures, entries). Sales and refunds
// reach the ledger inside the payment's and refund's own transactions
// (the order store posts them); the operations here post theirs in one
// transaction each with the row that records them.
type LedgerStore interface {
	// AccountBalance returns an account's running balance: zero for an
	// account without entries.
	AccountBalance(ctx context.Context, a Account) (money.Fen, error)

	// DividendRun returns an organization's run for a period, with its
	// shares, or a NotFound error.
	DividendRun(ctx context.Context, orgID int64, period string) (DividendRun, error)
	// DividendRuns lists an organization's runs, newest first, without
	// their shares.
	DividendRuns(ctx context.Context, orgID int64) ([]DividendRun, error)
	// ExecuteDividendRun pays the organization's pool balance, read inside
	// the transaction, to members by DividendPostings, and records the run
	// (OrgID, Period, ExecutedBy, ExecutedAt of run) in the same
	// transaction. A period already run returns that run with Earlier set
	// and pays nothing. An empty pool or no members is Invalid.
	ExecuteDividendRun(ctx context.Context, run DividendRun, members []Holding) (DividendRun, error)

	// RecordPayout posts a payout and records it in one transaction,
	// checking the household's running balance inside it (more than the
	// balance is Invalid). A payout of the same household, method and
	// reference as an earlier one returns that one with Earlier set, or is
	// a Conflict when its amount differs.
	RecordPayout(ctx context.Context, p Payout) (Payout, error)
	// HouseholdPayouts lists a household's payouts paid at or after from
	// and before to (zero times for open ends), newest first.
	HouseholdPayouts(ctx context.Context, householdID int64, from, to time.Time) ([]Payout, error)

	// StatementFacts reads what a household's statement for a period is
	// made of (see NewStatement), in one snapshot of the ledger.
	StatementFacts(ctx context.Context, householdID int64, p Period) (StatementFacts, error)
	// ImpactFigures sums the impact rollup for a query: the counts, the
	// amounts and the top products (the derived per-household and
	// per-person figures and the name are left to the caller).
	ImpactFigures(ctx context.Context, q FigureQuery) (Figures, error)
	// ChildImpactFigures sums the impact rollup as ImpactFigures does for
	// each of children, divisions inside q.Region, in one statement: the
	// counts and amounts by child, without top products (nor the derived
	// figures and names). A child without rollup rows in the period is
	// missing from the map.
	ChildImpactFigures(ctx context.Context, q FigureQuery, children []region.Code) (map[region.Code]Figures, error)
	// OrderCredits sums what an order's or a checkout's lines passed on to
	// each household account and dividend pool, net of the reversals of
	// its refunds (see OrderCredit), and returns who may see it. An unknown
	// order or checkout is NotFound.
	OrderCredits(ctx context.Context, q OrderQuery) ([]OrderCredit, []OrderParty, error)

	// LedgerEntries returns the entries f selects, in ledger order, at most
	// f.Limit of them.
	LedgerEntries(ctx context.Context, f EntryFilter) ([]Entry, error)
	// EachLedgerEntry calls fn with each entry f selects (f.Limit ignored),
	// in ledger order, as they are read; an error from fn stops it and is
	// returned.
	EachLedgerEntry(ctx context.Context, f EntryFilter, fn func(Entry) error) error
}
