package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"maeul/internal/errs"
	"maeul/internal/impact"
	"maeul/internal/orders"
	"maeul/internal/region"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

// TestChildImpactFiguresAgree checks that the figures of a region's
// divisions read in one query (ChildImpactFigures, and through it
// impact.Service.ChildFigures) equal those ImpactFigures reads for each
// division alone, for a month, a quarter and a year. The sales credit
// households in villages of three towns of Wangqing; one household moves
// to another town between its sales, and one sale is refunded in full, so
// that households are counted in two divisions and some earn nothing net.
func TestChildImpactFiguresAgree(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newLedgerWorld(t, db, chinaTime(2030, 1, 20, 10))
		const (
			xinxing = region.Code("222424101201") // town 222424101
			pingan  = region.Code("222424101202") // town 222424101
			lazigou = region.Code("222424103201") // town 222424103
		)
		extra := []impact.Household{
			{Code: "lt-h9", Village: xinxing, Members: 4},
			{Code: "lt-h10", Village: lazigou, Members: 2},
			{Code: "lt-h11", Village: pingan, Members: 5},
		}
		for i := range extra {
			extra[i].HeadName, extra[i].IDNumber, extra[i].Status = fmt.Sprintf("가구주 %d", 9+i), idNumber(9+i), impact.Poor
		}
		if err := db.UpsertHouseholds(ctx, extra); err != nil {
			t.Fatal(err)
		}
		w.link(t,
			impact.NewLink{HouseholdCode: "lt-h1", Kind: impact.Supplier, SKU: "product:lt-eggs", PerUnit: 150, ValidFrom: day("2030-01-01")},
			impact.NewLink{HouseholdCode: "lt-h7", Kind: impact.Supplier, SKU: "LT-EGG-30", PerUnit: 400, ValidFrom: day("2030-01-01")},
			impact.NewLink{HouseholdCode: "lt-h11", Kind: impact.Supplier, SKU: "LT-EGG-10", PerUnit: 50, ValidFrom: day("2030-01-01")},
			impact.NewLink{HouseholdCode: "lt-h9", Kind: impact.Supplier, SKU: "product:lt-wood-ear", PercentBP: 1000, ValidFrom: day("2030-01-01")},
			impact.NewLink{HouseholdCode: "lt-h10", Kind: impact.Supplier, SKU: "product:lt-wood-ear", PerUnit: 200, ValidFrom: day("2030-01-01")},
			impact.NewLink{HouseholdCode: "lt-h10", Kind: impact.Supplier, SKU: "product:lt-millet", PerUnit: 100, ValidFrom: day("2030-01-01")},
			impact.NewLink{Kind: impact.Pool, PercentBP: 500, ValidFrom: day("2030-01-01")},
			impact.NewLink{HouseholdCode: "lt-h3", Kind: impact.Member, Shares: 2, ValidFrom: day("2030-01-01")},
			impact.NewLink{HouseholdCode: "lt-h9", Kind: impact.Member, Shares: 1, ValidFrom: day("2030-01-01")},
		)
		eggs10, eggs30, millet, we250 := w.products[0].Variants[0], w.products[0].Variants[1], w.products[1].Variants[0], w.products[2].Variants[0]

		// January: eggs (lt-h1, lt-h11) and millet (lt-h10 in Lazigou).
		w.buy(t, w.buyers[0], orders.CartItem{VariantID: eggs10.ID, Qty: 2}, orders.CartItem{VariantID: millet.ID, Qty: 1})
		// February: January's dividends (lt-h3, lt-h9), wood ear (lt-h9,
		// lt-h10) and eggs (lt-h1, lt-h7).
		w.now = chinaTime(2030, 2, 1, 10)
		if _, err := w.impact.ExecuteDividends(ctx, w.seller, "lt-store", "2030-01"); err != nil {
			t.Fatal(err)
		}
		w.now = chinaTime(2030, 2, 10, 10)
		w.buy(t, w.buyers[1], orders.CartItem{VariantID: we250.ID, Qty: 1}, orders.CartItem{VariantID: eggs30.ID, Qty: 3})
		// March: lt-h10 has moved to Xinxing (another town) and sells
		// millet there; eggs sold and refunded in full leave lt-h1 and
		// lt-h11 with nothing in the month.
		w.now = chinaTime(2030, 3, 5, 10)
		moved, err := db.Household(ctx, "lt-h10")
		if err != nil {
			t.Fatal(err)
		}
		moved.Village = xinxing
		if err := db.UpsertHouseholds(ctx, []impact.Household{moved}); err != nil {
			t.Fatal(err)
		}
		w.buy(t, w.buyers[2], orders.CartItem{VariantID: millet.ID, Qty: 2})
		r := w.buy(t, w.buyers[3], orders.CartItem{VariantID: eggs10.ID, Qty: 1})
		o, err := db.Order(ctx, r.OrderIDs[0])
		if err != nil {
			t.Fatal(err)
		}
		w.now = chinaTime(2030, 3, 6, 10)
		if _, err := w.orders.Refund(ctx, w.seller, o.ID, map[int64]int{o.Lines[0].ID: 1}, true, "never collected"); err != nil {
			t.Fatal(err)
		}
		w.verify(t)

		parents := []region.Code{"222400000000", "222424000000", "222424100000", "222424101000", "222424103000"}
		for _, period := range []string{"2030-03", "2030-Q1", "2030"} {
			p, err := impact.ParsePeriod(period)
			if err != nil {
				t.Fatal(err)
			}
			for _, parent := range parents {
				kids, err := db.Children(ctx, parent)
				if err != nil {
					t.Fatal(err)
				}
				codes := make([]region.Code, len(kids))
				for i, k := range kids {
					codes[i] = k.Code
				}
				got, err := db.ChildImpactFigures(ctx, impact.FigureQuery{Region: parent, Period: p}, codes)
				if err != nil {
					t.Fatalf("ChildImpactFigures(%s, %s): %v", parent, period, err)
				}
				for _, c := range codes {
					want, err := db.ImpactFigures(ctx, impact.FigureQuery{Region: c, Period: p})
					if err != nil {
						t.Fatal(err)
					}
					if diff := cmp.Diff(want, got[c]); diff != "" {
						t.Errorf("%s in %s, below %s: (-ImpactFigures +ChildImpactFigures):\n%s", c, period, parent, diff)
					}
				}
				// The service derives the per-household and per-person
				// figures as RegionFigures does.
				views, err := w.impact.ChildFigures(ctx, string(parent), period)
				if err != nil {
					t.Fatalf("ChildFigures(%s, %s): %v", parent, period, err)
				}
				if len(views) != len(kids) {
					t.Fatalf("ChildFigures(%s, %s): %d divisions, want %d", parent, period, len(views), len(kids))
				}
				for i, v := range views {
					want, err := w.impact.RegionFigures(ctx, string(kids[i].Code), period)
					if err != nil {
						t.Fatal(err)
					}
					want.TopProducts = nil
					if diff := cmp.Diff(want, v.Figures); diff != "" || v.Region != kids[i].Region {
						t.Errorf("division %d of %s in %s is %s: (-RegionFigures +ChildFigures):\n%s", i, parent, period, v.Region.Code, diff)
					}
				}
			}
		}

		// The data reach what the test is about: in the first quarter
		// lt-h10 counts in Lazigou's town and in Xinxing's, and in March
		// lt-h1 and lt-h11 earn nothing net.
		towns, err := w.impact.ChildFigures(ctx, "222424", "2030-Q1")
		if err != nil {
			t.Fatal(err)
		}
		reached := map[region.Code]int64{}
		for _, v := range towns {
			reached[v.Region.Code] = v.Figures.HouseholdsReached
		}
		want := map[region.Code]int64{"222424100000": 3, "222424101000": 3, "222424102000": 0, "222424103000": 1}
		if diff := cmp.Diff(want, reached); diff != "" {
			t.Errorf("households reached by town in the first quarter (-want +got):\n%s", diff)
		}
		march, err := w.impact.ChildFigures(ctx, "222424", "2030-03")
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range march {
			if n := v.Figures.HouseholdsReached; n != map[region.Code]int64{"222424101000": 1}[v.Region.Code] {
				t.Errorf("%s reached %d households in March", v.Region.Code, n)
			}
		}
		// Every sale of the year was in its first quarter, so each village's
		// and town's year is its quarter, the moved household's millet
		// included: Lazigou's before the move, Xinxing's after.
		for _, c := range []region.Code{lazigou, xinxing, "222424101000", "222424103000"} {
			q1, err := db.ImpactFigures(ctx, impact.FigureQuery{Region: c, Period: mustPeriod(t, "2030-Q1")})
			if err != nil {
				t.Fatal(err)
			}
			year, err := db.ImpactFigures(ctx, impact.FigureQuery{Region: c, Period: mustPeriod(t, "2030")})
			if err != nil {
				t.Fatal(err)
			}
			q1.Period, year.Period = impact.Period{}, impact.Period{}
			if diff := cmp.Diff(q1, year); diff != "" {
				t.Errorf("%s: the year differs from its only quarter (-Q1 +year):\n%s", c, diff)
			}
		}
		if vs, err := w.impact.ChildFigures(ctx, string(dongxing), "2030"); err != nil || len(vs) != 0 {
			t.Errorf("a village's divisions: %v, %v", vs, err)
		}
		if _, err := w.impact.ChildFigures(ctx, "222499", "2030"); !errs.Is(err, errs.NotFound) {
			t.Errorf("an unknown region's divisions: %v", err)
		}
	})
}

func mustPeriod(t *testing.T, s string) impact.Period {
	t.Helper()
	p, err := impact.ParsePeriod(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
