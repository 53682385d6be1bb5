package api

import (
	"net/http"
	"strconv"
	"strings"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/impact"
	"maeul/internal/money"
	"maeul/internal/region"
)

// Households, their statements and payouts. impact.Service applies the
// disclosure rules: the prefecture admin and the county admin of a
// household's county see it in full, the operator of a station serving
// its village name and phone, auditors a masked copy; nobody else sees a
// household at all.

// The sizes of a page of households.
const (
	defaultHouseholds = 100
	maxHouseholds     = 1000
)

// householdList answers GET /households?within=&status=&after=&limit=:
// the households the caller may see, ordered by code, each as disclosed.
// A station operator who names no region gets the households of every
// village its station serves, in one page.
func (h *Handler) householdList(w http.ResponseWriter, r *http.Request) error {
	if err := h.needImpact(); err != nil {
		return err
	}
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	v := r.URL.Query()
	q := impact.HouseholdQuery{After: v.Get("after"), Limit: defaultHouseholds}
	if s := strings.TrimSpace(v.Get("within")); s != "" {
		c, err := region.ParseCode(s)
		if err != nil {
			return errs.InField("within", err)
		}
		q.Within = c
	}
	switch s := v.Get("status"); s {
	case "", string(impact.Poor), string(impact.Lifted):
		q.Status = impact.Status(s)
	default:
		return errs.Field("status", "err.input.household_status", s)
	}
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxHouseholds {
			return errs.Field("limit", "err.api.limit", maxHouseholds)
		}
		q.Limit = n
	}
	var hs []impact.Household
	var err error
	if a.Role == accounts.StationOperator && q.Within == "" && a.ServicePointID != 0 {
		// Households pages a county by code before it drops what the
		// operator may not see; the station's villages are read whole.
		pt, err := h.Points.ServicePointByID(ctx, a.ServicePointID)
		if err != nil {
			return err
		}
		for _, c := range pt.Serves {
			xs, err := h.Impact.Households(ctx, a, impact.HouseholdQuery{Within: c, Status: q.Status})
			if err != nil {
				return err
			}
			hs = append(hs, xs...)
		}
		q.Limit = 0
	} else if hs, err = h.Impact.Households(ctx, a, q); err != nil {
		return err
	}
	out := listOf(hs, toHousehold)
	if q.Limit > 0 && len(hs) == q.Limit {
		out.NextCursor = hs[len(hs)-1].Code
	}
	return writeJSON(w, http.StatusOK, out)
}

// householdGet answers GET /households/{code}.
func (h *Handler) householdGet(w http.ResponseWriter, r *http.Request) error {
	if err := h.needImpact(); err != nil {
		return err
	}
	ctx := r.Context()
	hh, err := h.Impact.Household(ctx, accounts.ActorFrom(ctx), r.PathValue("code"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toHousehold(hh))
}

// householdStatement answers GET /households/{code}/statement?period=: the
// household's income statement for a period (this_month by default,
// last_month, this_quarter, this_year, or a period such as 2026-11).
func (h *Handler) householdStatement(w http.ResponseWriter, r *http.Request) error {
	if err := h.needImpact(); err != nil {
		return err
	}
	ctx := r.Context()
	key := queryPeriod(r)
	if key == "" {
		key = impact.ThisMonth
	}
	p, err := impact.PeriodAt(key, h.clock())
	if err != nil {
		return err
	}
	st, err := h.Impact.Statement(ctx, accounts.ActorFrom(ctx), r.PathValue("code"), p.Text)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toStatement(st))
}

// householdPayouts answers GET /households/{code}/payouts, newest first.
func (h *Handler) householdPayouts(w http.ResponseWriter, r *http.Request) error {
	if err := h.needImpact(); err != nil {
		return err
	}
	ctx := r.Context()
	ps, err := h.Impact.Payouts(ctx, accounts.ActorFrom(ctx), r.PathValue("code"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listOf(ps, toPayout))
}

// payoutInput is the body of a payout.
type payoutInput struct {
	AmountFen money.Fen `json:"amount_fen"`
	Method    string    `json:"method"`
	Reference string    `json:"reference"`
}

// householdPayout answers POST /households/{code}/payouts (with an
// Idempotency-Key): cash by the operator of a station serving the
// household's village, bank by the county admin of its county. More than
// the balance is 422; the same household, method and reference make one
// payout (200 with the first; a different amount is 409).
func (h *Handler) householdPayout(w http.ResponseWriter, r *http.Request) error {
	if err := h.needImpact(); err != nil {
		return err
	}
	ctx := r.Context()
	var in payoutInput
	if err := readJSON(r, &in); err != nil {
		return err
	}
	p, err := h.Impact.PayOut(ctx, accounts.ActorFrom(ctx), impact.PayoutRequest{Household: r.PathValue("code"),
		Amount: in.AmountFen, Method: in.Method, Reference: in.Reference})
	if err != nil {
		return renameField(err, "amount", "amount_fen")
	}
	status := http.StatusCreated
	if p.Earlier {
		status = http.StatusOK
	}
	return writeJSON(w, status, toPayout(p))
}
