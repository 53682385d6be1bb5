package orders_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/money"
	"maeul/internal/orders"
	"maeul/internal/payments"
	"maeul/internal/promo"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	storetest.Cleanup()
	os.Exit(code)
}

type fixture struct {
	db     *store.DB
	svc    *orders.Service
	wallet *payments.Wallet
	now    time.Time
	actors map[string]accounts.Actor
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	f := &fixture{db: db, now: time.Now().UTC(), actors: storetest.Demo(t, db)}
	f.wallet = &payments.Wallet{Secret: []byte("test secret"), Base: "/sandbox/pay/"}
	f.svc = &orders.Service{
		Store: db, Orgs: db, Points: db, Logger: slog.New(slog.DiscardHandler),
		Providers: map[payments.Method]payments.Provider{
			payments.Sandbox:     &payments.SandboxProvider{Wallet: f.wallet},
			payments.StationCash: payments.Cash{},
		},
		Now: func() time.Time { return f.now },
	}
	return f
}

// buyer creates a shopper account quickly.
func (f *fixture) buyer(t testing.TB, i int) accounts.Actor {
	t.Helper()
	id, err := f.db.CreateUser(context.Background(), accounts.User{Email: fmt.Sprintf("buyer%d@x.test", i), Name: "B", Role: accounts.Shopper, Lang: i18n.Ko}, "x")
	if err != nil {
		t.Fatal(err)
	}
	u, _ := f.db.User(context.Background(), id)
	return accounts.Actor{User: u}
}

func (f *fixture) variant(t testing.TB, code string, i int) catalog.Variant {
	t.Helper()
	p, err := f.db.Product(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	return p.Variants[i]
}

var home = orders.Address{Name: "김민지", Phone: "13800001111", Region: "222424100201", Detail: "동흥촌 3조 12호"}

func (f *fixture) buy(ctx context.Context, a accounts.Actor, items ...orders.CartItem) (orders.Result, error) {
	owner := orders.CartOwner(a, "")
	for _, it := range items {
		if _, _, err := f.svc.Add(ctx, a, owner, it); err != nil {
			return orders.Result{}, err
		}
	}
	return f.svc.Place(ctx, a, owner, orders.Checkout{Address: home, Method: payments.Sandbox})
}

func (f *fixture) pay(ctx context.Context, r orders.Result) error {
	n := f.wallet.Pay(payments.Payment{Ref: r.Payment.Ref, Amount: r.Payment.Amount})
	_, err := f.svc.Notified(ctx, payments.Verified{Notice: n, Nonce: payments.NewRef(), At: f.now})
	return err
}

func TestFlashSaleNeverOversells(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		v := f.variant(t, "wq-dongxing-eggs", 0)
		// Give the variant 100 units; the sale offers 50, two per buyer.
		p, _ := db.Product(ctx, "wq-dongxing-eggs")
		p.Variants[0].Stock = 100
		if _, err := db.SaveProducts(ctx, []catalog.Product{p}, []catalog.Change{{OrgID: p.OrgID, Action: "test", At: f.now}}); err != nil {
			t.Fatal(err)
		}
		sale, err := db.CreateFlashSale(ctx, promo.FlashSale{VariantID: v.ID, Price: 990, Starts: f.now.Add(-time.Minute), Ends: f.now.Add(time.Hour), Cap: 50, PerBuyer: 2})
		if err != nil {
			t.Fatal(err)
		}
		const buyers = 150
		actors := make([]accounts.Actor, buyers)
		for i := range actors {
			actors[i] = f.buyer(t, i)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		placed := 0
		for i := 0; i < buyers; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				for try := 0; try < 2; try++ { // each buyer tries twice, 1–3 units
					r, err := f.buy(ctx, actors[i], orders.CartItem{VariantID: v.ID, Qty: 1 + (i+try)%3})
					if err != nil {
						continue
					}
					if err := f.pay(ctx, r); err != nil {
						t.Errorf("pay: %v", err)
					}
					mu.Lock()
					placed++
					mu.Unlock()
				}
			}(i)
		}
		wg.Wait()
		fs, err := db.FlashSale(ctx, sale)
		if err != nil {
			t.Fatal(err)
		}
		sold, perBuyer := 0, map[int64]int{}
		for _, a := range actors {
			os, err := db.Orders(ctx, orders.Filter{BuyerID: a.ID})
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range os {
				if o.Status != orders.Paid {
					t.Errorf("order %d is %s, want paid", o.ID, o.Status)
				}
				for _, l := range o.Lines {
					if l.FlashSaleID == sale {
						sold += l.Qty
						perBuyer[a.ID] += l.Qty
						if l.UnitPrice != 990 {
							t.Errorf("flash line priced %d", l.UnitPrice)
						}
					}
				}
			}
		}
		if sold > 50 || fs.Sold != sold {
			t.Errorf("sold %d flash units (sale counter %d), cap 50", sold, fs.Sold)
		}
		for id, n := range perBuyer {
			if n > 2 {
				t.Errorf("buyer %d bought %d flash units, limit 2", id, n)
			}
		}
		got := f.variant(t, "wq-dongxing-eggs", 0)
		var all int
		for _, a := range actors {
			os, _ := db.Orders(ctx, orders.Filter{BuyerID: a.ID})
			for _, o := range os {
				for _, l := range o.Lines {
					all += l.Qty
				}
			}
		}
		if got.Stock != 100-all || got.Stock < 0 {
			t.Errorf("stock %d after selling %d of 100", got.Stock, all)
		}
		if sold < 40 {
			t.Errorf("only %d of 50 flash units sold to %d eager buyers", sold, buyers)
		}
		t.Logf("%s: %d checkouts, %d flash units sold, %d units in all, stock left %d", db.Engine(), placed, sold, all, got.Stock)
	})
}

