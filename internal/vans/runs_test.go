package vans_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/orders"
	"maeul/internal/parcels"
	"maeul/internal/payments"
	"maeul/internal/region"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
	"maeul/internal/vans"
)

func TestMain(m *testing.M) {
	code := m.Run()
	storetest.Cleanup()
	os.Exit(code)
}

// The villages of Dongguang town (Wangqing), which its express end-point
// serves.
const (
	dongxing = region.Code("222424100201")
	other    = region.Code("222424100202")
)

type fixture struct {
	db      *store.DB
	orders  *orders.Service
	parcels *parcels.Service
	vans    *vans.Service
	wallet  *payments.Wallet
	now     time.Time
	actors  map[string]accounts.Actor
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	// Three days on, so that the demo's runs of today leave the vans free.
	f := &fixture{db: db, now: time.Now().UTC().Truncate(time.Second).Add(72 * time.Hour), actors: storetest.Demo(t, db)}
	now := func() time.Time { return f.now }
	f.wallet = &payments.Wallet{Secret: []byte("test secret"), Base: "/sandbox/pay/"}
	f.orders = &orders.Service{
		Store: db, Orgs: db, Points: db, Logger: slog.New(slog.DiscardHandler), Now: now,
		Providers: map[payments.Method]payments.Provider{payments.Sandbox: &payments.SandboxProvider{Wallet: f.wallet}},
		Parcels:   &parcels.Planner{Points: db, Prefecture: "222400000000", Vans: db},
	}
	f.parcels = &parcels.Service{Store: db, Points: db, Now: now}
	f.vans = &vans.Service{Store: db, Points: db, Parcels: db, Scans: f.parcels, Now: now}
	return f
}

