// Package vans holds the delivery vans that carry parcels the last
// kilometres, from a logistics centre or a township express end-point to
// the villages around it, and their daily runs: which parcels each van
// takes on a day, in which order it stops, and what became of each parcel.
//
// A van covers the villages (and towns) its base serves in the registry
// of service points (network.ServicePoint.Serves): a county logistics
// centre serves its county unless its admins say otherwise, an express
// end-point its town. A run is planned from the parcels waiting at the
// base for home delivery (see Plan), and it is closed once every parcel on
// it has been delivered (a delivery scan), or marked undelivered or
// returned.
package vans

import (
	"strings"
	"time"

	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/network"
	"maeul/internal/org"
	"maeul/internal/region"
	"maeul/internal/text"
)

// MaxCapacityKg is the largest load a van may be registered for: a light
// truck's, well above any delivery van's.
const MaxCapacityKg = 10000

// MaxPlate is the longest licence plate, in characters.
const MaxPlate = 16

// Van is one delivery van and the point it is based at.
type Van struct {
	ID   int64
	Code string
	// BaseID and BaseCode name the service point the van starts from;
	// BaseRegion is where that point lies (filled in when read).
	BaseID     int64
	BaseCode   string
	BaseRegion region.Code
	Plate      string
	CapacityKg int64
}

// Validate checks a van on its own (its base is checked by CheckBase):
// the code, a plate of printable characters without line breaks, and a
// capacity from 1 to MaxCapacityKg. The error names the field.
func (v Van) Validate() error {
	if err := org.ValidCode(v.Code); err != nil {
		return errs.InField("code", err)
	}
	plate := strings.TrimSpace(v.Plate)
	if plate == "" {
		return errs.Field("plate", "err.vans.plate_empty")
	}
	if err := text.Check("plate", plate, MaxPlate, false); err != nil {
		return err
	}
	if v.CapacityKg < 1 || v.CapacityKg > MaxCapacityKg {
		return errs.Field("capacity_kg", "err.vans.capacity", v.CapacityKg, MaxCapacityKg)
	}
	return nil
}

// CheckBase refuses a service point that cannot be a van's base: only an
// open logistics centre or express end-point keeps vans.
func CheckBase(p network.ServicePoint) error {
	if p.Kind != network.LogisticsCenter && p.Kind != network.ExpressPoint {
		return errs.Field("base_code", "err.vans.base_kind", p.Code, i18n.M("point.kind."+string(p.Kind)))
	}
	if !p.IsOpen() {
		return errs.Field("base_code", "err.vans.base_candidate", p.Code)
	}
	return nil
}

// Covers reports whether a van based at base delivers to dest, a village
// or town: dest lies in a region the base serves.
func Covers(base network.ServicePoint, dest region.Code) bool {
	return dest != "" && base.ServesRegion(dest)
}

// Status is the state of a run.
type Status string

// The states of a run.
const (
	// Open runs are planned or on the road: some parcel has no outcome.
	Open Status = "open"
	// Closed runs have an outcome for every parcel.
	Closed Status = "closed"
)

// Outcome is what became of a parcel on a run.
type Outcome string

// The outcomes of a parcel on a run.
const (
	// Pending: on the van, not yet delivered.
	Pending Outcome = ""
	// Delivered: handed to the buyer, with a delivery scan.
	Delivered Outcome = "delivered"
	// Undelivered: brought back to the base (nobody home, road closed);
	// the parcel waits for the next run.
	Undelivered Outcome = "undelivered"
	// Returned: refused by the buyer, or to go back to the seller; it
	// leaves home delivery.
	Returned Outcome = "returned"
)

// Label is the outcome's name in the reader's language.
func (o Outcome) Label() i18n.Msg {
	if o == Pending {
		return i18n.M("vans.outcome.pending")
	}
	return i18n.M("vans.outcome." + string(o))
}

// checkNote refuses a reason that is not one line of text.
func checkNote(note string) error { return text.Check("note", note, text.MaxLine, false) }

// ParseOutcome returns a closing outcome named s (delivered, undelivered
// or returned), or an Invalid error.
func ParseOutcome(s string) (Outcome, error) {
	switch o := Outcome(strings.ToLower(strings.TrimSpace(s))); o {
	case Delivered, Undelivered, Returned:
		return o, nil
	}
	return "", errs.Field("outcome", "err.vans.outcome", s)
}

// Run is one van's delivery round on one day (in China).
type Run struct {
	ID  int64
	Van Van
	// Day is the run's date in China, YYYY-MM-DD.
	Day    string
	Status Status
	// CapacityKg is the van's capacity when the run was planned.
	CapacityKg int64
	// LoadG is the weight of the parcels loaded, in grams.
	LoadG     int64
	Stops     []Stop
	CreatedAt time.Time
	ClosedAt  time.Time
	// Parcels and Done count the run's parcels and those with an outcome
	// (filled in by listings, which leave Stops empty).
	Parcels, Done int
}

// Stop is one place a run stops at, in order.
type Stop struct {
	Seq int
	// Region is the village (or town) the stop serves.
	Region  region.Code
	Parcels []Load
}

// Load is one parcel on a run.
type Load struct {
	ParcelID int64
	WeightG  int64
	Outcome  Outcome
	// OutcomeAt is when the outcome was recorded (zero while pending).
	OutcomeAt time.Time
	// Note says why a parcel came back undelivered or returned.
	Note string
	// Manifest is what the driver needs (filled in by Service.Run).
	Manifest Manifest
}

// Manifest is a parcel as a run's manifest shows it: the parcel's own
// reference, whom to hand it to, and the code the buyer proves it with.
type Manifest struct {
	Ref        string
	OrderRef   string
	Recipient  string
	Phone      string
	Address    string
	PickupCode string
}

// Capacity returns the run's capacity in grams.
func (r Run) Capacity() int64 { return r.CapacityKg * 1000 }

// Pending reports how many of the run's parcels have no outcome yet.
func (r Run) Pending() int { return r.Parcels - r.Done }
