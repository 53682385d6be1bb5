package web

import (
	"net/http"

	"maeul/internal/errs"
	"maeul/internal/i18n"
)

// RenderError shows the error page for err: what the server's own
// middleware uses to refuse a request before it reaches a page.
func (h *Handler) RenderError(w http.ResponseWriter, r *http.Request, err error) {
	h.renderError(w, r, err)
}

// renderError shows an error page. Internal errors are logged here, once,
// and shown as a plain apology; a guest meeting Unauthorized is sent to
// sign in and come back.
func (h *Handler) renderError(w http.ResponseWriter, r *http.Request, err error) {
	code := errs.CodeOf(err)
	if code == errs.Unauthorized && r.Method == http.MethodGet {
		http.Redirect(w, r, "/signin?next="+r.URL.RequestURI(), http.StatusSeeOther)
		return
	}
	if code == errs.Internal && errs.Abandoned(r.Context(), err) {
		h.Logger.Debug("page abandoned", "method", r.Method, "path", r.URL.Path, "err", err)
		return
	}
	if code == errs.Internal {
		h.Logger.Error("page failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if code == errs.Unavailable {
		h.Logger.Warn("page unavailable", "method", r.Method, "path", r.URL.Path, "err", err)
		w.Header().Set("Retry-After", errs.RetryAfter)
	}
	l := langFrom(r)
	msg := errsMessage(h.cat, l, err)
	status := code.HTTPStatus()
	p := page{Title: h.cat.T(l, "error."+string(code)), Data: errorData{Status: status, Code: string(code), Message: msg}}
	if rerr := h.render(w, r, status, "error", p); rerr != nil {
		h.Logger.Error("error page failed", "err", rerr)
		http.Error(w, msg, status)
	}
}

type errorData struct {
	Status  int
	Code    string
	Message string
}

// message is err as the request's reader sees it: a domain refusal in
// the request's language, without its field (a form shows it beside the
// input), or the plain apology for an internal error.
func (h *Handler) message(r *http.Request, err error) string {
	return errsMessage(h.cat, langFrom(r), err)
}

// errsMessage is err as a reader in l sees it: a domain refusal in l, or
// the plain apology for an internal error, whose details stay in the log.
func errsMessage(cat *i18n.Catalog, l i18n.Lang, err error) string {
	if errs.CodeOf(err) == errs.Internal {
		return cat.T(l, "error.internal_message")
	}
	return errs.MessageIn(err, cat, l)
}
