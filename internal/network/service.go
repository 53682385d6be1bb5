package network

import (
	"context"
	"fmt"

	"maeul/internal/accounts"
	"maeul/internal/region"
)

// Service carries out the network rules over a Store.
type Service struct {
	Store Store
}

// Update changes a service point on behalf of by: only the admins of the
// point's region may, and they may not move it, or make it serve regions,
// outside the region they administer. Others are Forbidden; a missing
// point is NotFound.
func (s *Service) Update(ctx context.Context, by accounts.Actor, p ServicePoint) (ServicePoint, error) {
	cur, err := s.Store.ServicePointByID(ctx, p.ID)
	if err != nil {
		return ServicePoint{}, err
	}
	if err := by.Require(by.Administers(cur.Region), "act.change_point", cur.Code); err != nil {
		return ServicePoint{}, err
	}
	p.Code = cur.Code
	if p.Region == "" {
		p.Region = cur.Region
	}
	if err := p.Validate(); err != nil {
		return ServicePoint{}, err
	}
	for _, c := range append([]region.Code{p.Region}, p.Serves...) {
		if err := by.Require(by.Administers(c), "act.place_point", cur.Code, c); err != nil {
			return ServicePoint{}, err
		}
	}
	if err := s.Store.UpdateServicePoint(ctx, p); err != nil {
		return ServicePoint{}, fmt.Errorf("network.Update: %w", err)
	}
	return s.Store.ServicePointByID(ctx, p.ID)
}

// ListOverseen lists the points inside within for an admin or auditor
// who oversees that region, and a station operator's own point; others
// are Forbidden.
func (s *Service) ListOverseen(ctx context.Context, by accounts.Actor, within region.Code) ([]ServicePoint, error) {
	if within == "" {
		within = by.Scope
	}
	if err := by.Require(within != "" && by.Oversees(within) || by.System, "act.list_points"); err != nil {
		return nil, err
	}
	return s.Store.ServicePoints(ctx, Filter{Within: within})
}
