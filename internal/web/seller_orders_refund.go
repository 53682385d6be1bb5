package web

import (
	"net/http"
	"strconv"
	"strings"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/money"
	"maeul/internal/orders"
)

// sellerOrderRefund answers the refund form: a quantity per line
// (qty.LINE_ID), restock and a reason. "preview" shows the plan the order
// rules work out — each line's amount, and the shipping fee when nothing
// is left — for the seller to confirm; "refund" pays it back through the
// payment provider. A bad choice shows the form again with the reason;
// an order that cannot be refunded is a Conflict (409).
func (h *Handler) sellerOrderRefund(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o, off, err := h.sellerOrder(r)
	if err != nil {
		return err
	}
	l := langFrom(r)
	if err := r.ParseForm(); err != nil {
		return errs.E(errs.Invalid, "err.web.refund_form")
	}
	want := map[int64]int{}
	for k, vs := range r.PostForm {
		idStr, ok := strings.CutPrefix(k, "qty.")
		if !ok || len(vs) == 0 || strings.TrimSpace(vs[0]) == "" {
			continue
		}
		id, err := strconv.ParseInt(idStr, 10, 64)
		if err != nil {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(vs[0]))
		if err != nil {
			n = -1 // the rules refuse it with the reason
		}
		want[id] = n
	}
	restock := r.PostFormValue("restock") != ""
	reason := truncate(200, r.PostFormValue("reason"))
	d, err := h.sellerOrderPage(r, o, off)
	if err != nil {
		return err
	}
	d.Refund.Restock, d.Refund.Reason = restock, reason
	for i := range d.Refund.Lines {
		d.Refund.Lines[i].Want = max(want[d.Refund.Lines[i].ID], 0)
	}
	refuse := func(msg string) error {
		d.Error, d.ErrorField = msg, "refund"
		return h.renderSellerOrder(w, r, http.StatusUnprocessableEntity, d)
	}
	plan, err := orders.PlanRefund(o, want)
	if errs.Is(err, errs.Invalid) {
		return refuse(h.cat.T(l, "seller.orders.err.refund_qty"))
	}
	if err != nil {
		return err
	}
	// The seller confirms the amount shown; quantities changed since
	// then show the new plan to confirm.
	expect, _ := strconv.ParseInt(r.PostFormValue("expect"), 10, 64)
	changed := r.PostFormValue("op") == "refund" && money.Fen(expect) != plan.Total
	if r.PostFormValue("op") != "refund" || changed {
		if changed {
			d.Error, d.ErrorField = h.cat.T(l, "seller.orders.err.refund_changed"), "refund"
		}
		d.Refund.Plan = &plan
		amounts := map[int64]int{}
		for i, pl := range plan.Lines {
			amounts[pl.LineID] = i
		}
		for i := range d.Refund.Lines {
			if j, ok := amounts[d.Refund.Lines[i].ID]; ok {
				d.Refund.Lines[i].Amount = plan.Lines[j].Amount
			}
		}
		return h.renderSellerOrder(w, r, http.StatusOK, d)
	}
	if reason == "" {
		return refuse(h.cat.T(l, "seller.orders.err.refund_reason"))
	}
	if _, err := h.Orders.Refund(ctx, accounts.ActorFrom(ctx), o.ID, want, restock, reason); err != nil {
		return err
	}
	return redirect(w, r, sellerOrderURL(o.ID, "seller.orders.notice.refunded"))
}
