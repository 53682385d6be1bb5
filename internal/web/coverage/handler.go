// Package coverage is the service network's coverage page for the admins
// and auditors of a county or prefecture: the share of poor villages a
// station serves, per county, the picture of every village served or not
// grouped by town, and which candidate stations to open next.
package coverage

import (
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/network"
	"maeul/internal/network/reports"
	"maeul/internal/region"
	"maeul/internal/route"
	"maeul/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Handler holds the console and the service its page uses.
type Handler struct {
	*web.Console
	Network *network.Service
	// Home is the prefecture an auditor without a scope reads.
	Home region.Code
}

// New makes the console's page on the shared layout of pages.
func New(pages *web.Handler, svc *network.Service, home region.Code) (*Handler, error) {
	c, err := pages.NewConsole(templateFiles, template.FuncMap{
		"rate": reports.Rate,
		"pctOf": func(n, of int) float64 {
			if of == 0 {
				return 0
			}
			return 100 * float64(n) / float64(of)
		},
	})
	if err != nil {
		return nil, err
	}
	return &Handler{Console: c, Network: svc, Home: home}, nil
}

// Routes registers the console's pages on mux.
func (h *Handler) Routes(mux route.Mux) {
	mux.Handle("GET /admin/coverage", h.Handle(h.show))
}

// MaxChoose is the most candidates the page chooses at once.
const MaxChoose = 20

type pageData struct {
	Report network.Report
	Doc    reports.Coverage
	Choose int
	// Kinds are the kinds of point, in display order.
	Kinds []string
	// Counts are the choices offered for how many candidates to choose.
	Counts []int
	// Above is the region the reader oversees above this one, if any,
	// for the way back.
	Above region.Code
}

// URL links another region's coverage (a region.Code or its string),
// keeping the choice.
func (d pageData) URL(code any) string {
	return "/admin/coverage?" + url.Values{"region": {fmt.Sprint(code)}, "choose": {strconv.Itoa(d.Choose)}}.Encode()
}

// show is the coverage of ?region= (the reader's scope by default) with
// the choice of ?choose= candidates (3 by default).
func (h *Handler) show(w http.ResponseWriter, r *http.Request) error {
	a := accounts.ActorFrom(r.Context())
	q := r.URL.Query()
	code, err := web.ScopeRegion(r, h.Home)
	if err != nil {
		return err
	}
	if code == "" {
		return a.Require(false, "act.read_coverage_any")
	}
	d := pageData{Choose: 3, Counts: []int{1, 2, 3, 5, 10, MaxChoose}}
	for _, k := range network.Kinds {
		d.Kinds = append(d.Kinds, string(k))
	}
	if s := q.Get("choose"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > MaxChoose {
			return errs.Field("choose", "err.network.choose", s, MaxChoose)
		}
		d.Choose = n
	}
	rep, err := h.Network.Coverage(r.Context(), a, code, network.ReportOptions{Choose: d.Choose, Picture: true})
	if err != nil {
		return err
	}
	d.Report, d.Doc = rep, reports.FromReport(rep, web.Lang(r))
	if up := code.County(); code.Level() != region.County && up != "" && a.Oversees(up) {
		d.Above = up
	} else if pref := code.Ancestor(region.Prefecture); code.Level() == region.County && a.Oversees(pref) {
		d.Above = pref
	}
	return h.Render(w, r, http.StatusOK, "coverage", web.Page{Title: h.T(r, "coverage.title"), NavArea: "admin", Data: d})
}
