package parcels

import (
	"context"
	"fmt"

	"maeul/internal/errs"
	"maeul/internal/network"
	"maeul/internal/region"
)

// Shipment is what planning a parcel needs from a shipped order.
type Shipment struct {
	OrderID int64
	BuyerID int64
	OrgID   int64
	// SellerRegion is the seller's registered region (a village, town
	// or county).
	SellerRegion region.Code
	// PickupPointID is the buyer's pick-up point; 0 for home delivery.
	PickupPointID int64
	// Address is the region of the buyer's address (a village or town).
	Address region.Code
	// Carrier and Tracking are the national carrier and its tracking
	// number the seller gave, needed when the parcel leaves the
	// prefecture.
	Carrier, Tracking string
}

// Points is what route planning reads of the service-point registry.
type Points interface {
	// ServicePoints lists points ordered by code, with their served
	// lists.
	ServicePoints(ctx context.Context, f network.Filter) ([]network.ServicePoint, error)
	// ServicePointByID returns one point, or a NotFound error.
	ServicePointByID(ctx context.Context, id int64) (network.ServicePoint, error)
}

// Planner derives parcels' routes from the registry as it stands when the
// order is shipped; nothing of a route is typed in.
type Planner struct {
	Points Points
	// Prefecture is the prefecture whose network carries parcels: its
	// sellers' shipped orders become parcels, its buyers are served by
	// its pick-up stations and vans, and buyers outside it by national
	// carriers.
	Prefecture region.Code
	// Vans tells which points keep delivery vans, so that a home delivery
	// goes to a base a van leaves from; nil counts every express
	// end-point and logistics centre as keeping vans.
	Vans VanBases
}

// VanBases tells which service points keep delivery vans (internal/vans).
type VanBases interface {
	// VanBases returns those of ids that keep at least one van.
	VanBases(ctx context.Context, ids []int64) (map[int64]bool, error)
}

// Plan returns the parcel of a shipment, with its route, not yet stored;
// ok is false when the seller lies outside the prefecture (its orders are
// shipped without a parcel). The route is, in order:
//
//  1. first_mile: the open village station serving the seller's region,
//     or else a town station serving it. A seller no station serves
//     brings the parcel to the next node itself: the route starts there.
//  2. express: the express end-point in or serving the seller's town, if
//     the town has one.
//  3. logistics: the logistics centre in the seller's county (or one
//     serving the seller), if any.
//  4. For a pick-up, the buyer's county's logistics centre when the
//     pick-up station lies in another county, then the pick-up station.
//     A pick-up at the seller's own first-mile station is that one leg.
//     For home delivery inside the prefecture, the buyer's county's
//     logistics centre when it is another county, the van's base (the
//     express end-point in or serving the buyer's town, else the buyer's
//     county's logistics centre; with Vans, the first of the two that
//     keeps a van), then the buyer's door. Outside the
//     prefecture, the hand-over to the national carrier, which needs
//     the carrier and tracking number (an Invalid error otherwise).
//
// A node already on the route just before is not repeated: the leg
// before Door is always the van's base. Registry errors are returned
// wrapped.
func (pl *Planner) Plan(ctx context.Context, sh Shipment) (Parcel, bool, error) {
	if pl.Prefecture == "" || !sh.SellerRegion.Within(pl.Prefecture) {
		return Parcel{}, false, nil
	}
	p := Parcel{
		OrderID: sh.OrderID, BuyerID: sh.BuyerID, OrgID: sh.OrgID, SellerRegion: sh.SellerRegion,
		State: Planned, PickupPointID: sh.PickupPointID, Carrier: sh.Carrier, Tracking: sh.Tracking,
	}
	county := sh.SellerRegion.County()
	home, err := pl.countyPoints(ctx, county)
	if err != nil {
		return Parcel{}, false, err
	}
	r := &route{}
	r.add(FirstMile, firstMile(home, sh.SellerRegion))
	r.add(Express, express(home, sh.SellerRegion))
	r.add(Logistics, logistics(home, sh.SellerRegion))

	switch {
	case sh.PickupPointID != 0:
		pt, err := pl.Points.ServicePointByID(ctx, sh.PickupPointID)
		if err != nil {
			return Parcel{}, false, fmt.Errorf("parcels.Plan: %w", err)
		}
		p.Delivery, p.DestRegion = StationPickup, pt.Region
		if len(r.legs) > 0 && r.legs[0].PointID == pt.ID {
			r.legs = r.legs[:0]
		} else if c := pt.Region.County(); c != county {
			far, err := pl.countyPoints(ctx, c)
			if err != nil {
				return Parcel{}, false, err
			}
			r.add(Logistics, logistics(far, pt.Region))
		}
		r.add(PickupStation, &pt)
	case sh.Address.Within(pl.Prefecture):
		p.Delivery, p.DestRegion = VanDelivery, sh.Address
		far := home
		if c := sh.Address.County(); c != county {
			if far, err = pl.countyPoints(ctx, c); err != nil {
				return Parcel{}, false, err
			}
			r.add(Logistics, logistics(far, sh.Address))
		}
		base, err := pl.vanBase(ctx, far, sh.Address)
		if err != nil {
			return Parcel{}, false, err
		}
		r.add(VanBase, base)
		r.legs = append(r.legs, Leg{Kind: Door, Region: sh.Address})
	default:
		if sh.Carrier == "" || sh.Tracking == "" {
			return Parcel{}, false, errs.Field("tracking", "err.parcels.carrier_tracking")
		}
		p.Delivery, p.DestRegion = NationalCarrier, sh.Address
		r.legs = append(r.legs, Leg{Kind: Carrier, Region: sh.Address})
	}
	for i := range r.legs {
		r.legs[i].Seq = i
	}
	p.Legs = r.legs
	return p, true, nil
}

