package web

import (
	"net/http"

	"maeul/internal/accounts"
	"maeul/internal/errs"
)

func (h *Handler) signupForm(w http.ResponseWriter, r *http.Request) error {
	l := langFrom(r)
	return h.render(w, r, http.StatusOK, "signup", page{
		Title: h.cat.T(l, "signup.title"),
		Data:  authForm{Next: safeNext(r.URL.Query().Get("next"))},
	})
}

// signup creates a shopper account and signs it in. Bad input shows the
// form again with the reason.
func (h *Handler) signup(w http.ResponseWriter, r *http.Request) error {
	l := langFrom(r)
	f := authForm{Email: r.PostFormValue("email"), Name: r.PostFormValue("name"), Next: safeNext(r.PostFormValue("next"))}
	_, err := h.Accounts.SignUp(r.Context(), accounts.NewUser{
		Email: f.Email, Name: f.Name, Password: r.PostFormValue("password"), Lang: l,
	})
	if c := errs.CodeOf(err); c == errs.Invalid || c == errs.Conflict {
		f.Error = h.message(r, err)
		return h.render(w, r, c.HTTPStatus(), "signup", page{Title: h.cat.T(l, "signup.title"), Data: f})
	}
	if err != nil {
		return err
	}
	token, u, err := h.Accounts.SignIn(r.Context(), f.Email, r.PostFormValue("password"), clientAddr(r))
	if err != nil {
		return err
	}
	h.setCookie(w, SessionCookie, token, accounts.SessionLifetime)
	h.adoptGuestCart(w, r, u)
	return redirect(w, r, f.Next)
}
