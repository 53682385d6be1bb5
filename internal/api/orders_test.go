package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"maeul/internal/server/servertest"
	"maeul/internal/store/storetest"
)

// The buying tests run on the demo catalog: Dongxing eggs (the village
// store wq-dongxing-store, village 222424100201), Chaoyangchuan rice
// (yj-enterprise) and Tumen apple-pears (tm-enterprise).
const (
	eggs30  = "WQ-DX-EGG-30" // 49.90, 120 in stock
	eggs60  = "WQ-DX-EGG-60" // 96.00, 40 in stock
	rice5   = "YJ-CYC-RICE-5"
	pears5  = "TM-APPLEPEAR-5"
	picking = "TM-HX-PICK-A" // tourism, 80 places a day
)

// home is an address in Dongxing village, which its station serves.
var home = map[string]string{"name": "김민지", "phone": "13800001111", "region_code": "222424100201", "detail": "동흥촌 3조 12호"}

type cartOut struct {
	Items []struct {
		SKU          string `json:"sku"`
		OrgCode      string `json:"org_code"`
		Qty          int    `json:"qty"`
		BookingDate  string `json:"booking_date"`
		UnitPriceFen int64  `json:"unit_price_fen"`
		ListPriceFen int64  `json:"list_price_fen"`
		PriceSource  string `json:"price_source"`
		LineTotalFen int64  `json:"line_total_fen"`
	} `json:"items"`
	Stores []struct {
		OrgCode  string `json:"org_code"`
		TotalFen int64  `json:"total_fen"`
	} `json:"stores"`
	TotalFen int64 `json:"total_fen"`
	Problems []struct {
		SKU    string `json:"sku"`
		Field  string `json:"field"`
		Reason string `json:"reason"`
	} `json:"problems"`
}

type lineOut struct {
	ID           int64  `json:"id"`
	SKU          string `json:"sku"`
	Qty          int    `json:"qty"`
	UnitPriceFen int64  `json:"unit_price_fen"`
	PriceSource  string `json:"price_source"`
	DiscountFen  int64  `json:"discount_fen"`
	RefundedQty  int    `json:"refunded_qty"`
	RefundedFen  int64  `json:"refunded_fen"`
}

type orderOut struct {
	ID          int64     `json:"id"`
	CheckoutID  int64     `json:"checkout_id"`
	OrgCode     string    `json:"org_code"`
	Status      string    `json:"status"`
	RefundState string    `json:"refund_state"`
	Delivery    string    `json:"delivery"`
	PointCode   string    `json:"point_code"`
	Lines       []lineOut `json:"lines"`
	SubtotalFen int64     `json:"subtotal_fen"`
	DiscountFen int64     `json:"discount_fen"`
	ShippingFen int64     `json:"shipping_fen"`
	TotalFen    int64     `json:"total_fen"`
	RefundedFen int64     `json:"refunded_fen"`
	Tracking    string    `json:"tracking"`
	Events      []struct {
		From string `json:"from"`
		To   string `json:"to"`
	} `json:"events"`
}

type checkoutOut struct {
	CheckoutID int64      `json:"checkout_id"`
	TotalFen   int64      `json:"total_fen"`
	Orders     []orderOut `json:"orders"`
	Payment    struct {
		Ref       string `json:"ref"`
		Method    string `json:"method"`
		AmountFen int64  `json:"amount_fen"`
		Status    string `json:"status"`
		PayURL    string `json:"pay_url"`
	} `json:"payment"`
}

// byOrg returns the checkout's order of a store.
func (c checkoutOut) byOrg(t *testing.T, org string) orderOut {
	t.Helper()
	for _, o := range c.Orders {
		if o.OrgCode == org {
			return o
		}
	}
	t.Fatalf("checkout %d has no order of %s", c.CheckoutID, org)
	return orderOut{}
}

var keySeq atomic.Int64

// newKey returns a fresh Idempotency-Key.
func newKey() string { return fmt.Sprintf("test-key-%d-%d", time.Now().UnixNano(), keySeq.Add(1)) }

