package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/impact"
	"maeul/internal/money"
)

// sellerLinkCreate records a benefit link from the form (POST
// /seller/links): a supplier link (a household, the product or variant it
// supplies, a percentage of the line's net or an amount per unit), a
// member link (a household and its shares) or a pool link (the
// percentage of each sale kept for dividends). impact.Service.CreateLink
// checks the rest; a refusal shows the form again with the reason.
func (h *Handler) sellerLinkCreate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	d, err := h.sellerLinksPage(r)
	if err != nil {
		return err
	}
	f := linkForm{
		Kind: r.PostFormValue("kind"), Household: strings.TrimSpace(r.PostFormValue("household")), SKU: r.PostFormValue("sku"),
		Percent: strings.TrimSpace(r.PostFormValue("percent")), PerUnit: strings.TrimSpace(r.PostFormValue("per_unit")),
		Shares: strings.TrimSpace(r.PostFormValue("shares")), From: r.PostFormValue("valid_from"), To: r.PostFormValue("valid_to"),
	}
	d.Form = f
	nl, err := newLinkFrom(f, d.Office.Org.Code)
	if err == nil {
		_, err = h.Impact.CreateLink(ctx, a, nl)
	}
	switch errs.CodeOf(err) {
	case "":
	case errs.Invalid, errs.Conflict:
		d.Error = h.message(r, err)
		status := http.StatusUnprocessableEntity
		if errs.CodeOf(err) == errs.Conflict {
			status = http.StatusConflict
		}
		return h.renderLinks(w, r, status, d)
	default:
		return err
	}
	return redirect(w, r, d.Office.URL("/seller/links", "notice", "links.notice.created"))
}

// newLinkFrom reads the form into a NewLink; what a kind does not use is
// left out, so that a form switched between kinds sends no stray terms.
func newLinkFrom(f linkForm, orgCode string) (impact.NewLink, error) {
	kind, err := impact.ParseLinkKind(f.Kind)
	if err != nil {
		return impact.NewLink{}, err
	}
	nl := impact.NewLink{OrgCode: orgCode, Kind: kind}
	if nl.ValidFrom, err = formDay("valid_from", f.From); err != nil {
		return nl, err
	}
	if strings.TrimSpace(f.To) != "" {
		if nl.ValidTo, err = formDay("valid_to", f.To); err != nil {
			return nl, err
		}
	}
	if kind != impact.Pool {
		nl.HouseholdCode = f.Household
	}
	switch kind {
	case impact.Supplier:
		nl.SKU = f.SKU
		switch {
		case f.Percent != "" && f.PerUnit != "":
			return nl, errs.Field("percent", "err.web.link_credit_both")
		case f.Percent != "":
			if nl.PercentBP, err = money.ParsePercent(f.Percent); err != nil {
				return nl, errs.InField("percent", err)
			}
		case f.PerUnit != "":
			if nl.PerUnit, err = yuanInput("per_unit_fen", f.PerUnit); err != nil {
				return nl, err
			}
			if nl.PerUnit <= 0 {
				return nl, errs.Field("per_unit_fen", "err.web.link_per_unit")
			}
		default:
			return nl, errs.Field("percent", "err.web.link_credit_none")
		}
	case impact.Member:
		n, err := strconv.ParseInt(f.Shares, 10, 64)
		if err != nil || n <= 0 {
			return nl, errs.Field("shares", "err.web.link_shares")
		}
		nl.Shares = n
	case impact.Pool:
		if nl.PercentBP, err = money.ParsePercent(f.Percent); err != nil {
			return nl, errs.InField("percent", err)
		}
	}
	return nl, nil
}

// formDay reads a date input (YYYY-MM-DD) as a link date.
func formDay(field, s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, errs.Field(field, "err.input.date", s)
	}
	return t, nil
}
