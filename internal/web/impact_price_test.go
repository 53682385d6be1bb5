package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/i18n"
	"maeul/internal/impact"
	"maeul/internal/money"
	"maeul/internal/promo"
	"maeul/internal/server/servertest"
)

// TestProductImpactAtThePriceNow: while a special price applies, the
// product page says what a unit passes on at the price the buyer pays,
// which is what the order will credit, not at the list price.
func TestProductImpactAtThePriceNow(t *testing.T) {
	boEachEngine(t, func(t *testing.T, env *servertest.Env) {
		ctx := context.Background()
		db := env.DB
		seller, _, err := db.UserByEmail(ctx, "seller-dongxing@maeul.test")
		if err != nil {
			t.Fatal(err)
		}
		const special = money.Fen(3990) // the 30 eggs' list price is ¥49.90
		svc := &promo.Service{Store: db, Orgs: db}
		sp, err := svc.CreateSpecialPrice(ctx, accounts.Actor{User: seller}, "WQ-DX-EGG-30", promo.SpecialPrice{Fixed: special, Ends: time.Now().Add(24 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		imp := &impact.Service{Store: db, Orgs: db, Points: db, Regions: db, Products: db}
		at := func(prices map[int64]money.Fen) money.Fen {
			t.Helper()
			pi, err := imp.ProductImpact(ctx, buyEggs, prices)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range pi.Variants {
				if v.VariantID == sp.VariantID {
					return v.Suppliers + v.Pool
				}
			}
			t.Fatalf("no impact for the 30 eggs")
			return 0
		}
		now, list := at(map[int64]money.Fen{sp.VariantID: special}), at(nil)
		if now == list {
			t.Fatalf("the special price changes nothing the eggs pass on (%s): the test cannot tell", now)
		}
		c := env.Client()
		c.Lang = "en"
		r := c.Get("/products/" + buyEggs + "?lang=en")
		boBody(t, "the product page", r, "30 eggs at ¥39.90: "+now.String()+" a unit")
		boLacks(t, "the product page", r, "30 eggs at ¥49.90")

		// The API's product impact says the same.
		var pi struct {
			Variants []struct {
				SKU          string    `json:"sku"`
				PriceFen     money.Fen `json:"price_fen"`
				SuppliersFen money.Fen `json:"suppliers_fen"`
				PoolFen      money.Fen `json:"pool_fen"`
			} `json:"variants"`
		}
		c.JSON("GET", "/api/v1/impact/products/"+buyEggs, nil, &pi)
		found := false
		for _, v := range pi.Variants {
			if v.SKU == "WQ-DX-EGG-30" {
				found = true
				if v.PriceFen != special || v.SuppliersFen+v.PoolFen != now {
					t.Errorf("API: the 30 eggs at %s pass on %s, want %s at %s", v.PriceFen, v.SuppliersFen+v.PoolFen, now, special)
				}
			}
		}
		if !found {
			t.Errorf("API: no impact for the 30 eggs: %+v", pi)
		}
	})
}

// TestHouseholdCountsArePlural: one household is "1 household" in
// English; Korean and Chinese have one form.
func TestHouseholdCountsArePlural(t *testing.T) {
	cat := i18n.Embedded()
	tests := []struct {
		lang i18n.Lang
		key  string
		args []any
		want string
	}{
		{i18n.En, "impact.order.adds_in", []any{"¥1.00", 1, "Dongxing Village"}, "This order adds ¥1.00 to 1 household in Dongxing Village."},
		{i18n.En, "impact.order.adds_in", []any{"¥1.00", 10, "Dongxing Village"}, "This order adds ¥1.00 to 10 households in Dongxing Village."},
		{i18n.En, "impact.order.adds", []any{"¥1.00", 1}, "This order adds ¥1.00 to 1 household:"},
		{i18n.En, "impact.order.village", []any{"Dongxing Village", "¥1.00", 1}, "Dongxing Village: ¥1.00 to 1 household"},
		{i18n.En, "impact.product.supports", []any{1}, "It supports 1 registered poor household."},
		{i18n.En, "impact.product.supports_in", []any{1, "Dongxing Village"}, "It supports 1 registered poor household in Dongxing Village."},
		{i18n.En, "impact.product.villages", []any{1}, "and 1 other village"},
		{i18n.En, "shop.results.count", []any{1}, "1 product"},
		{i18n.En, "cart.count", []any{1}, "1 item in the cart"},
		{i18n.Ko, "impact.order.adds_in", []any{"¥1.00", 1, "동흥촌"}, "이 주문으로 동흥촌의 1가구 소득이 ¥1.00 늘어납니다."},
	}
	for _, tt := range tests {
		if got := cat.T(tt.lang, tt.key, tt.args...); got != tt.want {
			t.Errorf("T(%s, %s, %v) = %q, want %q", tt.lang, tt.key, tt.args, got, tt.want)
		}
	}
	if !strings.Contains(cat.T(i18n.Zh, "impact.order.adds", "¥1.00", 1), "1户") {
		t.Errorf("Chinese: %q", cat.T(i18n.Zh, "impact.order.adds", "¥1.00", 1))
	}
}
