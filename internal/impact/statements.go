package impact

import (
	"context"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/i18n"
	"maeul/internal/money"
)

// Statement is a household's income statement for a period, read from
// its ledger account: the balance at the start, what it earned by source
// (supplies by product, net of refunds; dividends by run), what was paid
// out, and the balance at the end. Opening + Supply + Dividends − PaidOut
// = Closing, to the fen.
type Statement struct {
	Household Household // as the reader may see it
	Period    Period
	Opening   money.Fen
	Supplies  []SupplyIncome
	Supply    money.Fen // the supplies' net total
	Dividends []DividendIncome
	Dividend  money.Fen
	Payouts   []Payout
	PaidOut   money.Fen
	Closing   money.Fen
}

// SupplyIncome is what a household earned in a period by supplying one
// product: its credits for the units sold in the period, less the
// reversals of refunds made in the period (which may be of earlier
// sales).
type SupplyIncome struct {
	ProductID   int64
	ProductCode string
	Name        i18n.Text
	OrgID       int64
	Units       int64     // units sold, less units refunded
	Credited    money.Fen // the credits of the sales
	Reversed    money.Fen // the refunds' reversals (zero or negative)
	Net         money.Fen // Credited + Reversed
}

// DividendIncome is a household's part of one dividend run.
type DividendIncome struct {
	RunID  int64
	OrgID  int64
	Org    string // its code
	Name   i18n.Text
	Period string // the run's period
	Amount money.Fen
	At     time.Time
}

// Statement returns a household's income statement for a period (see
// ParsePeriod). The prefecture admin, the county admin of the household's
// county, the operator of a station serving its village and auditors
// overseeing it may read it, each seeing the household's personal data as
// far as DisclosureFor allows; others get Forbidden (Unauthorized for a
// guest). An unknown household is NotFound.
func (s *Service) Statement(ctx context.Context, by accounts.Actor, household, period string) (Statement, error) {
	p, err := ParsePeriod(period)
	if err != nil {
		return Statement{}, err
	}
	h, err := s.Store.Household(ctx, household)
	if err != nil {
		return Statement{}, err
	}
	d, err := s.disclosure(ctx, by, h)
	if err != nil {
		return Statement{}, err
	}
	st, err := s.Store.IncomeStatement(ctx, h.ID, p)
	if err != nil {
		return Statement{}, err
	}
	st.Household, st.Period = h.Disclose(d), p
	return st, nil
}

// disclosure returns how much of h by may see, or Forbidden (Unauthorized
// for a guest) when it is nothing.
func (s *Service) disclosure(ctx context.Context, by accounts.Actor, h Household) (Disclosure, error) {
	disclose, _, err := s.discloser(ctx, by)
	if err != nil {
		return Hidden, err
	}
	d := disclose(h.Village)
	if d == Hidden {
		return Hidden, by.Require(false, "see household "+h.Code)
	}
	return d, nil
}
