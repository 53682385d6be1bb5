// Package org holds the organizations that sell through maeul or partner
// with it: enterprises, cooperatives, large farms, household shops and
// village collective stores.
package org

import (
	"context"
	"strings"

	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/region"
	"maeul/internal/text"
)

// Kind is the legal form of an organization.
type Kind string

// The kinds of organization.
const (
	Enterprise    Kind = "enterprise"
	Cooperative   Kind = "cooperative"
	Farm          Kind = "farm" // a large-scale grower
	HouseholdShop Kind = "household_shop"
	VillageStore  Kind = "village_store" // a village collective
	// Base is a production or e-commerce base (基地) and Park an
	// e-commerce industrial park (产业园): organizations the programme
	// confers demonstration titles on, which may also sell.
	Base Kind = "base"
	Park Kind = "park"
)

// Kinds lists every kind in display order.
var Kinds = []Kind{Enterprise, Cooperative, Farm, HouseholdShop, VillageStore, Base, Park}

// ParseKind returns the kind named s, or an Invalid error.
func ParseKind(s string) (Kind, error) {
	k := Kind(strings.ToLower(strings.TrimSpace(s)))
	for _, x := range Kinds {
		if x == k {
			return k, nil
		}
	}
	return "", errs.E(errs.Invalid, "err.org.unknown_kind", s)
}

// FarmDirect reports whether the kind sells straight from the farm:
// households, farms and village collectives, the mall's farm-direct section.
func (k Kind) FarmDirect() bool {
	return k == HouseholdShop || k == Farm || k == VillageStore
}

// HasMembers reports whether the kind has member households holding
// shares, and so a dividend pool: cooperatives and village collectives.
func (k Kind) HasMembers() bool {
	return k == Cooperative || k == VillageStore
}

// Organization is a seller or partner.
type Organization struct {
	ID      int64
	Code    string
	Kind    Kind
	Region  region.Code
	Name    i18n.Text
	Leading bool // a leading enterprise (龙头企业) of the programme
	// Story is the store's own introduction; Cover the key of its cover
	// photo ("" for none).
	Story i18n.Text
	Cover string
}

// ValidCode reports whether s may serve as an organization or service point
// code: 1 to 40 letters, digits, '-' or '_'.
func ValidCode(s string) error {
	if s == "" || len(s) > 40 {
		return errs.E(errs.Invalid, "err.org.code", s)
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return errs.E(errs.Invalid, "err.org.code", s)
		}
	}
	return nil
}

// Validate checks an organization on its own.
func (o Organization) Validate() error {
	if err := ValidCode(o.Code); err != nil {
		return errs.InField("code", err)
	}
	if _, err := ParseKind(string(o.Kind)); err != nil {
		return errs.InField("kind", err)
	}
	if o.Leading && o.Kind != Enterprise {
		return errs.Field("leading", "err.org.leading")
	}
	if o.Name.IsZero() {
		return errs.Field("name_ko", "err.org.name")
	}
	if err := text.CheckText("name", o.Name, text.MaxName, false); err != nil {
		return err
	}
	return text.CheckText("story", o.Story, text.MaxBlock, true)
}

// Filter selects organizations.
type Filter struct {
	Within region.Code // only those located inside this region
	Kind   Kind
	Limit  int
}

// Store is what organization rules need from storage.
type Store interface {
	// Organization returns one organization by code, or a NotFound error.
	Organization(ctx context.Context, code string) (Organization, error)
	// OrganizationByID returns one organization, or a NotFound error.
	OrganizationByID(ctx context.Context, id int64) (Organization, error)
	// Organizations lists organizations ordered by code.
	Organizations(ctx context.Context, f Filter) ([]Organization, error)
	// UpsertOrganizations inserts or updates by code in one transaction.
	UpsertOrganizations(ctx context.Context, os []Organization) error
	// UpdateOrganization stores changed fields of an existing organization.
	UpdateOrganization(ctx context.Context, o Organization) error
}
