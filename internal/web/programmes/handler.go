// Package programmes is the back office of the programme registers: the
// demonstration titles, the enterprise–village pairings and the
// matchmaking events of a region, with its figures and their exports, for
// the admins who keep them, the auditors who read them, and an event's
// organizer, who records its deals.
package programmes

import (
	"embed"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/money"
	"maeul/internal/programme"
	"maeul/internal/region"
	"maeul/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Handler holds the console and the services its pages use.
type Handler struct {
	*web.Console
	Programme *programme.Service
	Regions   region.Store
	// Home is the prefecture an auditor without a scope reads.
	Home region.Code
}

// New makes the console's pages on the shared layout of pages.
func New(pages *web.Handler, svc *programme.Service, regions region.Store, home region.Code) (*Handler, error) {
	c, err := pages.NewConsole(templateFiles, template.FuncMap{
		"yuan":   func(fen int64) string { return money.Fen(fen).String() },
		"mul100": func(f float64) float64 { return 100 * f },
	})
	if err != nil {
		return nil, err
	}
	return &Handler{Console: c, Programme: svc, Regions: regions, Home: home}, nil
}

// view is what every page of the console shows above its content: the
// region and year read, and the links between the pages.
type view struct {
	Region  region.Region
	Year    int
	Years   []int
	Current string
	// CanEdit reports whether the reader administers the region.
	CanEdit bool
	// Problem is a refused form's message, shown above the form.
	Problem string
}

// URL returns path with the page's region and year.
func (v view) URL(path string) string {
	return path + "?" + url.Values{"region": {string(v.Region.Code)}, "year": {strconv.Itoa(v.Year)}}.Encode()
}

// scope reads the region (?region=, the reader's scope by default) and
// year (?year=, this one by default) a page covers, refusing those who do
// not oversee it.
func (h *Handler) scope(r *http.Request, current string) (view, error) {
	a := accounts.ActorFrom(r.Context())
	q := r.URL.Query()
	code, err := web.ScopeRegion(r, h.Home)
	if err != nil {
		return view{}, err
	}
	if !a.SignedIn() {
		return view{}, errs.E(errs.Unauthorized, "err.programme.sign_in", programmeWhat(code))
	}
	if code == "" || !a.Oversees(code) {
		return view{}, errs.E(errs.Forbidden, "err.programme.forbidden", programmeWhat(code))
	}
	v := view{Year: h.Programme.ThisYear(), Current: current, CanEdit: a.Administers(code)}
	if s := q.Get("year"); s != "" {
		y, err := strconv.Atoi(s)
		if err != nil || y < programme.MinYear || y > v.Year {
			return view{}, errs.Field("year", "err.programme.year", y, programme.MinYear, v.Year)
		}
		v.Year = y
	}
	for y := h.Programme.ThisYear(); y >= v.Year-6 && y >= programme.MinYear; y-- {
		v.Years = append(v.Years, y)
	}
	if v.Region, err = h.Regions.Region(r.Context(), code); err != nil {
		return view{}, err
	}
	return v, nil
}

// refused reports whether err is a refusal to show beside a form rather
// than an error page: a domain error other than a permission one.
func refused(err error) bool {
	c := errs.CodeOf(err)
	return c == errs.Invalid || c == errs.Conflict || c == errs.NotFound
}

// back sends the browser to a page after a form post.
func back(w http.ResponseWriter, r *http.Request, url string) error {
	http.Redirect(w, r, url, http.StatusSeeOther)
	return nil
}

// formDate reads a date field of a form.
func formDate(r *http.Request, field string, required bool) (time.Time, error) {
	return programme.ParseDate(field, r.PostFormValue(field), required)
}

// programmeWhat is what a refused reader asked for: the registers of a
// region.
func programmeWhat(code region.Code) i18n.Msg { return i18n.M("programme.what.read", string(code)) }