// send sends v as a JSON body (nil for none) with headers (pairs of name
// and value) and decodes a 2xx answer into out when out is not nil.
func send(t *testing.T, c *servertest.Client, method, path string, v, out any, headers ...string) *servertest.Response {
	t.Helper()
	var body *bytes.Reader
	if v != nil {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		body = bytes.NewReader(b)
	} else {
		body = bytes.NewReader(nil)
	}
	r := c.Do(method, path, body, append([]string{"Content-Type", "application/json"}, headers...)...)
	if out != nil && r.StatusCode/100 == 2 {
		if err := json.Unmarshal([]byte(r.Body), out); err != nil {
			t.Fatalf("%s %s: decoding %q: %v", method, path, r.Body, err)
		}
	}
	return r
}

// keyed sends a request with a fresh Idempotency-Key.
func keyed(t *testing.T, c *servertest.Client, method, path string, v, out any) *servertest.Response {
	t.Helper()
	return send(t, c, method, path, v, out, "Idempotency-Key", newKey())
}

func wantStatus(t *testing.T, what string, r *servertest.Response, status int) {
	t.Helper()
	if r.StatusCode != status {
		t.Fatalf("%s: got %d %s; want %d", what, r.StatusCode, r.Body, status)
	}
}

func signedIn(t *testing.T, env *servertest.Env, email string) *servertest.Client {
	t.Helper()
	c := env.Client()
	c.SignInAPI(email)
	return c
}

// add puts qty units of sku in c's cart.
func add(t *testing.T, c *servertest.Client, sku string, qty int) cartOut {
	t.Helper()
	var cart cartOut
	wantStatus(t, "adding "+sku, send(t, c, http.MethodPost, "/api/v1/cart/items", map[string]any{"sku": sku, "qty": qty}, &cart), 200)
	return cart
}

// checkout checks out c's cart with a fresh key.
func checkout(t *testing.T, c *servertest.Client, body map[string]any) checkoutOut {
	t.Helper()
	var out checkoutOut
	wantStatus(t, "checkout", keyed(t, c, http.MethodPost, "/api/v1/checkout", body, &out), 201)
	return out
}

func sandboxCheckout(extra map[string]any) map[string]any {
	b := map[string]any{"address": home, "payment_method": "sandbox"}
	for k, v := range extra {
		b[k] = v
	}
	return b
}

// pay pays a sandbox checkout on the wallet's pay page, as an API client
// does, and fails unless the shop heard of it.
func pay(t *testing.T, c *servertest.Client, co checkoutOut) {
	t.Helper()
	if !strings.HasPrefix(co.Payment.PayURL, "/sandbox/pay/") {
		t.Fatalf("pay_url %q, want a path on this server", co.Payment.PayURL)
	}
	r := c.Do(http.MethodPost, co.Payment.PayURL, nil, "Accept", "application/json")
	var out struct {
		Notice struct {
			Status string `json:"trade_status"`
		} `json:"notice"`
		Delivered bool `json:"delivered"`
	}
	if err := json.Unmarshal([]byte(r.Body), &out); r.StatusCode != 200 || err != nil || !out.Delivered || out.Notice.Status != "TRADE_SUCCESS" {
		t.Fatalf("paying on the sandbox: %d %s", r.StatusCode, r.Body)
	}
}

func getOrder(t *testing.T, c *servertest.Client, id int64) orderOut {
	t.Helper()
	var o orderOut
	wantStatus(t, "order", send(t, c, http.MethodGet, fmt.Sprintf("/api/v1/orders/%d", id), nil, &o), 200)
	return o
}

func variantStock(t *testing.T, c *servertest.Client, code, sku string) int {
	t.Helper()
	var p struct {
		Variants []struct {
			SKU   string `json:"sku"`
			Stock int    `json:"stock"`
		} `json:"variants"`
	}
	wantStatus(t, "product", send(t, c, http.MethodGet, "/api/v1/products/"+code, nil, &p), 200)
	for _, v := range p.Variants {
		if v.SKU == sku {
			return v.Stock
		}
	}
	t.Fatalf("%s has no variant %s", code, sku)
	return 0
}

func wantField(t *testing.T, what string, r *servertest.Response, status int, code, field string) {
	t.Helper()
	var e fieldError
	json.Unmarshal([]byte(r.Body), &e)
	if r.StatusCode != status || e.Error.Code != code || e.Error.Field != field {
		t.Errorf("%s: got %d %s; want %d %s on field %q", what, r.StatusCode, r.Body, status, code, field)
	}
}

