package store_test

import (
	"context"
	"testing"

	"maeul/internal/impact"
	"maeul/internal/money"
	"maeul/internal/orders"
	"maeul/internal/region"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

// TestFiguresBelowZero checks the figures of a period whose refunds
// outweigh its income (docs/design.md, "Periods and figures"): the
// per-household and per-person figures are rounded down, toward minus
// infinity, and a top product counts only the households whose net income
// from it is above zero.
func TestFiguresBelowZero(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newLedgerWorld(t, db, chinaTime(2030, 1, 10, 10))
		// Members: lt-h2 3, lt-h3 4 (all four live in Dongxing).
		w.link(t,
			impact.NewLink{HouseholdCode: "lt-h1", Kind: impact.Supplier, SKU: "product:lt-eggs", PerUnit: 152, ValidFrom: day("2030-01-01"), ValidTo: day("2030-01-31")},
			impact.NewLink{HouseholdCode: "lt-h2", Kind: impact.Supplier, SKU: "product:lt-eggs", PerUnit: 100, ValidFrom: day("2030-02-01")},
			impact.NewLink{HouseholdCode: "lt-h3", Kind: impact.Supplier, SKU: "product:lt-eggs", PerUnit: 52, ValidFrom: day("2030-02-01")},
			impact.NewLink{HouseholdCode: "lt-h4", Kind: impact.Supplier, SKU: "product:lt-wood-ear", PercentBP: 1000, ValidFrom: day("2030-01-01")},
		)
		eggs10, we250 := w.products[0].Variants[0], w.products[2].Variants[0]
		// January: lt-h1 1520 from eggs, lt-h4 2295 from wood-ear.
		r1 := w.buy(t, w.buyers[0], orders.CartItem{VariantID: eggs10.ID, Qty: 10})
		r2 := w.buy(t, w.buyers[1], orders.CartItem{VariantID: we250.ID, Qty: 5})
		// February: both refunded in full (lt-h1 −1520, lt-h4 −2295), and
		// eggs sold again (lt-h2 1100, lt-h3 572).
		w.now = chinaTime(2030, 2, 10, 10)
		for _, id := range []int64{r1.OrderIDs[0], r2.OrderIDs[0]} {
			o, err := db.Order(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.orders.Refund(ctx, w.seller, id, map[int64]int{o.Lines[0].ID: o.Lines[0].Qty}, true, "returned"); err != nil {
				t.Fatal(err)
			}
		}
		w.buy(t, w.buyers[2], orders.CartItem{VariantID: eggs10.ID, Qty: 11})
		w.verify(t)

		// Dongxing in February: −1520 + 1100 + 572 − 2295 = −2143, reached
		// lt-h2 and lt-h3 (7 persons): −2143 / 2 = −1071.5 and −2143 / 7 =
		// −306.1, rounded down to −1072 and −307. Eggs earned 152 there, by
		// lt-h2 and lt-h3 (lt-h1's income from eggs is −1520); its 11 units
		// count for each of its two suppliers.
		want := impact.Figures{HouseholdsReached: 2, PersonsReached: 7, IncomeAdded: -2143, Supply: -2143,
			IncomePerHousehold: -1072, IncomePerPerson: -307, Units: 22}
		f, err := w.impact.RegionFigures(ctx, string(dongxing), "2030-02")
		if err != nil {
			t.Fatal(err)
		}
		checkFigures := func(what string, f impact.Figures, want impact.Figures) {
			t.Helper()
			if f.HouseholdsReached != want.HouseholdsReached || f.PersonsReached != want.PersonsReached || f.IncomeAdded != want.IncomeAdded ||
				f.Supply != want.Supply || f.IncomePerHousehold != want.IncomePerHousehold || f.IncomePerPerson != want.IncomePerPerson || f.Units != want.Units {
				t.Errorf("%s: %d households, %d persons, income %d (supply %d), %d per household, %d per person, %d units;\nwant %d, %d, %d (%d), %d, %d, %d",
					what, f.HouseholdsReached, f.PersonsReached, f.IncomeAdded, f.Supply, f.IncomePerHousehold, f.IncomePerPerson, f.Units,
					want.HouseholdsReached, want.PersonsReached, want.IncomeAdded, want.Supply, want.IncomePerHousehold, want.IncomePerPerson, want.Units)
			}
		}
		checkFigures("Dongxing in February", f, want)
		if len(f.TopProducts) != 1 || f.TopProducts[0].Code != "lt-eggs" || f.TopProducts[0].Income != 152 || f.TopProducts[0].Households != 2 ||
			f.TopProducts[0].Units != 22 {
			t.Errorf("Dongxing's top products in February: %+v, want lt-eggs: 152 by 2 households, 22 units", f.TopProducts)
		}
		// The same household counts in the organization's figures and in
		// the town's division list.
		f, err = w.impact.OrgFigures(ctx, "lt-store", "2030-02")
		if err != nil {
			t.Fatal(err)
		}
		checkFigures("lt-store in February", f, want)
		if len(f.TopProducts) != 1 || f.TopProducts[0].Households != 2 {
			t.Errorf("lt-store's top products in February: %+v, want lt-eggs by 2 households", f.TopProducts)
		}
		kids, err := w.impact.ChildFigures(ctx, string(dongxing.Ancestor(region.Town)), "2030-02")
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, k := range kids {
			if k.Region.Code == dongxing {
				found = true
				checkFigures("Dongxing among its town's villages in February", k.Figures, want)
			}
		}
		if !found {
			t.Errorf("Dongxing is not among its town's villages: %+v", kids)
		}
		// Over the quarter lt-h1's eggs and lt-h4's wood-ear net to zero:
		// reached, and among the eggs' households, are lt-h2 and lt-h3 alone.
		f, err = w.impact.RegionFigures(ctx, string(dongxing), "2030-Q1")
		if err != nil {
			t.Fatal(err)
		}
		checkFigures("Dongxing in the first quarter", f, impact.Figures{HouseholdsReached: 2, PersonsReached: 7, IncomeAdded: 1672, Supply: 1672,
			IncomePerHousehold: 836, IncomePerPerson: 238, Units: 10 + 5 + 22})
		if len(f.TopProducts) != 1 || f.TopProducts[0].Households != 2 || f.TopProducts[0].Income != money.Fen(1672) {
			t.Errorf("Dongxing's top products in the first quarter: %+v, want lt-eggs: 1672 by 2 households", f.TopProducts)
		}
	})
}
