package api

import (
	"net"
	"net/http"
	"strconv"
	"strings"

	"maeul/internal/accounts"
)

type sessionRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

type sessionResponse struct {
	Token string   `json:"token"`
	User  userJSON `json:"user"`
}

// sessionCreate signs in and returns a bearer token.
func (h *Handler) sessionCreate(w http.ResponseWriter, r *http.Request) error {
	var req sessionRequest
	if err := readJSON(r, &req); err != nil {
		return err
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	token, u, err := h.Accounts.SignIn(r.Context(), req.Email, req.Password, host)
	if secs := accounts.RetryAfter(err); secs > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(secs))
	}
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, sessionResponse{Token: token, User: toUser(u)})
}

// sessionDelete ends the bearer token's session.
func (h *Handler) sessionDelete(w http.ResponseWriter, r *http.Request) error {
	a := accounts.ActorFrom(r.Context())
	if err := a.Require(a.SignedIn(), "act.sign_out"); err != nil {
		return err
	}
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if ok {
		if err := h.Accounts.SignOut(r.Context(), strings.TrimSpace(token)); err != nil {
			return err
		}
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// me returns the signed-in user.
func (h *Handler) me(w http.ResponseWriter, r *http.Request) error {
	a := accounts.ActorFrom(r.Context())
	if err := a.Require(a.ID != 0, "act.see_account"); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toUser(a.User))
}
