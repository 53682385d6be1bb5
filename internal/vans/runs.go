package vans

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/network"
	"maeul/internal/parcels"
	"maeul/internal/region"
)

// DaysAhead is how many days past today a run may be planned for.
const DaysAhead = 7

// ParseDay returns the date s (YYYY-MM-DD) as written, or an Invalid
// error naming the field "date".
func ParseDay(s string) (string, error) {
	s = strings.TrimSpace(s)
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return "", errs.Field("date", "err.vans.day", s)
	}
	return s, nil
}

// Planned is what planning a base's runs for a day did.
type Planned struct {
	// Runs are the runs planned now, one per van that had none that day
	// and got parcels.
	Runs []Run
	// Waiting counts the parcels left at the base for a later run: no van
	// without a run had room for them.
	Waiting int
}

// PlanRuns plans the runs of a base's vans for a day (today in China
// when ""), on behalf of by: the base's operators and the admins of its
// region. Each van with no run that day yet gets the parcels waiting at
// the base for the villages it covers, as Plan loads them; vans that have
// a run that day keep it as it is, so planning again only plans for the
// others. A day in the past or more than DaysAhead ahead is Invalid, a
// base that keeps no van NotFound or Invalid (see CheckBase), and a run
// planned meanwhile by someone else a Conflict (nothing is stored then).
func (s *Service) PlanRuns(ctx context.Context, by accounts.Actor, baseCode, day string) (Planned, error) {
	today := s.Today()
	if day == "" {
		day = today
	}
	day, err := ParseDay(day)
	if err != nil {
		return Planned{}, err
	}
	last, _ := time.Parse(time.DateOnly, today)
	if day < today || day > last.AddDate(0, 0, DaysAhead).Format(time.DateOnly) {
		return Planned{}, errs.Field("date", "err.vans.day_range", DaysAhead, day)
	}
	base, err := s.base(ctx, by, baseCode, "act.vans.plan")
	if err != nil {
		return Planned{}, err
	}
	vs, err := s.Store.Vans(ctx, Filter{BaseID: base.ID})
	if err != nil {
		return Planned{}, fmt.Errorf("vans.PlanRuns: %w", err)
	}
	have, err := s.Store.Runs(ctx, Filter{BaseID: base.ID, Day: day})
	if err != nil {
		return Planned{}, fmt.Errorf("vans.PlanRuns: %w", err)
	}
	busy := map[int64]bool{}
	for _, r := range have {
		busy[r.Van.ID] = true
	}
	var free []Van
	for _, v := range vs {
		if !busy[v.ID] {
			free = append(free, v)
		}
	}
	waiting, err := s.waiting(ctx, base)
	if err != nil {
		return Planned{}, err
	}
	runs, left := Plan(day, free, waiting)
	if len(runs) > 0 {
		if runs, err = s.Store.CreateRuns(ctx, runs, by.ID, s.now()); err != nil {
			return Planned{}, fmt.Errorf("vans.PlanRuns: %w", err)
		}
	}
	return Planned{Runs: runs, Waiting: len(left)}, nil
}

// Waiting returns the parcels waiting at a base for a van, oldest first,
// for its operators and the admins of its region.
func (s *Service) Waiting(ctx context.Context, by accounts.Actor, baseCode string) ([]Waiting, error) {
	base, err := s.base(ctx, by, baseCode, "act.vans.read")
	if err != nil {
		return nil, err
	}
	return s.waiting(ctx, base)
}

// waiting returns the parcels at base bound for villages it covers and
// on no run that kept them.
func (s *Service) waiting(ctx context.Context, base network.ServicePoint) ([]Waiting, error) {
	if s.Parcels == nil {
		return nil, nil
	}
	all, err := s.Parcels.WaitingAt(ctx, base.ID)
	if err != nil {
		return nil, fmt.Errorf("vans.waiting: %w", err)
	}
	ids := make([]int64, len(all))
	for i, w := range all {
		ids[i] = w.ParcelID
	}
	on, err := s.Store.OnRuns(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("vans.waiting: %w", err)
	}
	var out []Waiting
	for _, w := range all {
		if !on[w.ParcelID] && Covers(base, w.Dest) {
			out = append(out, w)
		}
	}
	return out, nil
}

// base returns the point code names, once by may work there (its
// operators, the admins of its region) for action; a point that keeps no
// vans is refused as CheckBase says.
func (s *Service) base(ctx context.Context, by accounts.Actor, code, action string) (network.ServicePoint, error) {
	p, err := s.Points.ServicePoint(ctx, code)
	if err != nil {
		return p, err
	}
	if err := by.Require(by.WorksAt(p.ID, p.Region), action, p.Code); err != nil {
		return p, err
	}
	return p, CheckBase(p)
}

// Scope says whose runs a listing holds: those of the vans based at one
// point (a station operator's own), or within a region.
type Scope struct {
	BaseCode string
	Within   region.Code
}

