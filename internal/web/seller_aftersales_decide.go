package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"maeul/internal/accounts"
	"maeul/internal/errs"
)

// afterSalesDecide answers a refund or return request from the seller's
// list (POST /seller/aftersales/{id}) or the admins' escalated list (POST
// /admin/aftersales/{id}): op "accept" refunds the request's units
// (restock returns a return's goods to stock; answer is an optional
// note), op "refuse" refuses it with answer as the reason. The after-sales
// rules decide who may; the browser goes back to the list it came from
// with a notice.
func (h *Handler) afterSalesDecide(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return errs.E(errs.NotFound, "err.aftersales.not_found", r.PathValue("id"))
	}
	if err := r.ParseForm(); err != nil {
		return errs.E(errs.Invalid, "err.web.refund_form")
	}
	answer := strings.TrimSpace(truncate(600, r.PostFormValue("answer")))
	var notice string
	switch r.PostFormValue("op") {
	case "accept":
		_, err = h.AfterSales.Accept(ctx, a, id, r.PostFormValue("restock") != "", answer)
		notice = "aftersales.notice.accepted"
	case "refuse":
		err = h.AfterSales.Refuse(ctx, a, id, answer)
		notice = "aftersales.notice.refused"
	default:
		return errs.Field("op", "err.web.aftersales_op")
	}
	if err != nil {
		return err
	}
	back := "/seller/aftersales?"
	if strings.HasPrefix(r.URL.Path, "/admin/") {
		back = "/admin/aftersales?"
	} else if org := r.PostFormValue("org"); org != "" {
		back += "org=" + url.QueryEscape(org) + "&"
	}
	return redirect(w, r, back+"notice="+notice)
}
