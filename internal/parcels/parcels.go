// Package parcels holds the logistics to the last kilometre: each shipped
// order of a seller inside the prefecture becomes a parcel whose route is
// derived from the service-point registry (internal/network), every
// hand-over along it is a scan, and a parcel that reaches the buyer's
// pick-up station gets the code the buyer collects it with.
//
// A parcel's states:
//
//	planned ──scan──▶ in_transit ──scan at the pick-up station──▶ at_pickup ──code──▶ handed_over
//	                      │  └──────scan at the buyer's door (van)──▶ delivered
//	                      └─────────scan of the carrier hand-over───▶ with_carrier
//
// A parcel is planned when its order is shipped and stays planned until
// its first scan. Any scan short of the route's last node makes it
// in_transit. The last node decides the rest: at the buyer's pick-up
// station it is at_pickup and carries a pick-up code; at the buyer's door
// (van home delivery) it is delivered; at the hand-over to a national
// carrier it is with_carrier. handed_over, delivered, with_carrier and
// returned are closed: no scan changes them.
//
// The order follows its parcel: it is shipped while its parcel travels and
// becomes delivered in the same transaction that marks the parcel
// handed_over or delivered. A parcel handed to a national carrier leaves
// the network; its order stays shipped until its seller marks it
// delivered, as for sellers outside the prefecture, which get no parcel.
package parcels

import (
	"context"
	"time"

	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/region"
)

// State is where a parcel is in its life (see the package comment).
type State string

// The states of a parcel.
const (
	Planned     State = "planned"
	InTransit   State = "in_transit"
	AtPickup    State = "at_pickup"
	HandedOver  State = "handed_over"
	Delivered   State = "delivered"
	WithCarrier State = "with_carrier"
	// Returned is a parcel sent back to its seller; it is closed like the
	// delivered ones.
	Returned State = "returned"
)

// States lists every state in life order.
var States = []State{Planned, InTransit, AtPickup, HandedOver, Delivered, WithCarrier, Returned}

// Closed reports whether nothing more happens to a parcel in the state.
func (s State) Closed() bool {
	return s == HandedOver || s == Delivered || s == WithCarrier || s == Returned
}

// Open reports whether a parcel in the state is still in the network.
func (s State) Open() bool { return !s.Closed() }

// Label is the state's name in the reader's language.
func (s State) Label() i18n.Msg { return i18n.M("parcel.state." + string(s)) }

// ParseState returns the state named s, or an Invalid error.
func ParseState(s string) (State, error) {
	for _, x := range States {
		if string(x) == s {
			return x, nil
		}
	}
	return "", errs.E(errs.Invalid, "err.parcels.unknown_state", s)
}

// Delivery is how a parcel's last leg reaches the buyer.
type Delivery string

// The deliveries.
const (
	// StationPickup ends at the buyer's pick-up station, where the buyer
	// collects the parcel against its pick-up code.
	StationPickup Delivery = "pickup"
	// VanDelivery ends at the buyer's door inside the prefecture, carried
	// by a van run from the van's base.
	VanDelivery Delivery = "van"
	// NationalCarrier ends with the hand-over to a national carrier, for
	// buyers outside the prefecture; the carrier's tracking number follows
	// the parcel from there.
	NationalCarrier Delivery = "carrier"
)

// Deliveries lists every delivery.
var Deliveries = []Delivery{StationPickup, VanDelivery, NationalCarrier}

// Label is the delivery's name in the reader's language.
func (d Delivery) Label() i18n.Msg { return i18n.M("parcel.delivery." + string(d)) }

// LegKind is the role of one node of a parcel's route.
type LegKind string

// The kinds of leg, in the order a route may hold them.
const (
	// FirstMile is the station serving the seller's village, which
	// collects the parcel from the seller.
	FirstMile LegKind = "first_mile"
	// Express is the express end-point of the seller's town.
	Express LegKind = "express"
	// Logistics is a county's warehouse-logistics centre (the seller's,
	// then the buyer's when it differs).
	Logistics LegKind = "logistics"
	// PickupStation is the buyer's pick-up station (last leg).
	PickupStation LegKind = "pickup"
	// VanBase is the express end-point or logistics centre a van leaves
	// from for the buyer's village.
	VanBase LegKind = "van_base"
	// Door is the buyer's address (last leg of a van delivery); it has no
	// service point.
	Door LegKind = "door"
	// Carrier is the hand-over to the national carrier (last leg of a
	// parcel leaving the prefecture); it has no service point.
	Carrier LegKind = "carrier"
)

// LegKinds lists every kind of leg.
var LegKinds = []LegKind{FirstMile, Express, Logistics, PickupStation, VanBase, Door, Carrier}

// Label is the leg kind's name in the reader's language.
func (k LegKind) Label() i18n.Msg { return i18n.M("parcel.leg." + string(k)) }

// The node codes a scan names for the legs without a service point: the
// buyer's door and the national carrier's hand-over. Service point codes
// never start with "@".
const (
	DoorNode    = "@door"
	CarrierNode = "@carrier"
)

