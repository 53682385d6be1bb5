// Package network holds the programme's service network: county public
// service centres, town and village e-commerce service stations, township
// express end-points and warehouse-logistics centres.
package network

import (
	"context"
	"strings"

	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/org"
	"maeul/internal/region"
	"maeul/internal/text"
)

// Status says whether a service point is at work or only planned.
type Status string

// The statuses of a service point.
const (
	// Open points serve villagers and take parcels.
	Open Status = "open"
	// Candidate points are sites under study: they serve nobody, and the
	// coverage report weighs which of them to open.
	Candidate Status = "candidate"
)

// ParseStatus returns the status named s ("" is Open), or an Invalid
// error.
func ParseStatus(s string) (Status, error) {
	switch st := Status(strings.ToLower(strings.TrimSpace(s))); st {
	case "":
		return Open, nil
	case Open, Candidate:
		return st, nil
	}
	return "", errs.E(errs.Invalid, "err.network.unknown_status", s)
}

// Kind is the role of a service point in the network.
type Kind string

// The kinds of service point.
const (
	CountyCenter    Kind = "county_center"
	TownStation     Kind = "town_station"
	VillageStation  Kind = "village_station"
	ExpressPoint    Kind = "express_point"
	LogisticsCenter Kind = "logistics_center"
)

// Kinds lists every kind in display order.
var Kinds = []Kind{CountyCenter, TownStation, VillageStation, ExpressPoint, LogisticsCenter}

// ParseKind returns the kind named s, or an Invalid error.
func ParseKind(s string) (Kind, error) {
	k := Kind(strings.ToLower(strings.TrimSpace(s)))
	for _, x := range Kinds {
		if x == k {
			return k, nil
		}
	}
	return "", errs.E(errs.Invalid, "err.network.unknown_kind", s)
}

// IsStation reports whether the kind is an e-commerce service station that
// villagers visit.
func (k Kind) IsStation() bool { return k == TownStation || k == VillageStation }

// ServicePoint is one place in the network.
type ServicePoint struct {
	ID     int64
	Code   string
	Kind   Kind
	Region region.Code
	Name   i18n.Text
	// Status is Open or Candidate; the zero value is read as Open.
	Status Status
	// Serves lists the villages or towns the point serves; it is never
	// empty once stored (a point serves its own region by default).
	Serves []region.Code
}

// Validate checks a service point on its own and fills in Serves with the
// point's own region when it is empty.
func (p *ServicePoint) Validate() error {
	if err := org.ValidCode(p.Code); err != nil {
		return errs.InField("code", err)
	}
	if _, err := ParseKind(string(p.Kind)); err != nil {
		return errs.InField("kind", err)
	}
	if p.Name.IsZero() {
		return errs.Field("name_ko", "err.network.name")
	}
	if err := text.CheckText("name", p.Name, text.MaxName, false); err != nil {
		return err
	}
	st, err := ParseStatus(string(p.Status))
	if err != nil {
		return errs.InField("status", err)
	}
	p.Status = st
	if len(p.Serves) == 0 {
		p.Serves = []region.Code{p.Region}
	}
	county := p.Region.County()
	for _, c := range p.Serves {
		if county != "" && !c.Within(county) && p.Kind != LogisticsCenter {
			return errs.Field("serves", "err.network.serves_outside", c, county)
		}
	}
	return nil
}

// IsOpen reports whether the point is at work (not a candidate).
func (p ServicePoint) IsOpen() bool { return p.Status != Candidate }

// ServesRegion reports whether the point serves code: code is one of the
// served regions or lies inside one of them.
func (p ServicePoint) ServesRegion(code region.Code) bool {
	for _, c := range p.Serves {
		if code.Within(c) {
			return true
		}
	}
	return false
}

// Filter selects service points: open ones only, unless Candidates.
type Filter struct {
	Within region.Code
	Kind   Kind
	Limit  int
	// Candidates includes the candidate points too.
	Candidates bool
}

// Store is what network rules need from storage.
type Store interface {
	// ServicePoint returns one point by code, or a NotFound error.
	ServicePoint(ctx context.Context, code string) (ServicePoint, error)
	// ServicePointByID returns one point, or a NotFound error.
	ServicePointByID(ctx context.Context, id int64) (ServicePoint, error)
	// ServicePoints lists points ordered by code.
	ServicePoints(ctx context.Context, f Filter) ([]ServicePoint, error)
	// UpsertServicePoints inserts or updates by code, replacing each
	// point's served list, in one transaction.
	UpsertServicePoints(ctx context.Context, ps []ServicePoint) error
	// UpdateServicePoint stores changed fields of an existing point.
	UpdateServicePoint(ctx context.Context, p ServicePoint) error
	// CountServicePoints returns how many service points of the given
	// kinds (of any kind when none is given) lie within a region.
	CountServicePoints(ctx context.Context, within region.Code, kinds ...Kind) (int, error)
	// CoverageArea returns what the coverage of within is computed from
	// (see Area): the points with the candidates' names, the villages
	// with theirs only if names. An unknown region is NotFound.
	CoverageArea(ctx context.Context, within region.Code, names bool) (Area, error)
	// RegionsByCode returns the stored regions among codes.
	RegionsByCode(ctx context.Context, codes []region.Code) ([]region.Region, error)
}
