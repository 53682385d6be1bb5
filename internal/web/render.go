package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/chinatime"
	"maeul/internal/i18n"
	"maeul/internal/money"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// assets serves the embedded static files under checksummed names
// ("style.3f2a1b0c.css"), so that they can be cached forever.
type assets struct {
	byName map[string]asset // "style.css" → its content and hashed URL
	byURL  map[string]string
}

type asset struct {
	body []byte
	url  string
}

func loadAssets() (*assets, error) {
	a := &assets{byName: map[string]asset{}, byURL: map[string]string{}}
	err := fs.WalkDir(staticFiles, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFiles.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(b)
		ext := path.Ext(name)
		u := "/static/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:])[:10] + ext
		a.byName[name] = asset{body: b, url: u}
		a.byURL[u] = name
		return nil
	})
	return a, err
}

// URL returns the checksummed URL of a static file; it panics on an
// unknown name so that a typo fails the template tests.
func (a *assets) URL(name string) string {
	s, ok := a.byName[name]
	if !ok {
		panic("web: unknown static file " + name)
	}
	return s.url
}

// ServeHTTP serves a static file: forever-cached under its current
// checksummed URL, briefly cached under an old or plain one.
func (a *assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name, current := a.byURL[r.URL.Path]
	if !current {
		// An old checksum or a plain name: serve what exists now, briefly.
		base := strings.TrimPrefix(r.URL.Path, "/static/")
		ext := path.Ext(base)
		stem := strings.TrimSuffix(base, ext)
		if i := strings.LastIndexByte(stem, '.'); i >= 0 {
			stem = stem[:i]
		}
		name = stem + ext
		if _, ok := a.byName[name]; !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=300")
	} else {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	}
	s := a.byName[name]
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(s.body))
}

// page is what every template receives.
type page struct {
	Lang    i18n.Lang
	Actor   accounts.Actor
	Title   string
	Path    string // the request path, for the language switcher
	Query   string
	Notice  string
	Data    any
	Langs   []i18n.Lang
	NavArea string // which navigation item is current
	// CartCount is how many items the visitor's cart holds, for the
	// header's cart link (see cartCount).
	CartCount int
	// Blocks, when set, are the page's "subnav" and "content" blocks
	// rendered beforehand (see renderBlocks), which the layout prints as
	// they are.
	Blocks *pageBlocks
}

// pageBlocks are a page's "subnav" and "content" blocks, rendered for one
// language from data alone, so that they can be cached and put in the
// layout of any request.
type pageBlocks struct {
	Subnav, Content template.HTML
	// last is the last whole page rendered around these blocks for a
	// plain request (see render).
	last atomic.Pointer[plainPage]
}

// plainPage is a whole page rendered for a plain request: a guest's
// without a notice, at a URL without a query. Everything the layout shows
// of such a request is in its key; the page data rendered around one
// pageBlocks may differ only by the request's origin (the Open Graph
// URLs), which the key holds too.
type plainPage struct {
	key  plainKey
	body []byte
}

type plainKey struct {
	name, title, navArea, path, origin string
	lang                               i18n.Lang
	status, cartCount                  int
}

// templates holds one parsed template set per page, each with the layout.
type templates struct {
	// layout is the layout with the shared partials, from which consoles
	// (see console.go) make their pages; funcs are its functions.
	layout *template.Template
	funcs  template.FuncMap
	pages  map[string]*template.Template
	// composed are the same sets with "subnav" and "content" printing
	// page.Blocks.
	composed map[string]*template.Template
}

// composedBlocks redefines a page's blocks to print what renderBlocks
// made.
const composedBlocks = `{{define "subnav"}}{{.Blocks.Subnav}}{{end}}{{define "content"}}{{.Blocks.Content}}{{end}}`