func TestCheckoutAcrossStoresPayRefund(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		a := f.buyer(t, 1)
		eggs := f.variant(t, "wq-dongxing-eggs", 0)
		rice := f.variant(t, "yj-chaoyangchuan-rice", 0)
		third := f.variant(t, "tm-apple-pears", 0)
		r, err := f.buy(ctx, a, orders.CartItem{VariantID: eggs.ID, Qty: 2}, orders.CartItem{VariantID: rice.ID, Qty: 1}, orders.CartItem{VariantID: third.ID, Qty: 3})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.OrderIDs) != 3 {
			t.Fatalf("checkout made %d orders, want 3", len(r.OrderIDs))
		}
		if r.Start.RedirectURL == "" {
			t.Error("no pay page for the sandbox")
		}
		os, pay, err := f.svc.Group(ctx, a, r.GroupID)
		if err != nil {
			t.Fatal(err)
		}
		var sum money.Fen
		for _, o := range os {
			sum += o.Total
			if o.Status != orders.PendingPayment {
				t.Errorf("order %d is %s", o.ID, o.Status)
			}
		}
		if sum != pay.Amount {
			t.Errorf("payment %s for orders worth %s", pay.Amount, sum)
		}
		if got := f.variant(t, "wq-dongxing-eggs", 0); got.Stock != eggs.Stock-2 {
			t.Errorf("eggs stock %d, want %d reserved", got.Stock, eggs.Stock-2)
		}
		if err := f.pay(ctx, r); err != nil {
			t.Fatal(err)
		}
		// A second delivery of the same notice (new nonce) changes nothing.
		if c, err := f.svc.Notified(ctx, payments.Verified{Notice: f.wallet.Pay(payments.Payment{Ref: pay.Ref, Amount: pay.Amount}), Nonce: "again"}); err != nil || c.Changed {
			t.Errorf("second notice: changed %v, %v", c.Changed, err)
		}
		// A replayed nonce is refused.
		if _, err := f.svc.Notified(ctx, payments.Verified{Notice: f.wallet.Pay(payments.Payment{Ref: pay.Ref, Amount: pay.Amount}), Nonce: "again"}); !errs.Is(err, errs.Conflict) {
			t.Errorf("replayed nonce: %v", err)
		}
		o3, _ := db.Order(ctx, r.OrderIDs[2])
		seller := f.actors["seller-dongxing@maeul.test"]
		if _, err := f.svc.Refund(ctx, seller, o3.ID, map[int64]int{o3.Lines[0].ID: 1}, true, "bruised"); !errs.Is(err, errs.Forbidden) {
			t.Errorf("another store's seller refunding: %v", err)
		}
		o1, _ := db.Order(ctx, r.OrderIDs[0])
		plan, err := f.svc.Refund(ctx, seller, o1.ID, map[int64]int{o1.Lines[0].ID: 1}, true, "one broken egg tray")
		if err != nil {
			t.Fatal(err)
		}
		o1, _ = db.Order(ctx, o1.ID)
		if o1.RefundState != orders.PartiallyRefunded || o1.Refunded != plan.Total || o1.Status != orders.Paid {
			t.Errorf("after a partial refund: %s/%s refunded %s (plan %s)", o1.Status, o1.RefundState, o1.Refunded, plan.Total)
		}
		if got := f.variant(t, "wq-dongxing-eggs", 0); got.Stock != eggs.Stock-1 {
			t.Errorf("eggs stock %d after restocking one, want %d", got.Stock, eggs.Stock-1)
		}
		// Refund the rest: the order is refunded in full, shipping too.
		plan2, err := f.svc.Refund(ctx, seller, o1.ID, map[int64]int{o1.Lines[0].ID: 1}, false, "rest")
		if err != nil {
			t.Fatal(err)
		}
		o1, _ = db.Order(ctx, o1.ID)
		if o1.Status != orders.Refunded || o1.Refunded != o1.Total || plan.Total+plan2.Total != o1.Total {
			t.Errorf("after the full refund: %s refunded %s of %s", o1.Status, o1.Refunded, o1.Total)
		}
		// The seller of order 2 packs and ships it; illegal moves are refused.
		o2, _ := db.Order(ctx, r.OrderIDs[1])
		rs := f.actors["seller-yanji@maeul.test"]
		if err := f.svc.Ship(ctx, rs, o2.ID, "EMS", "EA123"); !errs.Is(err, errs.Conflict) {
			t.Errorf("shipping before packing: %v", err)
		}
		if err := f.svc.Pack(ctx, rs, o2.ID); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Cancel(ctx, a, o2.ID, "changed my mind"); !errs.Is(err, errs.Conflict) {
			t.Errorf("cancelling a packed order: %v", err)
		}
		if err := f.svc.Ship(ctx, rs, o2.ID, "EMS", "EA123"); err != nil {
			t.Fatal(err)
		}
		o2, _ = db.Order(ctx, o2.ID)
		if len(o2.Events) != 4 || o2.Tracking != "EA123" {
			t.Errorf("events %+v, tracking %q", o2.Events, o2.Tracking)
		}
		// The buyer cancels the paid third order before packing: refunded and restocked.
		before := f.variant(t, "tm-apple-pears", 0)
		if err := f.svc.Cancel(ctx, a, r.OrderIDs[2], "too many pears"); err != nil {
			t.Fatal(err)
		}
		o3, _ = db.Order(ctx, r.OrderIDs[2])
		if o3.Status != orders.Cancelled || o3.Refunded != o3.Total {
			t.Errorf("cancelled paid order: %s refunded %s of %s", o3.Status, o3.Refunded, o3.Total)
		}
		if got := f.variant(t, "tm-apple-pears", 0); got.Stock != before.Stock+3 {
			t.Errorf("pears stock %d after the cancel, want %d", got.Stock, before.Stock+3)
		}
	})
}

