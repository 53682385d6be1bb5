package api

import (
	"net/http"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/org"
	"maeul/internal/region"
)

// orgList lists organizations, optionally ?within= a region and of ?kind=.
// Organizations are public: they are the mall's sellers.
func (h *Handler) orgList(w http.ResponseWriter, r *http.Request) error {
	f, err := orgFilter(r)
	if err != nil {
		return err
	}
	os, err := h.OrgStore.Organizations(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listOf(os, toOrg))
}

func orgFilter(r *http.Request) (org.Filter, error) {
	var f org.Filter
	q := r.URL.Query()
	if s := q.Get("within"); s != "" {
		c, err := region.ParseCode(s)
		if err != nil {
			return f, err
		}
		f.Within = c
	}
	if s := q.Get("kind"); s != "" {
		k, err := org.ParseKind(s)
		if err != nil {
			return f, err
		}
		f.Kind = k
	}
	return f, nil
}

func (h *Handler) orgGet(w http.ResponseWriter, r *http.Request) error {
	o, err := h.OrgStore.Organization(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toOrg(o))
}

// orgPatch is a partial update; absent fields keep their values.
type orgPatch struct {
	Kind       *org.Kind  `json:"kind"`
	RegionCode *string    `json:"region_code"`
	Name       *i18n.Text `json:"name"`
	Leading    *bool      `json:"leading"`
}

// orgUpdate changes an organization; the org service decides what the
// caller may change.
func (h *Handler) orgUpdate(w http.ResponseWriter, r *http.Request) error {
	var p orgPatch
	if err := readJSON(r, &p); err != nil {
		return err
	}
	o, err := h.OrgStore.Organization(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	a := accounts.ActorFrom(r.Context())
	if p.Kind != nil {
		o.Kind = *p.Kind
	}
	if p.RegionCode != nil {
		if o.Region, err = region.ParseCode(*p.RegionCode); err != nil {
			return errs.InField("region_code", err)
		}
	}
	if p.Name != nil {
		o.Name = *p.Name
	}
	if p.Leading != nil {
		o.Leading = *p.Leading
	}
	o, err = h.Orgs.Update(r.Context(), a, o)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toOrg(o))
}
