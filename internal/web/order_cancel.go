package web

import (
	"net/http"
	"strconv"

	"maeul/internal/accounts"
)

// orderCancel cancels one of the buyer's orders (an unpaid one cancels
// its whole checkout; a paid one not yet packed is refunded in full) and
// shows it again. An order past packing is a Conflict.
func (h *Handler) orderCancel(w http.ResponseWriter, r *http.Request) error {
	o, err := h.buyerOrder(r)
	if err != nil {
		return err
	}
	reason := truncate(200, r.PostFormValue("reason"))
	if reason == "" {
		reason = "-"
	}
	if err := h.Orders.Cancel(r.Context(), accounts.ActorFrom(r.Context()), o.ID, reason); err != nil {
		return err
	}
	return redirect(w, r, "/orders/"+strconv.FormatInt(o.ID, 10)+"?notice=order.notice.cancelled")
}
