package demo

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/orders"
	"maeul/internal/parcels"
	"maeul/internal/payments"
	"maeul/internal/region"
	"maeul/internal/vans"
)

// The demo's parcels: orders of the Laomushan village farm (Wangqing)
// bought by ParcelBuyer in the days before the demo is loaded, shipped,
// and scanned along their routes through the real services, so that the
// network shows a parcel in every state: planned, in transit at a village
// station, an express end-point and a logistics centre, waiting at a
// pick-up station with its code, handed over, and carried home by van runs
// planned for the day the demo is loaded, with a manifest to print (one
// run from Dongguang town's express end-point, one from Wangqing's
// logistics centre, part delivered).
//
// Each parcel is the n-th order of ParcelBuyer, and every step looks at
// where the order and its parcel are before acting (scans have fixed ids,
// which the parcels service records once), so a load interrupted anywhere
// is finished by the next and a second load changes nothing.

// ParcelBuyer is the demo buyer whose orders travel as the demo's parcels
// (password Password).
var ParcelBuyer = Account{Email: "parcels@maeul.test", Name: "박영철", Role: accounts.Shopper}

// demoParcel is one order of the Laomushan farm and how far its parcel
// gets: scanned at its route's first `scans` nodes (all but the door for
// a home delivery with scans < 0), then handed over or delivered at the
// door when asked.
type demoParcel struct {
	sku     string
	qty     int
	village region.Code
	// pickup is the station it is collected at; "" for home delivery.
	pickup string
	scans  int
	// handOver: collected at the pick-up station with its code; door:
	// delivered from its van run's manifest.
	handOver, door bool
}

const allButDoor = -1

var demoParcels = []demoParcel{
	{sku: "WQ-LMS-HONEY-500", qty: 1, village: "222424100202"},                                                       // planned
	{sku: "WQ-LMS-WOODEAR-500", qty: 2, village: "222424102201", scans: 1},                                           // at the village station
	{sku: "WQ-LMS-HONEY-1", qty: 1, village: "222424103201", scans: 2},                                               // at the express end-point
	{sku: "WQ-LMS-HONEY-500", qty: 2, village: "222401100201", pickup: "yj-laotou-vstation", scans: 3},               // at the logistics centre
	{sku: "WQ-LMS-WOODEAR-500", qty: 1, village: "222424101202", pickup: "wq-pingan-vstation", scans: 4},             // at pick-up, with its code
	{sku: "WQ-LMS-HONEY-1", qty: 1, village: "222424101202", pickup: "wq-pingan-vstation", scans: 4, handOver: true}, // handed over
	{sku: "WQ-LMS-HONEY-1", qty: 3, village: "222424100202", scans: allButDoor, door: true},                          // van run, delivered
	{sku: "WQ-LMS-WOODEAR-500", qty: 4, village: "222424100202", scans: allButDoor},                                  // van run
	{sku: "WQ-LMS-HONEY-500", qty: 2, village: "222424100201", scans: allButDoor},                                    // van run
	{sku: "WQ-LMS-WOODEAR-500", qty: 1, village: "222424101201", scans: allButDoor},                                  // the county's van
	{sku: "WQ-LMS-HONEY-1", qty: 2, village: "222424103202", scans: allButDoor, door: true},                          // the county's van, delivered
}

// parcelAddress is where ParcelBuyer's relatives in village live.
func parcelAddress(village region.Code, n int) orders.Address {
	return orders.Address{Name: ParcelBuyer.Name, Phone: "13904431234", Region: village, Detail: fmt.Sprintf("%d조 %d호", 1+n%4, 3+n)}
}

