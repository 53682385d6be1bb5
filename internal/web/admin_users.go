package web

import (
	"net/http"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/region"
)

type usersData struct {
	Users []accounts.User
	Roles []accounts.Role
	Form  accounts.NewUser
	Error string
}

// adminUsers lists the accounts inside the admin's region with a form to
// add one.
func (h *Handler) adminUsers(w http.ResponseWriter, r *http.Request) error {
	return h.renderUsers(w, r, http.StatusOK, usersData{})
}

func (h *Handler) renderUsers(w http.ResponseWriter, r *http.Request, status int, d usersData) error {
	a := accounts.ActorFrom(r.Context())
	users, err := h.Accounts.ListUsers(r.Context(), a, accounts.Filter{Within: a.Scope})
	if err != nil {
		return err
	}
	d.Users = users
	d.Roles = []accounts.Role{accounts.Seller, accounts.StationOperator}
	if a.Role == accounts.PrefectureAdmin {
		d.Roles = append(d.Roles, accounts.CountyAdmin, accounts.Auditor)
	}
	return h.render(w, r, status, "admin_users", page{Title: h.cat.T(langFrom(r), "users.title"), NavArea: "users", Data: d})
}

// adminUserCreate adds an account; the accounts service decides whether
// this admin may create it.
func (h *Handler) adminUserCreate(w http.ResponseWriter, r *http.Request) error {
	a := accounts.ActorFrom(r.Context())
	nu := accounts.NewUser{
		Email: r.PostFormValue("email"), Name: r.PostFormValue("name"), Password: r.PostFormValue("password"),
		Role: accounts.Role(r.PostFormValue("role")), Lang: langFrom(r),
	}
	code := r.PostFormValue("attach")
	var err error
	switch nu.Role {
	case accounts.Seller:
		nu.OrgCode = code
	case accounts.StationOperator:
		nu.PointCode = code
	default:
		if code != "" {
			nu.Scope, err = region.ParseCode(code)
		}
	}
	if err == nil {
		_, err = h.Accounts.AddUser(r.Context(), a, nu)
	}
	if c := errs.CodeOf(err); c == errs.Invalid || c == errs.Conflict || c == errs.NotFound {
		nu.Password = ""
		return h.renderUsers(w, r, c.HTTPStatus(), usersData{Form: nu, Error: h.message(r, err)})
	}
	if err != nil {
		return err
	}
	return redirect(w, r, "/admin/users?notice=notice.user_created")
}
