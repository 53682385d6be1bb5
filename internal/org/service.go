package org

import (
	"context"
	"fmt"

	"maeul/internal/accounts"
	"maeul/internal/region"
)

// Service carries out the organization rules over a Store.
type Service struct {
	Store Store
}

// Update changes an organization on behalf of by. Its sellers may change
// only its names; the admins of its region may also change its kind,
// leading flag and region, but not move it out of the region they
// administer. Others are Forbidden; a missing organization is NotFound.
func (s *Service) Update(ctx context.Context, by accounts.Actor, o Organization) (Organization, error) {
	cur, err := s.Store.OrganizationByID(ctx, o.ID)
	if err != nil {
		return Organization{}, err
	}
	if err := by.Require(by.ActsFor(cur.ID, cur.Region), "act.change_org", cur.Code); err != nil {
		return Organization{}, err
	}
	o.Code = cur.Code
	if !by.Administers(cur.Region) {
		o.Kind, o.Region, o.Leading = cur.Kind, cur.Region, cur.Leading
	}
	if o.Region == "" {
		o.Region = cur.Region
	}
	if err := by.Require(by.ActsFor(cur.ID, o.Region) && (o.Region == cur.Region || by.Administers(o.Region)),
		"act.move_org", cur.Code, o.Region); err != nil {
		return Organization{}, err
	}
	if err := o.Validate(); err != nil {
		return Organization{}, err
	}
	if err := s.Store.UpdateOrganization(ctx, o); err != nil {
		return Organization{}, fmt.Errorf("org.Update: %w", err)
	}
	return s.Store.OrganizationByID(ctx, o.ID)
}

// ListOverseen lists the organizations inside within for an admin or
// auditor who oversees that region; others are Forbidden.
func (s *Service) ListOverseen(ctx context.Context, by accounts.Actor, within region.Code, kind Kind) ([]Organization, error) {
	if within == "" {
		within = by.Scope
	}
	if err := by.Require(within != "" && by.Oversees(within) || by.System, "act.list_orgs"); err != nil {
		return nil, err
	}
	return s.Store.Organizations(ctx, Filter{Within: within, Kind: kind})
}
