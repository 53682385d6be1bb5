package parcels_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/network"
	"maeul/internal/orders"
	"maeul/internal/parcels"
	"maeul/internal/payments"
	"maeul/internal/region"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	storetest.Cleanup()
	os.Exit(code)
}

type fixture struct {
	db      *store.DB
	orders  *orders.Service
	parcels *parcels.Service
	wallet  *payments.Wallet
	now     time.Time
	actors  map[string]accounts.Actor
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	f := &fixture{db: db, now: time.Now().UTC().Truncate(time.Second), actors: storetest.Demo(t, db)}
	f.wallet = &payments.Wallet{Secret: []byte("test secret"), Base: "/sandbox/pay/"}
	now := func() time.Time { return f.now }
	f.orders = &orders.Service{
		Store: db, Orgs: db, Points: db, Logger: slog.New(slog.DiscardHandler), Now: now,
		Providers: map[payments.Method]payments.Provider{payments.Sandbox: &payments.SandboxProvider{Wallet: f.wallet}},
		Parcels:   &parcels.Planner{Points: db, Prefecture: "222400000000"},
	}
	f.parcels = &parcels.Service{Store: db, Points: db, Now: now}
	return f
}

func (f *fixture) point(t *testing.T, code string) network.ServicePoint {
	t.Helper()
	p, err := f.db.ServicePoint(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// shipped places, pays, packs and ships an order of Dongxing village's
// eggs (Wangqing) for the demo shopper, to pick up at the point (or home
// delivery to addr when point is ""), and returns the order's id.
func (f *fixture) shipped(t *testing.T, point string, addr orders.Address, carrier, tracking string) int64 {
	t.Helper()
	ctx := context.Background()
	buyer := f.actors["shopper@maeul.test"]
	p, err := f.db.Product(ctx, "wq-dongxing-eggs")
	if err != nil {
		t.Fatal(err)
	}
	owner := orders.CartOwner(buyer, "")
	if _, _, err := f.orders.Add(ctx, buyer, owner, orders.CartItem{VariantID: p.Variants[0].ID, Qty: 1}); err != nil {
		t.Fatal(err)
	}
	choice := orders.Choice{Delivery: orders.HomeDelivery}
	if point != "" {
		choice = orders.Choice{Delivery: orders.Pickup, PointID: f.point(t, point).ID}
	}
	r, err := f.orders.Place(ctx, buyer, owner, orders.Checkout{Address: addr, Method: payments.Sandbox,
		Choices: map[int64]orders.Choice{p.OrgID: choice}})
	if err != nil {
		t.Fatal(err)
	}
	n := f.wallet.Pay(payments.Payment{Ref: r.Payment.Ref, Amount: r.Payment.Amount})
	if _, err := f.orders.Notified(ctx, payments.Verified{Notice: n, Nonce: payments.NewRef(), At: f.now}); err != nil {
		t.Fatal(err)
	}
	seller := f.actors["seller-dongxing@maeul.test"]
	id := r.OrderIDs[0]
	if err := f.orders.Pack(ctx, seller, id); err != nil {
		t.Fatal(err)
	}
	if err := f.orders.Ship(ctx, seller, id, carrier, tracking); err != nil {
		t.Fatal(err)
	}
	return id
}

var laotou = orders.Address{Name: "김민지", Phone: "13800001111", Region: "222401100201", Detail: "로두촌 3조 12호"}

func nodes(p parcels.Parcel) []string {
	var out []string
	for _, l := range p.Legs {
		out = append(out, l.Node())
	}
	return out
}

// TestParcelTravelsToPickup follows a parcel from the seller's village
// (Dongxing, Wangqing) through its town's express point and the county's
// logistics centre, then Yanji's, to the buyer's pick-up station, with
// an out-of-order scan refused and then given a reason, a scan sent
// twice, the pick-up code shown to the buyer only, a wrong code refused
// and the right one delivering the order.
func TestParcelTravelsToPickup(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		orderID := f.shipped(t, "yj-laotou-vstation", laotou, "", "")
		buyer := f.actors["shopper@maeul.test"]
		p, err := f.parcels.ParcelForOrder(ctx, buyer, orderID)
		if err != nil {
			t.Fatal(err)
		}
		wantRoute := []string{"wq-dongxing-vstation", "wq-dongguang-express", "wq-logistics", "yj-logistics", "yj-laotou-vstation"}
		if diff := cmp.Diff(wantRoute, nodes(p)); diff != "" {
			t.Fatalf("route (-want +got):\n%s", diff)
		}
		if p.State != parcels.Planned || p.Delivery != parcels.StationPickup {
			t.Errorf("new parcel: state %s, delivery %s; want planned, pickup", p.State, p.Delivery)
		}

		operator := f.actors["station-dongxing@maeul.test"]
		wangqing := f.actors["county-wangqing@maeul.test"]
		yanji := f.actors["county-yanji@maeul.test"]
		scan := func(by accounts.Actor, id, node, reason string, minutes int) (parcels.ScanResult, error) {
			return f.parcels.Scan(ctx, by, parcels.ScanInput{ScanID: id, ParcelID: p.ID, Node: node, Reason: reason,
				At: f.now.Add(time.Duration(minutes-100) * time.Minute)})
		}
		if _, err := scan(yanji, "s0", "wq-dongxing-vstation", "", 1); !errs.Is(err, errs.Forbidden) {
			t.Errorf("Yanji's admin scanning in Wangqing: err = %v, want Forbidden", err)
		}
		steps := []struct {
			by     accounts.Actor
			id     string
			node   string
			reason string
		}{
			{operator, "s1", "wq-dongxing-vstation", ""},
			{wangqing, "s2", "wq-dongguang-express", ""},
			{wangqing, "s3", "wq-logistics", ""},
		}
		for i, st := range steps {
			r, err := scan(st.by, st.id, st.node, st.reason, 10*(i+1))
			if err != nil {
				t.Fatalf("scan %s at %s: %v", st.id, st.node, err)
			}
			if r.Scan.OutOfOrder || r.Scan.Seq != i || r.Scan.State != parcels.InTransit {
				t.Errorf("scan %s: out of order %v, seq %d, state %s; want in order, %d, in_transit", st.id, r.Scan.OutOfOrder, r.Scan.Seq, r.Scan.State, i)
			}
		}
		// Skipping Yanji's logistics centre needs a reason.
		if _, err := scan(yanji, "s4", "yj-laotou-vstation", "", 40); !errs.HasReason(err, "err.parcels.out_of_order") {
			t.Fatalf("out-of-order scan without reason: err = %v, want err.parcels.out_of_order", err)
		}
		r, err := scan(yanji, "s4", "yj-laotou-vstation", "truck went straight to the village", 40)
		if err != nil {
			t.Fatal(err)
		}
		if !r.Scan.OutOfOrder || r.Scan.State != parcels.AtPickup {
			t.Errorf("out-of-order scan with reason: out of order %v, state %s; want true, at_pickup", r.Scan.OutOfOrder, r.Scan.State)
		}
		// The same scan sent again is recorded once.
		again, err := scan(yanji, "s4", "yj-laotou-vstation", "truck went straight to the village", 40)
		if err != nil || !again.Repeated || again.Scan.State != parcels.AtPickup {
			t.Errorf("repeated scan id: %+v, %v; want Repeated at_pickup", again, err)
		}
		if _, err := scan(yanji, "s4", "yj-logistics", "", 41); !errs.HasReason(err, "err.parcels.scan_id_reused") {
			t.Errorf("scan id reused for another node: err = %v, want err.parcels.scan_id_reused", err)
		}
		scans, err := f.parcels.Scans(ctx, buyer, p)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, s := range scans {
			got = append(got, fmt.Sprintf("%s@%s/%d", s.ScanID, s.Node, s.Seq))
		}
		want := []string{"s1@wq-dongxing-vstation/0", "s2@wq-dongguang-express/1", "s3@wq-logistics/2", "s4@yj-laotou-vstation/4"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("scans (-want +got):\n%s", diff)
		}

		// The timeline: each node scanned or pending, the code for the
		// buyer only.
		p, err = f.parcels.ParcelForOrder(ctx, buyer, orderID)
		if err != nil {
			t.Fatal(err)
		}
		for i, l := range p.Legs {
			pending := l.ScannedAt.IsZero()
			if wantPending := i == 3; pending != wantPending {
				t.Errorf("leg %d (%s) pending %v, want %v", i, l.Node(), pending, wantPending)
			}
		}
		if p.State != parcels.AtPickup || len(p.PickupCode) != parcels.CodeDigits {
			t.Fatalf("at the station: state %s, code %q; want at_pickup with a code", p.State, p.PickupCode)
		}
		for _, who := range []string{"county-yanji@maeul.test", "seller-dongxing@maeul.test", "prefecture@maeul.test"} {
			seen, err := f.parcels.ParcelForOrder(ctx, f.actors[who], orderID)
			if err != nil {
				t.Fatalf("%s: %v", who, err)
			}
			if seen.PickupCode != "" {
				t.Errorf("%s sees the pick-up code", who)
			}
		}
		if _, err := f.parcels.ParcelForOrder(ctx, f.actors["seller-yanji@maeul.test"], orderID); !errs.Is(err, errs.NotFound) {
			t.Errorf("another seller: err = %v, want NotFound", err)
		}
		at, err := f.parcels.ParcelsAt(ctx, yanji, f.point(t, "yj-laotou-vstation").ID, parcels.AtPickup)
		if err != nil || len(at) != 1 || at[0].ID != p.ID || at[0].PickupCode != "" {
			t.Errorf("ParcelsAt: %v, %v; want the parcel without its code", at, err)
		}

		// Held longer than 48 hours at the station: for its seller and
		// the admins of its regions, not for another seller. (The demo's
		// parcels may be held too: only this one is looked for.)
		holds := func(held []parcels.Parcel) bool {
			return slices.ContainsFunc(held, func(h parcels.Parcel) bool { return h.ID == p.ID })
		}
		f.now = f.now.Add(49 * time.Hour)
		for who, want := range map[string]bool{"seller-dongxing@maeul.test": true, "county-yanji@maeul.test": true,
			"county-wangqing@maeul.test": true, "seller-yanji@maeul.test": false} {
			held, err := f.parcels.Held(ctx, f.actors[who], "", 0, 0)
			if err != nil {
				t.Fatalf("Held for %s: %v", who, err)
			}
			if got := holds(held); got != want {
				t.Errorf("Held for %s lists the parcel: %v, want %v", who, got, want)
			}
		}
		if held, err := f.parcels.Held(ctx, yanji, "", 51*time.Hour, 0); err != nil || holds(held) {
			t.Errorf("held over 51 hours lists the parcel held 49 (err %v)", err)
		}
		if _, err := f.parcels.Held(ctx, buyer, "", 0, 0); !errs.Is(err, errs.Forbidden) {
			t.Errorf("Held for a shopper: err = %v, want Forbidden", err)
		}

		// Hand-over against the code.
		wrong := "000000"
		if p.PickupCode == wrong {
			wrong = "111111"
		}
		if _, err := f.parcels.HandOver(ctx, yanji, parcels.HandOverInput{ParcelID: p.ID, Code: wrong}); !errs.HasReason(err, "err.parcels.wrong_code") {
			t.Errorf("wrong code: err = %v, want err.parcels.wrong_code", err)
		}
		done, err := f.parcels.HandOver(ctx, yanji, parcels.HandOverInput{ParcelID: p.ID, Code: p.PickupCode})
		if err != nil {
			t.Fatal(err)
		}
		if done.Parcel.State != parcels.HandedOver {
			t.Errorf("handed over: state %s", done.Parcel.State)
		}
		o, err := db.Order(ctx, orderID)
		if err != nil {
			t.Fatal(err)
		}
		if o.Status != orders.Delivered {
			t.Errorf("order after hand-over: %s, want delivered", o.Status)
		}
		if again, err := f.parcels.HandOver(ctx, yanji, parcels.HandOverInput{ParcelID: p.ID, Code: p.PickupCode}); err != nil || !again.Repeated {
			t.Errorf("second hand-over: %+v, %v; want a repeat that changes nothing", again, err)
		}
		if _, err := scan(yanji, "s5", "yj-laotou-vstation", "", 50); !errs.HasReason(err, "err.parcels.closed") {
			t.Errorf("scan after hand-over: err = %v, want err.parcels.closed", err)
		}
	})
}

