// Package statistics is the statistics console: the sales dashboard of a
// region (the quarterly trend with year-on-year growth, its divisions
// compared, the rural part, channels, the category mix,
// poverty-alleviation sales, and the impact figures) for the region's
// admins and read-only for auditors, its exports and printable quarterly
// report, and the back office's upload of outside channels' sales files.
package statistics

import (
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/impact"
	"maeul/internal/importer"
	"maeul/internal/money"
	"maeul/internal/network"
	"maeul/internal/region"
	"maeul/internal/stats"
	"maeul/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Handler holds the console and the services its pages use.
type Handler struct {
	*web.Console
	Stats  *stats.Service
	Impact *impact.Service
	// Network gives the coverage tile; the tile is left out when nil.
	Network *network.Service
	Regions region.Store
	// Categories names the categories of the category mix.
	Categories stats.CategoryStore
	// Imports records uploaded sales files for the audit trail.
	Imports importer.Store
	// Home is the prefecture an auditor without a scope reads.
	Home region.Code
	Now  func() time.Time
}

// New makes the console's pages on the shared layout of pages.
func New(pages *web.Handler, h Handler) (*Handler, error) {
	c, err := pages.NewConsole(templateFiles, template.FuncMap{
		"yuanOf": func(f money.Fen) string { return f.String() },
		"fenNum": func(f money.Fen) string { return f.Decimal() },
		"growth": growth,
		"share":  share,
		"ratioV": ratioValue,
	})
	if err != nil {
		return nil, err
	}
	h.Console = c
	if h.Now == nil {
		h.Now = time.Now
	}
	return &h, nil
}

// growth writes a fraction as a signed percentage ("+17.2%"), "–" for
// nil; share as a percentage ("25.0%").
func growth(r *float64) string {
	if r == nil {
		return "–"
	}
	return fmt.Sprintf("%+.1f%%", 100**r)
}

func share(r *float64) string {
	if r == nil {
		return "–"
	}
	return fmt.Sprintf("%.1f%%", 100**r)
}

// ratioValue is a fraction for a chart's data-v ("" for nil).
func ratioValue(r *float64) string {
	if r == nil {
		return ""
	}
	return strconv.FormatFloat(*r, 'f', 6, 64)
}

// view is what every page of the console shows above its content: the
// region and quarter read and the quarters to choose from.
type view struct {
	Region   region.Region
	Period   impact.Period
	Quarters []impact.Period
	Current  string
	// CanUpload reports whether the reader may upload sales files here.
	CanUpload bool
}

// URL returns path with the page's region and period, and extra
// query pairs.
func (v view) URL(path string, extra ...string) string {
	q := url.Values{"region": {string(v.Region.Code)}, "period": {v.Period.Text}}
	for i := 0; i+1 < len(extra); i += 2 {
		q.Set(extra[i], extra[i+1])
	}
	return path + "?" + q.Encode()
}

// thisQuarter returns the quarter now falls in, in China.
func (h *Handler) thisQuarter() impact.Period {
	p, _ := stats.ParsePeriod(stats.Periods(h.Now())[1])
	return p
}

// scope reads the region (?region=, the reader's scope by default) and
// quarter (?period=, the last complete one by default) a page covers, refusing those
// who do not oversee the region.
func (h *Handler) scope(r *http.Request, current string) (view, error) {
	a := accounts.ActorFrom(r.Context())
	q := r.URL.Query()
	code, err := web.ScopeRegion(r, h.Home)
	if err != nil {
		return view{}, err
	}
	if err := a.Require(code != "" && a.Oversees(code), "act.read_sales", string(code)); err != nil {
		return view{}, err
	}
	// The last complete quarter by default, as bureaus report.
	last := h.thisQuarter()
	v := view{Period: last.Previous(), Current: current, CanUpload: a.Administers(code)}
	if s := q.Get("period"); s != "" {
		p, err := stats.ParsePeriod(s)
		if err != nil {
			return view{}, err
		}
		if p.Months() != 3 || p.Start.After(last.Start) {
			return view{}, errs.Field("period", "err.stats.quarter", s)
		}
		v.Period = p
	}
	for p, i := last, 0; i < 12; p, i = p.Previous(), i+1 {
		v.Quarters = append(v.Quarters, p)
	}
	if v.Region, err = h.Regions.Region(r.Context(), code); err != nil {
		return view{}, err
	}
	return v, nil
}

// categoryNames returns the top-level category of each category code and
// the names of the top-level ones.
func (h *Handler) categoryNames(r *http.Request) (map[string]string, map[string]i18n.Text, error) {
	cs, err := h.Categories.Categories(r.Context())
	if err != nil {
		return nil, nil, err
	}
	top, names := map[string]string{}, map[string]i18n.Text{}
	byCode := map[string]catalog.Category{}
	for _, c := range cs {
		byCode[c.Code] = c
	}
	for _, c := range cs {
		t := c
		for t.Parent != "" {
			t = byCode[t.Parent]
		}
		top[c.Code] = t.Code
		names[t.Code] = t.Name
	}
	return top, names, nil
}
