package aftersales_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/aftersales"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/impact"
	"maeul/internal/money"
	"maeul/internal/orders"
	"maeul/internal/payments"
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
	orders *orders.Service
	svc    *aftersales.Service
	wallet *payments.Wallet
	now    time.Time
	actors map[string]accounts.Actor
}

const (
	sellerEmail = "seller-dongxing@maeul.test"
	countyEmail = "county-wangqing@maeul.test"
)

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	f := &fixture{db: db, now: time.Now().UTC(), actors: storetest.Demo(t, db)}
	f.wallet = &payments.Wallet{Secret: []byte("test secret"), Base: "/sandbox/pay/"}
	clock := func() time.Time { return f.now }
	f.orders = &orders.Service{
		Store: db, Orgs: db, Points: db, Logger: slog.New(slog.DiscardHandler),
		Providers: map[payments.Method]payments.Provider{payments.Sandbox: &payments.SandboxProvider{Wallet: f.wallet}},
		Now:       clock,
	}
	f.svc = &aftersales.Service{Store: db, Orders: f.orders, Orgs: db, Now: clock}
	return f
}

func (f *fixture) buyer(t testing.TB, i int) accounts.Actor {
	t.Helper()
	id, err := f.db.CreateUser(context.Background(), accounts.User{Email: fmt.Sprintf("buyer%d@x.test", i), Name: "B", Role: accounts.Shopper, Lang: i18n.Ko}, "x")
	if err != nil {
		t.Fatal(err)
	}
	u, _ := f.db.User(context.Background(), id)
	return accounts.Actor{User: u}
}

var home = orders.Address{Name: "김민지", Phone: "13800001111", Region: "222424100201", Detail: "동흥촌 3조 12호"}