func TestBuyFromThreeStoresWithTheSandbox(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine)
			shopper := signedIn(t, env, "shopper@maeul.test")
			dongxing := signedIn(t, env, "seller-dongxing@maeul.test")
			yanji := signedIn(t, env, "seller-yanji@maeul.test")
			guest := env.Client()
			eggStock := variantStock(t, guest, "wq-dongxing-eggs", eggs30)

			add(t, shopper, eggs30, 1)
			add(t, shopper, rice5, 1)
			add(t, shopper, pears5, 3)
			cart := add(t, shopper, eggs30, 1) // adds up to 2
			if len(cart.Items) != 3 || len(cart.Stores) != 3 || len(cart.Problems) != 0 {
				t.Fatalf("cart: %+v", cart)
			}
			var sum int64
			for _, it := range cart.Items {
				sum += it.LineTotalFen
				if it.SKU == eggs30 && (it.Qty != 2 || it.UnitPriceFen != 4990 || it.PriceSource != "list" || it.OrgCode != "wq-dongxing-store") {
					t.Errorf("eggs in the cart: %+v", it)
				}
			}
			if want := int64(2*4990 + 6980 + 3*4990); sum != want || cart.TotalFen != want {
				t.Errorf("cart lines add up to %d, total %d; want %d", sum, cart.TotalFen, want)
			}

			co := checkout(t, shopper, sandboxCheckout(map[string]any{"expected_total_fen": cart.TotalFen}))
			if len(co.Orders) != 3 || co.TotalFen != cart.TotalFen || co.Payment.AmountFen != co.TotalFen ||
				co.Payment.Status != "pending" || co.Payment.Method != "sandbox" {
				t.Fatalf("checkout: %+v", co)
			}
			for _, o := range co.Orders {
				if o.Status != "pending_payment" || o.CheckoutID != co.CheckoutID || len(o.Events) != 1 {
					t.Errorf("new order: %+v", o)
				}
			}
			if got := variantStock(t, guest, "wq-dongxing-eggs", eggs30); got != eggStock-2 {
				t.Errorf("eggs stock %d after checkout, want %d reserved", got, eggStock-2)
			}
			var after cartOut
			send(t, shopper, http.MethodGet, "/api/v1/cart", nil, &after)
			if len(after.Items) != 0 {
				t.Errorf("cart after checkout: %+v", after.Items)
			}

			pay(t, shopper, co)
			var paid checkoutOut
			wantStatus(t, "checkout after paying", send(t, shopper, http.MethodGet, fmt.Sprintf("/api/v1/checkouts/%d", co.CheckoutID), nil, &paid), 200)
			if paid.Payment.Status != "paid" || paid.Payment.PayURL != "" {
				t.Errorf("payment after paying: %+v", paid.Payment)
			}
			for _, o := range paid.Orders {
				if o.Status != "paid" {
					t.Errorf("order %d of %s is %s, want paid", o.ID, o.OrgCode, o.Status)
				}
			}
			var mine struct{ Items []orderOut }
			send(t, shopper, http.MethodGet, "/api/v1/orders", nil, &mine)
			if len(mine.Items) != 3 {
				t.Errorf("the buyer sees %d orders, want 3", len(mine.Items))
			}
			wantError(t, "someone else's checkout", send(t, dongxing, http.MethodGet, fmt.Sprintf("/api/v1/checkouts/%d", co.CheckoutID), nil, nil), 404, "not_found")
			wantError(t, "a guest's checkout", send(t, guest, http.MethodGet, fmt.Sprintf("/api/v1/checkouts/%d", co.CheckoutID), nil, nil), 401, "unauthorized")

			// The egg seller sees its order only, and refunds one tray of two.
			eggOrder, riceOrder, pearOrder := paid.byOrg(t, "wq-dongxing-store"), paid.byOrg(t, "yj-enterprise"), paid.byOrg(t, "tm-enterprise")
			var sellerList struct{ Items []orderOut }
			send(t, dongxing, http.MethodGet, "/api/v1/seller/orders?status=paid,packed", nil, &sellerList)
			found := false
			for _, o := range sellerList.Items {
				found = found || o.ID == eggOrder.ID
				if o.OrgCode != "wq-dongxing-store" {
					t.Errorf("the egg seller's list shows order %d of %s", o.ID, o.OrgCode)
				}
			}
			if !found {
				t.Errorf("the egg seller's paid orders lack order %d: %+v", eggOrder.ID, sellerList.Items)
			}
			wantField(t, "unknown status", send(t, dongxing, http.MethodGet, "/api/v1/seller/orders?status=lost", nil, nil), 422, "invalid", "status")
			wantError(t, "another store's list", send(t, dongxing, http.MethodGet, "/api/v1/seller/orders?org=yj-enterprise", nil, nil), 403, "forbidden")
			wantError(t, "another store's order", send(t, dongxing, http.MethodGet, fmt.Sprintf("/api/v1/orders/%d", riceOrder.ID), nil, nil), 404, "not_found")
			refundBody := func(o orderOut, qty int) map[string]any {
				return map[string]any{"lines": []map[string]any{{"line_id": o.Lines[0].ID, "qty": qty}}, "restock": true, "reason": "one tray broken"}
			}
			wantError(t, "refunding another store's order",
				keyed(t, dongxing, http.MethodPost, fmt.Sprintf("/api/v1/seller/orders/%d/refunds", riceOrder.ID), refundBody(riceOrder, 1), nil), 403, "forbidden")
			wantError(t, "the buyer refunding",
				keyed(t, shopper, http.MethodPost, fmt.Sprintf("/api/v1/seller/orders/%d/refunds", eggOrder.ID), refundBody(eggOrder, 1), nil), 403, "forbidden")
			wantField(t, "refunding more than was bought",
				keyed(t, dongxing, http.MethodPost, fmt.Sprintf("/api/v1/seller/orders/%d/refunds", eggOrder.ID), refundBody(eggOrder, 3), nil), 422, "invalid", "lines")
			var refund struct {
				Refund struct {
					TotalFen int64 `json:"total_fen"`
					Full     bool  `json:"full"`
				} `json:"refund"`
				Order orderOut `json:"order"`
			}
			r := keyed(t, dongxing, http.MethodPost, fmt.Sprintf("/api/v1/seller/orders/%d/refunds", eggOrder.ID), refundBody(eggOrder, 1), &refund)
			wantStatus(t, "partial refund", r, 201)
			if refund.Refund.TotalFen != 4990 || refund.Refund.Full || refund.Order.Status != "paid" ||
				refund.Order.RefundState != "partially_refunded" || refund.Order.RefundedFen != 4990 || refund.Order.Lines[0].RefundedQty != 1 {
				t.Errorf("after refunding one tray: %s", r.Body)
			}
			if got := variantStock(t, guest, "wq-dongxing-eggs", eggs30); got != eggStock-1 {
				t.Errorf("eggs stock %d after restocking one, want %d", got, eggStock-1)
			}

			// The rice seller packs, ships and delivers; illegal moves are 409.
			orderPath := func(o orderOut, action string) string {
				return fmt.Sprintf("/api/v1/seller/orders/%d/%s", o.ID, action)
			}
			ship := map[string]string{"carrier": "EMS", "tracking": "EA123456789CN"}
			wantError(t, "shipping before packing", send(t, yanji, http.MethodPost, orderPath(riceOrder, "ship"), ship, nil), 409, "conflict")
			wantError(t, "delivering goods before shipping", send(t, yanji, http.MethodPost, orderPath(riceOrder, "deliver"), nil, nil), 409, "conflict")
			wantError(t, "another store packing", send(t, dongxing, http.MethodPost, orderPath(riceOrder, "pack"), nil, nil), 403, "forbidden")
			var o orderOut
			wantStatus(t, "pack", send(t, yanji, http.MethodPost, orderPath(riceOrder, "pack"), nil, &o), 200)
			if o.Status != "packed" {
				t.Errorf("after packing: %s", o.Status)
			}
			wantError(t, "packing twice", send(t, yanji, http.MethodPost, orderPath(riceOrder, "pack"), nil, nil), 409, "conflict")
			wantError(t, "cancelling a packed order", keyed(t, shopper, http.MethodPost, fmt.Sprintf("/api/v1/orders/%d/cancel", riceOrder.ID), map[string]string{"reason": "changed my mind"}, nil), 409, "conflict")
			// The address lies inside the prefecture: the parcel goes by van,
			// so a tracking number is optional (a parcel leaving the
			// prefecture needs one: internal/parcels TestPlan).
			wantField(t, "shipping with a tracking number too long", send(t, yanji, http.MethodPost, orderPath(riceOrder, "ship"), map[string]string{"carrier": "EMS", "tracking": strings.Repeat("9", 201)}, nil), 422, "invalid", "tracking")
			wantStatus(t, "ship", send(t, yanji, http.MethodPost, orderPath(riceOrder, "ship"), ship, &o), 200)
			if o.Status != "shipped" || o.Tracking != "EA123456789CN" {
				t.Errorf("after shipping: %s %q", o.Status, o.Tracking)
			}
			wantError(t, "completing before delivery", send(t, shopper, http.MethodPost, fmt.Sprintf("/api/v1/orders/%d/complete", riceOrder.ID), nil, nil), 409, "conflict")
			wantStatus(t, "deliver", send(t, yanji, http.MethodPost, orderPath(riceOrder, "deliver"), nil, &o), 200)
			wantStatus(t, "complete", send(t, shopper, http.MethodPost, fmt.Sprintf("/api/v1/orders/%d/complete", riceOrder.ID), nil, &o), 200)
			var steps []string
			for _, e := range o.Events {
				steps = append(steps, e.To)
			}
			if got, want := strings.Join(steps, " "), "pending_payment paid packed shipped delivered completed"; got != want {
				t.Errorf("events: got %s; want %s", got, want)
			}

			// The buyer cancels the paid pear order before it is packed: it
			// is refunded in full and restocked.
			pearStock := variantStock(t, guest, "tm-apple-pears", pears5)
			wantStatus(t, "cancel a paid order", keyed(t, shopper, http.MethodPost, fmt.Sprintf("/api/v1/orders/%d/cancel", pearOrder.ID), map[string]string{"reason": "too many pears"}, &o), 200)
			if o.Status != "cancelled" || o.RefundedFen != o.TotalFen || o.RefundState != "refunded" {
				t.Errorf("cancelled paid order: %s %s refunded %d of %d", o.Status, o.RefundState, o.RefundedFen, o.TotalFen)
			}
			if got := variantStock(t, guest, "tm-apple-pears", pears5); got != pearStock+3 {
				t.Errorf("pear stock %d after the cancel, want %d", got, pearStock+3)
			}
			wantError(t, "cancelling twice", keyed(t, shopper, http.MethodPost, fmt.Sprintf("/api/v1/orders/%d/cancel", pearOrder.ID), nil, nil), 409, "conflict")
		})
	}
}