func TestUnpaidOrdersExpire(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		a := f.buyer(t, 1)
		eggs := f.variant(t, "wq-dongxing-eggs", 0)
		r, err := f.buy(ctx, a, orders.CartItem{VariantID: eggs.ID, Qty: 2})
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := f.svc.Expire(ctx); n != 0 {
			t.Errorf("expired %d groups before the window closed", n)
		}
		f.now = f.now.Add(16 * time.Minute)
		if n, err := f.svc.Expire(ctx); err != nil || n != 1 {
			t.Fatalf("Expire = %d, %v; want 1", n, err)
		}
		o, _ := db.Order(ctx, r.OrderIDs[0])
		if o.Status != orders.Cancelled {
			t.Errorf("expired order is %s", o.Status)
		}
		if got := f.variant(t, "wq-dongxing-eggs", 0); got.Stock != eggs.Stock {
			t.Errorf("stock %d after expiry, want %d back", got.Stock, eggs.Stock)
		}
		// A late notification does not resurrect it (late_test.go: it is
		// recorded and refunded).
		if err := f.pay(ctx, r); err != nil {
			t.Errorf("paying an expired checkout: %v", err)
		}
		if o, _ := db.Order(ctx, r.OrderIDs[0]); o.Status != orders.Cancelled {
			t.Errorf("expired order paid late is %s", o.Status)
		}
	})
}

