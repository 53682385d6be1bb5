package orders_test

import (
	"context"
	"testing"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/orders"
	"maeul/internal/payments"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

// placeOnPickup places a checkout of the first variant of each product,
// qty units each, picked up at the Dongxing village station and paid by
// method.
func (f *fixture) placeOnPickup(t *testing.T, a accounts.Actor, method payments.Method, qty int, products ...string) (orders.Result, error) {
	t.Helper()
	ctx := context.Background()
	owner := orders.CartOwner(a, "")
	choices := map[int64]orders.Choice{}
	pt, err := f.db.ServicePoint(ctx, "wq-dongxing-vstation")
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range products {
		p, err := f.db.Product(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.svc.Add(ctx, a, owner, orders.CartItem{VariantID: p.Variants[0].ID, Qty: qty}); err != nil {
			t.Fatal(err)
		}
		choices[p.OrgID] = orders.Choice{Delivery: orders.Pickup, PointID: pt.ID}
	}
	return f.svc.Place(ctx, a, owner, orders.Checkout{Address: home, Method: method, Choices: choices})
}

// TestCashOnPickupShipsUnpaid checks the order paid in cash on pick-up:
// one store's pick-up only; its seller ships it unpaid, and a shipped one
// no longer expires while an unshipped one still does; it cannot be
// delivered, refunded or confirmed as station cash while unpaid; and no
// other unpaid order may be shipped.
func TestCashOnPickupShipsUnpaid(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		f.svc.Providers[payments.PickupCash] = payments.CashOnPickup{}
		seller := f.actors["seller-dongxing@maeul.test"]
		operator := f.actors["station-dongxing@maeul.test"]
		eggs := f.variant(t, "wq-dongxing-eggs", 0)

		if _, err := f.placeOnPickup(t, f.buyer(t, 1), payments.PickupCash, 1, "wq-dongxing-eggs", "yj-chaoyangchuan-rice"); !errs.HasReason(err, "err.orders.pickup_cash_one_store") {
			t.Errorf("two stores' orders paid on pick-up: %v, want refused", err)
		}

		shipped, err := f.placeOnPickup(t, f.buyer(t, 2), payments.PickupCash, 2, "wq-dongxing-eggs")
		if err != nil {
			t.Fatal(err)
		}
		waiting, err := f.placeOnPickup(t, f.buyer(t, 3), payments.PickupCash, 1, "wq-dongxing-eggs")
		if err != nil {
			t.Fatal(err)
		}
		online, err := f.buy(ctx, f.buyer(t, 4), orders.CartItem{VariantID: eggs.ID, Qty: 1})
		if err != nil {
			t.Fatal(err)
		}
		id := shipped.OrderIDs[0]

		if err := f.svc.Pack(ctx, seller, id); !errs.Is(err, errs.Conflict) {
			t.Errorf("packing an order paid on pick-up: %v, want conflict (it ships unpaid)", err)
		}
		if err := f.svc.Ship(ctx, seller, online.OrderIDs[0], "", ""); !errs.HasReason(err, "err.orders.not_paid_yet") {
			t.Errorf("shipping an unpaid online order: %v, want refused", err)
		}
		if err := f.svc.Ship(ctx, seller, id, "", ""); err != nil {
			t.Fatalf("shipping an order paid on pick-up: %v", err)
		}
		if o, _ := db.Order(ctx, id); o.Status != orders.Shipped {
			t.Errorf("order after shipping: %s, want shipped", o.Status)
		}

		if err := f.svc.Deliver(ctx, seller, id); !errs.HasReason(err, "err.orders.not_paid_yet") {
			t.Errorf("seller delivering an unpaid parcel: %v, want refused", err)
		}
		o, _ := db.Order(ctx, id)
		if _, err := f.svc.Refund(ctx, seller, id, map[int64]int{o.Lines[0].ID: 1}, true, "damaged"); !errs.Is(err, errs.Conflict) {
			t.Errorf("refunding an unpaid parcel: %v, want conflict", err)
		}
		if err := f.svc.ConfirmCash(ctx, operator, shipped.Payment.Ref); !errs.HasReason(err, "err.orders.cash_at_hand_over") {
			t.Errorf("confirming cash on pick-up as station cash: %v, want refused", err)
		}

		// The windows close: the shipped order waits for its buyer, the
		// unshipped one and the online one expire.
		f.now = f.now.Add(f.svc.PayWindowOf(payments.PickupCash) + time.Minute)
		if err := f.svc.Ship(ctx, seller, waiting.OrderIDs[0], "", ""); !errs.HasReason(err, "err.orders.ship_window_closed") {
			t.Errorf("shipping after the window closed: %v, want refused", err)
		}
		if n, err := f.svc.Expire(ctx); err != nil || n != 2 {
			t.Errorf("Expire = %d, %v; want 2 (the unshipped and the online checkout)", n, err)
		}
		for _, c := range []struct {
			name   string
			r      orders.Result
			order  orders.Status
			paying payments.Status
		}{
			{"shipped", shipped, orders.Shipped, payments.Pending},
			{"unshipped", waiting, orders.Cancelled, payments.Expired},
			{"online", online, orders.Cancelled, payments.Expired},
		} {
			o, _ := db.Order(ctx, c.r.OrderIDs[0])
			p, _ := db.Payment(ctx, c.r.Payment.Ref)
			if o.Status != c.order || p.Status != c.paying {
				t.Errorf("%s order after expiry: %s, payment %s; want %s, %s", c.name, o.Status, p.Status, c.order, c.paying)
			}
		}
		// Cancelling the shipped checkout by hand is refused too.
		if err := db.CancelPending(ctx, shipped.Payment.GroupID, orders.Cancellation{Status: payments.Expired, At: f.now}); !errs.HasReason(err, "err.orders.shipped_unpaid") {
			t.Errorf("cancelling a checkout shipped unpaid: %v, want refused", err)
		}
		if o, _ := db.Order(ctx, id); o.Status != orders.Shipped {
			t.Errorf("order after the refused cancellation: %s, want shipped", o.Status)
		}
	})
}