// loadParcels makes the demo's parcels and van runs (see demoParcels),
// finishing what an interrupted load left.
func loadParcels(ctx context.Context, st Store, accts *accounts.Service, now time.Time) error {
	buyer, err := demoUser(ctx, st, accts, ParcelBuyer)
	if err != nil {
		return err
	}
	admin, err := demoUser(ctx, st, accts, Account{Email: "county-wangqing@maeul.test"})
	if err != nil {
		return err
	}
	// The farm has no demo account: the operator ships for it.
	seller := accounts.SystemActor
	// The orders were placed two days ago and travel since; each step is
	// dated a little later than the one before.
	at := now
	clock := func() time.Time { return at }
	wallet := &payments.Wallet{Secret: []byte("maeul demo wallet")}
	ords := &orders.Service{Store: st, Orgs: st, Points: st, Logger: slog.New(slog.DiscardHandler), Now: clock,
		Providers: map[payments.Method]payments.Provider{payments.Sandbox: &payments.SandboxProvider{Wallet: wallet}},
		Parcels:   &parcels.Planner{Points: st, Prefecture: "222400000000", Vans: st}}
	ps := &parcels.Service{Store: st, Points: st, Now: clock}
	have, err := st.Orders(ctx, orders.Filter{BuyerID: buyer.ID, Limit: 200})
	if err != nil {
		return fmt.Errorf("demo parcels: %w", err)
	}
	slices.SortFunc(have, func(a, b orders.Order) int { return cmp.Compare(a.ID, b.ID) })
	door := map[int64]bool{} // the home deliveries' parcels, true for those delivered
	for i, dp := range demoParcels {
		at = now.Add(time.Duration(i-48) * time.Hour)
		var id int64
		if i < len(have) {
			id = have[i].ID
		} else if id, err = placeParcelOrder(ctx, st, ords, buyer, dp, i); err != nil {
			return fmt.Errorf("demo parcel %d: %w", i+1, err)
		}
		p, err := shipParcel(ctx, st, ords, wallet, seller, id)
		if err != nil {
			return fmt.Errorf("demo parcel %d: %w", i+1, err)
		}
		n := dp.scans
		if n == allButDoor {
			n = len(p.Legs) - 1
			door[p.ID] = dp.door
		}
		for seq, l := range p.Legs[:n] {
			at = now.Add(time.Duration(i+4*seq-30) * time.Hour)
			in := parcels.ScanInput{ScanID: fmt.Sprintf("demo-parcel-%d-%d", i+1, seq), ParcelID: p.ID, Node: l.Node()}
			if _, err := ps.Scan(ctx, admin, in); err != nil {
				return fmt.Errorf("demo parcel %d: scan at %s: %w", i+1, l.Node(), err)
			}
		}
		if dp.handOver {
			if p, err = st.Parcel(ctx, p.ID); err != nil {
				return fmt.Errorf("demo parcel %d: %w", i+1, err)
			}
			if p.State == parcels.AtPickup {
				at = now.Add(-2 * time.Hour)
				if _, err := ps.HandOver(ctx, admin, p.ID, p.PickupCode); err != nil {
					return fmt.Errorf("demo parcel %d: hand-over: %w", i+1, err)
				}
			}
		}
	}
	at = now
	return loadRuns(ctx, st, ps, admin, now, door)
}

// placeParcelOrder places and pays the n-th demo parcel's order and
// returns its id.
func placeParcelOrder(ctx context.Context, st Store, ords *orders.Service, buyer accounts.Actor, dp demoParcel, n int) (int64, error) {
	p, err := st.VariantBySKU(ctx, dp.sku)
	if err != nil {
		return 0, err
	}
	owner := orders.CartOwner(buyer, "")
	if err := ords.Set(ctx, buyer, owner, orders.CartItem{VariantID: p.Variants[0].ID, Qty: dp.qty}); err != nil {
		return 0, err
	}
	choice := orders.Choice{Delivery: orders.HomeDelivery}
	if dp.pickup != "" {
		pt, err := st.ServicePoint(ctx, dp.pickup)
		if err != nil {
			return 0, err
		}
		choice = orders.Choice{Delivery: orders.Pickup, PointID: pt.ID}
	}
	r, err := ords.Place(ctx, buyer, owner, orders.Checkout{Address: parcelAddress(dp.village, n), Method: payments.Sandbox,
		Lang: i18n.Ko, Choices: map[int64]orders.Choice{p.OrgID: choice}})
	if err != nil {
		return 0, err
	}
	return r.OrderIDs[0], nil
}

