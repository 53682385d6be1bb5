// Package web serves maeul's HTML pages: the storefront, sign-in and the
// back offices. Pages are rendered on the server from embedded templates
// and work without JavaScript.
package web

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/app"
	"maeul/internal/i18n"
)

// Cookie names.
const (
	SessionCookie = "maeul_session"
	LangCookie    = "maeul_lang"
)

// Deps are the services the pages use: the same set as the API's,
// assembled by internal/server.
type Deps = app.Services

// Handler holds the dependencies of every page handler.
type Handler struct {
	Deps
	tmpl   *templates
	cat    *i18n.Catalog
	static *assets
	cache  *shopCache
}

// New parses the templates and prepares the static files.
func New(d Deps) (*Handler, error) {
	if d.Now == nil {
		d.Now = time.Now
	}
	st, err := loadAssets()
	if err != nil {
		return nil, fmt.Errorf("web.New: %w", err)
	}
	tmpl, err := loadTemplates(d.Messages, st)
	if err != nil {
		return nil, fmt.Errorf("web.New: %w", err)
	}
	if d.CacheTTL == 0 {
		d.CacheTTL = DefaultCacheTTL
	}
	return &Handler{Deps: d, tmpl: tmpl, cat: d.Messages, static: st, cache: newShopCache(d.CacheTTL, d.Now)}, nil
}

// handlerFunc is a page handler; its error is rendered by handle.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle adapts a handlerFunc to http.Handler, rendering its error.
func (h *Handler) handle(fn handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := fn(w, r); err != nil {
			h.renderError(w, r, err)
		}
	})
}

type langKey struct{}

// WithLang resolves the request's language — the ?lang= parameter, the
// remembered cookie, the signed-in user's choice, then Accept-Language —
// and stores it in the request context.
func WithLang(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l, ok := i18n.Parse(r.URL.Query().Get("lang"))
		if !ok {
			if c, err := r.Cookie(LangCookie); err == nil {
				l, ok = i18n.Parse(c.Value)
			}
		}
		if !ok {
			if a := accounts.ActorFrom(r.Context()); a.Lang != "" {
				l, ok = a.Lang, true
			}
		}
		if !ok {
			l = i18n.Match(r.Header.Get("Accept-Language"))
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), langKey{}, l)))
	})
}

func langFrom(r *http.Request) i18n.Lang {
	if l, ok := r.Context().Value(langKey{}).(i18n.Lang); ok {
		return l
	}
	return i18n.Default
}

// setCookie sets a cookie for maxAge; zero makes it a session cookie and
// a negative maxAge deletes it.
func (h *Handler) setCookie(w http.ResponseWriter, name, value string, maxAge time.Duration) {
	age := int(maxAge.Seconds())
	if maxAge < 0 {
		age = -1
	}
	http.SetCookie(w, &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: age,
		HttpOnly: true, Secure: h.SecureCookies, SameSite: http.SameSiteLaxMode,
	})
}

// redirect sends the browser to a URL after a form post (303 See Other).
func redirect(w http.ResponseWriter, r *http.Request, url string) error {
	http.Redirect(w, r, url, http.StatusSeeOther)
	return nil
}
