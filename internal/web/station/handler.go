// Package station is the service station's console, made for an operator
// on a phone with a poor connection: small pages that work without
// JavaScript. Its home is today's work at the station (parcels to collect
// from the village's sellers, parcels waiting for their buyers with the
// hand-over against the pick-up code and, for orders paid on pick-up, the
// cash taken in the same step, cash payments to confirm, parcels held
// too long); from there the operator buys for villagers who cannot use the
// mall themselves, and reaches the consignment batches, the listings made
// on behalf of households and the households' income statements.
package station

import (
	"embed"
	"html/template"
	"net/http"
	"net/url"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/network"
	"maeul/internal/orders"
	"maeul/internal/region"
	"maeul/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Handler holds the console and the services its pages use.
type Handler struct {
	*web.Console
	Orders   *orders.Service
	Points   network.Store
	Regions  region.Store
	Products catalog.Store
	Now      func() time.Time
}

// New makes the console's pages on the shared layout of pages.
func New(pages *web.Handler, h Handler) (*Handler, error) {
	c, err := pages.NewConsole(templateFiles, template.FuncMap{})
	if err != nil {
		return nil, err
	}
	h.Console = c
	return &h, nil
}

// point returns the service point a page is about: ?point= (an admin
// looking at a station of the region) or the operator's own. Whether the
// reader works there is checked by the services the page calls.
func (h *Handler) point(r *http.Request) (network.ServicePoint, error) {
	a := accounts.ActorFrom(r.Context())
	if err := a.Require(a.SignedIn(), "act.see_station_payments"); err != nil {
		return network.ServicePoint{}, err
	}
	switch code := r.URL.Query().Get("point"); {
	case code != "":
		return h.Points.ServicePoint(r.Context(), code)
	case a.Role == accounts.StationOperator && a.ServicePointID != 0:
		return h.Points.ServicePointByID(r.Context(), a.ServicePointID)
	}
	return network.ServicePoint{}, errs.E(errs.Invalid, "err.web.which_point")
}

// pointQuery is "?point=CODE" when the page was asked for a point by
// code (an admin's view), "" for the operator's own.
func pointQuery(r *http.Request) string {
	if p := r.URL.Query().Get("point"); p != "" {
		return "?" + url.Values{"point": {p}}.Encode()
	}
	return ""
}

// back sends the browser to path (with the page's ?point=) after a form
// post, with a notice to show.
func back(w http.ResponseWriter, r *http.Request, path, notice string) error {
	v := url.Values{}
	if p := r.URL.Query().Get("point"); p != "" {
		v.Set("point", p)
	}
	if notice != "" {
		v.Set("notice", notice)
	}
	if len(v) > 0 {
		path += "?" + v.Encode()
	}
	http.Redirect(w, r, path, http.StatusSeeOther)
	return nil
}

// refused reports whether err is a refusal to show beside a form rather
// than an error page: a domain error other than a permission one.
func refused(err error) bool {
	c := errs.CodeOf(err)
	return c == errs.Invalid || c == errs.Conflict || c == errs.NotFound
}
