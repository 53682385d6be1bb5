package web

import (
	"net/http"
	"strings"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/i18n"
)

// langSet remembers a language choice in a cookie (and on the account of a
// signed-in user) and returns to the page the user was on.
func (h *Handler) langSet(w http.ResponseWriter, r *http.Request) error {
	l, ok := i18n.Parse(r.PathValue("lang"))
	if !ok {
		return errs.E(errs.NotFound, "err.web.language", r.PathValue("lang"))
	}
	h.setCookie(w, LangCookie, string(l), 365*24*time.Hour)
	if a := accounts.ActorFrom(r.Context()); a.ID != 0 {
		if err := h.Accounts.Store.SetUserLang(r.Context(), a.ID, l); err != nil {
			return err
		}
	}
	return redirect(w, r, safeNext(r.URL.Query().Get("next")))
}

// safeNext returns next when it is a path on this site, and "/" otherwise,
// so that redirects cannot be turned to other sites.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}
