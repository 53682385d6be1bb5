package orders_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"maeul/internal/errs"
	"maeul/internal/money"
	"maeul/internal/orders"
	"maeul/internal/payments"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

// TestLatePaymentIsRecordedAndRefunded checks that a genuine paid notice
// for a checkout that closed before it arrived (expired, or cancelled by
// the buyer) is taken, not refused: the payment is recorded as paid late,
// every order of the checkout stays cancelled and is refunded its total
// through the provider, the stock stays released, the ledger has no sale
// of it, a second delivery changes nothing, and the pay page is no longer
// offered. An operator confirming cash for an expired checkout is still
// refused: the cash can be handed back there and then.
func TestLatePaymentIsRecordedAndRefunded(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		a := f.buyer(t, 1)
		eggs := f.variant(t, "wq-dongxing-eggs", 0)
		rice := f.variant(t, "yj-chaoyangchuan-rice", 0)
		before, err := db.VerifyLedger(ctx)
		if err != nil {
			t.Fatal(err)
		}

		for _, close := range []string{"expired", "cancelled"} {
			t.Run(close, func(t *testing.T) {
				r, err := f.buy(ctx, a, orders.CartItem{VariantID: eggs.ID, Qty: 2}, orders.CartItem{VariantID: rice.ID, Qty: 1})
				if err != nil {
					t.Fatal(err)
				}
				if st, err := f.svc.PayStart(ctx, r.Payment); err != nil || st.RedirectURL == "" {
					t.Fatalf("PayStart of a pending payment = %q, %v; want the pay page", st.RedirectURL, err)
				}
				switch close {
				case "expired":
					f.now = f.now.Add(16 * time.Minute)
					if n, err := f.svc.Expire(ctx); err != nil || n != 1 {
						t.Fatalf("Expire = %d, %v; want 1", n, err)
					}
				case "cancelled":
					if err := f.svc.Cancel(ctx, a, r.OrderIDs[0], "changed_mind"); err != nil {
						t.Fatal(err)
					}
				}
				rec, _ := db.Payment(ctx, r.Payment.Ref)
				if st, err := f.svc.PayStart(ctx, rec); err != nil || st.RedirectURL != "" {
					t.Errorf("PayStart of a %s payment = %q, %v; want no pay page", close, st.RedirectURL, err)
				}

				n := f.wallet.Pay(r.Payment.Payment())
				c, err := f.svc.Notified(ctx, payments.Verified{Notice: n, Nonce: payments.NewRef(), At: f.now})
				if err != nil {
					t.Fatalf("late notice: %v, want it taken", err)
				}
				if !c.Changed || !c.Late || len(c.Refunds) != 2 {
					t.Errorf("late notice: %+v; want changed, late, 2 refunds", c)
				}
				rec, _ = db.Payment(ctx, r.Payment.Ref)
				if rec.Status != payments.PaidLate || rec.TradeNo != n.TradeNo || rec.PaidAt.IsZero() {
					t.Errorf("payment after the late notice: status %q, trade %q, paid at %v; want paid_late, %q", rec.Status, rec.TradeNo, rec.PaidAt, n.TradeNo)
				}
				var refunded money.Fen
				for _, id := range r.OrderIDs {
					o, err := db.Order(ctx, id)
					if err != nil {
						t.Fatal(err)
					}
					refunded += o.Refunded
					if o.Status != orders.Cancelled || o.RefundState != orders.FullyRefunded || o.Refunded != o.Total {
						t.Errorf("order %d: %s, refund %q %s of %s; want cancelled and refunded in full", id, o.Status, o.RefundState, o.Refunded, o.Total)
					}
					last := o.Events[len(o.Events)-1]
					if !strings.HasPrefix(last.Note, orders.LateNote) {
						t.Errorf("order %d's last event %+v; want the late payment noted", id, last)
					}
				}
				if refunded != rec.Amount {
					t.Errorf("refunded %s of a late payment of %s", refunded, rec.Amount)
				}
				if pending, _ := db.PendingRefunds(ctx, 10); len(pending) != 0 {
					t.Errorf("refunds still pending after the wallet paid them: %+v", pending)
				}
				for code, want := range map[string]int{"wq-dongxing-eggs": eggs.Stock, "yj-chaoyangchuan-rice": rice.Stock} {
					if got := f.variant(t, code, 0).Stock; got != want {
						t.Errorf("%s: stock %d after the late payment, want %d (released)", code, got, want)
					}
				}
				// The wallet delivers again: nothing more happens.
				c, err = f.svc.Notified(ctx, payments.Verified{Notice: n, Nonce: payments.NewRef(), At: f.now})
				if err != nil || c.Changed || len(c.Refunds) != 0 {
					t.Errorf("second late notice: %+v, %v; want nothing changed", c, err)
				}
			})
		}

		rep, err := db.VerifyLedger(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !rep.OK() || rep.PaidLines != before.PaidLines || rep.RefundLines != before.RefundLines {
			t.Errorf("ledger after late payments: %+v; want it clean and unchanged from %+v", rep, before)
		}
	})
}

// TestLateCashIsRefused checks that a station operator cannot confirm
// cash for a checkout whose window has closed.
func TestLateCashIsRefused(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		a := f.buyer(t, 1)
		eggs := f.variant(t, "wq-dongxing-eggs", 0)
		owner := orders.CartOwner(a, "")
		if _, _, err := f.svc.Add(ctx, a, owner, orders.CartItem{VariantID: eggs.ID, Qty: 1}); err != nil {
			t.Fatal(err)
		}
		pt, _ := db.ServicePoint(ctx, "wq-dongxing-vstation")
		p, _ := db.Product(ctx, "wq-dongxing-eggs")
		r, err := f.svc.Place(ctx, a, owner, orders.Checkout{Address: home, Method: payments.StationCash,
			Choices: map[int64]orders.Choice{p.OrgID: {Delivery: orders.Pickup, PointID: pt.ID}}})
		if err != nil {
			t.Fatal(err)
		}
		f.now = f.now.Add(49 * time.Hour)
		if n, err := f.svc.Expire(ctx); err != nil || n != 1 {
			t.Fatalf("Expire = %d, %v; want 1", n, err)
		}
		if err := f.svc.ConfirmCash(ctx, f.actors["station-dongxing@maeul.test"], r.Payment.Ref); !errs.Is(err, errs.Conflict) {
			t.Errorf("confirming cash of an expired checkout: %v, want conflict", err)
		}
	})
}
