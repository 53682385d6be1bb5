package vans

import (
	"context"
	"fmt"
	"strings"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/chinatime"
	"maeul/internal/errs"
	"maeul/internal/impact"
	"maeul/internal/network"
	"maeul/internal/parcels"
)

// Service carries out the van rules. Who may do what:
//   - the admins of the region a base lies in register its vans, plan its
//     runs, read them and record what became of their parcels;
//   - the operators of a base (station operators whose point it is) plan
//     and read its runs and record outcomes, but register no van;
//   - auditors read the runs of the region they oversee;
//   - nobody else sees a run: its manifest names buyers.
type Service struct {
	Store  Store
	Points network.Store
	// Parcels gives the parcels waiting for a van, what a manifest shows
	// of them and their delivery scans; nil leaves runs without parcels.
	Parcels Parcels
	// Scans records the delivery scans at the buyer's door.
	Scans *parcels.Service
	Now   func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// Today returns the date in China now, YYYY-MM-DD.
func (s *Service) Today() string { return s.now().In(chinatime.Zone).Format(time.DateOnly) }

// SaveVans registers vans, or updates those with the same codes, on behalf
// of by: the system, or the admins of the region each van's base lies in.
// Each van is checked (Validate, and its base: an open logistics centre or
// express end-point, see CheckBase); the refusals come together as an
// *impact.BatchError, by index, and then nothing is saved.
func (s *Service) SaveVans(ctx context.Context, by accounts.Actor, vs []Van) error {
	if err := s.CheckVans(ctx, by, vs); err != nil {
		return err
	}
	if err := s.Store.UpsertVans(ctx, vs); err != nil {
		return fmt.Errorf("vans.SaveVans: %w", err)
	}
	return nil
}

// CheckVans is SaveVans without saving: it checks the vans, fills in their
// bases' ids and regions, and returns the refusals as an
// *impact.BatchError.
func (s *Service) CheckVans(ctx context.Context, by accounts.Actor, vs []Van) error {
	be := &impact.BatchError{}
	bases := map[string]network.ServicePoint{}
	for i := range vs {
		v := &vs[i]
		v.Plate = strings.TrimSpace(v.Plate)
		if err := v.Validate(); err != nil {
			be.Rows = append(be.Rows, impact.RowError{Index: i, Err: err})
			continue
		}
		base, ok := bases[v.BaseCode]
		if !ok {
			p, err := s.Points.ServicePoint(ctx, v.BaseCode)
			if errs.Is(err, errs.NotFound) {
				be.Rows = append(be.Rows, impact.RowError{Index: i, Err: errs.InField("base_code", err)})
				continue
			}
			if err != nil {
				return fmt.Errorf("vans.CheckVans: %w", err)
			}
			base, bases[v.BaseCode] = p, p
		}
		if err := CheckBase(base); err != nil {
			be.Rows = append(be.Rows, impact.RowError{Index: i, Err: err})
			continue
		}
		if err := by.Require(by.Administers(base.Region), "act.vans.register", v.Code, base.Code); err != nil {
			be.Rows = append(be.Rows, impact.RowError{Index: i, Err: err})
			continue
		}
		v.BaseID, v.BaseRegion = base.ID, base.Region
	}
	if len(be.Rows) > 0 {
		return be
	}
	return nil
}