func TestStationCash(t *testing.T) {
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
		c := orders.Checkout{Address: home, Method: payments.StationCash, Choices: map[int64]orders.Choice{p.OrgID: {Delivery: orders.Pickup, PointID: pt.ID}}}
		r, err := f.svc.Place(ctx, a, owner, c)
		if err != nil {
			t.Fatal(err)
		}
		if o, _ := db.Order(ctx, r.OrderIDs[0]); o.Shipping != 0 {
			t.Errorf("pick-up charged %s shipping", o.Shipping)
		}
		if err := f.svc.ConfirmCash(ctx, f.actors["seller-yanji@maeul.test"], r.Payment.Ref); !errs.Is(err, errs.Forbidden) {
			t.Errorf("a seller confirming cash: %v", err)
		}
		if err := f.svc.ConfirmCash(ctx, f.actors["station-dongxing@maeul.test"], r.Payment.Ref); err != nil {
			t.Fatal(err)
		}
		if o, _ := db.Order(ctx, r.OrderIDs[0]); o.Status != orders.Paid {
			t.Errorf("after cash: %s", o.Status)
		}
		// A pick-up point that does not serve the address is refused.
		f.svc.Add(ctx, a, owner, orders.CartItem{VariantID: eggs.ID, Qty: 1})
		far, _ := db.ServicePoint(ctx, "yj-yilan-station")
		c.Choices = map[int64]orders.Choice{p.OrgID: {Delivery: orders.Pickup, PointID: far.ID}}
		if _, err := f.svc.Place(ctx, a, owner, c); !errs.Is(err, errs.Invalid) {
			t.Errorf("pick-up at a station that does not serve the village: %v", err)
		}
	})
}

func TestCancelAfterPartialRefundReturnsOnlyHeldUnits(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		a := f.buyer(t, 1)
		eggs := f.variant(t, "wq-dongxing-eggs", 0)
		r, err := f.buy(ctx, a, orders.CartItem{VariantID: eggs.ID, Qty: 3})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.pay(ctx, r); err != nil {
			t.Fatal(err)
		}
		o, _ := db.Order(ctx, r.OrderIDs[0])
		seller := f.actors["seller-dongxing@maeul.test"]
		// One tray arrived broken: refunded, not restocked.
		if _, err := f.svc.Refund(ctx, seller, o.ID, map[int64]int{o.Lines[0].ID: 1}, false, "broken"); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Cancel(ctx, a, o.ID, "no longer needed"); err != nil {
			t.Fatal(err)
		}
		o, _ = db.Order(ctx, o.ID)
		if o.Status != orders.Cancelled || o.Refunded != o.Total {
			t.Errorf("order %s refunded %s of %s", o.Status, o.Refunded, o.Total)
		}
		if got := f.variant(t, "wq-dongxing-eggs", 0); got.Stock != eggs.Stock-1 {
			t.Errorf("stock %d, want %d: the broken tray must not come back", got.Stock, eggs.Stock-1)
		}
		var pending int
		if rs, err := db.PendingRefunds(ctx, 10); err != nil || len(rs) != pending {
			t.Errorf("pending refunds %v, %v; want none once the provider paid", rs, err)
		}
	})
}

