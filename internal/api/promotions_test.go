package api_test

import (
	"net/http"
	"testing"
	"time"

	"maeul/internal/server/servertest"
	"maeul/internal/store/storetest"
)

type flashOut struct {
	ID          int64  `json:"id"`
	SKU         string `json:"sku"`
	ProductCode string `json:"product_code"`
	PriceFen    int64  `json:"price_fen"`
	ListFen     int64  `json:"list_price_fen"`
	Left        int    `json:"left"`
	Sold        int    `json:"sold"`
	Live        bool   `json:"live"`
}

func promotions(t *testing.T, c *servertest.Client) []flashOut {
	t.Helper()
	var out struct {
		Items []flashOut `json:"items"`
	}
	wantStatus(t, "promotions", send(t, c, http.MethodGet, "/api/v1/promotions", nil, &out), 200)
	return out.Items
}

func TestPromotions(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine)
			guest := env.Client()
			shopper := signedIn(t, env, "shopper@maeul.test")
			dongxing := signedIn(t, env, "seller-dongxing@maeul.test")
			wangqing := signedIn(t, env, "county-wangqing@maeul.test")
			yanjiAdmin := signedIn(t, env, "county-yanji@maeul.test")
			prefecture := signedIn(t, env, "prefecture@maeul.test")
			now := time.Now().UTC()
			hour := now.Add(time.Hour)
			flash := func(sku string, price int64, edit func(map[string]any)) map[string]any {
				b := map[string]any{"sku": sku, "price_fen": price, "ends_at": hour, "cap": 5, "per_buyer": 2}
				if edit != nil {
					edit(b)
				}
				return b
			}
			if got := promotions(t, guest); len(got) != 0 {
				t.Fatalf("flash sales before any: %+v", got)
			}

			var sale flashOut
			wantStatus(t, "the seller's flash sale", send(t, dongxing, http.MethodPost, "/api/v1/seller/flash-sales", flash(eggs30, 3990, nil), &sale), 201)
			if sale.SKU != eggs30 || sale.ProductCode != "wq-dongxing-eggs" || sale.ListFen != 4990 || sale.Left != 5 || !sale.Live {
				t.Errorf("new flash sale: %+v", sale)
			}
			refusals := []struct {
				name   string
				by     *servertest.Client
				body   map[string]any
				status int
				code   string
				field  string
			}{
				{"another store's variant", dongxing, flash(rice5, 5000, nil), 403, "forbidden", ""},
				{"another county's admin", yanjiAdmin, flash(eggs60, 5000, nil), 403, "forbidden", ""},
				{"a shopper", shopper, flash(eggs60, 5000, nil), 403, "forbidden", ""},
				{"a guest", guest, flash(eggs60, 5000, nil), 401, "unauthorized", ""},
				{"overlapping", dongxing, flash(eggs30, 3000, func(b map[string]any) {
					b["starts_at"] = now.Add(30 * time.Minute)
					b["ends_at"] = now.Add(2 * time.Hour)
				}), 409, "conflict", "starts_at"},
				{"at the list price", dongxing, flash(eggs60, 9600, nil), 422, "invalid", "price_fen"},
				{"unknown SKU", dongxing, flash("NOPE", 100, nil), 422, "invalid", "sku"},
				{"no units", dongxing, flash(eggs60, 5000, func(b map[string]any) { b["cap"] = 0 }), 422, "invalid", "cap"},
				{"ends before it starts", dongxing, flash(eggs60, 5000, func(b map[string]any) { b["starts_at"] = hour.Add(time.Hour) }), 422, "invalid", "ends_at"},
				{"over already", dongxing, flash(eggs60, 5000, func(b map[string]any) { b["starts_at"] = now.Add(-2 * time.Hour); b["ends_at"] = now.Add(-time.Hour) }), 422, "invalid", "ends_at"},
			}
			for _, tt := range refusals {
				r := send(t, tt.by, http.MethodPost, "/api/v1/seller/flash-sales", tt.body, nil)
				if tt.field != "" {
					wantField(t, tt.name, r, tt.status, tt.code, tt.field)
				} else {
					wantError(t, tt.name, r, tt.status, tt.code)
				}
			}
			// The county admin may, for a store of the county; tomorrow's
			// sale is listed as upcoming.
			var upcoming flashOut
			wantStatus(t, "the county admin's flash sale", send(t, wangqing, http.MethodPost, "/api/v1/seller/flash-sales",
				flash(eggs60, 8000, func(b map[string]any) { b["starts_at"] = now.Add(3 * time.Hour); b["ends_at"] = now.Add(4 * time.Hour) }), &upcoming), 201)
			got := promotions(t, guest)
			if len(got) != 2 || got[0].ID != sale.ID || got[1].ID != upcoming.ID || got[1].Live {
				t.Errorf("promotions: %+v", got)
			}

			// A buyer pays the flash price, within the per-buyer limit.
			cart := add(t, shopper, eggs30, 2)
			if it := cart.Items[0]; it.PriceSource != "flash" || it.UnitPriceFen != 3990 || it.ListPriceFen != 4990 {
				t.Errorf("flash item in the cart: %+v", it)
			}
			wantField(t, "over the per-buyer limit", send(t, shopper, http.MethodPost, "/api/v1/cart/items", map[string]any{"sku": eggs30, "qty": 1}, nil), 422, "invalid", "qty")
			co := checkout(t, shopper, sandboxCheckout(nil))
			if l := co.Orders[0].Lines[0]; l.PriceSource != "flash" || l.UnitPriceFen != 3990 || co.TotalFen != 2*3990 {
				t.Errorf("flash line: %+v, total %d", l, co.TotalFen)
			}
			if got := promotions(t, guest); got[0].Sold != 2 || got[0].Left != 3 {
				t.Errorf("after selling two: %+v", got[0])
			}
			// Two more buyers put two each in their carts at the flash price;
			// one checks out, and the flash price is gone for the other, who
			// is told the price changed.
			second, third := wangqing, prefecture
			add(t, second, eggs30, 2)
			cart = add(t, third, eggs30, 2)
			checkout(t, second, sandboxCheckout(nil))
			wantError(t, "the flash sale sold out meanwhile", keyed(t, third, http.MethodPost, "/api/v1/checkout",
				sandboxCheckout(map[string]any{"expected_total_fen": cart.TotalFen}), nil), 409, "conflict")

			// Special prices.
			special := map[string]any{"sku": eggs60, "percent_off_bp": 1000, "ends_at": hour}
			wantError(t, "another county's special price", send(t, yanjiAdmin, http.MethodPost, "/api/v1/seller/special-prices", special, nil), 403, "forbidden")
			wantField(t, "both kinds of special price", send(t, dongxing, http.MethodPost, "/api/v1/seller/special-prices",
				map[string]any{"sku": eggs60, "percent_off_bp": 1000, "price_fen": 100, "ends_at": hour}, nil), 422, "invalid", "percent_off_bp")
			wantStatus(t, "special price", send(t, wangqing, http.MethodPost, "/api/v1/seller/special-prices", special, nil), 201)
			wantStatus(t, "the prefecture's special price in Yanji", send(t, prefecture, http.MethodPost, "/api/v1/seller/special-prices",
				map[string]any{"sku": rice5, "price_fen": 5980, "ends_at": hour}, nil), 201)
			send(t, shopper, http.MethodPut, "/api/v1/cart/items/"+eggs30, map[string]any{"qty": 0}, nil)
			cart = add(t, shopper, eggs60, 1)
			if it := cart.Items[0]; it.PriceSource != "special" || it.UnitPriceFen != 8640 {
				t.Errorf("special price in the cart: %+v", it)
			}
		})
	}
}

