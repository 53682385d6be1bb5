package parcels_test

import (
	"context"
	"sync"
	"testing"

	"maeul/internal/errs"
	"maeul/internal/money"
	"maeul/internal/orders"
	"maeul/internal/parcels"
	"maeul/internal/payments"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

// atPickupUnpaid places an order of Dongxing's eggs paid in cash on
// pick-up at Laotou's station, has its seller ship it unpaid and the
// prefecture's admin scan it along its route to the station, and returns
// the order, its payment and the parcel as the buyer sees it (with its
// code).
func (f *fixture) atPickupUnpaid(t *testing.T) (orders.Order, payments.Record, parcels.Parcel) {
	t.Helper()
	ctx := context.Background()
	f.orders.Providers[payments.PickupCash] = payments.CashOnPickup{}
	buyer := f.actors["shopper@maeul.test"]
	p, err := f.db.Product(ctx, "wq-dongxing-eggs")
	if err != nil {
		t.Fatal(err)
	}
	owner := orders.CartOwner(buyer, "")
	if _, _, err := f.orders.Add(ctx, buyer, owner, orders.CartItem{VariantID: p.Variants[0].ID, Qty: 3}); err != nil {
		t.Fatal(err)
	}
	r, err := f.orders.Place(ctx, buyer, owner, orders.Checkout{Address: laotou, Method: payments.PickupCash,
		Choices: map[int64]orders.Choice{p.OrgID: {Delivery: orders.Pickup, PointID: f.point(t, "yj-laotou-vstation").ID}}})
	if err != nil {
		t.Fatal(err)
	}
	id := r.OrderIDs[0]
	if err := f.orders.Ship(ctx, f.actors["seller-dongxing@maeul.test"], id, "", ""); err != nil {
		t.Fatalf("shipping an order paid on pick-up: %v", err)
	}
	pc, err := f.parcels.ParcelForOrder(ctx, buyer, id)
	if err != nil {
		t.Fatal(err)
	}
	admin := f.actors["prefecture@maeul.test"]
	for i, l := range pc.Legs {
		if _, err := f.parcels.Scan(ctx, admin, parcels.ScanInput{ScanID: "h" + l.Node() + string(rune('0'+i)), ParcelID: pc.ID, Node: l.Node(), At: f.now}); err != nil {
			t.Fatalf("scan at %s: %v", l.Node(), err)
		}
	}
	if pc, err = f.parcels.ParcelForOrder(ctx, buyer, id); err != nil {
		t.Fatal(err)
	}
	if pc.State != parcels.AtPickup || pc.PickupCode == "" {
		t.Fatalf("parcel at the station: %s, code %q; want at_pickup with a code", pc.State, pc.PickupCode)
	}
	o, err := f.db.Order(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	pay, err := f.db.GroupPayment(ctx, o.GroupID)
	if err != nil {
		t.Fatal(err)
	}
	if o.Status != orders.Shipped || pay.Status != payments.Pending {
		t.Fatalf("order at the station: %s, payment %s; want shipped and pending", o.Status, pay.Status)
	}
	return o, pay, pc
}

// wrongCode returns a code of the right shape other than code.
func wrongCode(code string) string {
	if code == "000000" {
		return "111111"
	}
	return "000000"
}

// TestCashPickUpPostsOnce hands over a parcel paid in cash on pick-up: a
// wrong code is refused and a wrong amount too, both changing nothing;
// then the right code and amount sent eight times at once (a form sent
// twice, two tabs) hand it over once: one sends it, the others find it
// handed over and change nothing, and the order is delivered and paid
// with its sale posted to the impact ledger exactly once.
func TestCashPickUpPostsOnce(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		o, pay, pc := f.atPickupUnpaid(t)
		op := f.actors["county-yanji@maeul.test"] // works at Laotou's station, as its region's admin
		before, err := db.VerifyLedger(ctx)
		if err != nil {
			t.Fatal(err)
		}

		if _, err := f.parcels.HandOver(ctx, op, parcels.HandOverInput{ParcelID: pc.ID, Code: wrongCode(pc.PickupCode), Cash: pay.Amount}); !errs.HasReason(err, "err.parcels.wrong_code") || !errs.Is(err, errs.Invalid) {
			t.Errorf("a wrong code: %v, want refused (invalid)", err)
		}
		if _, err := f.parcels.HandOver(ctx, op, parcels.HandOverInput{ParcelID: pc.ID, Code: pc.PickupCode, Cash: pay.Amount - 1}); errs.FieldOf(err) != "cash" {
			t.Errorf("a wrong amount: %v, want refused for the cash", err)
		}
		if _, err := f.parcels.HandOver(ctx, op, parcels.HandOverInput{ParcelID: pc.ID, Code: pc.PickupCode}); errs.FieldOf(err) != "cash" {
			t.Errorf("no cash for an order paid on pick-up: %v, want refused for the cash", err)
		}
		if _, err := f.parcels.HandOver(ctx, f.actors["station-dongxing@maeul.test"], parcels.HandOverInput{ParcelID: pc.ID, Code: pc.PickupCode, Cash: pay.Amount}); !errs.Is(err, errs.Forbidden) {
			t.Errorf("another station's operator: %v, want forbidden", err)
		}
		if got, _ := db.Order(ctx, o.ID); got.Status != orders.Shipped {
			t.Errorf("order after the refusals: %s, want shipped", got.Status)
		}
		if tries, _ := db.Tries(ctx, []int64{pc.ID}); tries[pc.ID] != 1 {
			t.Errorf("tries after one wrong code and refused amounts: %d, want 1", tries[pc.ID])
		}

		const n = 8
		var wg sync.WaitGroup
		results := make([]parcels.Handed, n)
		errors := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i], errors[i] = f.parcels.HandOver(ctx, op, parcels.HandOverInput{ParcelID: pc.ID, Code: pc.PickupCode, Cash: pay.Amount})
			}()
		}
		wg.Wait()
		sent, paid := 0, money.Fen(0)
		for i := range n {
			if errors[i] != nil {
				t.Errorf("submission %d: %v, want success", i, errors[i])
				continue
			}
			if !results[i].Repeated {
				sent++
			}
			paid += results[i].Paid
		}
		if sent != 1 || paid != pay.Amount {
			t.Errorf("%d submissions: %d handed over, %s paid; want 1 and %s", n, sent, paid, pay.Amount)
		}
		got, err := db.Order(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		gotPay, err := db.GroupPayment(ctx, o.GroupID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != orders.Delivered || gotPay.Status != payments.Paid || gotPay.ConfirmedBy != op.ID {
			t.Errorf("after the hand-over: order %s, payment %s by %d; want delivered, paid by %d", got.Status, gotPay.Status, gotPay.ConfirmedBy, op.ID)
		}
		rep, err := db.VerifyLedger(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !rep.OK() || rep.PaidLines != before.PaidLines+int64(len(got.Lines)) {
			t.Errorf("ledger after the hand-over: %+v; want clean with the order's %d lines posted once more than %d", rep, len(got.Lines), before.PaidLines)
		}
		if tries, _ := db.Tries(ctx, []int64{pc.ID}); len(tries) != 0 {
			t.Errorf("tries after the hand-over: %v, want none", tries)
		}
		// Once more, later: nothing changes.
		again, err := f.parcels.HandOver(ctx, op, parcels.HandOverInput{ParcelID: pc.ID, Code: pc.PickupCode, Cash: pay.Amount})
		if err != nil || !again.Repeated || again.Paid != 0 {
			t.Errorf("sending the form again: %+v, %v; want a repeat that changes nothing", again, err)
		}
		if rep2, _ := db.VerifyLedger(ctx); rep2.PaidLines != rep.PaidLines || rep2.Transactions != rep.Transactions {
			t.Errorf("ledger after sending again: %+v, want unchanged from %+v", rep2, rep)
		}
	})
}