func TestLedgerPostsSalesAndRefundsAndShowsTampering(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		// The demo data has sales of its own.
		demoRep, err := db.VerifyLedger(ctx)
		if err != nil {
			t.Fatal(err)
		}
		a := f.buyer(t, 1)
		eggs := f.variant(t, "wq-dongxing-eggs", 0)
		r, err := f.buy(ctx, a, orders.CartItem{VariantID: eggs.ID, Qty: 3})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.pay(ctx, r); err != nil {
			t.Fatal(err)
		}
		o, _ := db.Order(ctx, r.OrderIDs[0])
		if _, err := f.svc.Refund(ctx, f.actors["seller-dongxing@maeul.test"], o.ID, map[int64]int{o.Lines[0].ID: 1}, true, "one tray"); err != nil {
			t.Fatal(err)
		}
		rep, err := db.VerifyLedger(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !rep.OK() || rep.PaidLines != demoRep.PaidLines+1 || rep.RefundLines != demoRep.RefundLines+1 || rep.Entries < demoRep.Entries+4 {
			t.Fatalf("verify = %+v (after the demo's sales %+v)", rep, demoRep)
		}
		// Tamper with one entry behind the ledger's back.
		if err := db.TamperForTest(ctx, 2); err != nil {
			t.Fatal(err)
		}
		rep, err = db.VerifyLedger(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if rep.OK() || !strings.Contains(strings.Join(rep.Problems, "\n"), "entry 2 ") {
			t.Errorf("verify after tampering with entry 2: %q", rep.Problems)
		}
	})
}

// TestAddReturnsTheCart checks that adding to the cart answers with the
// cart as Cart prices it, that a quantity the stock cannot meet is refused
// with nothing written, and that another item's problem does not stop an
// addition.
func TestAddReturnsTheCart(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		a := f.buyer(t, 1)
		owner := orders.CartOwner(a, "")
		eggs := f.variant(t, "wq-dongxing-eggs", 0)
		rice := f.variant(t, "yj-chaoyangchuan-rice", 0)
		for _, it := range []orders.CartItem{{VariantID: rice.ID, Qty: 1}, {VariantID: eggs.ID, Qty: 1}, {VariantID: rice.ID, Qty: 2}} {
			q, items, err := f.svc.Add(ctx, a, owner, it)
			if err != nil {
				t.Fatalf("Add %+v: %v", it, err)
			}
			wantQ, wantItems, err := f.svc.Cart(ctx, a, owner)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(wantItems, items); diff != "" {
				t.Errorf("after adding %+v, items (-Cart +Add):\n%s", it, diff)
			}
			if diff := cmp.Diff(wantQ, q); diff != "" {
				t.Errorf("after adding %+v, quote (-Cart +Add):\n%s", it, diff)
			}
		}
		// Rice now holds 3: more than its stock is refused and changes nothing.
		p, _ := db.Product(ctx, "yj-chaoyangchuan-rice")
		_, _, err := f.svc.Add(ctx, a, owner, orders.CartItem{VariantID: rice.ID, Qty: p.Variants[0].Stock})
		if !errs.Is(err, errs.Invalid) {
			t.Errorf("adding past the stock: %v, want Invalid", err)
		}
		if _, items, _ := f.svc.Cart(ctx, a, owner); len(items) != 2 || items[0].Qty != 3 || items[1].Qty != 1 {
			t.Errorf("after a refused addition the cart holds %+v, want rice ×3 and eggs ×1", items)
		}
		// The rice sells out elsewhere; eggs can still be added.
		p.Variants[0].Stock = 0
		if _, err := db.SaveProducts(ctx, []catalog.Product{p}, []catalog.Change{{OrgID: p.OrgID, Action: "test", At: f.now}}); err != nil {
			t.Fatal(err)
		}
		q, items, err := f.svc.Add(ctx, a, owner, orders.CartItem{VariantID: eggs.ID, Qty: 1})
		if err != nil {
			t.Fatalf("adding eggs beside sold-out rice: %v", err)
		}
		if len(items) != 2 || items[1].Qty != 2 || len(q.Problems) != 1 || q.Problems[0].VariantID != rice.ID {
			t.Errorf("cart %+v with problems %+v, want eggs ×2 and the rice's problem", items, q.Problems)
		}
	})
}

