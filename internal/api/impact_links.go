package api

import (
	"net/http"
	"strconv"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/impact"
	"maeul/internal/money"
)

// Benefit links: an organization's sellers and the admins of its region
// manage them; its overseers may read them (impact.Service).

// linkList answers GET /organizations/{code}/links: the organization's
// links, ended ones included, with their households as disclosed to the
// caller.
func (h *Handler) linkList(w http.ResponseWriter, r *http.Request) error {
	if err := h.needImpact(); err != nil {
		return err
	}
	ctx := r.Context()
	o, err := h.OrgStore.Organization(ctx, r.PathValue("code"))
	if err != nil {
		return err
	}
	ls, err := h.Impact.Links(ctx, accounts.ActorFrom(ctx), o.ID)
	if err != nil {
		return err
	}
	now := h.clock()
	return writeJSON(w, http.StatusOK, listOf(ls, func(l impact.LinkView) linkJSON { return toLink(l, o.Code, now) }))
}

// linkInput is the body of a new link; a kind's unused fields stay out.
type linkInput struct {
	Kind          string    `json:"kind"`
	HouseholdCode string    `json:"household_code"`
	SKU           string    `json:"sku"`
	PercentBP     int64     `json:"percent_bp"`
	PerUnitFen    money.Fen `json:"per_unit_fen"`
	Shares        int64     `json:"shares"`
	ValidFrom     string    `json:"valid_from"`
	ValidTo       string    `json:"valid_to"`
}

// linkCreate answers POST /organizations/{code}/links: records a link
// (201). Recording one that exists with the same terms returns it; other
// terms for the same household, product and first day are 409.
func (h *Handler) linkCreate(w http.ResponseWriter, r *http.Request) error {
	if err := h.needImpact(); err != nil {
		return err
	}
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	var in linkInput
	if err := readJSON(r, &in); err != nil {
		return err
	}
	kind, err := impact.ParseLinkKind(in.Kind)
	if err != nil {
		return err
	}
	nl := impact.NewLink{OrgCode: r.PathValue("code"), Kind: kind, HouseholdCode: in.HouseholdCode, SKU: in.SKU,
		PercentBP: in.PercentBP, PerUnit: in.PerUnitFen, Shares: in.Shares}
	if nl.ValidFrom, err = apiDay("valid_from", in.ValidFrom); err != nil {
		return err
	}
	if in.ValidTo != "" {
		if nl.ValidTo, err = apiDay("valid_to", in.ValidTo); err != nil {
			return err
		}
	}
	l, err := h.Impact.CreateLink(ctx, a, nl)
	if err != nil {
		return linkErr(err)
	}
	return h.writeLink(w, r, http.StatusCreated, l)
}

// endInput is the body of ending a link.
type endInput struct {
	LastDay string `json:"last_day"`
}

// linkEnd answers POST /links/{id}/end: the link's last day in force
// becomes last_day (today or later).
func (h *Handler) linkEnd(w http.ResponseWriter, r *http.Request) error {
	if err := h.needImpact(); err != nil {
		return err
	}
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return errs.E(errs.NotFound, "err.api.link_not_found", r.PathValue("id"))
	}
	var in endInput
	if err := readJSON(r, &in); err != nil {
		return err
	}
	day, err := apiDay("last_day", in.LastDay)
	if err != nil {
		return err
	}
	l, err := h.Impact.EndLink(ctx, accounts.ActorFrom(ctx), id, day)
	if err != nil {
		return renameField(err, "valid_to", "last_day")
	}
	return h.writeLink(w, r, http.StatusOK, l)
}

// writeLink writes a link as its organization's list shows it to the
// caller (the household disclosed).
func (h *Handler) writeLink(w http.ResponseWriter, r *http.Request, status int, l impact.Link) error {
	ctx := r.Context()
	o, err := h.OrgStore.OrganizationByID(ctx, l.OrgID)
	if err != nil {
		return err
	}
	ls, err := h.Impact.Links(ctx, accounts.ActorFrom(ctx), o.ID)
	if err != nil {
		return err
	}
	for _, v := range ls {
		if v.ID == l.ID {
			return writeJSON(w, status, toLink(v, o.Code, h.clock()))
		}
	}
	return errs.E(errs.NotFound, "err.api.link_not_found", l.ID)
}

// linkErr names the body's fields in a refusal of the link rules, which
// name the import's columns.
func linkErr(err error) error {
	for from, to := range map[string]string{"percent": "percent_bp", "org_code": "code"} {
		err = renameField(err, from, to)
	}
	return err
}

// apiDay reads a date YYYY-MM-DD.
func apiDay(field, s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, errs.Field(field, "err.input.date", s)
	}
	return t, nil
}