func TestPayCashAtTheStation(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine)
			shopper := signedIn(t, env, "shopper@maeul.test")
			station := signedIn(t, env, "station-dongxing@maeul.test")
			dongxing := signedIn(t, env, "seller-dongxing@maeul.test")
			yanji := signedIn(t, env, "seller-yanji@maeul.test")

			add(t, shopper, eggs30, 1)
			add(t, shopper, rice5, 1)
			pickup := []map[string]string{{"org_code": "wq-dongxing-store", "method": "pickup", "point_code": "wq-dongxing-vstation"}}
			wantField(t, "cash without a pick-up",
				keyed(t, shopper, http.MethodPost, "/api/v1/checkout", map[string]any{"address": home, "payment_method": "station_cash"}, nil), 422, "invalid", "payment_method")
			wantField(t, "pick-up at a station far away", keyed(t, shopper, http.MethodPost, "/api/v1/checkout", map[string]any{
				"address": home, "payment_method": "station_cash",
				"deliveries": []map[string]string{{"org_code": "wq-dongxing-store", "method": "pickup", "point_code": "yj-yilan-station"}},
			}, nil), 422, "invalid", "deliveries")
			co := checkout(t, shopper, map[string]any{"address": home, "payment_method": "station_cash", "deliveries": pickup})
			if co.Payment.Method != "station_cash" || co.Payment.Status != "pending" || co.Payment.PayURL != "" {
				t.Errorf("cash payment: %+v", co.Payment)
			}
			eggOrder := co.byOrg(t, "wq-dongxing-store")
			if eggOrder.Delivery != "pickup" || eggOrder.PointCode != "wq-dongxing-vstation" || eggOrder.ShippingFen != 0 {
				t.Errorf("pick-up order: %+v", eggOrder)
			}
			if o := co.byOrg(t, "yj-enterprise"); o.Delivery != "home" {
				t.Errorf("the rice goes %s, want home", o.Delivery)
			}

			var pending struct {
				Items []struct {
					Ref        string  `json:"ref"`
					CheckoutID int64   `json:"checkout_id"`
					AmountFen  int64   `json:"amount_fen"`
					Status     string  `json:"status"`
					BuyerName  string  `json:"buyer_name"`
					OrderIDs   []int64 `json:"order_ids"`
				} `json:"items"`
			}
			wantStatus(t, "pending cash", send(t, station, http.MethodGet, "/api/v1/station/payments", nil, &pending), 200)
			if len(pending.Items) != 1 || pending.Items[0].Ref != co.Payment.Ref || pending.Items[0].AmountFen != co.TotalFen ||
				pending.Items[0].BuyerName != home["name"] || len(pending.Items[0].OrderIDs) != 2 {
				t.Errorf("pending cash at the station: %+v", pending.Items)
			}
			wantField(t, "a seller's station list", send(t, yanji, http.MethodGet, "/api/v1/station/payments", nil, nil), 422, "invalid", "point")
			wantError(t, "a seller naming the station", send(t, yanji, http.MethodGet, "/api/v1/station/payments?point=wq-dongxing-vstation", nil, nil), 403, "forbidden")
			wantError(t, "a guest's station list", send(t, env.Client(), http.MethodGet, "/api/v1/station/payments", nil, nil), 401, "unauthorized")

			confirm := "/api/v1/station/payments/" + co.Payment.Ref + "/confirm"
			wantError(t, "a seller confirming cash", keyed(t, yanji, http.MethodPost, confirm, nil, nil), 403, "forbidden")
			wantField(t, "confirming without a key", send(t, station, http.MethodPost, confirm, nil, nil), 422, "invalid", "Idempotency-Key")
			key := newKey()
			r := send(t, station, http.MethodPost, confirm, nil, nil, "Idempotency-Key", key)
			wantStatus(t, "confirm", r, 200)
			if !strings.Contains(r.Body, `"status":"paid"`) {
				t.Errorf("confirmed payment: %s", r.Body)
			}
			again := send(t, station, http.MethodPost, confirm, nil, nil, "Idempotency-Key", key)
			if again.StatusCode != 200 || again.Body != r.Body || again.Header.Get("Idempotent-Replayed") != "true" {
				t.Errorf("confirm repeated: %d %q %s", again.StatusCode, again.Header.Get("Idempotent-Replayed"), again.Body)
			}
			var paid checkoutOut
			send(t, shopper, http.MethodGet, fmt.Sprintf("/api/v1/checkouts/%d", co.CheckoutID), nil, &paid)
			for _, o := range paid.Orders {
				if o.Status != "paid" {
					t.Errorf("order of %s is %s after cash, want paid", o.OrgCode, o.Status)
				}
			}
			send(t, station, http.MethodGet, "/api/v1/station/payments", nil, &pending)
			if len(pending.Items) != 0 {
				t.Errorf("still pending after paying: %+v", pending.Items)
			}

			// The station operator sees the pick-up order and hands it over
			// once the seller has shipped it there.
			getOrder(t, station, eggOrder.ID)
			path := func(action string) string { return fmt.Sprintf("/api/v1/seller/orders/%d/%s", eggOrder.ID, action) }
			wantStatus(t, "pack", send(t, dongxing, http.MethodPost, path("pack"), nil, nil), 200)
			wantStatus(t, "ship to the station", send(t, dongxing, http.MethodPost, path("ship"), nil, nil), 200)
			var o orderOut
			wantStatus(t, "hand over at the station", send(t, station, http.MethodPost, path("deliver"), nil, &o), 200)
			if o.Status != "delivered" {
				t.Errorf("after the hand-over: %s", o.Status)
			}
			// The seller refunds the delivered tray; the station pays it back in cash.
			var refund struct {
				Refund struct {
					TotalFen int64 `json:"total_fen"`
				} `json:"refund"`
			}
			wantStatus(t, "cash refund", keyed(t, dongxing, http.MethodPost, path("refunds"),
				map[string]any{"lines": []map[string]any{{"line_id": o.Lines[0].ID, "qty": 1}}, "reason": "cracked"}, &refund), 201)
			if refund.Refund.TotalFen != o.TotalFen {
				t.Errorf("refunding the only tray returned %d of %d", refund.Refund.TotalFen, o.TotalFen)
			}
		})
	}
}

