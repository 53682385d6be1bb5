package impact

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"maeul/internal/money"
)

func TestAllocateLots(t *testing.T) {
	paid := time.Date(2026, 11, 10, 4, 0, 0, 0, time.UTC) // noon in China
	day := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC) }
	lots := func() []Lot {
		return []Lot{
			{BatchID: 1, HouseholdID: 10, VariantID: 7, PerUnit: 300, ReceivedOn: day(1), Left: 2},
			{BatchID: 2, HouseholdID: 11, VariantID: 8, PerUnit: 500, ReceivedOn: day(2), Left: 9},
			{BatchID: 3, HouseholdID: 12, VariantID: 7, PerUnit: 250, ReceivedOn: day(3), Left: 4},
			{BatchID: 4, HouseholdID: 13, VariantID: 7, PerUnit: 999, ReceivedOn: day(11), Left: 5}, // received after the sale
		}
	}
	for _, c := range []struct {
		name  string
		lines []SaleLine
		want  [][]Consigned
		left  []int64
	}{
		{"one line within the first lot", []SaleLine{{VariantID: 7, Qty: 1, PaidAt: paid}},
			[][]Consigned{{{BatchID: 1, HouseholdID: 10, Units: 1, PerUnit: 300}}}, []int64{1, 9, 4, 5}},
		{"a line across two lots, oldest first", []SaleLine{{VariantID: 7, Qty: 5, PaidAt: paid}},
			[][]Consigned{{{BatchID: 1, HouseholdID: 10, Units: 2, PerUnit: 300}, {BatchID: 3, HouseholdID: 12, Units: 3, PerUnit: 250}}}, []int64{0, 9, 1, 5}},
		{"units beyond the lots, and a lot received later left alone", []SaleLine{{VariantID: 7, Qty: 9, PaidAt: paid}},
			[][]Consigned{{{BatchID: 1, HouseholdID: 10, Units: 2, PerUnit: 300}, {BatchID: 3, HouseholdID: 12, Units: 4, PerUnit: 250}}}, []int64{0, 9, 0, 5}},
		{"two lines share the lots in order", []SaleLine{{VariantID: 7, Qty: 3, PaidAt: paid}, {VariantID: 8, Qty: 1, PaidAt: paid}, {VariantID: 7, Qty: 2, PaidAt: paid}},
			[][]Consigned{
				{{BatchID: 1, HouseholdID: 10, Units: 2, PerUnit: 300}, {BatchID: 3, HouseholdID: 12, Units: 1, PerUnit: 250}},
				{{BatchID: 2, HouseholdID: 11, Units: 1, PerUnit: 500}},
				{{BatchID: 3, HouseholdID: 12, Units: 2, PerUnit: 250}},
			}, []int64{0, 8, 1, 5}},
		{"another variant", []SaleLine{{VariantID: 9, Qty: 3, PaidAt: paid}}, [][]Consigned{nil}, []int64{2, 9, 4, 5}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ls := lots()
			AllocateLots(c.lines, ls)
			var got [][]Consigned
			for _, l := range c.lines {
				got = append(got, l.Consigned)
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("consigned (-want +got):\n%s", diff)
			}
			var left []int64
			for _, k := range ls {
				left = append(left, k.Left)
			}
			if diff := cmp.Diff(c.left, left); diff != "" {
				t.Errorf("left (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSalePostingsCreditConsignedUnits(t *testing.T) {
	paid := time.Date(2026, 11, 10, 4, 0, 0, 0, time.UTC)
	pool := Link{ID: 5, OrgID: 1, Kind: Pool, PercentBP: 1000, ValidFrom: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}
	line := SaleLine{LineID: 3, OrgID: 1, ProductID: 2, VariantID: 7, Qty: 4, Net: 4000, PaidAt: paid,
		Consigned: []Consigned{{BatchID: 1, HouseholdID: 10, Units: 2, PerUnit: 300}, {BatchID: 3, HouseholdID: 12, Units: 1, PerUnit: 250}, {BatchID: 4, HouseholdID: 10, Units: 1, PerUnit: 200}}}
	for _, c := range []struct {
		name    string
		line    SaleLine
		credits map[Account]money.Fen
	}{
		{"credits by household, beside the pool", line, map[Account]money.Fen{HouseholdAccount(10): 800, HouseholdAccount(12): 250, OrgPool(1): 400}},
		{"cut in proportion when they ask for more than the net", func() SaleLine { l := line; l.Net = 900; return l }(),
			// 800 : 250 : 90 of 900, largest remainder.
			map[Account]money.Fen{HouseholdAccount(10): 632, HouseholdAccount(12): 197, OrgPool(1): 71}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := map[Account]money.Fen{}
			var sum money.Fen
			for _, p := range SalePostings(c.line, []Link{pool}) {
				sum += p.Amount
				if p.Amount > 0 && p.Account != OrgRevenue(1) {
					got[p.Account] += p.Amount
					if p.Kind == KindSupply && p.LinkID != 0 {
						t.Errorf("a consignment credit names link %d", p.LinkID)
					}
				}
			}
			if sum != 0 {
				t.Errorf("the postings sum to %d", sum)
			}
			if diff := cmp.Diff(c.credits, got); diff != "" {
				t.Errorf("credits (-want +got):\n%s", diff)
			}
			if u := c.line.ConsignedUnits(10); u != 3 {
				t.Errorf("ConsignedUnits(10) = %d, want 3", u)
			}
		})
	}
}