// TestVanAndCarrierParcels ships home deliveries inside and outside the
// prefecture: the van's ends at the buyer's door, which delivers the
// order; the carrier's at the hand-over, which leaves the order shipped.
func TestVanAndCarrierParcels(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		sys := accounts.Actor{System: true}
		van := f.shipped(t, "", laotou, "", "")
		p, err := f.parcels.ParcelForOrder(ctx, sys, van)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"wq-dongxing-vstation", "wq-dongguang-express", "wq-logistics", "yj-logistics", "yj-yilan-express", parcels.DoorNode}
		if diff := cmp.Diff(want, nodes(p)); diff != "" {
			t.Fatalf("van route (-want +got):\n%s", diff)
		}
		var batch []parcels.ScanInput
		for i, n := range want {
			batch = append(batch, parcels.ScanInput{ScanID: fmt.Sprintf("van-%d", i), ParcelID: p.ID, Node: n, At: f.now.Add(-time.Duration(10-i) * time.Hour)})
		}
		rs, err := f.parcels.ScanMany(ctx, parcels.Scanner{Actor: sys}, batch)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			if r.Err != nil {
				t.Fatalf("scan %s: %v", r.Scan.ScanID, r.Err)
			}
		}
		if last := rs[len(rs)-1].Scan.State; last != parcels.Delivered {
			t.Errorf("after the door: %s, want delivered", last)
		}
		if o, _ := db.Order(ctx, van); o.Status != orders.Delivered {
			t.Errorf("van order: %s, want delivered", o.Status)
		}

		far := []region.Region{
			{Code: "110000000000", Level: region.Province, Name: i18n.Text{En: "Beijing"}},
			{Code: "110101000000", Parent: "110000000000", Level: region.County, Name: i18n.Text{En: "Dongcheng"}},
			{Code: "110101001000", Parent: "110101000000", Level: region.Town, Name: i18n.Text{En: "Donghuamen"}},
			{Code: "110101001001", Parent: "110101001000", Level: region.Village, Name: i18n.Text{En: "Duofu"}},
		}
		if err := db.UpsertRegions(ctx, far); err != nil {
			t.Fatal(err)
		}
		beijing := orders.Address{Name: "Kim", Phone: "13800001111", Region: "110101001001", Detail: "Duofu 1"}
		carried := f.shipped(t, "", beijing, "EMS", "EA123456789CN")
		p, err = f.parcels.ParcelForOrder(ctx, sys, carried)
		if err != nil {
			t.Fatal(err)
		}
		want = []string{"wq-dongxing-vstation", "wq-dongguang-express", "wq-logistics", parcels.CarrierNode}
		if diff := cmp.Diff(want, nodes(p)); diff != "" {
			t.Fatalf("carrier route (-want +got):\n%s", diff)
		}
		if p.Delivery != parcels.NationalCarrier || p.Tracking != "EA123456789CN" {
			t.Errorf("carrier parcel: %s, tracking %q", p.Delivery, p.Tracking)
		}
		// The carrier's hand-over, skipping the first nodes with a reason.
		r, err := f.parcels.Scan(ctx, f.actors["county-wangqing@maeul.test"], parcels.ScanInput{ScanID: "c1", ParcelID: p.ID, Node: parcels.CarrierNode, Reason: "seller brought it to the centre"})
		if err != nil || r.Scan.State != parcels.WithCarrier {
			t.Fatalf("carrier hand-over: %+v, %v", r, err)
		}
		if o, _ := db.Order(ctx, carried); o.Status != orders.Shipped {
			t.Errorf("carrier order: %s, want shipped", o.Status)
		}
	})
}
