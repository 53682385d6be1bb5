package web

import (
	"net/http"
	"net/url"
	"strings"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/impact"
)

// householdPayout records a payout from a household's balance (POST
// /households/{code}/payouts): in cash by the operator of a station
// serving its village, with the receipt's number, or by bank transfer by
// the county admin of its county, with the bank's reference. The rules
// are impact.Service.PayOut's: more than the balance is refused, and the
// same household, method and reference make one payout, so a form sent
// twice pays once. A refusal shows the statement again with the reason.
func (h *Handler) householdPayout(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	d, err := h.statementPage(r)
	if err != nil {
		return err
	}
	d.Form = payoutForm{Amount: strings.TrimSpace(r.PostFormValue("amount")), Reference: strings.TrimSpace(r.PostFormValue("reference"))}
	method := r.PostFormValue("method")
	amount, err := yuanInput("amount", d.Form.Amount)
	var p impact.Payout
	if err == nil {
		p, err = h.Impact.PayOut(ctx, a, impact.PayoutRequest{Household: d.St.Household.Code, Amount: amount, Method: method, Reference: d.Form.Reference})
	}
	switch errs.CodeOf(err) {
	case "":
	case errs.Invalid, errs.Conflict:
		d.Error = h.cat.T(langFrom(r), "statement.payout.refused", h.message(r, err))
		status := http.StatusUnprocessableEntity
		if errs.CodeOf(err) == errs.Conflict {
			status = http.StatusConflict
		}
		return h.renderStatement(w, r, status, d)
	default:
		return err
	}
	notice := "statement.notice.paid"
	if p.Earlier {
		notice = "statement.notice.repeat"
	}
	v := url.Values{"notice": {notice}}
	if q := r.URL.Query().Get("period"); q != "" {
		v.Set("period", q)
	}
	return redirect(w, r, "/households/"+url.PathEscape(d.St.Household.Code)+"?"+v.Encode())
}
