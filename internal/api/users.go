package api

import (
	"net/http"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/region"
)

// userList lists the accounts in the admin's region (or ?within= a region
// inside it).
func (h *Handler) userList(w http.ResponseWriter, r *http.Request) error {
	a := accounts.ActorFrom(r.Context())
	f := accounts.Filter{}
	if s := r.URL.Query().Get("within"); s != "" {
		c, err := region.ParseCode(s)
		if err != nil {
			return err
		}
		f.Within = c
	}
	if s := r.URL.Query().Get("role"); s != "" {
		role, err := accounts.ParseRole(s)
		if err != nil {
			return err
		}
		f.Role = role
	}
	us, err := h.Accounts.ListUsers(r.Context(), a, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listOf(us, toUser))
}

type userRequest struct {
	Email     string `json:"email"`
	Name      string `json:"name"`
	Password  string `json:"password"`
	Role      string `json:"role"`
	Scope     string `json:"scope"`
	OrgCode   string `json:"org_code"`
	PointCode string `json:"service_point_code"`
	Lang      string `json:"lang"`
}

// userCreate adds an account; the accounts service decides whether the
// caller may.
func (h *Handler) userCreate(w http.ResponseWriter, r *http.Request) error {
	var req userRequest
	if err := readJSON(r, &req); err != nil {
		return err
	}
	role, err := accounts.ParseRole(req.Role)
	if err != nil {
		return errs.InField("role", err)
	}
	nu := accounts.NewUser{Email: req.Email, Name: req.Name, Password: req.Password, Role: role,
		OrgCode: req.OrgCode, PointCode: req.PointCode}
	nu.Lang, _ = i18n.Parse(req.Lang)
	if req.Scope != "" {
		if nu.Scope, err = region.ParseCode(req.Scope); err != nil {
			return errs.InField("scope", err)
		}
	}
	u, err := h.Accounts.AddUser(r.Context(), accounts.ActorFrom(r.Context()), nu)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, toUser(u))
}
