package vanruns

import (
	"net/http"

	"maeul/internal/accounts"
	"maeul/internal/region"
	"maeul/internal/vans"
	"maeul/internal/web"
)

type listData struct {
	Day    string
	Today  string
	Within region.Code
	Bases  []vans.Base
	Runs   []vans.Run
	// Planned says what the plan button just did (after its redirect).
	Planned, Left string
}

// URL links the runs of another day.
func (d listData) URL(day string) string { return listURL(day, d.Within) }

// runList shows the runs of ?date= (today by default) of the vans the
// reader oversees or works with, and their bases with the parcels waiting
// there.
func (h *Handler) runList(w http.ResponseWriter, r *http.Request) error {
	a := accounts.ActorFrom(r.Context())
	sc, err := h.scope(r)
	if err != nil {
		return err
	}
	day, err := h.day(r.URL.Query().Get("date"))
	if err != nil {
		return err
	}
	d := listData{Day: day, Today: h.Vans.Today(), Within: sc.Within,
		Planned: r.URL.Query().Get("planned"), Left: r.URL.Query().Get("left")}
	if d.Bases, err = h.Vans.Bases(r.Context(), a, sc); err != nil {
		return err
	}
	if d.Runs, err = h.Vans.Runs(r.Context(), a, sc, day); err != nil {
		return err
	}
	return h.Render(w, r, http.StatusOK, "van_runs", web.Page{Title: h.T(r, "vans.runs.title"), NavArea: "admin", Data: d})
}