// vanBase is the point a van leaves from for dest: the express end-point
// in or serving dest's town, else the county's logistics centre; with
// Vans, the first of those that keeps a van (the first of them when none
// does).
func (pl *Planner) vanBase(ctx context.Context, ps []network.ServicePoint, dest region.Code) (*network.ServicePoint, error) {
	var cands []*network.ServicePoint
	ids := []int64{}
	for _, p := range []*network.ServicePoint{express(ps, dest), logistics(ps, dest)} {
		if p != nil {
			cands, ids = append(cands, p), append(ids, p.ID)
		}
	}
	if len(cands) < 2 || pl.Vans == nil {
		if len(cands) == 0 {
			return nil, nil
		}
		return cands[0], nil
	}
	keep, err := pl.Vans.VanBases(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("parcels.Plan: %w", err)
	}
	for _, c := range cands {
		if keep[c.ID] {
			return c, nil
		}
	}
	return cands[0], nil
}

func (pl *Planner) countyPoints(ctx context.Context, county region.Code) ([]network.ServicePoint, error) {
	if county == "" {
		return nil, nil
	}
	ps, err := pl.Points.ServicePoints(ctx, network.Filter{Within: county})
	if err != nil {
		return nil, fmt.Errorf("parcels.Plan: %w", err)
	}
	return ps, nil
}

// route collects legs, leaving out missing nodes and a node repeated
// right after itself.
type route struct{ legs []Leg }

func (r *route) add(k LegKind, pt *network.ServicePoint) {
	if pt == nil {
		return
	}
	if n := len(r.legs); n > 0 && r.legs[n-1].PointID == pt.ID {
		return
	}
	r.legs = append(r.legs, Leg{Kind: k, PointID: pt.ID, PointCode: pt.Code, PointName: pt.Name, Region: pt.Region})
}

// firstMile is the village station serving code, else the town station
// serving it, else nil; the points are ordered by code, the first wins.
func firstMile(ps []network.ServicePoint, code region.Code) *network.ServicePoint {
	for _, kind := range []network.Kind{network.VillageStation, network.TownStation} {
		if pt := pick(ps, kind, func(p network.ServicePoint) bool { return p.ServesRegion(code) }); pt != nil {
			return pt
		}
	}
	return nil
}

// express is the express end-point serving code or located in its town.
func express(ps []network.ServicePoint, code region.Code) *network.ServicePoint {
	if pt := pick(ps, network.ExpressPoint, func(p network.ServicePoint) bool { return p.ServesRegion(code) }); pt != nil {
		return pt
	}
	town := code.Ancestor(region.Town)
	if town == "" {
		return nil
	}
	return pick(ps, network.ExpressPoint, func(p network.ServicePoint) bool { return p.Region.Within(town) })
}

// logistics is the logistics centre located in code's county, else one
// serving code.
func logistics(ps []network.ServicePoint, code region.Code) *network.ServicePoint {
	county := code.County()
	if pt := pick(ps, network.LogisticsCenter, func(p network.ServicePoint) bool { return p.Region.Within(county) }); pt != nil {
		return pt
	}
	return pick(ps, network.LogisticsCenter, func(p network.ServicePoint) bool { return p.ServesRegion(code) })
}

func pick(ps []network.ServicePoint, kind network.Kind, ok func(network.ServicePoint) bool) *network.ServicePoint {
	for i := range ps {
		if ps[i].Kind == kind && ps[i].IsOpen() && ok(ps[i]) {
			return &ps[i]
		}
	}
	return nil
}
