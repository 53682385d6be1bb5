package web

import (
	"net/http"

	"maeul/internal/accounts"
)

// adminAfterSalesData is the admins' list of escalated requests.
type adminAfterSalesData struct {
	Requests []requestView
}

// adminAfterSales lists the refund and return requests of the stores in
// the admin's region that their sellers left unanswered past the
// deadline, oldest deadline first, with the forms to decide them. Only
// county and prefecture admins may open it.
func (h *Handler) adminAfterSales(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	rs, err := h.AfterSales.Escalated(ctx, accounts.ActorFrom(ctx), 100)
	if err != nil {
		return err
	}
	var d adminAfterSalesData
	if d.Requests, err = h.requestViews(ctx, rs, nil, h.Now()); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return h.render(w, r, http.StatusOK, "admin_aftersales", page{Title: h.cat.T(langFrom(r), "aftersales.admin_title"), NavArea: "admin", Data: d})
}