func TestCheckoutOptions(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		f.svc.PayWindow = 20 * time.Minute
		a := f.buyer(t, 1)
		owner := orders.CartOwner(a, "")
		eggs := f.variant(t, "wq-dongxing-eggs", 0)
		if _, _, err := f.svc.Add(ctx, a, owner, orders.CartItem{VariantID: eggs.ID, Qty: 1}); err != nil {
			t.Fatal(err)
		}
		station, err := db.ServicePoint(ctx, "wq-dongxing-vstation")
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name       string
			choices    orders.CheckoutChoices
			wantPoint  bool // the station among the points offered
			wantPickup string
			wantCash   string
		}{
			{"no village yet", orders.CheckoutChoices{Pickup: map[string]string{"wq-dongxing-store": station.Code}}, false, "", ""},
			{"home delivery", orders.CheckoutChoices{Region: home.Region}, true, "", ""},
			{"pick-up at the village station", orders.CheckoutChoices{Region: home.Region, Pickup: map[string]string{"wq-dongxing-store": station.Code}}, true, station.Code, station.Code},
			{"a point that does not serve the village", orders.CheckoutChoices{Region: home.Region, Pickup: map[string]string{"wq-dongxing-store": "yj-yilan-station"}}, true, "", ""},
			{"an unknown coupon", orders.CheckoutChoices{Region: home.Region, Coupon: "NOPE"}, true, "", ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				opts, err := f.svc.CheckoutOptions(ctx, a, owner, tt.choices)
				if err != nil {
					t.Fatal(err)
				}
				if got, want := opts.PayWindow, 20*time.Minute; got != want {
					t.Errorf("pay window %v, want %v", got, want)
				}
				if got, want := opts.CashWindow, orders.DefaultCashWindow; got != want {
					t.Errorf("cash window %v, want %v", got, want)
				}
				offered := false
				for _, pt := range opts.Points {
					offered = offered || pt.Code == station.Code
					if !orders.TakesPickup(pt, tt.choices.Region) {
						t.Errorf("point %s offered, but it cannot take pick-ups for %s", pt.Code, tt.choices.Region)
					}
				}
				if offered != tt.wantPoint {
					t.Errorf("station offered %v, want %v (points %v)", offered, tt.wantPoint, opts.Points)
				}
				if len(opts.Stores) != 1 {
					t.Fatalf("%d stores, want 1", len(opts.Stores))
				}
				st := opts.Stores[0]
				gotPickup := ""
				if st.Pickup != nil {
					gotPickup = st.Pickup.Code
				}
				if gotPickup != tt.wantPickup {
					t.Errorf("pick-up at %q, want %q", gotPickup, tt.wantPickup)
				}
				gotCash := ""
				if opts.CashPoint != nil {
					gotCash = opts.CashPoint.Code
				}
				if gotCash != tt.wantCash {
					t.Errorf("cash at %q, want %q", gotCash, tt.wantCash)
				}
				wantShipping := st.HomeFee
				if tt.wantPickup != "" {
					wantShipping = 0
				}
				if got := st.Order.Shipping; got != wantShipping {
					t.Errorf("shipping %s, want %s", got, wantShipping)
				}
				wantProblems := 0
				if tt.choices.Coupon != "" {
					wantProblems = 1
				}
				if got := len(opts.Quote.Problems); got != wantProblems {
					t.Errorf("%d problems, want %d: %v", got, wantProblems, opts.Quote.Problems)
				}
				if q, err := f.svc.Quote(ctx, a, owner, orders.Checkout{Choices: map[int64]orders.Choice{st.Org.ID: pickupOf(st)}, Coupon: tt.choices.Coupon}); err != nil || q.Total != opts.Quote.Total {
					t.Errorf("Quote for the same choices: total %s, %v; the options' %s", q.Total, err, opts.Quote.Total)
				}
			})
		}
	})
}