// TestWrongCodesLockTheParcel tries MaxTries wrong codes: the parcel is
// then locked, even against the right code, until an admin of the
// station's region unlocks it; its operator may not.
func TestWrongCodesLockTheParcel(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		_, pay, pc := f.atPickupUnpaid(t)
		op := f.actors["county-yanji@maeul.test"]
		for i := range parcels.MaxTries {
			if _, err := f.parcels.HandOver(ctx, op, parcels.HandOverInput{ParcelID: pc.ID, Code: wrongCode(pc.PickupCode), Cash: pay.Amount}); !errs.HasReason(err, "err.parcels.wrong_code") {
				t.Fatalf("wrong code %d: %v, want refused", i+1, err)
			}
		}
		right := parcels.HandOverInput{ParcelID: pc.ID, Code: pc.PickupCode, Cash: pay.Amount}
		if _, err := f.parcels.HandOver(ctx, op, right); !errs.HasReason(err, "err.parcels.locked") {
			t.Errorf("the right code on a locked parcel: %v, want locked", err)
		}
		if err := f.parcels.Unlock(ctx, f.actors["station-dongxing@maeul.test"], pc.ID); !errs.Is(err, errs.Forbidden) {
			t.Errorf("an operator unlocking: %v, want forbidden", err)
		}
		if err := f.parcels.Unlock(ctx, f.actors["county-wangqing@maeul.test"], pc.ID); !errs.Is(err, errs.Forbidden) {
			t.Errorf("another county's admin unlocking: %v, want forbidden", err)
		}
		if err := f.parcels.Unlock(ctx, op, pc.ID); err != nil {
			t.Fatalf("the county admin unlocking: %v", err)
		}
		if done, err := f.parcels.HandOver(ctx, op, right); err != nil || done.Repeated || done.Parcel.State != parcels.HandedOver {
			t.Errorf("the right code once unlocked: %+v, %v; want handed over", done, err)
		}
	})
}
