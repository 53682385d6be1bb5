package store_test

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/demo"
	"maeul/internal/i18n"
	"maeul/internal/impact"
	"maeul/internal/money"
	"maeul/internal/orders"
	"maeul/internal/org"
	"maeul/internal/payments"
	"maeul/internal/region"
	"maeul/internal/store"
)

// ledgerWorld is the demo data set with a village store of the test's own
// ("lt-store" in Dongxing village, Wangqing), its products, registered
// households in two villages and benefit links, and the real order and
// impact services on a clock the test moves.
type ledgerWorld struct {
	db       *store.DB
	orders   *orders.Service
	impact   *impact.Service
	wallet   *payments.Wallet
	now      time.Time
	actors   map[string]accounts.Actor
	store    org.Organization
	seller   accounts.Actor // lt-store's seller
	products []catalog.Product
	hh       []impact.Household // by code: lt-h1 … lt-h8
	buyers   []accounts.Actor
}

const (
	dongxing     = region.Code("222424100201") // served by the station wq-dongxing-vstation
	xiaowangqing = region.Code("222424100202") // served by a town station only
)

// idNumber returns a valid identity card number for the n-th test
// household (GB 11643 check character).
func idNumber(n int) string {
	s := fmt.Sprintf("222424%s%03d", time.Date(1960+n, time.Month(1+n%12), 1+n, 0, 0, 0, 0, time.UTC).Format("20060102"), n)
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := range 17 {
		sum += int(s[i]-'0') * weights[i]
	}
	return s + string("10X98765432"[sum%11])
}

// newLedgerWorld loads the world at start (a time in China's 2026-11 by
// default) with no links: callers add them with link.
func newLedgerWorld(t testing.TB, db *store.DB, start time.Time) *ledgerWorld {
	t.Helper()
	ctx := context.Background()
	accts := accounts.NewService(db)
	accts.Params = accounts.HashParams{Time: 1, MemKiB: 1024, Threads: 1}
	if err := demo.Load(ctx, db, accts); err != nil {
		t.Fatal(err)
	}
	w := &ledgerWorld{db: db, now: start, actors: map[string]accounts.Actor{}}
	clock := func() time.Time { return w.now }
	w.wallet = &payments.Wallet{Secret: []byte("test secret"), Base: "/sandbox/pay/"}
	w.orders = &orders.Service{
		Store: db, Orgs: db, Points: db, Logger: slog.New(slog.DiscardHandler),
		Providers: map[payments.Method]payments.Provider{
			payments.Sandbox:     &payments.SandboxProvider{Wallet: w.wallet},
			payments.StationCash: payments.Cash{},
		},
		Now: clock,
	}
	w.impact = &impact.Service{Store: db, Orgs: db, Points: db, Regions: db, Products: db, Now: clock}
	for _, a := range demo.Accounts {
		u, _, err := db.UserByEmail(ctx, a.Email)
		if err != nil {
			t.Fatal(err)
		}
		w.actors[a.Email] = accounts.Actor{User: u}
	}
	if err := db.UpsertOrganizations(ctx, []org.Organization{{Code: "lt-store", Kind: org.VillageStore, Region: dongxing,
		Name: i18n.Text{Ko: "시험 촌민직송", En: "Ledger Test Villagers' Direct"}}}); err != nil {
		t.Fatal(err)
	}
	var err error
	if w.store, err = db.Organization(ctx, "lt-store"); err != nil {
		t.Fatal(err)
	}
	w.seller = w.user(t, accounts.User{Email: "seller@lt.test", Name: "S", Role: accounts.Seller, OrgID: w.store.ID})
	v := func(sku string, price money.Fen) catalog.Variant {
		return catalog.Variant{SKU: sku, Name: i18n.Text{Ko: sku}, Price: price, Stock: 100000}
	}
	ps := []catalog.Product{
		{Code: "lt-eggs", Category: "eggs-poultry", Variants: []catalog.Variant{v("LT-EGG-10", 2990), v("LT-EGG-30", 7990)}},
		{Code: "lt-millet", Category: "grains-other", Variants: []catalog.Variant{v("LT-MIL-1", 1250)}},
		{Code: "lt-wood-ear", Category: "forest-mushroom", Variants: []catalog.Variant{v("LT-WE-250", 4590), v("LT-WE-500", 8800)}},
	}
	for i := range ps {
		ps[i].OrgID, ps[i].Origin, ps[i].Kind = w.store.ID, dongxing, catalog.Goods
		ps[i].Name = i18n.Text{Ko: ps[i].Code, En: ps[i].Code}
	}
	if _, err := db.SaveProducts(ctx, ps, []catalog.Change{{OrgID: w.store.ID, Action: "test", At: start}}); err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		got, err := db.Product(ctx, p.Code)
		if err != nil {
			t.Fatal(err)
		}
		w.products = append(w.products, got)
	}
	var hs []impact.Household
	for i := 1; i <= 8; i++ {
		h := impact.Household{Code: fmt.Sprintf("lt-h%d", i), Village: dongxing, Members: 1 + i%5, HeadName: fmt.Sprintf("가구주 %d", i),
			IDNumber: idNumber(i), Phone: fmt.Sprintf("1390000%04d", i), BankAccount: fmt.Sprintf("6222 0000 0000 %04d", i), Status: impact.Poor}
		if i > 6 {
			h.Village = xiaowangqing
		}
		if i == 5 {
			h.BankAccount = "" // paid in cash only
		}
		hs = append(hs, h)
	}
	if err := db.UpsertHouseholds(ctx, hs); err != nil {
		t.Fatal(err)
	}
	for _, h := range hs {
		got, err := db.Household(ctx, h.Code)
		if err != nil {
			t.Fatal(err)
		}
		w.hh = append(w.hh, got)
	}
	for i := range 6 {
		w.buyers = append(w.buyers, w.user(t, accounts.User{Email: fmt.Sprintf("lt-buyer%d@lt.test", i), Name: "B", Role: accounts.Shopper}))
	}
	return w
}

