package web

import (
	"net/http"
	"strconv"

	"maeul/internal/accounts"
)

// orderComplete records that the buyer received a delivered order.
func (h *Handler) orderComplete(w http.ResponseWriter, r *http.Request) error {
	o, err := h.buyerOrder(r)
	if err != nil {
		return err
	}
	if err := h.Orders.Complete(r.Context(), accounts.ActorFrom(r.Context()), o.ID); err != nil {
		return err
	}
	return redirect(w, r, "/orders/"+strconv.FormatInt(o.ID, 10)+"?notice=order.notice.completed")
}
