package web

import (
	"net/http"
	"strings"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/org"
	"maeul/internal/region"
)

type orgFormData struct {
	Org      org.Organization
	Kinds    []org.Kind
	Admin    bool // may change kind, region and the leading flag
	Error    string
	ReadOnly bool
}

// adminOrgForm shows an organization's settings to those who may manage
// or oversee it.
func (h *Handler) adminOrgForm(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	o, err := h.OrgStore.Organization(ctx, r.PathValue("code"))
	if err != nil {
		return err
	}
	manage := a.ActsFor(o.ID, o.Region)
	if err := a.Require(manage || a.Oversees(o.Region), "act.open_org", o.Code); err != nil {
		return err
	}
	return h.renderOrgForm(w, r, http.StatusOK, orgFormData{Org: o, Admin: a.Administers(o.Region), ReadOnly: !manage})
}

func (h *Handler) renderOrgForm(w http.ResponseWriter, r *http.Request, status int, d orgFormData) error {
	d.Kinds = org.Kinds
	return h.render(w, r, status, "admin_org", page{Title: d.Org.Name.In(langFrom(r)), NavArea: "admin", Data: d})
}

// adminOrgUpdate saves the form; the org service decides what the actor
// may change.
func (h *Handler) adminOrgUpdate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	cur, err := h.OrgStore.Organization(ctx, r.PathValue("code"))
	if err != nil {
		return err
	}
	o := cur
	o.Name = i18n.Text{Ko: strings.TrimSpace(r.PostFormValue("name_ko")), Zh: strings.TrimSpace(r.PostFormValue("name_zh")), En: strings.TrimSpace(r.PostFormValue("name_en"))}
	if a.Administers(cur.Region) {
		o.Kind = org.Kind(r.PostFormValue("kind"))
		o.Leading = r.PostFormValue("leading") == "on"
		if s := r.PostFormValue("region_code"); s != "" {
			if o.Region, err = region.ParseCode(s); err != nil {
				return h.renderOrgForm(w, r, http.StatusUnprocessableEntity, orgFormData{Org: o, Admin: true, Error: h.message(r, err)})
			}
		}
	}
	_, err = h.Orgs.Update(ctx, a, o)
	if errs.Is(err, errs.Invalid) {
		return h.renderOrgForm(w, r, http.StatusUnprocessableEntity, orgFormData{Org: o, Admin: a.Administers(cur.Region), Error: h.message(r, err)})
	}
	if err != nil {
		return err
	}
	return redirect(w, r, "/admin/organizations/"+cur.Code+"?notice=notice.saved")
}