func (w *ledgerWorld) user(t testing.TB, u accounts.User) accounts.Actor {
	t.Helper()
	ctx := context.Background()
	u.Lang = i18n.Ko
	id, err := w.db.CreateUser(ctx, u, "x")
	if err != nil {
		t.Fatal(err)
	}
	got, err := w.db.User(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return accounts.Actor{User: got}
}

// link records benefit links of lt-store through the impact service.
func (w *ledgerWorld) link(t testing.TB, ls ...impact.NewLink) {
	t.Helper()
	for i := range ls {
		ls[i].OrgCode = "lt-store"
	}
	if _, err := w.impact.SaveLinks(context.Background(), accounts.SystemActor, ls); err != nil {
		t.Fatal(err)
	}
}

var ltHome = orders.Address{Name: "박영희", Phone: "13800002222", Region: "222401100201", Detail: "로투촌 1조 5호"}

// buy places and pays a checkout of items for buyer.
func (w *ledgerWorld) buy(t testing.TB, buyer accounts.Actor, items ...orders.CartItem) orders.Result {
	t.Helper()
	ctx := context.Background()
	owner := orders.CartOwner(buyer, "")
	for _, it := range items {
		if _, _, err := w.orders.Add(ctx, buyer, owner, it); err != nil {
			t.Fatal(err)
		}
	}
	r, err := w.orders.Place(ctx, buyer, owner, orders.Checkout{Address: ltHome, Method: payments.Sandbox})
	if err != nil {
		t.Fatal(err)
	}
	n := w.wallet.Pay(payments.Payment{Ref: r.Payment.Ref, Amount: r.Payment.Amount})
	if _, err := w.orders.Notified(ctx, payments.Verified{Notice: n, Nonce: payments.NewRef(), At: w.now}); err != nil {
		t.Fatal(err)
	}
	return r
}

func (w *ledgerWorld) balance(t testing.TB, a impact.Account) money.Fen {
	t.Helper()
	b, err := w.db.AccountBalance(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// verify fails the test unless the ledger verifies clean.
func (w *ledgerWorld) verify(t testing.TB) impact.LedgerCheck {
	t.Helper()
	rep, err := w.db.VerifyLedger(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("verify: %q", rep.Problems)
	}
	return rep
}

// chinaTime returns a time in China (UTC+8).
func chinaTime(y int, m time.Month, d, h int) time.Time {
	return time.Date(y, m, d, h, 0, 0, 0, time.FixedZone("CST", 8*3600)).UTC()
}

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}