// filter resolves whose vans a read covers, for by: a station operator
// those based at its own point, an admin or auditor those based within
// the region it oversees (its scope when sc.Within is ""); sc.BaseCode
// narrows it to one base, which must lie within that. Others are
// Forbidden, a guest Unauthorized.
func (s *Service) filter(ctx context.Context, by accounts.Actor, sc Scope) (Filter, error) {
	var f Filter
	if by.Role == accounts.StationOperator && !by.Disabled && by.ServicePointID != 0 {
		f.BaseID = by.ServicePointID
	} else {
		within := sc.Within
		if within == "" {
			within = by.Scope
		}
		if err := by.Require(by.System || within != "" && by.Oversees(within), "act.vans.read_runs"); err != nil {
			return f, err
		}
		f.Within = within
	}
	if sc.BaseCode != "" {
		p, err := s.Points.ServicePoint(ctx, sc.BaseCode)
		if err != nil {
			return f, err
		}
		if err := by.Require(p.ID == f.BaseID || f.BaseID == 0 && (f.Within == "" || p.Region.Within(f.Within)), "act.vans.read", p.Code); err != nil {
			return f, err
		}
		f.BaseID = p.ID
	}
	return f, nil
}

// Base is a service point that keeps vans, as the runs page lists it.
type Base struct {
	Point network.ServicePoint
	Vans  []Van
	// Waiting counts the parcels waiting there for a van; CanPlan reports
	// whether the reader may plan its runs (and so see what waits).
	Waiting int
	CanPlan bool
}

// Bases lists the points keeping vans that a read of sc covers for by (see
// Runs), with their vans, by point code; for the points by works at, the
// parcels waiting there are counted.
func (s *Service) Bases(ctx context.Context, by accounts.Actor, sc Scope) ([]Base, error) {
	f, err := s.filter(ctx, by, sc)
	if err != nil {
		return nil, err
	}
	vs, err := s.Store.Vans(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("vans.Bases: %w", err)
	}
	var out []Base
	at := map[int64]int{}
	for _, v := range vs {
		i, ok := at[v.BaseID]
		if !ok {
			p, err := s.Points.ServicePointByID(ctx, v.BaseID)
			if err != nil {
				return nil, fmt.Errorf("vans.Bases: %w", err)
			}
			i = len(out)
			at[v.BaseID] = i
			out = append(out, Base{Point: p, CanPlan: by.WorksAt(p.ID, p.Region)})
		}
		out[i].Vans = append(out[i].Vans, v)
	}
	slices.SortFunc(out, func(a, b Base) int { return cmp.Compare(a.Point.Code, b.Point.Code) })
	for i := range out {
		if !out[i].CanPlan {
			continue
		}
		ws, err := s.waiting(ctx, out[i].Point)
		if err != nil {
			return nil, err
		}
		out[i].Waiting = len(ws)
	}
	return out, nil
}

// Runs lists the runs of a day (every day when "") of the vans a read of
// sc covers for by: a station operator the runs of its own point, an
// admin or auditor those of the vans based within the region it oversees
// (its scope when sc.Within is ""). Runs whose parcels were all delivered
// or returned since are closed first. Others are Forbidden, a guest
// Unauthorized.
func (s *Service) Runs(ctx context.Context, by accounts.Actor, sc Scope, day string) ([]Run, error) {
	f, err := s.filter(ctx, by, sc)
	if err != nil {
		return nil, err
	}
	f.Day = day
	runs, err := s.Store.Runs(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("vans.Runs: %w", err)
	}
	for i, r := range runs {
		if r.Status != Open || s.Parcels == nil {
			continue
		}
		full, err := s.Store.Run(ctx, r.ID)
		if err != nil {
			return nil, fmt.Errorf("vans.Runs: %w", err)
		}
		if full, err = s.settle(ctx, full); err != nil {
			return nil, err
		}
		runs[i].Status, runs[i].ClosedAt, runs[i].Done = full.Status, full.ClosedAt, full.Done
	}
	return runs, nil
}

// Run returns one run with its stops and parcels for its base's operators
// and those who oversee the base's region; only those who work at the base
// (its operators and admins) get the manifest's names, phones, addresses
// and codes. A run whose parcels were all delivered or returned since is
// closed first. Others are Forbidden; an unknown run is NotFound.
func (s *Service) Run(ctx context.Context, by accounts.Actor, id int64) (Run, error) {
	r, err := s.Store.Run(ctx, id)
	if err != nil {
		return r, err
	}
	works := by.WorksAt(r.Van.BaseID, r.Van.BaseRegion)
	if err := by.Require(works || by.Oversees(r.Van.BaseRegion), "act.vans.read_run", id); err != nil {
		return Run{}, err
	}
	if r, err = s.settle(ctx, r); err != nil {
		return r, err
	}
	if s.Parcels == nil {
		return r, nil
	}
	var ids []int64
	for _, st := range r.Stops {
		for _, l := range st.Parcels {
			ids = append(ids, l.ParcelID)
		}
	}
	ms, err := s.Parcels.Manifests(ctx, ids)
	if err != nil {
		return r, fmt.Errorf("vans.Run: %w", err)
	}
	for i := range r.Stops {
		for j := range r.Stops[i].Parcels {
			m := ms[r.Stops[i].Parcels[j].ParcelID]
			if !works {
				m = Manifest{Ref: m.Ref, OrderRef: m.OrderRef}
			}
			r.Stops[i].Parcels[j].Manifest = m
		}
	}
	return r, nil
}

