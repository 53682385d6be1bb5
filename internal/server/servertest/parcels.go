package servertest

import (
	"context"
	"fmt"

	"maeul/internal/accounts"
	"maeul/internal/orders"
	"maeul/internal/parcels"
	"maeul/internal/payments"
)

// Actor returns the account of email as an actor, failing the test when
// there is none.
func (e *Env) Actor(email string) accounts.Actor {
	e.t.Helper()
	u, _, err := e.DB.UserByEmail(context.Background(), email)
	if err != nil {
		e.t.Fatalf("servertest: the account %s: %v", email, err)
	}
	return accounts.Actor{User: u}
}

// PickupOrder says who orders what, to pick up and pay in cash at which
// station, and who ships and scans it; the names are the demo's emails
// and codes.
type PickupOrder struct {
	Buyer, Seller, Scanner string
	// Product is the product's slug: Qty units of its first variant are
	// ordered.
	Product string
	Qty     int
	// Point is the code of the station where the buyer picks it up.
	Point   string
	Address orders.Address
}

// AtPickup places the order paid in cash on pick-up, has its seller ship
// it unpaid and its scanner scan the parcel along its route to the
// station, and returns the placing's result and the parcel as the buyer
// sees it, waiting at the station with its pick-up code. It fails the test
// when any step is refused or the parcel is not at the station after.
func (e *Env) AtPickup(o PickupOrder) (orders.Result, parcels.Parcel) {
	e.t.Helper()
	res, pc, err := e.atPickup(o)
	if err != nil {
		e.t.Fatalf("servertest: a parcel at %s: %v", o.Point, err)
	}
	return res, pc
}

func (e *Env) atPickup(o PickupOrder) (orders.Result, parcels.Parcel, error) {
	ctx := context.Background()
	buyer := e.Actor(o.Buyer)
	p, err := e.DB.Product(ctx, o.Product)
	if err != nil {
		return orders.Result{}, parcels.Parcel{}, err
	}
	pt, err := e.DB.ServicePoint(ctx, o.Point)
	if err != nil {
		return orders.Result{}, parcels.Parcel{}, err
	}
	svc := e.Server.Orders
	owner := orders.CartOwner(buyer, "")
	if _, _, err := svc.Add(ctx, buyer, owner, orders.CartItem{VariantID: p.Variants[0].ID, Qty: o.Qty}); err != nil {
		return orders.Result{}, parcels.Parcel{}, err
	}
	res, err := svc.Place(ctx, buyer, owner, orders.Checkout{Method: payments.PickupCash, Address: o.Address,
		Choices: map[int64]orders.Choice{p.OrgID: {Delivery: orders.Pickup, PointID: pt.ID}}})
	if err != nil {
		return res, parcels.Parcel{}, err
	}
	id := res.OrderIDs[0]
	if err := svc.Ship(ctx, e.Actor(o.Seller), id, "", ""); err != nil {
		return res, parcels.Parcel{}, fmt.Errorf("shipping: %w", err)
	}
	ps := &parcels.Service{Store: e.DB, Points: e.DB}
	pc, err := ps.ParcelForOrder(ctx, buyer, id)
	if err != nil {
		return res, pc, err
	}
	scanner := e.Actor(o.Scanner)
	for i, l := range pc.Legs {
		in := parcels.ScanInput{ScanID: fmt.Sprintf("servertest-%d-%d", pc.ID, i), ParcelID: pc.ID, Node: l.Node()}
		if _, err := ps.Scan(ctx, scanner, in); err != nil {
			return res, pc, fmt.Errorf("scan at %s: %w", l.Node(), err)
		}
	}
	if pc, err = ps.ParcelForOrder(ctx, buyer, id); err != nil {
		return res, pc, err
	}
	if pc.State != parcels.AtPickup || pc.PickupCode == "" {
		return res, pc, fmt.Errorf("the parcel is %s with the code %q, want at_pickup with a code", pc.State, pc.PickupCode)
	}
	return res, pc, nil
}
