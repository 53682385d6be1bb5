package web

import (
	"net/http"

	"maeul/internal/accounts"
	"maeul/internal/network"
	"maeul/internal/org"
	"maeul/internal/region"
)

// adminHome sends an admin or auditor to the region it oversees.
func (h *Handler) adminHome(w http.ResponseWriter, r *http.Request) error {
	a := accounts.ActorFrom(r.Context())
	scope := a.Scope
	if scope == "" && a.Role == accounts.Auditor {
		scope = h.Home
	}
	if err := a.Require(scope != "" && a.Oversees(scope), "act.open_admin"); err != nil {
		return err
	}
	return redirect(w, r, "/admin/regions/"+string(scope))
}

type adminRegionData struct {
	Region        region.Region
	Path          []region.Region
	Children      []region.Summary
	Organizations []org.Organization
	Points        []network.ServicePoint
	CanEdit       bool
}

// adminRegion is the region drill-down: a region's sub-regions with their
// counts, and the organizations and service points inside it. Only those
// who oversee the region may open it.
func (h *Handler) adminRegion(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	code, err := region.ParseCode(r.PathValue("code"))
	if err != nil {
		return err
	}
	if err := a.Require(a.Oversees(code), "act.open_region_admin", code); err != nil {
		return err
	}
	d := adminRegionData{CanEdit: a.Administers(code)}
	if d.Region, err = h.Regions.Region(ctx, code); err != nil {
		return err
	}
	if d.Path, err = h.Regions.Path(ctx, code); err != nil {
		return err
	}
	if d.Children, err = h.Regions.Children(ctx, code); err != nil {
		return err
	}
	if d.Organizations, err = h.Orgs.ListOverseen(ctx, a, code, ""); err != nil {
		return err
	}
	if d.Points, err = h.Network.ListOverseen(ctx, a, code); err != nil {
		return err
	}
	l := langFrom(r)
	return h.render(w, r, http.StatusOK, "admin_region", page{Title: d.Region.Name.In(l), NavArea: "admin", Data: d})
}