func TestCoupons(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine)
			shopper := signedIn(t, env, "shopper@maeul.test")
			dongxing := signedIn(t, env, "seller-dongxing@maeul.test")
			wangqing := signedIn(t, env, "county-wangqing@maeul.test")
			prefecture := signedIn(t, env, "prefecture@maeul.test")
			ends := time.Now().Add(24 * time.Hour)
			coupon := func(code string, edit func(map[string]any)) map[string]any {
				b := map[string]any{"code": code, "amount_off_fen": 500, "min_spend_fen": 10000, "total_limit": 10, "per_buyer": 1, "ends_at": ends}
				if edit != nil {
					edit(b)
				}
				return b
			}
			var c struct {
				Code    string `json:"code"`
				OrgCode string `json:"org_code"`
			}
			wantStatus(t, "the seller's coupon", send(t, dongxing, http.MethodPost, "/api/v1/seller/coupons", coupon("dx5", nil), &c), 201)
			if c.Code != "DX5" || c.OrgCode != "wq-dongxing-store" {
				t.Errorf("store coupon: %+v", c)
			}
			c.OrgCode = ""
			wantStatus(t, "the prefecture's mall-wide coupon", send(t, prefecture, http.MethodPost, "/api/v1/seller/coupons",
				coupon("MALL10", func(b map[string]any) { delete(b, "amount_off_fen"); b["percent_off_bp"] = 1000 }), &c), 201)
			if c.OrgCode != "" {
				t.Errorf("mall-wide coupon names a store: %+v", c)
			}
			refusals := []struct {
				name   string
				by     *servertest.Client
				body   map[string]any
				status int
				field  string
			}{
				{"another store's coupon", dongxing, coupon("YJ5", func(b map[string]any) { b["org_code"] = "yj-enterprise" }), 403, ""},
				{"a county admin's mall-wide coupon", wangqing, coupon("WQ5", nil), 403, ""},
				{"a shopper's coupon", shopper, coupon("ME5", nil), 403, ""},
				{"a code in use", wangqing, coupon("DX5", func(b map[string]any) { b["org_code"] = "wq-dongxing-store" }), 409, "code"},
				{"amount and percentage", dongxing, coupon("BOTH", func(b map[string]any) { b["percent_off_bp"] = 100 }), 422, "amount_off_fen"},
				{"unknown store", prefecture, coupon("X1", func(b map[string]any) { b["org_code"] = "nope" }), 422, "org_code"},
				{"no code", dongxing, coupon("", nil), 422, "code"},
			}
			for _, tt := range refusals {
				r := send(t, tt.by, http.MethodPost, "/api/v1/seller/coupons", tt.body, nil)
				code := map[int]string{403: "forbidden", 409: "conflict", 422: "invalid"}[tt.status]
				if tt.field != "" {
					wantField(t, tt.name, r, tt.status, code, tt.field)
				} else {
					wantError(t, tt.name, r, tt.status, code)
				}
			}

			// The store coupon applies to the store's items only.
			add(t, shopper, eggs60, 1)
			add(t, shopper, rice5, 1)
			wantField(t, "below the minimum spend", keyed(t, shopper, http.MethodPost, "/api/v1/checkout",
				sandboxCheckout(map[string]any{"coupon": "dx5"}), nil), 422, "invalid", "coupon")
			add(t, shopper, eggs30, 1)
			co := checkout(t, shopper, sandboxCheckout(map[string]any{"coupon": "dx5"}))
			egg, rice := co.byOrg(t, "wq-dongxing-store"), co.byOrg(t, "yj-enterprise")
			if egg.DiscountFen != 500 || egg.TotalFen != 9600+4990-500 || rice.DiscountFen != 0 || co.TotalFen != egg.TotalFen+rice.TotalFen {
				t.Errorf("with the coupon: eggs %+v, rice %+v, total %d", egg, rice, co.TotalFen)
			}
			var split int64
			for _, l := range egg.Lines {
				split += l.DiscountFen
			}
			if split != 500 {
				t.Errorf("the lines' shares of the coupon add up to %d, want 500", split)
			}
			add(t, shopper, eggs60, 1)
			wantField(t, "the coupon twice", keyed(t, shopper, http.MethodPost, "/api/v1/checkout",
				sandboxCheckout(map[string]any{"coupon": "DX5"}), nil), 422, "invalid", "coupon")
		})
	}
}
