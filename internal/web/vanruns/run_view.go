package vanruns

import (
	"net/http"

	"maeul/internal/accounts"
	"maeul/internal/region"
	"maeul/internal/vans"
	"maeul/internal/web"
)

type runData struct {
	Run vans.Run
	// Places names the stops' villages and towns.
	Places map[region.Code]region.Region
	// CanRecord reports whether the reader records deliveries (works at
	// the base); only then does the manifest show names and codes.
	CanRecord bool
	Problem   string
}

// runView shows a run's manifest: its stops in order with their parcels,
// whom to hand each to and the code to ask for, and, for those who work
// at the base, the forms that record what became of each parcel. It
// prints as the driver's sheet.
func (h *Handler) runView(w http.ResponseWriter, r *http.Request) error {
	id, err := runID(r)
	if err != nil {
		return err
	}
	return h.showRun(w, r, id, http.StatusOK, "")
}

// showRun renders run id with status and a problem to show above it.
func (h *Handler) showRun(w http.ResponseWriter, r *http.Request, id int64, status int, problem string) error {
	a := accounts.ActorFrom(r.Context())
	run, err := h.Vans.Run(r.Context(), a, id)
	if err != nil {
		return err
	}
	d := runData{Run: run, Places: map[region.Code]region.Region{}, Problem: problem,
		CanRecord: a.WorksAt(run.Van.BaseID, run.Van.BaseRegion)}
	codes := make([]region.Code, len(run.Stops))
	for i, s := range run.Stops {
		codes[i] = s.Region
	}
	rs, err := h.Regions.RegionsByCode(r.Context(), codes)
	if err != nil {
		return err
	}
	for _, x := range rs {
		d.Places[x.Code] = x
	}
	return h.Render(w, r, status, "van_run", web.Page{Title: h.T(r, "vans.run.title", run.Van.Code, run.Day), NavArea: "admin", Data: d})
}
