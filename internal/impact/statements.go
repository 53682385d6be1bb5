package impact

import (
	"cmp"
	"context"
	"fmt"
	"slices"
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

// StatementFacts are what a household's statement for a period is made
// of, as the store reads them (LedgerStore.StatementFacts).
type StatementFacts struct {
	// Supplies are the impact rollup's sums for the period by product and
	// organization: ProductID, ProductCode, Name, OrgID, Net (the credits
	// less the reversals posted in the period) and Units (the units sold
	// in the period); Credited and Reversed are left to NewStatement.
	Supplies []SupplyIncome
	// Entries are the household's entries of the period other than
	// supplier credits — refund reversals, dividends, payouts — in ledger
	// order.
	Entries []StatementEntry
	Payouts []Payout // paid in the period, newest first
	// Balance is the household's running balance when read, Later what was
	// posted to its account at or after the period's end.
	Balance, Later money.Fen
}

// StatementEntry is one of the household's entries a statement reads.
type StatementEntry struct {
	Kind      Kind
	Amount    money.Fen
	At        time.Time
	OrgID     int64
	Org       string // its code
	OrgName   i18n.Text
	ProductID int64  // a reversal's line's product
	RefundQty int64  // the units a reversal's refund returned of the line
	RunID     int64  // a dividend's run
	RunPeriod string // and its period
}

// NewStatement works a statement's figures out of its facts (all fields
// but Household and Period): each product's reversals split out of its net
// (its credits are the net less them, its units those sold less those
// refunded), the dividends by run, the payouts, and the balances: Closing
// is the running balance less what was posted since the period ended, and
// Opening + Supply + Dividend − PaidOut = Closing. Supplies come most
// income first. An entry of another kind on a household's account is an
// error: the ledger holds none.
func NewStatement(f StatementFacts) (Statement, error) {
	var st Statement
	type key struct{ product, org int64 }
	byProduct := map[key]int{}
	st.Supplies = make([]SupplyIncome, len(f.Supplies))
	for i, s := range f.Supplies {
		s.Credited, s.Reversed = s.Net, 0
		st.Supplies[i] = s
		byProduct[key{s.ProductID, s.OrgID}] = i
	}
	for _, e := range f.Entries {
		switch e.Kind {
		case KindRefund:
			// Its product's net holds it already; split it out.
			if i, ok := byProduct[key{e.ProductID, e.OrgID}]; ok {
				s := &st.Supplies[i]
				s.Reversed += e.Amount
				s.Credited -= e.Amount
				s.Units -= e.RefundQty
			}
		case KindDividend:
			st.Dividends = append(st.Dividends, DividendIncome{RunID: e.RunID, OrgID: e.OrgID, Org: e.Org, Name: e.OrgName,
				Period: e.RunPeriod, Amount: e.Amount, At: e.At})
			st.Dividend += e.Amount
		case KindPayout:
			st.PaidOut -= e.Amount
		default:
			return Statement{}, fmt.Errorf("impact.NewStatement: an entry of kind %q on a household's account", e.Kind)
		}
	}
	for _, s := range st.Supplies {
		st.Supply += s.Net
	}
	slices.SortFunc(st.Supplies, func(a, b SupplyIncome) int {
		if c := cmp.Compare(b.Net, a.Net); c != 0 {
			return c
		}
		return cmp.Compare(a.ProductID, b.ProductID)
	})
	st.Payouts = f.Payouts
	st.Closing = f.Balance - f.Later
	st.Opening = st.Closing - st.Supply - st.Dividend + st.PaidOut
	return st, nil
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
	facts, err := s.Store.StatementFacts(ctx, h.ID, p)
	if err != nil {
		return Statement{}, err
	}
	st, err := NewStatement(facts)
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
		return Hidden, by.Require(false, "act.see_household", h.Code)
	}
	return d, nil
}
