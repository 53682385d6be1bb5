package web

import (
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/region"
)

// A Console is the pages of one back office that lives in a package of its
// own under internal/web (internal/web/station, internal/web/bureau, …):
// its templates are drawn in the shared layout with the shared partials
// (_office.html's tab bars, _card.html, …) and template functions, its
// handlers' errors are shown by the one error page, and its texts come
// from the one message catalog. A console package holds a *Console and its
// own typed dependencies, and declares its routes in its own routes.go.
type Console struct {
	h     *Handler
	pages map[string]*template.Template
}

// NewConsole parses a console's templates: every templates/*.html of
// files, each defining "content" (and optionally "subnav" and "head"),
// with the console's partials templates/_*.html shared by its pages.
// extra adds template functions of the console's own; a name that clashes
// with a shared function is an error. It fails on a template that does not
// parse.
func (h *Handler) NewConsole(files fs.FS, extra template.FuncMap) (*Console, error) {
	base, err := h.tmpl.layout.Clone()
	if err != nil {
		return nil, fmt.Errorf("web.NewConsole: %w", err)
	}
	for name := range extra {
		if base.Lookup(name) != nil || h.tmpl.funcs[name] != nil {
			return nil, fmt.Errorf("web.NewConsole: template function %q is already defined", name)
		}
	}
	base = base.Funcs(extra)
	if partials, _ := fs.Glob(files, "templates/_*.html"); len(partials) > 0 {
		if base, err = base.ParseFS(files, partials...); err != nil {
			return nil, fmt.Errorf("web.NewConsole: %w", err)
		}
	}
	names, err := fs.Glob(files, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("web.NewConsole: %w", err)
	}
	c := &Console{h: h, pages: map[string]*template.Template{}}
	for _, n := range names {
		name := strings.TrimSuffix(path.Base(n), ".html")
		if strings.HasPrefix(name, "_") {
			continue
		}
		if _, taken := h.tmpl.pages[name]; taken {
			return nil, fmt.Errorf("web.NewConsole: page %q is already a page of web", name)
		}
		t, err := template.Must(base.Clone()).ParseFS(files, n)
		if err != nil {
			return nil, fmt.Errorf("web.NewConsole: %s: %w", n, err)
		}
		c.pages[name] = t
	}
	return c, nil
}

// Page is what a console handler gives Render: the page's title, the
// navigation item it belongs to, and the data its template reads as
// .Data.
type Page struct {
	Title   string
	NavArea string
	Data    any
}

// Handle adapts a console handler: an error it returns is shown by the
// shared error page (a guest meeting Unauthorized is sent to sign in,
// internal errors are logged once).
func (c *Console) Handle(fn func(w http.ResponseWriter, r *http.Request) error) http.Handler {
	return c.h.handle(fn)
}

// Render writes page name with status in the shared layout. Console pages
// are personal or live, so they are never cached by the browser.
func (c *Console) Render(w http.ResponseWriter, r *http.Request, status int, name string, p Page) error {
	t, ok := c.pages[name]
	if !ok {
		return fmt.Errorf("web.Console.Render: no template %q", name)
	}
	w.Header().Set("Cache-Control", "no-store")
	return c.h.renderWith(w, r, status, name, t, page{Title: p.Title, NavArea: p.NavArea, Data: p.Data})
}

// Error shows err as the shared error page does; a handler that has
// already decided to answer with an error page but keeps going uses it.
func (c *Console) Error(w http.ResponseWriter, r *http.Request, err error) {
	c.h.renderError(w, r, err)
}

// T returns the message key in the request's language.
func (c *Console) T(r *http.Request, key string, args ...any) string {
	return c.h.cat.T(langFrom(r), key, args...)
}

// Message returns err as the request's reader should see it: a domain
// refusal in the request's language, the plain apology otherwise. A form
// that shows a refusal beside its fields uses it.
func (c *Console) Message(r *http.Request, err error) string {
	return c.h.message(r, err)
}

// Catalog returns the message catalog, for texts rendered outside a page
// (a CSV export's header in the request's language).
func (c *Console) Catalog() *i18n.Catalog { return c.h.cat }

// AbsURL makes an absolute URL of a path on this site (a QR code's, an
// Open Graph URL), https when the request came by TLS or through a proxy
// that says so.
func AbsURL(r *http.Request, path string) string { return absURL(r, path) }

// Lang returns the language of the request, as the pages resolve it.
func Lang(r *http.Request) i18n.Lang { return langFrom(r) }

// ScopeRegion returns the region a console page reads: ?region= when
// given (a short code padded; a bad one is an Invalid error about
// "region"), else the reader's scope, else home for an auditor without
// one; "" when there is none. The caller checks that the reader
// oversees it.
func ScopeRegion(r *http.Request, home region.Code) (region.Code, error) {
	a := accounts.ActorFrom(r.Context())
	code := a.Scope
	if code == "" && a.Role == accounts.Auditor {
		code = home
	}
	if s := strings.TrimSpace(r.URL.Query().Get("region")); s != "" {
		c, err := region.ParseCode(s)
		if err != nil {
			return "", errs.InField("region", err)
		}
		code = c
	}
	return code, nil
}
