package web

import (
	"context"
	"net/http"
	"net/url"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/network"
	"maeul/internal/org"
	"maeul/internal/region"
)

// sellerOffice is whom the back office works for on a request: the organization
// whose store is managed, where it is, and the station when an operator
// lists on the organization's behalf. The catalog service decides whether
// the actor may; sellerOffice only carries its answer to the templates.
type sellerOffice struct {
	Org   org.Organization
	Place region.Region // the organization's village, town or county
	// Station is the operator's station when ViaStation.
	Station    network.ServicePoint
	ViaStation bool
	// Admin is an admin working for an organization of its region.
	Admin bool
	// own is true when the actor is the organization's own seller, whose
	// links need no ?org=.
	own bool
}

// URL returns a back-office link for this organization: path with
// ?org=CODE when the actor is not its own seller, and the given pairs of
// query names and values.
func (o sellerOffice) URL(path string, kv ...string) string {
	v := url.Values{}
	if !o.own {
		v.Set("org", o.Org.Code)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// sellerOfficeFromRequest decides whom the back office works for: the
// organization named by ?org=CODE, or else the seller's own. A station
// operator or admin who names none is sent to choose (Invalid); the
// catalog service refuses an organization the actor may not manage.
func (h *Handler) sellerOfficeFromRequest(r *http.Request) (sellerOffice, error) {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	var orgID int64
	switch code := r.URL.Query().Get("org"); {
	case code != "":
		o, err := h.OrgStore.Organization(ctx, code)
		if err != nil {
			return sellerOffice{}, err
		}
		orgID = o.ID
	case a.Role == accounts.Seller && a.OrgID != 0:
		orgID = a.OrgID
	default:
		if err := a.Require(a.SignedIn() && a.Role != accounts.Shopper, "act.open_seller_office"); err != nil {
			return sellerOffice{}, err
		}
		return sellerOffice{}, errs.E(errs.Invalid, "err.web.which_org_store")
	}
	act, err := h.Catalog.Authorize(ctx, a, orgID)
	if err != nil {
		return sellerOffice{}, err
	}
	return h.sellerOfficeFor(ctx, a, act)
}

// sellerOfficeFor describes an authorization's outcome for the templates.
func (h *Handler) sellerOfficeFor(ctx context.Context, a accounts.Actor, act catalog.Acting) (sellerOffice, error) {
	o := sellerOffice{Org: act.Org, own: a.Role == accounts.Seller && a.OrgID == act.Org.ID}
	o.Admin = !o.own && a.Administers(act.Org.Region)
	var err error
	if o.Place, err = h.Regions.Region(ctx, act.Org.Region); err != nil {
		return sellerOffice{}, err
	}
	if act.PointID != 0 {
		if o.Station, err = h.Points.ServicePointByID(ctx, act.PointID); err != nil {
			return sellerOffice{}, err
		}
		o.ViaStation = true
	}
	return o, nil
}
