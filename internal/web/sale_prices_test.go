package web_test

import (
	"context"
	"testing"
	"time"

	"maeul/internal/promo"
)

// TestCardsShowThePriceNow: while a special price or a flash sale applies,
// every card (search, category, store, county) and the API's product, in
// a list and alone, show what a buyer pays now, the list price struck
// through and the promotion's end.
func TestCardsShowThePriceNow(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *shop) {
		ctx := context.Background()
		svc := &promo.Service{Store: s.env.DB, Orgs: s.env.DB}
		ends := time.Now().Add(48 * time.Hour).Truncate(time.Minute)
		// The wood-ear's 250 g (¥39.90) at ¥34.00; the apple-pears' 5 kg
		// (¥68.00) in a flash sale at ¥59.00, ending sooner.
		if _, err := svc.CreateSpecialPrice(ctx, s.actor(t, "seller-dongxing@maeul.test"), "T-WQ-WE-250", promo.SpecialPrice{Fixed: 3400, Ends: ends}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.CreateFlashSale(ctx, s.actor(t, "prefecture@maeul.test"), "T-LJ-AP-5KG", promo.FlashSale{Price: 5900, Starts: time.Now().Add(-time.Minute), Ends: ends.Add(-time.Hour), Cap: 10}); err != nil {
			t.Fatal(err)
		}
		c := s.env.Client()
		c.Lang = "en"
		for _, path := range []string{"/search?q=" + fixtureMark, "/categories/forest-mushroom", "/stores/wq-dongxing-store", "/counties/222424000000"} {
			body := get(t, c, path, 200)
			wantIn(t, path, body, `<b class="price sale">¥34.00</b> <s class="was">¥39.90</s>`, "until "+ends.In(shanghai(t)).Format("2006-01-02 15:04"))
		}
		// The special-price section, on the home page and its own page,
		// lists the wood-ear, not the apple-pears (a flash sale).
		home := get(t, c, "/", 200)
		wantIn(t, "home", home, `id="h-special"`, `href="/specials"`)
		for _, lang := range []string{"ko", "zh", "en"} {
			c.Lang = lang
			body := get(t, c, "/specials", 200)
			wantIn(t, "specials in "+lang, body, `href="/products/`+woodEar+`"`, `<b class="price sale">¥34.00</b> <s class="was">¥39.90</s>`, map[string]string{"ko": "특가 판매", "zh": "特价专区", "en": "Special prices"}[lang])
			wantNotIn(t, "specials in "+lang, body, `href="/products/`+applePear+`"`)
		}
		c.Lang = "en"
		body := get(t, c, "/search?q="+fixtureMark, 200)
		wantIn(t, "search", body, `<b class="price sale">¥59.00</b> <s class="was">¥68.00</s>`)

		var list struct {
			Items []struct {
				Code string `json:"code"`
				Sale *struct {
					PriceFen     int64     `json:"price_fen"`
					ListPriceFen int64     `json:"list_price_fen"`
					Kind         string    `json:"kind"`
					EndsAt       time.Time `json:"ends_at"`
				} `json:"sale"`
			} `json:"items"`
		}
		c.JSON("GET", "/api/v1/products?q="+fixtureMark, nil, &list)
		sales := map[string]string{}
		for _, it := range list.Items {
			if it.Sale != nil {
				sales[it.Code] = it.Sale.Kind
				if it.Code == woodEar && (it.Sale.PriceFen != 3400 || it.Sale.ListPriceFen != 3990 || !it.Sale.EndsAt.Equal(ends)) {
					t.Errorf("API list: wood-ear's sale %+v, want 3400 instead of 3990 until %v", *it.Sale, ends)
				}
			}
		}
		if sales[woodEar] != "special_price" || sales[applePear] != "flash_sale" || len(sales) != 2 {
			t.Errorf("API list: sales %v, want the wood-ear's special price and the apple-pears' flash sale", sales)
		}
		var one struct {
			MinPriceFen int64 `json:"min_price_fen"`
			Sale        *struct {
				PriceFen int64 `json:"price_fen"`
			} `json:"sale"`
		}
		c.JSON("GET", "/api/v1/products/"+woodEar, nil, &one)
		if one.Sale == nil || one.Sale.PriceFen != 3400 || one.MinPriceFen != 3990 {
			t.Errorf("API product: min %d, sale %+v; want the list price 3990 and a sale at 3400", one.MinPriceFen, one.Sale)
		}
	})
}

func shanghai(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
