package web

import (
	"net/http"

	"maeul/internal/network"
	"maeul/internal/org"
	"maeul/internal/region"
)

type homeData struct {
	Prefecture   region.Region
	Counties     []region.Summary
	VillageStore []org.Organization
	Stations     int
}

// home is the storefront's front page.
func (h *Handler) home(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	pref, err := h.Regions.Region(ctx, h.Home)
	if err != nil {
		return err
	}
	counties, err := h.Regions.Children(ctx, pref.Code)
	if err != nil {
		return err
	}
	stores, err := h.OrgStore.Organizations(ctx, org.Filter{Within: pref.Code, Kind: org.VillageStore, Limit: 12})
	if err != nil {
		return err
	}
	points, err := h.Points.ServicePoints(ctx, network.Filter{Within: pref.Code})
	if err != nil {
		return err
	}
	stations := 0
	for _, p := range points {
		if p.Kind.IsStation() {
			stations++
		}
	}
	l := langFrom(r)
	return h.render(w, r, http.StatusOK, "home", page{
		Title:   h.cat.T(l, "home.title"),
		NavArea: "home",
		Data:    homeData{Prefecture: pref, Counties: counties, VillageStore: stores, Stations: stations},
	})
}

// notFound is the page for any unknown path.
func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) error {
	return errNotFoundPage
}