// packedOrder has buyer a buy qty units of the demo's eggs, pays and has
// the seller pack the order, and returns it.
func (f *fixture) packedOrder(t *testing.T, a accounts.Actor, qty int) orders.Order {
	t.Helper()
	ctx := context.Background()
	p, err := f.db.Product(ctx, "wq-dongxing-eggs")
	if err != nil {
		t.Fatal(err)
	}
	owner := orders.CartOwner(a, "")
	if _, _, err := f.orders.Add(ctx, a, owner, orders.CartItem{VariantID: p.Variants[0].ID, Qty: qty}); err != nil {
		t.Fatal(err)
	}
	r, err := f.orders.Place(ctx, a, owner, orders.Checkout{Address: home, Method: payments.Sandbox})
	if err != nil {
		t.Fatal(err)
	}
	n := f.wallet.Pay(payments.Payment{Ref: r.Payment.Ref, Amount: r.Payment.Amount})
	if _, err := f.orders.Notified(ctx, payments.Verified{Notice: n, Nonce: payments.NewRef(), At: f.now}); err != nil {
		t.Fatal(err)
	}
	if err := f.orders.Pack(ctx, f.actors[sellerEmail], r.OrderIDs[0]); err != nil {
		t.Fatal(err)
	}
	o, err := f.db.Order(ctx, r.OrderIDs[0])
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// photoPNG is a small valid photo.
func photoPNG(t *testing.T) io.Reader {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, 240, 240))
	for y := 0; y < 240; y++ {
		for x := 0; x < 240; x++ {
			m.Set(x, y, color.RGBA{uint8(x), uint8(y), uint8(x ^ y), 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return &b
}

// lineLedger sums the ledger's entries of an order line by account.
func lineLedger(t *testing.T, db *store.DB, lineID int64) map[impact.Account]money.Fen {
	t.Helper()
	out := map[impact.Account]money.Fen{}
	err := db.EachLedgerEntry(context.Background(), impact.EntryFilter{}, func(e impact.Entry) error {
		if e.LineID == lineID {
			out[e.Account] += e.Amount
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestAcceptRefundsThroughTheLedger follows a return from the buyer's
// request to the seller's acceptance: the refund is recorded and paid,
// the order is refunded in full, every fen the sale credited on the
// ledger is reversed, and the ledger verifies.
func TestAcceptRefundsThroughTheLedger(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		a := f.buyer(t, 1)
		o := f.packedOrder(t, a, 3)
		sale := lineLedger(t, db, o.Lines[0].ID)
		if len(sale) == 0 {
			t.Fatal("the sale posted nothing to the ledger")
		}
		r, err := f.svc.Ask(ctx, a, o.ID, aftersales.Ask{
			Kind: aftersales.Return, Reason: aftersales.Damaged, Note: "cracked in transit",
			Lines: []aftersales.Line{{LineID: o.Lines[0].ID, Qty: 3}},
		}, []io.Reader{photoPNG(t)})
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.svc.Request(ctx, f.actors[sellerEmail], r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != aftersales.Open || len(got.Photos) != 1 || got.Units() != 3 || got.Note != "cracked in transit" {
			t.Fatalf("stored request = %+v", got)
		}
		if c, err := f.svc.Counts(ctx, f.actors[sellerEmail], o.OrgID); err != nil || c != (aftersales.Counts{Open: 1}) {
			t.Errorf("counts = %+v, %v; want one open", c, err)
		}
		stockBefore := f.stock(t)
		plan, err := f.svc.Accept(ctx, f.actors[sellerEmail], r.ID, true, "")
		if err != nil {
			t.Fatal(err)
		}
		after, _ := db.Order(ctx, o.ID)
		if plan.Total != o.Total || after.Refunded != o.Total || after.Status != orders.Refunded {
			t.Errorf("order after acceptance: %s refunded %s of %s (plan %s)", after.Status, after.Refunded, o.Total, plan.Total)
		}
		if got := f.stock(t); got != stockBefore+3 {
			t.Errorf("stock after an accepted return with restock = %d, want %d", got, stockBefore+3)
		}
		got, _ = f.svc.Request(ctx, a, r.ID)
		if got.Status != aftersales.Accepted || got.RefundID == 0 || !got.Restock || got.ByAdmin {
			t.Errorf("accepted request = %+v", got)
		}
		if pending, _ := db.PendingRefunds(ctx, 10); len(pending) != 0 {
			t.Errorf("refunds left pending: %+v", pending)
		}
		for acct, sum := range lineLedger(t, db, o.Lines[0].ID) {
			if sum != 0 {
				t.Errorf("account %s holds %s of the refunded line after the reversal (the sale credited %s)", acct, sum, sale[acct])
			}
		}
		rep, err := db.VerifyLedger(ctx)
		if err != nil || !rep.OK() {
			t.Errorf("verify = %+v, %v", rep, err)
		}
	})
}

func (f *fixture) stock(t *testing.T) int {
	t.Helper()
	p, err := f.db.Product(context.Background(), "wq-dongxing-eggs")
	if err != nil {
		t.Fatal(err)
	}
	return p.Variants[0].Stock
}

// TestPartialAcceptMatchesTheSellersRefund checks that a request's refund
// moves the same fen on the ledger as the seller's own refund of the same
// units of an identical order.
func TestPartialAcceptMatchesTheSellersRefund(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		a := f.buyer(t, 1)
		viaRequest, direct := f.packedOrder(t, a, 3), f.packedOrder(t, a, 3)
		r, err := f.svc.Ask(ctx, a, viaRequest.ID, aftersales.Ask{Kind: aftersales.RefundOnly, Reason: aftersales.Spoiled,
			Lines: []aftersales.Line{{LineID: viaRequest.Lines[0].ID, Qty: 1}}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		p1, err := f.svc.Accept(ctx, f.actors[sellerEmail], r.ID, false, "sorry")
		if err != nil {
			t.Fatal(err)
		}
		p2, err := f.orders.Refund(ctx, f.actors[sellerEmail], direct.ID, map[int64]int{direct.Lines[0].ID: 1}, false, "spoiled")
		if err != nil {
			t.Fatal(err)
		}
		if p1.Total != p2.Total || p1.Total == 0 {
			t.Errorf("refunded %s through the request, %s directly", p1.Total, p2.Total)
		}
		got, want := lineLedger(t, db, viaRequest.Lines[0].ID), lineLedger(t, db, direct.Lines[0].ID)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("ledger of the line refunded through the request = %v, through the seller = %v", got, want)
		}
		o, _ := db.Order(ctx, viaRequest.ID)
		if o.Status != orders.Packed || o.RefundState != orders.PartiallyRefunded || o.Lines[0].RefundedQty != 1 {
			t.Errorf("order after a partial acceptance: %s/%s, %d refunded", o.Status, o.RefundState, o.Lines[0].RefundedQty)
		}
	})
}

func TestRefuseWithAReason(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		a := f.buyer(t, 1)
		o := f.packedOrder(t, a, 2)
		ask := aftersales.Ask{Kind: aftersales.RefundOnly, Reason: aftersales.NotAsDescribed, Lines: []aftersales.Line{{LineID: o.Lines[0].ID, Qty: 1}}}
		r, err := f.svc.Ask(ctx, a, o.ID, ask, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Ask(ctx, a, o.ID, ask, nil); !errs.Is(err, errs.Conflict) {
			t.Errorf("a second open request = %v, want a Conflict", err)
		}
		if err := f.svc.Refuse(ctx, f.actors[sellerEmail], r.ID, ""); !errs.Is(err, errs.Invalid) {
			t.Errorf("a refusal without a reason = %v, want Invalid", err)
		}
		if err := f.svc.Refuse(ctx, f.actors[sellerEmail], r.ID, "the photo shows another store's eggs"); err != nil {
			t.Fatal(err)
		}
		got, _ := f.svc.Request(ctx, a, r.ID)
		if got.Status != aftersales.Refused || got.Answer != "the photo shows another store's eggs" || got.DecidedBy != f.actors[sellerEmail].ID {
			t.Errorf("refused request = %+v", got)
		}
		if _, err := f.svc.Accept(ctx, f.actors[sellerEmail], r.ID, false, ""); !errs.Is(err, errs.Conflict) {
			t.Errorf("accepting a refused request = %v, want a Conflict", err)
		}
		after, _ := db.Order(ctx, o.ID)
		if after.Refunded != 0 {
			t.Errorf("a refused request refunded %s", after.Refunded)
		}
		// Refused, the buyer may ask again.
		if _, err := f.svc.Ask(ctx, a, o.ID, ask, nil); err != nil {
			t.Errorf("asking again after a refusal: %v", err)
		}
	})
}

// TestEscalationAfterTheDeadline advances the service's clock past the
// seller's deadline: the seller may no longer decide, the county admin of
// the store's region sees the request and decides, and another county's
// admin neither sees nor decides it.
func TestEscalationAfterTheDeadline(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		a := f.buyer(t, 1)
		o := f.packedOrder(t, a, 2)
		r, err := f.svc.Ask(ctx, a, o.ID, aftersales.Ask{Kind: aftersales.RefundOnly, Reason: aftersales.Missing,
			Lines: []aftersales.Line{{LineID: o.Lines[0].ID, Qty: 2}}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		county, other := f.actors[countyEmail], f.actors["county-yanji@maeul.test"]
		if got, err := f.svc.Escalated(ctx, county, 0); err != nil || len(got) != 0 {
			t.Errorf("escalated before the deadline = %d requests, %v", len(got), err)
		}
		f.now = f.now.Add(aftersales.DefaultDeadline - time.Second)
		if got, _ := f.svc.Escalated(ctx, county, 0); len(got) != 0 {
			t.Errorf("escalated a second before the deadline = %d requests", len(got))
		}
		f.now = f.now.Add(time.Second)
		if _, err := f.svc.Accept(ctx, f.actors[sellerEmail], r.ID, false, ""); !errs.Is(err, errs.Forbidden) {
			t.Errorf("the seller accepting after the deadline = %v, want Forbidden", err)
		}
		if c, _ := f.svc.Counts(ctx, f.actors[sellerEmail], o.OrgID); c != (aftersales.Counts{Open: 1, Escalated: 1}) {
			t.Errorf("counts after the deadline = %+v", c)
		}
		got, err := f.svc.Escalated(ctx, county, 0)
		if err != nil || len(got) != 1 || got[0].ID != r.ID {
			t.Fatalf("the county's escalated list = %+v, %v", got, err)
		}
		if got, _ := f.svc.Escalated(ctx, other, 0); len(got) != 0 {
			t.Errorf("another county's escalated list holds %d requests", len(got))
		}
		if got, _ := f.svc.Escalated(ctx, f.actors["prefecture@maeul.test"], 0); len(got) != 1 {
			t.Errorf("the prefecture's escalated list holds %d requests, want 1", len(got))
		}
		if _, err := f.svc.Escalated(ctx, f.actors[sellerEmail], 0); !errs.Is(err, errs.Forbidden) {
			t.Errorf("a seller listing escalated requests = %v, want Forbidden", err)
		}
		if _, err := f.svc.Accept(ctx, other, r.ID, false, ""); !errs.Is(err, errs.NotFound) {
			t.Errorf("another county's admin accepting = %v, want NotFound", err)
		}
		if _, err := f.svc.Accept(ctx, county, r.ID, false, "parcel lost"); err != nil {
			t.Fatal(err)
		}
		done, _ := f.svc.Request(ctx, a, r.ID)
		if done.Status != aftersales.Accepted || !done.ByAdmin || done.DecidedBy != county.ID {
			t.Errorf("decided request = %+v", done)
		}
		after, _ := db.Order(ctx, o.ID)
		if after.Status != orders.Refunded || after.Refunded != o.Total {
			t.Errorf("order after the admin's acceptance: %s refunded %s of %s", after.Status, after.Refunded, o.Total)
		}
	})
}

func TestAskBounds(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		a, stranger := f.buyer(t, 1), f.buyer(t, 2)
		o := f.packedOrder(t, a, 3)
		line := o.Lines[0].ID
		// One unit is refunded by the seller first: two are left.
		if _, err := f.orders.Refund(ctx, f.actors[sellerEmail], o.ID, map[int64]int{line: 1}, false, "short"); err != nil {
			t.Fatal(err)
		}
		ask := func(lines ...aftersales.Line) aftersales.Ask {
			return aftersales.Ask{Kind: aftersales.RefundOnly, Reason: aftersales.Damaged, Lines: lines}
		}
		tests := []struct {
			name string
			by   accounts.Actor
			ask  aftersales.Ask
			want errs.Code
		}{
			{"more than is left", a, ask(aftersales.Line{LineID: line, Qty: 3}), errs.Invalid},
			{"the same line twice over what is left", a, ask(aftersales.Line{LineID: line, Qty: 1}, aftersales.Line{LineID: line, Qty: 2}), errs.Invalid},
			{"negative", a, ask(aftersales.Line{LineID: line, Qty: -1}), errs.Invalid},
			{"nothing", a, ask(aftersales.Line{LineID: line, Qty: 0}), errs.Invalid},
			{"another order's line", a, ask(aftersales.Line{LineID: line + 1000, Qty: 1}), errs.Invalid},
			{"unknown reason", a, aftersales.Ask{Kind: aftersales.RefundOnly, Reason: "bored", Lines: []aftersales.Line{{LineID: line, Qty: 1}}}, errs.Invalid},
			{"other without a note", a, aftersales.Ask{Kind: aftersales.RefundOnly, Reason: aftersales.OtherReason, Lines: []aftersales.Line{{LineID: line, Qty: 1}}}, errs.Invalid},
			{"someone else's order", stranger, ask(aftersales.Line{LineID: line, Qty: 1}), errs.NotFound},
			{"a guest", accounts.Actor{}, ask(aftersales.Line{LineID: line, Qty: 1}), errs.Unauthorized},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := f.svc.Ask(ctx, tt.by, o.ID, tt.ask, nil)
				if got := errs.CodeOf(err); got != tt.want {
					t.Errorf("Ask = %v (%s), want %s", err, got, tt.want)
				}
			})
		}
		if _, err := f.svc.Ask(ctx, a, o.ID, ask(aftersales.Line{LineID: line, Qty: 2}), nil); err != nil {
			t.Errorf("asking for what is left: %v", err)
		}
		if rs, err := f.svc.ForOrder(ctx, stranger, o.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("a stranger listing the order's requests = %d, %v; want NotFound", len(rs), err)
		}
		if _, err := f.svc.ForStore(ctx, stranger, o.OrgID, false, 0); !errs.Is(err, errs.Forbidden) {
			t.Errorf("a stranger listing the store's requests = %v, want Forbidden", err)
		}
	})
}

