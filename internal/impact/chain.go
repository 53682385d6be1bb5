package impact

import (
	"fmt"
	"strings"
	"time"

	"maeul/internal/money"
	"maeul/internal/region"
)

// The rules of appending to the ledger, which the store applies as it
// writes: the hash chain, the running balances and the impact rollups.
// One writer (the store's) serves every posting, from a checkout's
// payment to a load tool's millions of lines.

// Chain is the head of the ledger's hash chain: the last entry's Seq and
// Hash, and the last transaction's id. The zero Chain is an empty
// ledger's, whose first entry chains to GenesisHash.
type Chain struct {
	Seq  int64
	TxID int64
	Hash string
}

// Append makes es the next transaction of the ledger: it checks that their
// amounts sum to zero, gives them the next transaction id and the next
// sequence numbers, dates them at, chains each one's hash to the one
// before, and moves c to the last. The caller fills in each entry's
// posting and what it refers to (LineID, RefundID, RunID, PayoutID). An
// unbalanced or empty transaction is a programming error: Append returns
// an error and leaves c and es as they were.
func (c *Chain) Append(es []Entry, at time.Time) error {
	if len(es) == 0 {
		return fmt.Errorf("impact.Chain.Append: an empty transaction")
	}
	var sum money.Fen
	for _, e := range es {
		sum += e.Amount
	}
	if sum != 0 {
		return fmt.Errorf("impact.Chain.Append: transaction does not balance (%d)", sum)
	}
	prev := c.Hash
	if prev == "" {
		prev = GenesisHash
	}
	at = time.UnixMicro(at.UnixMicro()).UTC() // as stored: microseconds
	c.TxID++
	for i := range es {
		c.Seq++
		e := &es[i]
		e.Seq, e.TxID, e.At, e.PrevHash = c.Seq, c.TxID, at, prev
		e.Hash = e.ComputeHash()
		prev = e.Hash
	}
	c.Hash = prev
	return nil
}

// Income returns what a posting adds to a household's income, as the
// figures and statements count it: a supplier credit, or its reversal by
// a refund (negative), is supply income; a dividend is dividend income.
// Other postings — payouts, which move money the household had already
// earned, and every posting to an account that is not a household's — are
// no income (ok false).
func (p Posting) Income() (supply, dividend money.Fen, ok bool) {
	if p.HouseholdID == 0 || !strings.HasPrefix(string(p.Account), "hh:") {
		return 0, 0, false
	}
	switch p.Kind {
	case KindSupply, KindRefund:
		return p.Amount, 0, true
	case KindDividend:
		return 0, p.Amount, true
	}
	return 0, 0, false
}

// RollupRow is one row of the impact rollups: what a household earned in
// a month ("2026-11") or a year ("2026") from one organization's product
// (product 0: dividends), while it lived in Village. Units are the units
// of the sales credited to it as a supplier; refunds do not subtract them.
type RollupRow struct {
	Period      string
	HouseholdID int64
	OrgID       int64
	ProductID   int64
	Village     region.Code
	Supply      money.Fen
	Dividend    money.Fen
	Units       int64
}

// Rollup adds postings up into the rows of the monthly and the yearly
// rollups, one row per period, household, organization, product and
// village, in the order they first appear. The zero Rollup is empty.
type Rollup struct {
	months, years []*RollupRow
	index         map[rollupKey]*RollupRow
}

type rollupKey struct {
	period              string
	household, org, prd int64
	village             region.Code
}

// Add counts a posting made at `at` (its month and year in China): of
// units sold of a product (0 for dividends), to a household living in
// village. A posting that is no income (see Posting.Income) adds nothing;
// units count for supplier credits only.
func (r *Rollup) Add(p Posting, at time.Time, product, units int64, village region.Code) {
	supply, dividend, ok := p.Income()
	if !ok {
		return
	}
	if p.Kind != KindSupply {
		units = 0
	}
	if r.index == nil {
		r.index = map[rollupKey]*RollupRow{}
	}
	month := Day(at).Format("2006-01")
	for _, period := range []string{month, month[:4]} {
		k := rollupKey{period, p.HouseholdID, p.OrgID, product, village}
		row := r.index[k]
		if row == nil {
			row = &RollupRow{Period: period, HouseholdID: p.HouseholdID, OrgID: p.OrgID, ProductID: product, Village: village}
			r.index[k] = row
			if len(period) == 4 {
				r.years = append(r.years, row)
			} else {
				r.months = append(r.months, row)
			}
		}
		row.Supply += supply
		row.Dividend += dividend
		row.Units += units
	}
}

// Months returns the monthly rows, Years the yearly ones.
func (r *Rollup) Months() []*RollupRow { return r.months }

// Years returns the yearly rows (see Months).
func (r *Rollup) Years() []*RollupRow { return r.years }

// Len is how many rows, monthly and yearly, r holds.
func (r *Rollup) Len() int { return len(r.months) + len(r.years) }