// Leg is one node of a parcel's planned route.
type Leg struct {
	Seq  int
	Kind LegKind
	// PointID is the service point of the node; 0 for Door and Carrier.
	PointID   int64
	PointCode string
	PointName i18n.Text
	// Region is the point's region, or the buyer's village or town for
	// Door, or the buyer's address region for Carrier.
	Region region.Code
	// ScannedAt is when the parcel was first scanned at this node in
	// route order; zero while it is pending.
	ScannedAt time.Time
}

// Node returns the code a scan names for the leg: the point's code, or
// DoorNode or CarrierNode.
func (l Leg) Node() string {
	switch l.Kind {
	case Door:
		return DoorNode
	case Carrier:
		return CarrierNode
	}
	return l.PointCode
}

// Parcel is one shipped order on its way.
type Parcel struct {
	ID      int64
	OrderID int64
	BuyerID int64
	OrgID   int64
	// SellerRegion is the seller's region, DestRegion where the parcel
	// goes: the pick-up station's region or the buyer's address region.
	SellerRegion region.Code
	DestRegion   region.Code
	Delivery     Delivery
	State        State
	// Next is the index in Legs of the next node expected in route
	// order; len(Legs) once the last node is scanned.
	Next int
	// AtPointID is the service point of the last scan (0 before the first
	// scan or after a scan at Door or Carrier), AtSince when it came there.
	AtPointID int64
	AtSince   time.Time
	// PickupPointID is the buyer's pick-up station (StationPickup only).
	PickupPointID int64
	// PickupCode is the code the buyer collects the parcel with, set when
	// it reaches the pick-up station. Show it to the buyer only (see
	// Service.ForBuyer); operators ask the buyer for it.
	PickupCode string
	// Carrier and Tracking are the national carrier and its tracking
	// number, as the seller gave them when shipping.
	Carrier, Tracking string
	Legs              []Leg
	// Version counts the parcel's changes; a store writes a change only
	// over the version it was read at.
	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Last returns the route's last leg.
func (p Parcel) Last() Leg { return p.Legs[len(p.Legs)-1] }

// Scan is one hand-over of a parcel at a node, as recorded.
type Scan struct {
	// ScanID is the client's unique id for the scan: recording the same
	// id again changes nothing and returns the first result.
	ScanID   string
	ParcelID int64
	// Node is the service point's code, DoorNode or CarrierNode.
	Node    string
	PointID int64
	// Seq is the index of the leg the scan matched, -1 for a node off
	// the route.
	Seq int
	At  time.Time
	// UserID is the signed-in user who scanned, KeyID the machine's API
	// key; one of them is set.
	UserID int64
	KeyID  int64
	// OutOfOrder marks a scan that skipped ahead, went back or left the
	// route; Reason says why (required for those).
	OutOfOrder bool
	Reason     string
	// State is the parcel's state after the scan.
	State      State
	RecordedAt time.Time
}

// Filter selects parcels for listings, oldest arrival first.
type Filter struct {
	// AtPointID selects the parcels whose last scan was at the point.
	AtPointID int64
	// PickupPointID selects the parcels bound for a pick-up station.
	PickupPointID int64
	// FirstMilePointID selects the parcels whose first leg is at the
	// point and not yet scanned (parcels to collect from sellers).
	FirstMilePointID int64
	OrgID            int64
	// Within selects parcels whose seller or destination lies in the
	// region.
	Within region.Code
	States []State
	// HeldBefore selects parcels that came to their node before it (and
	// have been scanned at least once).
	HeldBefore time.Time
	// Limit is how many to return: 100 when zero, at most 500.
	Limit int
}

// Store is what the parcel rules need from storage. Reads of what does
// not exist are NotFound errors.
type Store interface {
	// Parcel returns a parcel with its legs.
	Parcel(ctx context.Context, id int64) (Parcel, error)
	// ParcelForOrder returns the parcel of an order.
	ParcelForOrder(ctx context.Context, orderID int64) (Parcel, error)
	// Parcels lists the parcels f selects, with their legs.
	Parcels(ctx context.Context, f Filter) ([]Parcel, error)
	// ParcelScans returns a parcel's scans in the order recorded.
	ParcelScans(ctx context.Context, parcelID int64) ([]Scan, error)
	// ScanState returns, for recording a batch of scans, the parcels
	// among ids (with their legs; unknown ids are left out) and the
	// scans already recorded under the scan ids, by scan id.
	ScanState(ctx context.Context, ids []int64, scanIDs []string) (map[int64]Parcel, map[string]Scan, error)
	// SaveScans records new scans and the parcels they changed in one
	// transaction. A parcel whose stored version is no longer the one it
	// was read at, a scan id recorded meanwhile, or a pick-up code taken
	// meanwhile at the same station is a Conflict with reason
	// "err.parcels.changed_meanwhile", and nothing is written.
	SaveScans(ctx context.Context, scans []Scan, changed []Parcel) error
	// Counter is the hand-over at the pick-up station.
	Counter
}