// pickupOf is the delivery choice a store's options made.
func pickupOf(st orders.StoreOptions) orders.Choice {
	if st.Pickup == nil {
		return orders.Choice{}
	}
	return orders.Choice{Delivery: orders.Pickup, PointID: st.Pickup.ID}
}

func TestStationCounterPages(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		f.svc.PickupPage = 2
		eggs := f.variant(t, "wq-dongxing-eggs", 0)
		pt, err := db.ServicePoint(ctx, "wq-dongxing-vstation")
		if err != nil {
			t.Fatal(err)
		}
		p, err := db.Product(ctx, "wq-dongxing-eggs")
		if err != nil {
			t.Fatal(err)
		}
		// Five pick-ups at the station, three paid online and two to be
		// paid in cash there.
		var paid []int64
		for i := range 5 {
			a := f.buyer(t, 10+i)
			owner := orders.CartOwner(a, "")
			if _, _, err := f.svc.Add(ctx, a, owner, orders.CartItem{VariantID: eggs.ID, Qty: 1}); err != nil {
				t.Fatal(err)
			}
			method := payments.Sandbox
			if i >= 3 {
				method = payments.StationCash
			}
			f.now = f.now.Add(time.Second)
			c := orders.Checkout{Address: home, Method: method, Choices: map[int64]orders.Choice{p.OrgID: {Delivery: orders.Pickup, PointID: pt.ID}}}
			r, err := f.svc.Place(ctx, a, owner, c)
			if err != nil {
				t.Fatal(err)
			}
			if method == payments.Sandbox {
				if err := f.pay(ctx, r); err != nil {
					t.Fatal(err)
				}
				paid = append(paid, r.OrderIDs[0])
			}
		}
		operator := f.actors["station-dongxing@maeul.test"]
		var got []int64
		for page := 0; ; page++ {
			os, more, err := f.svc.Pickups(ctx, operator, pt, page)
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range os {
				got = append(got, o.ID)
			}
			if !more {
				break
			}
			if page > 5 {
				t.Fatal("the pages do not end")
			}
		}
		want := []int64{paid[2], paid[1], paid[0]} // newest first
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("pick-ups over the pages (-want +got):\n%s", diff)
		}
		due, err := f.svc.PendingCash(ctx, operator, pt)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(due), 2; got != want {
			t.Errorf("%d checkouts to pay in cash, want %d", got, want)
		}
		for _, d := range due {
			if len(d.Orders) != 1 || d.Orders[0].GroupID != d.Payment.GroupID {
				t.Errorf("cash due %s: orders %v", d.Payment.Ref, d.Orders)
			}
		}
		for _, who := range []string{"seller-yanji@maeul.test", "shopper@maeul.test", "county-yanji@maeul.test"} {
			if _, _, err := f.svc.Pickups(ctx, f.actors[who], pt, 0); !errs.Is(err, errs.Forbidden) {
				t.Errorf("%s reading the station's pick-ups: %v, want Forbidden", who, err)
			}
			if _, err := f.svc.PendingCash(ctx, f.actors[who], pt); !errs.Is(err, errs.Forbidden) {
				t.Errorf("%s reading the station's cash: %v, want Forbidden", who, err)
			}
		}
	})
}
