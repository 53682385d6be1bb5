package apikeys

import (
	"net/http"

	"maeul/internal/accounts"
)

// keyCreate creates a key from the form and shows it, with its token, on
// the page that answers: the one time the token is shown. The answer is
// never cached (console pages are no-store). A refused form is shown again
// with the refusal.
func (h *Handler) keyCreate(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := keyForm{Name: r.PostForm.Get("name"), Points: map[string]bool{}}
	for _, c := range r.PostForm["point"] {
		f.Points[c] = true
	}
	k, token, err := h.Keys.Create(r.Context(), accounts.ActorFrom(r.Context()), accounts.NewKey{Name: f.Name, Points: r.PostForm["point"]})
	if refused(err) {
		return h.render(w, r, http.StatusUnprocessableEntity, f, h.Message(r, err), nil)
	}
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, keyForm{}, "", &created{Key: k, Token: token})
}