// atBase ships an order of qty trays of Dongxing's eggs (a kilogram each,
// their variant naming no weight) for home delivery to a village of
// Dongguang town, and scans its parcel along its route up to the van's
// base, minutes after the previous one; it returns the parcel.
func (f *fixture) atBase(t *testing.T, village region.Code, qty, minutes int) parcels.Parcel {
	t.Helper()
	ctx := context.Background()
	buyer := f.actors["shopper@maeul.test"]
	p, err := f.db.Product(ctx, "wq-dongxing-eggs")
	if err != nil {
		t.Fatal(err)
	}
	owner := orders.CartOwner(buyer, "")
	if _, _, err := f.orders.Add(ctx, buyer, owner, orders.CartItem{VariantID: p.Variants[0].ID, Qty: qty}); err != nil {
		t.Fatal(err)
	}
	addr := orders.Address{Name: "김민지", Phone: "13800001111", Region: village, Detail: "2조 8호"}
	r, err := f.orders.Place(ctx, buyer, owner, orders.Checkout{Address: addr, Method: payments.Sandbox,
		Choices: map[int64]orders.Choice{p.OrgID: {Delivery: orders.HomeDelivery}}})
	if err != nil {
		t.Fatal(err)
	}
	n := f.wallet.Pay(payments.Payment{Ref: r.Payment.Ref, Amount: r.Payment.Amount})
	if _, err := f.orders.Notified(ctx, payments.Verified{Notice: n, Nonce: payments.NewRef(), At: f.now}); err != nil {
		t.Fatal(err)
	}
	seller := f.actors["seller-dongxing@maeul.test"]
	if err := f.orders.Pack(ctx, seller, r.OrderIDs[0]); err != nil {
		t.Fatal(err)
	}
	if err := f.orders.Ship(ctx, seller, r.OrderIDs[0], "", ""); err != nil {
		t.Fatal(err)
	}
	admin := f.actors["county-wangqing@maeul.test"]
	parcel, err := f.parcels.ParcelForOrder(ctx, admin, r.OrderIDs[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range parcel.Legs[:len(parcel.Legs)-1] {
		f.now = f.now.Add(time.Duration(minutes) * time.Minute)
		in := parcels.ScanInput{ScanID: fmt.Sprintf("t-%d-%d", parcel.ID, l.Seq), ParcelID: parcel.ID, Node: l.Node()}
		if _, err := f.parcels.Scan(ctx, admin, in); err != nil {
			t.Fatalf("scanning parcel %d at %s: %v", parcel.ID, l.Node(), err)
		}
	}
	return parcel
}

// TestRunsFromParcelsToDoors ships home deliveries to Dongguang town's
// villages, which go to its express end-point because it keeps a van,
// plans the van's run within its capacity in stop order, and closes it
// with delivery scans (the manifest's button, and a machine's scan) and a
// parcel brought back, which waits for the next day's run.
func TestRunsFromParcelsToDoors(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		admin := f.actors["county-wangqing@maeul.test"]
		// The town's van is small: five kilograms.
		if err := f.vans.SaveVans(ctx, accounts.SystemActor, []vans.Van{
			{Code: "wq-dongguang-van", BaseCode: "wq-dongguang-express", Plate: "吉H·W1101", CapacityKg: 5},
		}); err != nil {
			t.Fatal(err)
		}
		a := f.atBase(t, other, 2, 10)    // 2 kg, waits longest
		b := f.atBase(t, dongxing, 2, 10) // 2 kg
		c := f.atBase(t, other, 3, 10)    // 3 kg: no room left after a and b
		d := f.atBase(t, dongxing, 1, 10) // 1 kg: fills the van
		wantRoute := []string{"wq-dongxing-vstation", "wq-dongguang-express", "wq-logistics", "wq-dongguang-express", parcels.DoorNode}
		if got := nodes(a); !cmp.Equal(got, wantRoute) {
			t.Fatalf("route = %v, want %v (to the express end-point, which keeps a van)", got, wantRoute)
		}
		ws, err := f.vans.Waiting(ctx, admin, "wq-dongguang-express")
		if err != nil {
			t.Fatal(err)
		}
		if len(ws) != 4 || ws[0].WeightG != 2000 || ws[2].WeightG != 3000 {
			t.Fatalf("waiting = %+v, want the four parcels of 2, 2, 3 and 1 kg", ws)
		}

		today := f.vans.Today()
		if _, err := f.vans.PlanRuns(ctx, f.actors["seller-dongxing@maeul.test"], "wq-dongguang-express", today); !errs.Is(err, errs.Forbidden) {
			t.Errorf("a seller plans runs: %v, want forbidden", err)
		}
		if _, err := f.vans.PlanRuns(ctx, admin, "wq-dongxing-vstation", today); !errs.Is(err, errs.Invalid) {
			t.Errorf("runs from a village station: %v, want invalid", err)
		}
		planned, err := f.vans.PlanRuns(ctx, admin, "wq-dongguang-express", "")
		if err != nil {
			t.Fatal(err)
		}
		if len(planned.Runs) != 1 || planned.Waiting != 1 {
			t.Fatalf("planned %d runs, %d parcels waiting; want 1 run, c waiting", len(planned.Runs), planned.Waiting)
		}
		run := planned.Runs[0]
		type stop struct {
			Region  region.Code
			Parcels []int64
		}
		var stops []stop
		for _, s := range run.Stops {
			st := stop{Region: s.Region}
			for _, l := range s.Parcels {
				st.Parcels = append(st.Parcels, l.ParcelID)
			}
			stops = append(stops, st)
		}
		if diff := cmp.Diff([]stop{{dongxing, []int64{b.ID, d.ID}}, {other, []int64{a.ID}}}, stops); diff != "" {
			t.Errorf("stops (-want +got):\n%s", diff)
		}
		if run.LoadG != 5000 || run.LoadG > run.Capacity() || run.Day != today {
			t.Errorf("run load %d g of %d g on %s; want 5000 g today (%s)", run.LoadG, run.Capacity(), run.Day, today)
		}
		again, err := f.vans.PlanRuns(ctx, admin, "wq-dongguang-express", today)
		if err != nil || len(again.Runs) != 0 || again.Waiting != 1 {
			t.Errorf("planning again: %+v, %v; want no new run, c still waiting", again, err)
		}

		// The manifest: whom to hand each parcel to, for those who work at
		// the base; names withheld from an auditor.
		got, err := f.vans.Run(ctx, admin, run.ID)
		if err != nil {
			t.Fatal(err)
		}
		if m := got.Stops[0].Parcels[0].Manifest; m.Recipient != "김민지" || m.Phone != "13800001111" || m.Ref != fmt.Sprint(b.ID) {
			t.Errorf("manifest line = %+v", m)
		}
		audited, err := f.vans.Run(ctx, accounts.Actor{User: accounts.User{ID: 1 << 40, Role: accounts.Auditor}}, run.ID)
		if err != nil {
			t.Fatal(err)
		}
		if m := audited.Stops[0].Parcels[0].Manifest; m.Recipient != "" || m.Phone != "" || m.Ref == "" {
			t.Errorf("the auditor's manifest line = %+v, want the parcel without its recipient", m)
		}
		if _, err := f.vans.Run(ctx, f.actors["seller-dongxing@maeul.test"], run.ID); !errs.Is(err, errs.Forbidden) {
			t.Errorf("a seller reads the run: %v, want forbidden", err)
		}

		// b is delivered from the manifest, twice (one scan); d by a
		// machine's scan at the door; a comes back undelivered.
		f.now = f.now.Add(time.Hour)
		for range 2 {
			if _, err := f.vans.Deliver(ctx, admin, run.ID, b.ID); err != nil {
				t.Fatal(err)
			}
		}
		if scans, _ := f.db.ParcelScans(ctx, b.ID); len(scans) != 5 {
			t.Errorf("b has %d scans, want 5 (one at the door)", len(scans))
		}
		if _, err := f.parcels.Scan(ctx, admin, parcels.ScanInput{ScanID: "door-d", ParcelID: d.ID, Node: parcels.DoorNode}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.vans.MarkBack(ctx, admin, run.ID, a.ID, vans.Undelivered, ""); !errs.Is(err, errs.Invalid) {
			t.Errorf("undelivered without a reason: %v, want invalid", err)
		}
		if _, err := f.vans.Deliver(ctx, admin, run.ID, c.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("delivering a parcel not on the run: %v, want not found", err)
		}
		mid, err := f.vans.Run(ctx, admin, run.ID)
		if err != nil {
			t.Fatal(err)
		}
		if mid.Status != vans.Open || mid.Done != 2 {
			t.Errorf("after two deliveries: %s with %d done; want open with 2 done", mid.Status, mid.Done)
		}
		closed, err := f.vans.MarkBack(ctx, admin, run.ID, a.ID, vans.Undelivered, "nobody home")
		if err != nil {
			t.Fatal(err)
		}
		if closed.Status != vans.Closed || closed.Done != 3 {
			t.Errorf("after the last outcome: %s with %d done; want closed", closed.Status, closed.Done)
		}
		if _, err := f.vans.Deliver(ctx, admin, run.ID, a.ID); !errs.Is(err, errs.Conflict) {
			t.Errorf("delivering a parcel brought back: %v, want conflict", err)
		}
		outcomes := map[int64]vans.Outcome{}
		for _, s := range closed.Stops {
			for _, l := range s.Parcels {
				outcomes[l.ParcelID] = l.Outcome
			}
		}
		if diff := cmp.Diff(map[int64]vans.Outcome{a.ID: vans.Undelivered, b.ID: vans.Delivered, d.ID: vans.Delivered}, outcomes); diff != "" {
			t.Errorf("outcomes (-want +got):\n%s", diff)
		}
		for _, id := range []int64{b.ID, d.ID} {
			p, _ := f.db.Parcel(ctx, id)
			o, _ := f.db.Order(ctx, p.OrderID)
			if p.State != parcels.Delivered || o.Status != orders.Delivered {
				t.Errorf("parcel %d: %s, its order %s; want both delivered", id, p.State, o.Status)
			}
		}

		// The next day, a (back, waiting longest) and c go out.
		f.now = f.now.Add(24 * time.Hour)
		next, err := f.vans.PlanRuns(ctx, admin, "wq-dongguang-express", "")
		if err != nil {
			t.Fatal(err)
		}
		if len(next.Runs) != 1 || next.Runs[0].Parcels != 2 || next.Waiting != 0 || next.Runs[0].Day == today {
			t.Errorf("the next day: %+v; want one run of a and c", next)
		}
		runs, err := f.vans.Runs(ctx, admin, vans.Scope{}, today)
		if err != nil || len(runs) != 1 || runs[0].Status != vans.Closed {
			t.Errorf("Wangqing's runs of %s: %+v, %v; want the closed one", today, runs, err)
		}
		if _, err := f.vans.Runs(ctx, f.actors["county-yanji@maeul.test"], vans.Scope{Within: "222424000000"}, today); !errs.Is(err, errs.Forbidden) {
			t.Errorf("Yanji's admin reads Wangqing's runs: %v, want forbidden", err)
		}
	})
}

func nodes(p parcels.Parcel) []string {
	var out []string
	for _, l := range p.Legs {
		out = append(out, l.Node())
	}
	return out
}
