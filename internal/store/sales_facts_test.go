package store_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"maeul/internal/catalog"
	"maeul/internal/money"
	"maeul/internal/orders"
	"maeul/internal/region"
	"maeul/internal/stats"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

// salesOf returns the sales summed for the period of the sellers in
// within, as one group.
func salesOf(t *testing.T, db *store.DB, period string, within region.Code) stats.Sums {
	t.Helper()
	got, err := db.SalesSums(context.Background(), period, within, within.Level())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) > 1 {
		t.Fatalf("SalesSums(%s, %s) gave %d groups at the region's own level", period, within, len(got))
	}
	return got[within]
}

// TestPlatformSalesFacts: a paid order's lines become sales facts dated
// when paid, with the category of the sale; a refund made in a later
// quarter lowers that quarter, not the sale's, with the category the
// line was sold in even after the product has moved to another.
func TestPlatformSalesFacts(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newLedgerWorld(t, db, chinaTime(2030, 3, 31, 23))
		eggs10, millet := w.products[0].Variants[0], w.products[1].Variants[0]
		r := w.buy(t, w.buyers[0], orders.CartItem{VariantID: eggs10.ID, Qty: 2}, orders.CartItem{VariantID: millet.ID, Qty: 1})
		o, err := db.Order(ctx, r.OrderIDs[0])
		if err != nil {
			t.Fatal(err)
		}
		var milletLine int64
		for _, l := range o.Lines {
			if l.VariantID == millet.ID {
				milletLine = l.ID
			}
		}
		// The millet moves to handicrafts (not agricultural) before it is
		// refunded, in April: the refund keeps the sale's category.
		p := w.products[1]
		p.Category = "handicrafts"
		if _, err := db.SaveProducts(ctx, []catalog.Product{p}, []catalog.Change{{OrgID: w.store.ID, Action: "test", At: w.now}}); err != nil {
			t.Fatal(err)
		}
		w.now = chinaTime(2030, 4, 1, 1)
		if _, err := w.orders.Refund(ctx, w.seller, o.ID, map[int64]int{milletLine: 1}, true, "spilt"); err != nil {
			t.Fatal(err)
		}
		sale := money.Fen(2*2990 + 1250)
		tests := []struct {
			period     string
			want       stats.Sums
			byCategory map[string]money.Fen
		}{
			{"2030-03", stats.Sums{Total: sale, Rural: sale, Agri: sale, Poverty: sale, Facts: 2}, map[string]money.Fen{"eggs-poultry": 5980, "grains": 1250}},
			{"2030-Q1", stats.Sums{Total: sale, Rural: sale, Agri: sale, Poverty: sale, Facts: 2}, map[string]money.Fen{"eggs-poultry": 5980, "grains": 1250}},
			{"2030-Q2", stats.Sums{Total: -1250, Rural: -1250, Agri: -1250, Poverty: -1250, Facts: 1}, map[string]money.Fen{"grains": -1250}},
			{"2030", stats.Sums{Total: 5980, Rural: 5980, Agri: 5980, Poverty: 5980, Facts: 3}, map[string]money.Fen{"eggs-poultry": 5980, "grains": 0}},
		}
		for _, tt := range tests {
			if diff := cmp.Diff(tt.want, salesOf(t, db, tt.period, dongxing)); diff != "" {
				t.Errorf("Dongxing's sales in %s (-want +got):\n%s", tt.period, diff)
			}
			p, err := stats.ParsePeriod(tt.period)
			if err != nil {
				t.Fatal(err)
			}
			byChannel, byCategory, err := db.SalesMix(ctx, p, dongxing)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.byCategory, byCategory); diff != "" || byChannel[stats.Platform] != tt.want.Total || len(byChannel) != 1 {
				t.Errorf("Dongxing's mix in %s: channels %v, categories (-want +got):\n%s", tt.period, byChannel, diff)
			}
		}
		// The county's and the prefecture's sums hold the village's.
		for _, within := range []region.Code{"222424000000", "222400000000"} {
			if got := salesOf(t, db, "2030", within); got.Total != 5980 {
				t.Errorf("%s's sales in 2030: %d, want 5980", within, got.Total)
			}
		}
	})
}
