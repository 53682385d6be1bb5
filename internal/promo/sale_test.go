package promo_test

import (
	"testing"
	"time"

	"maeul/internal/catalog"
	"maeul/internal/money"
	"maeul/internal/promo"
)

// TestSaleOf: a product's price now is the lowest of its variants in
// stock under the rule, with the list price it replaces and the end of the
// promotion that set it.
func TestSaleOf(t *testing.T) {
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	ends := now.Add(24 * time.Hour)
	special := func(fixed money.Fen) []promo.SpecialPrice {
		return []promo.SpecialPrice{{ID: 7, Fixed: fixed, Starts: now.Add(-time.Hour), Ends: ends}}
	}
	flash := &promo.FlashSale{ID: 3, Price: 3000, Starts: now.Add(-time.Hour), Ends: ends.Add(-time.Hour), Cap: 5}
	tests := []struct {
		name string
		vs   []promo.Priced
		want catalog.Sale
	}{
		{"special", []promo.Priced{{List: 4000, Stock: 5, Specials: special(3400)}}, catalog.Sale{Price: 3400, List: 4000, Ends: ends}},
		{"flash before special", []promo.Priced{{List: 4000, Stock: 5, Flash: flash, Specials: special(3400)}}, catalog.Sale{Price: 3000, List: 4000, Flash: true, Ends: flash.Ends}},
		{"a cheaper variant at its list price", []promo.Priced{{List: 2000, Stock: 5}, {List: 4000, Stock: 5, Specials: special(3400)}}, catalog.Sale{}},
		{"the promoted variant sold out", []promo.Priced{{List: 4000, Stock: 0, Specials: special(1000)}, {List: 5000, Stock: 2}}, catalog.Sale{}},
		{"all sold out", []promo.Priced{{List: 4000, Specials: special(3400)}}, catalog.Sale{Price: 3400, List: 4000, Ends: ends}},
		{"ended", []promo.Priced{{List: 4000, Stock: 5, Specials: []promo.SpecialPrice{{Fixed: 3400, Starts: now.Add(-2 * time.Hour), Ends: now}}}}, catalog.Sale{}},
	}
	for _, tt := range tests {
		if got := promo.SaleOf(tt.vs, now); got != tt.want {
			t.Errorf("%s: SaleOf = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}