func TestAskableOrders(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	completed := func(ago time.Duration) orders.Order {
		return orders.Order{Status: orders.Completed, Events: []orders.Event{{From: orders.Delivered, To: orders.Completed, At: now.Add(-ago)}}}
	}
	tests := []struct {
		name string
		o    orders.Order
		want errs.Code
	}{
		{"paid (cancel instead)", orders.Order{Status: orders.Paid}, errs.Conflict},
		{"packed", orders.Order{Status: orders.Packed}, ""},
		{"shipped", orders.Order{Status: orders.Shipped}, ""},
		{"delivered", orders.Order{Status: orders.Delivered}, ""},
		{"completed a day ago", completed(24 * time.Hour), ""},
		{"completed at the window's end", completed(aftersales.DefaultWindow), errs.Conflict},
		{"refunded", orders.Order{Status: orders.Refunded}, errs.Conflict},
		{"cancelled", orders.Order{Status: orders.Cancelled}, errs.Conflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := aftersales.Askable(tt.o, now, aftersales.DefaultWindow)
			if got := errs.CodeOf(err); got != tt.want {
				t.Errorf("Askable = %v, want code %q", err, tt.want)
			}
		})
	}
}

// TestConcurrentAcceptsRefundOnce races two acceptances of one request:
// one wins, the other is a Conflict, and the order is refunded once.
func TestConcurrentAcceptsRefundOnce(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		a := f.buyer(t, 1)
		o := f.packedOrder(t, a, 2)
		r, err := f.svc.Ask(ctx, a, o.ID, aftersales.Ask{Kind: aftersales.RefundOnly, Reason: aftersales.Damaged,
			Lines: []aftersales.Line{{LineID: o.Lines[0].ID, Qty: 1}}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		const racers = 8
		errc := make(chan error, racers)
		var wg sync.WaitGroup
		for i := 0; i < racers; i++ {
			wg.Add(1)
			go func(by accounts.Actor) {
				defer wg.Done()
				_, err := f.svc.Accept(ctx, by, r.ID, false, "")
				errc <- err
			}([]accounts.Actor{f.actors[sellerEmail], f.actors[countyEmail]}[i%2])
		}
		wg.Wait()
		close(errc)
		won := 0
		for err := range errc {
			switch {
			case err == nil:
				won++
			case !errs.Is(err, errs.Conflict):
				t.Errorf("a losing acceptance = %v, want a Conflict", err)
			}
		}
		if won != 1 {
			t.Errorf("%d acceptances succeeded, want 1", won)
		}
		after, _ := db.Order(ctx, o.ID)
		if after.Lines[0].RefundedQty != 1 || after.Refunded != o.Lines[0].Net()/2 {
			t.Errorf("after racing acceptances: %d units, %s refunded (one unit is %s)", after.Lines[0].RefundedQty, after.Refunded, o.Lines[0].Net()/2)
		}
	})
}
