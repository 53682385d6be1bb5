// Package apikeys is the back office page where the admins of a county or
// prefecture create, list and revoke the API keys of machines — carriers'
// scanners, sorting systems — that post scans at their service points
// through /api/v1. A new key is shown once, on the page that created it.
package apikeys

import (
	"embed"
	"net/http"
	"net/url"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/network"
	"maeul/internal/region"
	"maeul/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Handler holds the console and the services its page uses.
type Handler struct {
	*web.Console
	Keys    *accounts.KeyService
	Network *network.Service
	Regions region.Store
	// Home is the prefecture an auditor without a scope reads.
	Home region.Code
}

// New makes the console's page on the shared layout of pages.
func New(pages *web.Handler, keys *accounts.KeyService, net *network.Service, regions region.Store, home region.Code) (*Handler, error) {
	c, err := pages.NewConsole(templateFiles, nil)
	if err != nil {
		return nil, err
	}
	return &Handler{Console: c, Keys: keys, Network: net, Regions: regions, Home: home}, nil
}

// pageData is what the page shows: the keys of a region and, for its
// admins, the form that creates one.
type pageData struct {
	Region region.Region
	Keys   []accounts.APIKey
	// CanEdit reports whether the reader administers the region, and so
	// may create and revoke its keys.
	CanEdit bool
	// Points are the open service points of the region a new key may
	// scan at.
	Points []network.ServicePoint
	Form   keyForm
	// Problem is a refused form's message, shown above the form.
	Problem string
	// Created is the key just created, with its token, shown this once.
	Created *created
}

type keyForm struct {
	Name   string
	Points map[string]bool
}

type created struct {
	Key   accounts.APIKey
	Token string
}

// URL returns path with the page's region.
func (d pageData) URL(path string) string {
	return path + "?" + url.Values{"region": {string(d.Region.Code)}}.Encode()
}

// render shows the keys of the page's region (?region=, the reader's scope
// by default) with status, the form filled with f and problem above it.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, f keyForm, problem string, c *created) error {
	a := accounts.ActorFrom(r.Context())
	code, err := web.ScopeRegion(r, h.Home)
	if err != nil {
		return err
	}
	if code == "" {
		return a.Require(false, "act.list_api_keys")
	}
	keys, err := h.Keys.List(r.Context(), a, code)
	if err != nil {
		return err
	}
	d := pageData{Keys: keys, CanEdit: a.Administers(code), Form: f, Problem: problem, Created: c}
	if d.Region, err = h.Regions.Region(r.Context(), code); err != nil {
		return err
	}
	if d.CanEdit {
		if d.Points, err = h.Network.ListOverseen(r.Context(), a, code); err != nil {
			return err
		}
	}
	if d.Form.Points == nil {
		d.Form.Points = map[string]bool{}
	}
	return h.Render(w, r, status, "api_keys", web.Page{Title: h.T(r, "machines.title"), NavArea: "admin", Data: d})
}

// refused reports whether err is a refusal to show beside the form rather
// than an error page: a domain error other than a permission one.
func refused(err error) bool {
	c := errs.CodeOf(err)
	return c == errs.Invalid || c == errs.Conflict || c == errs.NotFound
}