func loadTemplates(cat *i18n.Catalog, st *assets) (*templates, error) {
	funcs := template.FuncMap{
		"t":      func(l i18n.Lang, key string, args ...any) string { return cat.T(l, key, args...) },
		"static": st.URL,
		"name":   func(l i18n.Lang, t i18n.Text) string { return t.In(l) },
		"fen":    func(f money.Fen) string { return f.String() },
		"when": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(chinatime.Zone).Format("2006-01-02 15:04")
		},
		"langName": func(l i18n.Lang) string {
			return map[i18n.Lang]string{i18n.Ko: "한국어", i18n.Zh: "中文", i18n.En: "English"}[l]
		},
		"add": func(a, b int) int { return a + b },
		// thousands writes a count with its thousands grouped ("1,000").
		"thousands": func(n int) string { return money.GroupThousands(uint64(max(n, 0))) },
		"pct": func(num, den int) string {
			if den == 0 {
				return "–"
			}
			return fmt.Sprintf("%.1f%%", 100*float64(num)/float64(den))
		},
	}
	for k, f := range storefrontFuncs() {
		funcs[k] = f
	}
	// Partials, files named _*.html, are shared by every page.
	layout, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFiles, "templates/layout.html", "templates/_*.html")
	if err != nil {
		return nil, fmt.Errorf("web: layout: %w", err)
	}
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return nil, err
	}
	ts := &templates{layout: layout, funcs: funcs, pages: map[string]*template.Template{}, composed: map[string]*template.Template{}}
	for _, n := range names {
		base := path.Base(n)
		if base == "layout.html" || strings.HasPrefix(base, "_") {
			continue
		}
		t, err := template.Must(layout.Clone()).ParseFS(templateFiles, n)
		if err != nil {
			return nil, fmt.Errorf("web: %s: %w", base, err)
		}
		c, err := template.Must(t.Clone()).Parse(composedBlocks)
		if err != nil {
			return nil, fmt.Errorf("web: %s: %w", base, err)
		}
		ts.pages[strings.TrimSuffix(base, ".html")] = t
		ts.composed[strings.TrimSuffix(base, ".html")] = c
	}
	return ts, nil
}

// renderBlocks renders the "subnav" and "content" blocks of page name in
// language l from data alone: the request's actor, path and notice are
// left out, so blocks made for one request are right for any other in l.
func (h *Handler) renderBlocks(name string, l i18n.Lang, data any) (*pageBlocks, error) {
	t, ok := h.tmpl.pages[name]
	if !ok {
		return nil, fmt.Errorf("web.renderBlocks: no template %q", name)
	}
	p := page{Lang: l, Langs: i18n.Langs, Data: data}
	var b pageBlocks
	for _, x := range []struct {
		block string
		dst   *template.HTML
	}{{"subnav", &b.Subnav}, {"content", &b.Content}} {
		var buf strings.Builder
		if err := t.ExecuteTemplate(&buf, x.block, p); err != nil {
			return nil, fmt.Errorf("web.renderBlocks %s: %w", name, err)
		}
		*x.dst = template.HTML(buf.String())
	}
	return &b, nil
}

// bufs recycles the buffers pages are rendered into.
var bufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render writes a page with the given status; with p.Blocks set, the
// layout is rendered around them. It renders into a buffer first so that
// a template error becomes a clean 500, not half a page.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) error {
	set := h.tmpl.pages
	if p.Blocks != nil {
		set = h.tmpl.composed
	}
	t, ok := set[name]
	if !ok {
		return fmt.Errorf("web.render: no template %q", name)
	}
	return h.renderWith(w, r, status, name, t, p)
}

// renderWith writes page p, named name, of template set t in the layout.
func (h *Handler) renderWith(w http.ResponseWriter, r *http.Request, status int, name string, t *template.Template, p page) error {
	p.Lang = langFrom(r)
	p.Actor = accounts.ActorFrom(r.Context())
	p.Path = r.URL.Path
	p.Query = r.URL.RawQuery
	p.Langs = i18n.Langs
	p.CartCount = h.cartCount(r)
	if p.Notice == "" {
		p.Notice = h.cat.T(p.Lang, r.URL.Query().Get("notice"))
		if p.Notice == r.URL.Query().Get("notice") {
			p.Notice = "" // only known notice keys are shown
		}
	}
	// A plain request's page around cached blocks is kept with them, so
	// that the next such request skips the layout too.
	var key plainKey
	plain := p.Blocks != nil && !p.Actor.SignedIn() && p.Query == "" && p.Notice == ""
	if plain {
		key = plainKey{name: name, title: p.Title, navArea: p.NavArea, path: p.Path, origin: absURL(r, ""),
			lang: p.Lang, status: status, cartCount: p.CartCount}
		if last := p.Blocks.last.Load(); last != nil && last.key == key {
			return writePage(w, status, p.Lang, last.body)
		}
	}
	buf := bufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufs.Put(buf)
	if err := t.ExecuteTemplate(buf, "layout.html", p); err != nil {
		return fmt.Errorf("web.render %s: %w", name, err)
	}
	if plain {
		p.Blocks.last.Store(&plainPage{key: key, body: bytes.Clone(buf.Bytes())})
	}
	return writePage(w, status, p.Lang, buf.Bytes())
}

// writePage writes a rendered page. Its length is known, so it goes out
// in one piece rather than chunked.
func writePage(w http.ResponseWriter, status int, l i18n.Lang, body []byte) error {
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", string(l))
	w.Header().Set("Vary", "Cookie, Accept-Language")
	w.WriteHeader(status)
	_, err := w.Write(body)
	return err
}
