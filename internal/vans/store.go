package vans

import (
	"context"
	"time"

	"maeul/internal/region"
)

// Filter selects vans or runs: those based at one point (BaseID), or at
// the points lying within a region; Day selects the runs of one day.
type Filter struct {
	BaseID int64
	Within region.Code
	Day    string
}

// Store is what the van rules need from storage.
type Store interface {
	// Van returns one van by code, or a NotFound error.
	Van(ctx context.Context, code string) (Van, error)
	// Vans lists the vans of f (its Day ignored), ordered by code.
	Vans(ctx context.Context, f Filter) ([]Van, error)
	// UpsertVans inserts or updates vans by code, in one transaction; a
	// plate another van has is an Invalid error naming it.
	UpsertVans(ctx context.Context, vs []Van) error
	// CreateRuns stores planned runs with their stops and parcels in one
	// transaction, returning them with their ids. A van that has a run on
	// the day already, or a parcel already on a run that did not bring it
	// back undelivered, is a Conflict, and nothing is stored.
	CreateRuns(ctx context.Context, runs []Run, by int64, now time.Time) ([]Run, error)
	// Runs lists the runs of f without their stops, with their parcels
	// counted, ordered by day, base and van code.
	Runs(ctx context.Context, f Filter) ([]Run, error)
	// Run returns one run with its stops and parcels, or NotFound.
	Run(ctx context.Context, id int64) (Run, error)
	// OnRuns returns those of parcelIDs that are on a run that did not
	// bring them back undelivered (they are not waiting).
	OnRuns(ctx context.Context, parcelIDs []int64) (map[int64]bool, error)
	// SetOutcomes records what became of parcels of a run (only those
	// still pending change) and closes the run when none is left pending,
	// in one transaction; it returns the run as it then is. A parcel not
	// on the run is NotFound.
	SetOutcomes(ctx context.Context, runID int64, outs []Result, by int64, now time.Time) (Run, error)
}

// Result is the outcome of one parcel of a run, as recorded.
type Result struct {
	ParcelID int64
	Outcome  Outcome
	Note     string
	// At is when it happened (the delivery scan's time); zero means now.
	At time.Time
}

// Parcels is what runs need from the parcels (internal/parcels): the
// parcels waiting at a base, what a manifest shows of them, and which
// were delivered at the door or returned.
type Parcels interface {
	// WaitingAt returns the open parcels for home delivery by van whose
	// last scan was at the base and whose next leg is the buyer's door,
	// with their weights (see ParcelWeight).
	WaitingAt(ctx context.Context, baseID int64) ([]Waiting, error)
	// Manifests returns what a manifest shows of each parcel among ids.
	Manifests(ctx context.Context, ids []int64) (map[int64]Manifest, error)
	// Settled returns the parcels among ids that were delivered at the
	// door (Outcome Delivered, At the scan's time) or returned.
	Settled(ctx context.Context, ids []int64) (map[int64]Result, error)
}
