package web

import (
	"net/http"

	"maeul/internal/accounts"
	"maeul/internal/errs"
)

// sellerDividendsExecute pays an organization's dividend pool to its
// member households for the period the form names (POST
// /seller/dividends). impact.Service.ExecuteDividends decides who may and
// pays a period once: a form sent twice finds the first run and pays
// nothing more. A refusal shows the preview again with the reason.
func (h *Handler) sellerDividendsExecute(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	period := r.PostFormValue("period")
	d, err := h.sellerDividendsPage(r, period)
	if err != nil {
		return err
	}
	run, err := h.Impact.ExecuteDividends(ctx, a, d.Office.Org.Code, d.Period.Text)
	switch errs.CodeOf(err) {
	case "":
	case errs.Invalid, errs.Conflict:
		d.Error = h.message(r, err)
		return h.renderDividends(w, r, http.StatusUnprocessableEntity, d)
	default:
		return err
	}
	notice := "dividends.notice.paid"
	if run.Earlier {
		notice = "dividends.notice.earlier"
	}
	return redirect(w, r, d.Office.URL("/seller/dividends", "period", run.Period, "notice", notice))
}
