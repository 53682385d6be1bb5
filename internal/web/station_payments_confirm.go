package web

import (
	"net/http"

	"maeul/internal/accounts"
)

// stationPaymentConfirm records the cash of a payment as paid, which pays
// its checkout's orders. Only the operators of the payment's point (and
// the admins of its region) may; a checkout that expired meanwhile is a
// Conflict.
func (h *Handler) stationPaymentConfirm(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if err := h.Orders.ConfirmCash(ctx, accounts.ActorFrom(ctx), r.PathValue("ref")); err != nil {
		return err
	}
	return redirect(w, r, stationURL(r, "station.pay.notice.confirmed"))
}
