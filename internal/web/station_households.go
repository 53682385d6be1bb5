package web

import (
	"net/http"

	"maeul/internal/accounts"
	"maeul/internal/impact"
)

// stationHouseholds shows a station operator the registered households of
// the villages the station serves, with name and phone only (what the
// operator needs to hand over a statement or cash), each linking to its
// income statement. Whom the list holds and what it shows of each are
// impact.Service.Households' rules.
//
// The list is read village by village (a station serves a few), not a
// page of the county at a time: Households pages by code before it drops
// the households the operator may not see, so a page of the county could
// come back short or empty while the station's households lie further on.
func (h *Handler) stationHouseholds(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	if err := a.Require(a.SignedIn(), "act.see_station_households"); err != nil {
		return err
	}
	if err := a.Require(a.Role == accounts.StationOperator && a.ServicePointID != 0, "act.see_station_households"); err != nil {
		return err
	}
	pt, err := h.Points.ServicePointByID(ctx, a.ServicePointID)
	if err != nil {
		return err
	}
	var hs []impact.Household
	for _, v := range pt.Serves {
		xs, err := h.Impact.Households(ctx, a, impact.HouseholdQuery{Within: v})
		if err != nil {
			return err
		}
		hs = append(hs, xs...)
	}
	d := householdsData{Station: true, StationName: pt.Name}
	if err := h.showHouseholds(ctx, &d, hs, impact.HouseholdQuery{}, r.URL); err != nil {
		return err
	}
	l := langFrom(r)
	w.Header().Set("Cache-Control", "no-store")
	return h.render(w, r, http.StatusOK, "households", page{Title: h.cat.T(l, "households.station_title"), NavArea: "households", Data: d})
}