// shipParcel pays, packs and ships the order as far as it has not been
// and returns its parcel.
func shipParcel(ctx context.Context, st Store, ords *orders.Service, wallet *payments.Wallet, seller accounts.Actor, id int64) (parcels.Parcel, error) {
	o, err := st.Order(ctx, id)
	if err != nil {
		return parcels.Parcel{}, err
	}
	if o.Status == orders.PendingPayment {
		pay, err := st.GroupPayment(ctx, o.GroupID)
		if err != nil {
			return parcels.Parcel{}, err
		}
		n := wallet.Pay(payments.Payment{Ref: pay.Ref, Amount: pay.Amount})
		if _, err := ords.Notified(ctx, payments.Verified{Notice: n, Nonce: "demo-parcel-" + pay.Ref, At: ords.Now()}); err != nil {
			return parcels.Parcel{}, fmt.Errorf("paying: %w", err)
		}
		o.Status = orders.Paid
	}
	if o.Status == orders.Paid {
		if err := ords.Pack(ctx, seller, id); err != nil {
			return parcels.Parcel{}, err
		}
		o.Status = orders.Packed
	}
	if o.Status == orders.Packed {
		if err := ords.Ship(ctx, seller, id, "", ""); err != nil {
			return parcels.Parcel{}, err
		}
	}
	return st.ParcelForOrder(ctx, id)
}

// loadRuns plans the day's runs of the bases the home deliveries wait at,
// and delivers from its run's manifest each parcel door marks true.
func loadRuns(ctx context.Context, st Store, ps *parcels.Service, admin accounts.Actor, now time.Time, door map[int64]bool) error {
	vs := &vans.Service{Store: st, Points: st, Parcels: st, Scans: ps, Now: func() time.Time { return now }}
	planned := map[int64]bool{}
	for id := range door {
		p, err := st.Parcel(ctx, id)
		if err != nil {
			return fmt.Errorf("demo runs: %w", err)
		}
		if p.State != parcels.InTransit || p.AtPointID == 0 || planned[p.AtPointID] {
			continue
		}
		planned[p.AtPointID] = true
		base, err := st.ServicePointByID(ctx, p.AtPointID)
		if err != nil {
			return fmt.Errorf("demo runs: %w", err)
		}
		if _, err := vs.PlanRuns(ctx, admin, base.Code, ""); err != nil {
			return fmt.Errorf("demo runs at %s: %w", base.Code, err)
		}
	}
	runs, err := vs.Runs(ctx, admin, vans.Scope{Within: "222424000000"}, "")
	if err != nil {
		return fmt.Errorf("demo runs: %w", err)
	}
	for _, r := range runs {
		full, err := st.Run(ctx, r.ID)
		if err != nil {
			return fmt.Errorf("demo runs: %w", err)
		}
		for _, s := range full.Stops {
			for _, l := range s.Parcels {
				if l.Outcome != vans.Pending || !door[l.ParcelID] {
					continue
				}
				if _, err := vs.Deliver(ctx, admin, r.ID, l.ParcelID); err != nil {
					return fmt.Errorf("demo runs: delivering parcel %d: %w", l.ParcelID, err)
				}
			}
		}
	}
	return nil
}

// demoUser returns the demo account a, adding it when it is missing.
func demoUser(ctx context.Context, st Store, accts *accounts.Service, a Account) (accounts.Actor, error) {
	u, _, err := st.UserByEmail(ctx, a.Email)
	if errs.Is(err, errs.NotFound) && a.Role != "" {
		u, err = accts.AddUser(ctx, accounts.SystemActor, accounts.NewUser{Email: a.Email, Name: a.Name, Password: Password, Role: a.Role, Lang: i18n.Ko})
	}
	if err != nil {
		return accounts.Actor{}, fmt.Errorf("demo account %s: %w", a.Email, err)
	}
	return accounts.Actor{User: u}, nil
}
