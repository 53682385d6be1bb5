package web

import (
	"net"
	"net/http"
	"strconv"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/i18n"
)

type authForm struct {
	Email string
	Name  string
	Next  string
	Error string
}

func (h *Handler) signinForm(w http.ResponseWriter, r *http.Request) error {
	l := langFrom(r)
	return h.render(w, r, http.StatusOK, "signin", page{
		Title: h.cat.T(l, "signin.title"),
		Data:  authForm{Next: safeNext(r.URL.Query().Get("next"))},
	})
}

// signin checks the credentials, starts a session cookie and returns to
// the page that asked for sign-in. Wrong credentials and rate limiting
// show the form again with the reason.
func (h *Handler) signin(w http.ResponseWriter, r *http.Request) error {
	email, next := r.PostFormValue("email"), safeNext(r.PostFormValue("next"))
	token, u, err := h.Accounts.SignIn(r.Context(), email, r.PostFormValue("password"), clientAddr(r))
	if c := errs.CodeOf(err); c == errs.Unauthorized || c == errs.TooMany {
		l := langFrom(r)
		msg := h.cat.T(l, "signin.wrong")
		if c == errs.TooMany {
			msg = h.message(r, err) // how long to wait
			if secs := accounts.RetryAfter(err); secs > 0 {
				w.Header().Set("Retry-After", strconv.Itoa(secs))
			}
		}
		return h.render(w, r, c.HTTPStatus(), "signin", page{
			Title: h.cat.T(l, "signin.title"),
			Data:  authForm{Email: email, Next: next, Error: msg},
		})
	}
	if err != nil {
		return err
	}
	h.setCookie(w, SessionCookie, token, accounts.SessionLifetime)
	h.adoptGuestCart(w, r, u)
	// A language the visitor chose before signing in wins and is
	// remembered on the account. Without one, the language the sign-in
	// page was shown in stays: signing in does not switch an English
	// browser to the language saved on the account, which a choice made
	// later (langSet) changes.
	if c, err := r.Cookie(LangCookie); err == nil {
		if l, ok := i18n.Parse(c.Value); ok && l != u.Lang {
			if err := h.Accounts.Store.SetUserLang(r.Context(), u.ID, l); err != nil {
				return err
			}
		}
	} else {
		h.setCookie(w, LangCookie, string(langFrom(r)), 365*24*time.Hour)
	}
	if next == "/" {
		if c := consoleOf(u.Role); c != "" {
			next = c
		}
	}
	return redirect(w, r, next)
}

// consoleOf returns the address of the back office a role works in, where
// its holders land after signing in; "" for shoppers, who go back to the
// shop.
func consoleOf(r accounts.Role) string {
	switch r {
	case accounts.Seller:
		return "/seller"
	case accounts.StationOperator:
		return "/station/"
	case accounts.CountyAdmin, accounts.PrefectureAdmin:
		return "/admin/"
	case accounts.Auditor:
		return "/audit/"
	}
	return ""
}

func (h *Handler) signout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(SessionCookie); err == nil {
		if err := h.Accounts.SignOut(r.Context(), c.Value); err != nil {
			return err
		}
	}
	h.setCookie(w, SessionCookie, "", -1)
	return redirect(w, r, "/")
}

// clientAddr is the client's address for rate limiting: the connection's
// remote host.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
