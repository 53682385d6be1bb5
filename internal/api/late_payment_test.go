package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"maeul/internal/payments"
	"maeul/internal/server/servertest"
	"maeul/internal/store/storetest"
)

// TestLatePaymentOverHTTP pays, on the sandbox wallet's pay page, a
// checkout the buyer has just cancelled: the wallet's notice is taken, the
// payment shows as paid_late to the buyer, both orders stay cancelled and
// are refunded in full, and the seller sees the refund. A pay link past
// its deadline is refused by the wallet's page.
func TestLatePaymentOverHTTP(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine)
			shopper := signedIn(t, env, "shopper@maeul.test")
			seller := signedIn(t, env, "seller-dongxing@maeul.test")
			add(t, shopper, eggs60, 1)
			add(t, shopper, rice5, 1)
			co := checkout(t, shopper, sandboxCheckout(nil))
			egg := co.byOrg(t, "wq-dongxing-store")
			wantStatus(t, "cancel", keyed(t, shopper, http.MethodPost, fmt.Sprintf("/api/v1/orders/%d/cancel", egg.ID), map[string]string{"reason": "wrong address"}, nil), 200)

			// The buyer had the pay page open and pays anyway.
			pay(t, shopper, co)

			var got checkoutOut
			wantStatus(t, "checkout", send(t, shopper, http.MethodGet, fmt.Sprintf("/api/v1/checkouts/%d", co.CheckoutID), nil, &got), 200)
			if got.Payment.Status != string(payments.PaidLate) || got.Payment.PayURL != "" {
				t.Errorf("payment of a checkout paid after it was cancelled: %+v; want paid_late and no pay_url", got.Payment)
			}
			var refunded int64
			for _, o := range got.Orders {
				refunded += o.RefundedFen
				if o.Status != "cancelled" || o.RefundState != "refunded" || o.RefundedFen != o.TotalFen {
					t.Errorf("order of %s: %s, refund %s %d of %d; want cancelled and refunded in full", o.OrgCode, o.Status, o.RefundState, o.RefundedFen, o.TotalFen)
				}
			}
			if refunded != got.TotalFen {
				t.Errorf("refunded %d of a late payment of %d", refunded, got.TotalFen)
			}
			var sellers orderOut
			wantStatus(t, "the seller's view", send(t, seller, http.MethodGet, fmt.Sprintf("/api/v1/orders/%d", egg.ID), nil, &sellers), 200)
			if sellers.RefundState != "refunded" || sellers.RefundedFen != sellers.TotalFen {
				t.Errorf("the seller sees refund %s %d of %d; want the late payment refunded", sellers.RefundState, sellers.RefundedFen, sellers.TotalFen)
			}

			// The buyer's page says what happened, in the buyer's language
			// (Korean).
			web := env.Client()
			web.SignIn("shopper@maeul.test")
			if r := web.Get("/checkout/paid/" + co.Payment.Ref); r.StatusCode != 200 || !strings.Contains(r.Body, "결제가 늦게 도착했습니다") {
				t.Errorf("the buyer's page after a late payment: %d, want it to say the payment came too late: %.3000s", r.StatusCode, r.Body)
			}

			// A pay link past its deadline is refused by the wallet.
			w := &payments.Wallet{Secret: []byte(servertest.SandboxSecret), Base: "/sandbox/pay/"}
			link := w.PayURL(payments.Payment{Ref: co.Payment.Ref, Amount: 990, Subject: "maeul", Expires: time.Now().Add(-time.Minute)})
			for _, method := range []string{http.MethodGet, http.MethodPost} {
				if r := env.Client().Do(method, link, nil); r.StatusCode != http.StatusConflict {
					t.Errorf("%s of an expired pay link: %d %s; want 409", method, r.StatusCode, r.Body)
				}
			}
		})
	}
}