func TestCancelUnpaidCheckout(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine)
			shopper := signedIn(t, env, "shopper@maeul.test")
			yanji := signedIn(t, env, "seller-yanji@maeul.test")
			guest := env.Client()
			stock := variantStock(t, guest, "wq-dongxing-eggs", eggs60)
			add(t, shopper, eggs60, 2)
			add(t, shopper, rice5, 1)
			co := checkout(t, shopper, sandboxCheckout(nil))
			egg := co.byOrg(t, "wq-dongxing-store")
			cancel := fmt.Sprintf("/api/v1/orders/%d/cancel", egg.ID)
			wantError(t, "another store's seller cancelling", keyed(t, yanji, http.MethodPost, cancel, nil, nil), 403, "forbidden")
			wantError(t, "a guest cancelling", keyed(t, guest, http.MethodPost, cancel, nil, nil), 401, "unauthorized")
			var o orderOut
			wantStatus(t, "cancel", keyed(t, shopper, http.MethodPost, cancel, map[string]string{"reason": "wrong address"}, &o), 200)
			if o.Status != "cancelled" {
				t.Errorf("cancelled order is %s", o.Status)
			}
			var got checkoutOut
			send(t, shopper, http.MethodGet, fmt.Sprintf("/api/v1/checkouts/%d", co.CheckoutID), nil, &got)
			if got.Payment.Status != "cancelled" || got.Payment.PayURL != "" {
				t.Errorf("payment of a cancelled checkout: %+v", got.Payment)
			}
			for _, o := range got.Orders {
				if o.Status != "cancelled" {
					t.Errorf("order of %s is %s; one payment covers the checkout, so all are cancelled", o.OrgCode, o.Status)
				}
			}
			if s := variantStock(t, guest, "wq-dongxing-eggs", eggs60); s != stock {
				t.Errorf("eggs stock %d after the cancel, want %d back", s, stock)
			}
			wantError(t, "cancelling again", keyed(t, shopper, http.MethodPost, cancel, nil, nil), 409, "conflict")
		})
	}
}