// settle records the outcomes of a run's pending parcels that were
// delivered at the door or returned since (so delivery scans, however
// they came, close the run) and returns the run as it then is.
func (s *Service) settle(ctx context.Context, r Run) (Run, error) {
	if r.Status != Open || s.Parcels == nil {
		return r, nil
	}
	var ids []int64
	for _, st := range r.Stops {
		for _, l := range st.Parcels {
			if l.Outcome == Pending {
				ids = append(ids, l.ParcelID)
			}
		}
	}
	if len(ids) == 0 {
		return r, nil
	}
	done, err := s.Parcels.Settled(ctx, ids)
	if err != nil {
		return r, fmt.Errorf("vans.settle: %w", err)
	}
	if len(done) == 0 {
		return r, nil
	}
	res := make([]Result, 0, len(done))
	for _, id := range ids {
		if d, ok := done[id]; ok {
			d.ParcelID = id
			res = append(res, d)
		}
	}
	r, err = s.Store.SetOutcomes(ctx, r.ID, res, 0, s.now())
	if err != nil {
		return r, fmt.Errorf("vans.settle: %w", err)
	}
	return r, nil
}

// Deliver records that a parcel of a run was handed over at the buyer's
// door: a delivery scan (idempotent per run and parcel, so a form sent
// twice scans once), after which the run closes if it was its last
// parcel. Only the base's operators and the admins of its region may; a
// parcel not on the run is NotFound, one already back undelivered or
// returned a Conflict.
func (s *Service) Deliver(ctx context.Context, by accounts.Actor, runID, parcelID int64) (Run, error) {
	r, l, err := s.runParcel(ctx, by, runID, parcelID)
	if err != nil {
		return r, err
	}
	if l.Outcome != Pending && l.Outcome != Delivered {
		return r, errs.E(errs.Conflict, "err.vans.settled", parcelID, l.Outcome.Label())
	}
	if l.Outcome == Pending {
		in := parcels.ScanInput{ScanID: fmt.Sprintf("van-run-%d-%d", runID, parcelID), ParcelID: parcelID, Node: parcels.DoorNode}
		if _, err := s.Scans.Scan(ctx, by, in); err != nil {
			return r, err
		}
	}
	return s.settle(ctx, r)
}

// MarkBack records that a parcel of a run came back to the base
// undelivered (it waits for the next run) or is returned, with the
// reason, which is required; the run closes if it was its last parcel.
// Only the base's operators and the admins of its region may; a parcel
// not on the run is NotFound, one that has an outcome already a Conflict.
func (s *Service) MarkBack(ctx context.Context, by accounts.Actor, runID, parcelID int64, outcome Outcome, note string) (Run, error) {
	if outcome != Undelivered && outcome != Returned {
		return Run{}, errs.Field("outcome", "err.vans.outcome", string(outcome))
	}
	note = strings.TrimSpace(note)
	if note == "" {
		return Run{}, errs.Field("note", "err.vans.reason")
	}
	if err := checkNote(note); err != nil {
		return Run{}, err
	}
	r, l, err := s.runParcel(ctx, by, runID, parcelID)
	if err != nil {
		return r, err
	}
	if r, err = s.settle(ctx, r); err != nil {
		return r, err
	}
	for _, st := range r.Stops {
		for _, x := range st.Parcels {
			if x.ParcelID == parcelID {
				l = x
			}
		}
	}
	if l.Outcome == outcome && l.Note == note {
		return r, nil // the same form sent again
	}
	if l.Outcome != Pending {
		return r, errs.E(errs.Conflict, "err.vans.settled", parcelID, l.Outcome.Label())
	}
	r, err = s.Store.SetOutcomes(ctx, runID, []Result{{ParcelID: parcelID, Outcome: outcome, Note: note}}, by.ID, s.now())
	if err != nil {
		return r, fmt.Errorf("vans.MarkBack: %w", err)
	}
	return r, nil
}

// runParcel returns a run and one of its parcels once by may work at the
// run's base.
func (s *Service) runParcel(ctx context.Context, by accounts.Actor, runID, parcelID int64) (Run, Load, error) {
	r, err := s.Store.Run(ctx, runID)
	if err != nil {
		return r, Load{}, err
	}
	if err := by.Require(by.WorksAt(r.Van.BaseID, r.Van.BaseRegion), "act.vans.record", runID); err != nil {
		return Run{}, Load{}, err
	}
	for _, st := range r.Stops {
		for _, l := range st.Parcels {
			if l.ParcelID == parcelID {
				return r, l, nil
			}
		}
	}
	return r, Load{}, errs.E(errs.NotFound, "err.vans.parcel_not_on_run", parcelID, runID)
}
