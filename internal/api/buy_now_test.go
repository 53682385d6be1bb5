package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"maeul/internal/server/servertest"
	"maeul/internal/store/storetest"
)

// TestBuyNow buys one line without the cart: it is placed with its
// payment and paid like a checkout, the cart is left as it was, and a
// quantity the stock cannot meet is a 409 that places nothing.
func TestBuyNow(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine)
			c := signedIn(t, env, "shopper@maeul.test")
			add(t, c, rice5, 1)
			stock := variantStock(t, c, "wq-dongxing-eggs", eggs60)

			body := sandboxCheckout(map[string]any{"sku": eggs60, "qty": 2})
			wantField(t, "no key", send(t, c, http.MethodPost, "/api/v1/buy-now", body, nil), 422, "invalid", "Idempotency-Key")
			var co checkoutOut
			wantStatus(t, "buy now", keyed(t, c, http.MethodPost, "/api/v1/buy-now", body, &co), 201)
			if len(co.Orders) != 1 || len(co.Orders[0].Lines) != 1 || co.Orders[0].Lines[0].SKU != eggs60 || co.Orders[0].Lines[0].Qty != 2 {
				t.Fatalf("buy now placed %+v; want one order of 2 %s", co.Orders, eggs60)
			}
			pay(t, c, co)
			if o := getOrder(t, c, co.Orders[0].ID); o.Status != "paid" {
				t.Errorf("the order bought now is %s after paying, want paid", o.Status)
			}
			if got := variantStock(t, c, "wq-dongxing-eggs", eggs60); got != stock-2 {
				t.Errorf("stock %d after buying 2 of %d", got, stock)
			}
			var cart cartOut
			send(t, c, http.MethodGet, "/api/v1/cart", nil, &cart)
			if len(cart.Items) != 1 || cart.Items[0].SKU != rice5 {
				t.Errorf("the cart after buying now: %+v; want the rice alone", cart)
			}

			tooMany := sandboxCheckout(map[string]any{"sku": eggs60, "qty": stock})
			wantField(t, "more than the stock", keyed(t, c, http.MethodPost, "/api/v1/buy-now", tooMany, nil), 409, "conflict", "qty")
			wantField(t, "an unknown sku", keyed(t, c, http.MethodPost, "/api/v1/buy-now", sandboxCheckout(map[string]any{"sku": "NO-SUCH", "qty": 1}), nil), 422, "invalid", "sku")
			if got := variantStock(t, c, "wq-dongxing-eggs", eggs60); got != stock-2 {
				t.Errorf("stock %d after the refusals, want %d", got, stock-2)
			}
		})
	}
}

// TestWaitForPaid: a buyer's read of the checkout with ?wait= is answered
// when the payment is recorded, not before; a wait beyond the most allowed
// is refused.
func TestWaitForPaid(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine)
			c := signedIn(t, env, "shopper@maeul.test")
			var co checkoutOut
			wantStatus(t, "buy now", keyed(t, c, http.MethodPost, "/api/v1/buy-now", sandboxCheckout(map[string]any{"sku": eggs60, "qty": 1}), &co), 201)
			path := fmt.Sprintf("/api/v1/checkouts/%d", co.CheckoutID)
			wantField(t, "waiting too long", send(t, c, http.MethodGet, path+"?wait=31", nil, nil), 422, "invalid", "wait")

			got := make(chan checkoutOut, 1)
			go func() {
				var out checkoutOut
				send(t, c, http.MethodGet, path+"?wait=30", nil, &out)
				got <- out
			}()
			pay(t, c, co)
			if out := <-got; out.Payment.Status != "paid" || len(out.Orders) != 1 || out.Orders[0].Status != "paid" {
				t.Errorf("the waiting read answered %+v; want the checkout paid", out)
			}
		})
	}
}