func TestCart(t *testing.T) {
	env := servertest.Start(t, "sqlite")
	shopper := signedIn(t, env, "shopper@maeul.test")
	guest := env.Client()
	wantError(t, "a guest's cart", send(t, guest, http.MethodGet, "/api/v1/cart", nil, nil), 401, "unauthorized")
	wantError(t, "a guest adding", send(t, guest, http.MethodPost, "/api/v1/cart/items", map[string]any{"sku": eggs30, "qty": 1}, nil), 401, "unauthorized")
	tomorrow := time.Now().Add(48 * time.Hour).Format(time.DateOnly)
	tests := []struct {
		name   string
		body   map[string]any
		status int
		field  string
	}{
		{"unknown SKU", map[string]any{"sku": "NOPE", "qty": 1}, 422, "sku"},
		{"no quantity", map[string]any{"sku": eggs30}, 422, "qty"},
		{"zero", map[string]any{"sku": eggs30, "qty": 0}, 422, "qty"},
		{"more than in stock", map[string]any{"sku": eggs60, "qty": 41}, 422, "qty"},
		{"over the cart's limit", map[string]any{"sku": rice5, "qty": 100}, 422, "qty"},
		{"a date for goods", map[string]any{"sku": eggs30, "qty": 1, "booking_date": tomorrow}, 422, "booking_date"},
		{"tourism without a date", map[string]any{"sku": picking, "qty": 2}, 422, "booking_date"},
		{"tourism on a bad date", map[string]any{"sku": picking, "qty": 2, "booking_date": "tomorrow"}, 422, "booking_date"},
		{"unknown field", map[string]any{"sku": eggs30, "qty": 1, "colour": "red"}, 422, ""},
	}
	for _, tt := range tests {
		wantField(t, tt.name, send(t, shopper, http.MethodPost, "/api/v1/cart/items", tt.body, nil), tt.status, "invalid", tt.field)
	}
	add(t, shopper, eggs30, 2)
	var cart cartOut
	wantStatus(t, "booking", send(t, shopper, http.MethodPost, "/api/v1/cart/items", map[string]any{"sku": picking, "qty": 2, "booking_date": tomorrow}, &cart), 200)
	if len(cart.Items) != 2 || cart.Items[1].BookingDate != tomorrow || len(cart.Stores) != 2 {
		t.Errorf("cart with a booking: %+v", cart)
	}
	wantStatus(t, "set", send(t, shopper, http.MethodPut, "/api/v1/cart/items/"+eggs30, map[string]any{"qty": 5}, &cart), 200)
	if cart.Items[0].Qty != 5 || cart.Items[0].LineTotalFen != 5*4990 {
		t.Errorf("after setting 5: %+v", cart.Items[0])
	}
	wantField(t, "set beyond stock", send(t, shopper, http.MethodPut, "/api/v1/cart/items/"+eggs60, map[string]any{"qty": 50}, nil), 422, "invalid", "qty")
	wantField(t, "set without qty", send(t, shopper, http.MethodPut, "/api/v1/cart/items/"+eggs30, map[string]any{}, nil), 422, "invalid", "qty")
	wantError(t, "set an unknown SKU", send(t, shopper, http.MethodPut, "/api/v1/cart/items/NOPE", map[string]any{"qty": 1}, nil), 404, "not_found")
	wantStatus(t, "remove the booking", send(t, shopper, http.MethodDelete, "/api/v1/cart/items/"+picking+"?booking_date="+tomorrow, nil, &cart), 200)
	wantStatus(t, "set to zero", send(t, shopper, http.MethodPut, "/api/v1/cart/items/"+eggs30, map[string]any{"qty": 0}, &cart), 200)
	if len(cart.Items) != 0 || cart.TotalFen != 0 {
		t.Errorf("emptied cart: %+v", cart)
	}
	wantStatus(t, "removing what is not there", send(t, shopper, http.MethodDelete, "/api/v1/cart/items/"+eggs30, nil, &cart), 200)
	wantField(t, "checking out an empty cart", keyed(t, shopper, http.MethodPost, "/api/v1/checkout", sandboxCheckout(nil), nil), 422, "invalid", "cart")

	// Checkout problems name the request's fields.
	add(t, shopper, eggs30, 1)
	bad := func(f func(a map[string]any)) map[string]any {
		a := map[string]any{}
		for k, v := range home {
			a[k] = v
		}
		f(a)
		return map[string]any{"address": a, "payment_method": "sandbox"}
	}
	checkoutTests := []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"bad phone", bad(func(a map[string]any) { a["phone"] = "call me" }), "address.phone"},
		{"bad region", bad(func(a map[string]any) { a["region_code"] = "22x" }), "address.region_code"},
		{"county, not village", bad(func(a map[string]any) { a["region_code"] = "222424000000" }), "address.region_code"},
		{"unknown payment", map[string]any{"address": home, "payment_method": "gold"}, "payment_method"},
		{"unknown store", map[string]any{"address": home, "payment_method": "sandbox", "deliveries": []map[string]string{{"org_code": "nope", "method": "home"}}}, "deliveries"},
		{"unknown method", map[string]any{"address": home, "payment_method": "sandbox", "deliveries": []map[string]string{{"org_code": "wq-dongxing-store", "method": "drone"}}}, "deliveries"},
		{"unknown coupon", map[string]any{"address": home, "payment_method": "sandbox", "coupon": "NOPE"}, "coupon"},
	}
	for _, tt := range checkoutTests {
		wantField(t, tt.name, keyed(t, shopper, http.MethodPost, "/api/v1/checkout", tt.body, nil), 422, "invalid", tt.field)
	}
	wantError(t, "prices changed", keyed(t, shopper, http.MethodPost, "/api/v1/checkout", sandboxCheckout(map[string]any{"expected_total_fen": 1}), nil), 409, "conflict")
	wantError(t, "a guest checking out", keyed(t, guest, http.MethodPost, "/api/v1/checkout", sandboxCheckout(nil), nil), 401, "unauthorized")
}

func TestSoldOutAtCheckoutIsAConflict(t *testing.T) {
	env := servertest.Start(t, "sqlite")
	first := signedIn(t, env, "shopper@maeul.test")
	second := signedIn(t, env, "county-wangqing@maeul.test") // admins may shop too
	add(t, first, eggs60, 30)
	add(t, second, eggs60, 30)
	checkout(t, first, sandboxCheckout(nil))
	r := keyed(t, second, http.MethodPost, "/api/v1/checkout", sandboxCheckout(nil), nil)
	wantField(t, "checking out what another buyer took", r, 409, "conflict", "qty")
	var cart cartOut
	send(t, second, http.MethodGet, "/api/v1/cart", nil, &cart)
	if len(cart.Problems) != 1 || cart.Problems[0].SKU != eggs60 || cart.Problems[0].Field != "qty" ||
		cart.Problems[0].Reason != "err.orders.only_left" || cart.TotalFen != 0 {
		t.Errorf("the cart's problems: %+v", cart)
	}
}
