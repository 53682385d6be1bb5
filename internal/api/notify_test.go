package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"maeul/internal/payments"
	"maeul/internal/server/servertest"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

// notice is a sandbox notification as it goes over the wire.
type notice struct {
	body                  []byte
	timestamp, nonce, sig string
}

// signed returns a notice of n signed at time at with nonce, as the
// sandbox wallet signs it.
func signed(t *testing.T, n payments.Notice, at time.Time, nonce string) notice {
	t.Helper()
	b, err := json.Marshal(n)
	if err != nil {
		t.Fatal(err)
	}
	ts := strconv.FormatInt(at.Unix(), 10)
	return notice{body: b, timestamp: ts, nonce: nonce, sig: payments.Sign([]byte(servertest.SandboxSecret), ts, nonce, b)}
}

func (n notice) post(c *servertest.Client) *servertest.Response {
	return c.Do(http.MethodPost, "/api/v1/payments/sandbox/notify", bytes.NewReader(n.body), "Content-Type", "application/json",
		payments.HeaderTimestamp, n.timestamp, payments.HeaderNonce, n.nonce, payments.HeaderSignature, n.sig)
}

func TestSandboxNotifications(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine)
			shopper := signedIn(t, env, "shopper@maeul.test")
			wallet := env.Client() // the wallet signs; it has no account
			add(t, shopper, eggs30, 1)
			a := checkout(t, shopper, sandboxCheckout(nil))
			add(t, shopper, rice5, 1)
			b := checkout(t, shopper, sandboxCheckout(nil))

			success := func(co checkoutOut, amount int64) payments.Notice {
				return payments.Notice{Ref: co.Payment.Ref, TradeNo: "SBX" + co.Payment.Ref, AmountFen: amount, Status: "TRADE_SUCCESS"}
			}
			status := func(co checkoutOut) string {
				t.Helper()
				var got checkoutOut
				wantStatus(t, "checkout", send(t, shopper, http.MethodGet, fmt.Sprintf("/api/v1/checkouts/%d", co.CheckoutID), nil, &got), 200)
				for _, o := range got.Orders {
					if o.Status != got.Orders[0].Status {
						t.Fatalf("checkout %d has orders %s and %s", co.CheckoutID, got.Orders[0].Status, o.Status)
					}
				}
				return got.Payment.Status + "/" + got.Orders[0].Status
			}
			now := time.Now()
			genuine := signed(t, success(a, a.TotalFen), now, "nonce-a1")
			forged := genuine
			forged.sig = payments.Sign([]byte("not the secret"), genuine.timestamp, genuine.nonce, genuine.body)
			tampered := signed(t, success(a, a.TotalFen), now, "nonce-a2")
			tampered.body = bytes.Replace(tampered.body, []byte(strconv.FormatInt(a.TotalFen, 10)), []byte("1"), 1)
			unsigned := genuine
			unsigned.sig = ""

			refused := []struct {
				name   string
				n      notice
				status int
				code   string
			}{
				{"forged signature", forged, 401, "unauthorized"},
				{"tampered body", tampered, 401, "unauthorized"},
				{"no signature", unsigned, 401, "unauthorized"},
				{"stale timestamp", signed(t, success(a, a.TotalFen), now.Add(-payments.MaxSkew-time.Minute), "nonce-old"), 401, "unauthorized"},
				{"timestamp from the future", signed(t, success(a, a.TotalFen), now.Add(payments.MaxSkew+time.Minute), "nonce-new"), 401, "unauthorized"},
				{"amount that differs", signed(t, success(a, a.TotalFen-1), now, "nonce-less"), 422, "invalid"},
				{"unknown payment", signed(t, payments.Notice{Ref: "MPNOPE", TradeNo: "SBX", AmountFen: 1, Status: "TRADE_SUCCESS"}, now, "nonce-nope"), 404, "not_found"},
			}
			for _, tt := range refused {
				wantError(t, tt.name, tt.n.post(wallet), tt.status, tt.code)
				if got := status(a); got != "pending/pending_payment" {
					t.Errorf("after a %s: checkout is %s, want pending/pending_payment", tt.name, got)
				}
			}

			var ack struct {
				OK      bool `json:"ok"`
				Changed bool `json:"changed"`
			}
			r := genuine.post(wallet)
			if err := json.Unmarshal([]byte(r.Body), &ack); r.StatusCode != 200 || err != nil || !ack.OK || !ack.Changed {
				t.Fatalf("genuine notice: %d %s", r.StatusCode, r.Body)
			}
			if got := status(a); got != "paid/paid" {
				t.Fatalf("after paying: %s", got)
			}
			// The same request again is a replay: refused, changing nothing.
			wantError(t, "replayed notice", genuine.post(wallet), 409, "conflict")
			// A nonce seen before is refused whatever it comes with: b
			// stays unpaid.
			wantError(t, "replayed nonce on another payment", signed(t, success(b, b.TotalFen), time.Now(), "nonce-a1").post(wallet), 409, "conflict")
			if got := status(b); got != "pending/pending_payment" {
				t.Errorf("after a replayed nonce: %s, want pending/pending_payment", got)
			}

			acknowledged := []struct {
				name string
				n    payments.Notice
			}{
				{"the same success delivered again", success(a, a.TotalFen)},
				{"a close after success", payments.Notice{Ref: a.Payment.Ref, TradeNo: "SBX" + a.Payment.Ref, AmountFen: a.TotalFen, Status: "TRADE_CLOSED"}},
			}
			for i, tt := range acknowledged {
				r := signed(t, tt.n, time.Now(), fmt.Sprintf("nonce-again-%d", i)).post(wallet)
				ack.OK, ack.Changed = false, true
				if err := json.Unmarshal([]byte(r.Body), &ack); r.StatusCode != 200 || err != nil || !ack.OK || ack.Changed {
					t.Errorf("%s: %d %s; want 200 and changed false", tt.name, r.StatusCode, r.Body)
				}
				if got := status(a); got != "paid/paid" {
					t.Errorf("after %s: %s, want paid/paid", tt.name, got)
				}
			}
			// A signed notice giving the paid payment another amount is not
			// acknowledged: it is refused and flagged for checking.
			r = signed(t, success(a, a.TotalFen+100), time.Now(), "nonce-more").post(wallet)
			wantError(t, "another amount after payment", r, 409, "conflict")
			if !strings.Contains(r.Body, `"reason":"err.payments.paid_amount_differs"`) {
				t.Errorf("another amount after payment: %s", r.Body)
			}
			if got, err := env.DB.NoticeOutcome(context.Background(), "nonce-more"); err != nil || got != store.NoticeAmountDiffers {
				t.Errorf("notice with another amount recorded as %q, %v; want %q", got, err, store.NoticeAmountDiffers)
			}
			if got := status(a); got != "paid/paid" {
				t.Errorf("after another amount: %s, want paid/paid", got)
			}
			var o orderOut
			send(t, shopper, http.MethodGet, fmt.Sprintf("/api/v1/orders/%d", a.Orders[0].ID), nil, &o)
			if len(o.Events) != 2 {
				t.Errorf("order events %+v; want created and paid once", o.Events)
			}
		})
	}
}
