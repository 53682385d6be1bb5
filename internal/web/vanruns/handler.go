// Package vanruns is the van runs console: the runs of a day of the vans
// a reader oversees or works with (a county's admins, the operators of a
// logistics centre or express end-point, auditors), the parcels waiting
// at each base with the button that plans the day's runs, and a run's
// printable manifest, where its parcels' deliveries are recorded.
package vanruns

import (
	"embed"
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/region"
	"maeul/internal/route"
	"maeul/internal/vans"
	"maeul/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Handler holds the console and the services its pages use.
type Handler struct {
	*web.Console
	Vans    *vans.Service
	Regions region.Store
	// Home is the prefecture an auditor without a scope reads.
	Home region.Code
}

// New makes the console's pages on the shared layout of pages.
func New(pages *web.Handler, svc *vans.Service, regions region.Store, home region.Code) (*Handler, error) {
	c, err := pages.NewConsole(templateFiles, template.FuncMap{
		"kg": func(g int64) string { return strconv.FormatFloat(float64(g)/1000, 'f', 1, 64) },
	})
	if err != nil {
		return nil, err
	}
	return &Handler{Console: c, Vans: svc, Regions: regions, Home: home}, nil
}

// Routes registers the console's pages on mux.
func (h *Handler) Routes(mux route.Mux) {
	mux.Handle("GET /admin/van-runs", h.Handle(h.runList))
	mux.Handle("POST /admin/van-runs/plan", h.Handle(h.runPlan))
	mux.Handle("GET /admin/van-runs/{id}", h.Handle(h.runView))
	mux.Handle("POST /admin/van-runs/{id}/parcels/{parcel}/deliver", h.Handle(h.runDeliver))
	mux.Handle("POST /admin/van-runs/{id}/parcels/{parcel}/back", h.Handle(h.runBack))
}

// scope reads whose runs a page lists: ?base= one base, ?region= a
// region (the reader's scope by default; a station operator's own point
// whatever it asks).
func (h *Handler) scope(r *http.Request) (vans.Scope, error) {
	a := accounts.ActorFrom(r.Context())
	sc := vans.Scope{BaseCode: r.URL.Query().Get("base")}
	if a.Role == accounts.StationOperator {
		return sc, nil
	}
	code, err := web.ScopeRegion(r, h.Home)
	sc.Within = code
	return sc, err
}

// day reads ?date= (today in China by default).
func (h *Handler) day(v string) (string, error) {
	if v == "" {
		return h.Vans.Today(), nil
	}
	return vans.ParseDay(v)
}

// listURL links the runs of a day, keeping the region read.
func listURL(day string, within region.Code) string {
	q := url.Values{"date": {day}}
	if within != "" {
		q.Set("region", string(within))
	}
	return "/admin/van-runs?" + q.Encode()
}

// runID reads the {id} of the path.
func runID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.E(errs.NotFound, "err.vans.run_not_found", r.PathValue("id"))
	}
	return id, nil
}

// runParcel reads the {id} and {parcel} of the path.
func runParcel(r *http.Request) (run, parcel int64, err error) {
	if run, err = runID(r); err != nil {
		return 0, 0, err
	}
	parcel, err = strconv.ParseInt(r.PathValue("parcel"), 10, 64)
	if err != nil || parcel <= 0 {
		return 0, 0, errs.E(errs.NotFound, "err.vans.parcel_not_on_run", r.PathValue("parcel"), run)
	}
	return run, parcel, nil
}
