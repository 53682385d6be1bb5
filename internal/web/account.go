package web

import (
	"net/http"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/network"
	"maeul/internal/org"
	"maeul/internal/region"
)

var errNotFoundPage = errs.E(errs.NotFound, "err.web.page_not_found")

type accountData struct {
	Scope region.Region
	Org   org.Organization
	Point network.ServicePoint
}

// account shows the signed-in user's role and what it acts for.
func (h *Handler) account(w http.ResponseWriter, r *http.Request) error {
	a := accounts.ActorFrom(r.Context())
	if err := a.Require(a.SignedIn(), "act.see_account"); err != nil {
		return err
	}
	ctx := r.Context()
	var d accountData
	var err error
	if a.Scope != "" {
		if d.Scope, err = h.Regions.Region(ctx, a.Scope); err != nil {
			return err
		}
	}
	if a.OrgID != 0 {
		if d.Org, err = h.OrgStore.OrganizationByID(ctx, a.OrgID); err != nil {
			return err
		}
	}
	if a.ServicePointID != 0 {
		if d.Point, err = h.Points.ServicePointByID(ctx, a.ServicePointID); err != nil {
			return err
		}
	}
	return h.render(w, r, http.StatusOK, "account", page{Title: h.cat.T(langFrom(r), "account.title"), NavArea: "account", Data: d})
}
