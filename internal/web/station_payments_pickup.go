package web

import (
	"net/http"

	"maeul/internal/accounts"
)

// stationPickupDeliver records that a buyer collected a pick-up order at
// the point.
func (h *Handler) stationPickupDeliver(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := orderID(r)
	if err != nil {
		return err
	}
	if err := h.Orders.Deliver(ctx, accounts.ActorFrom(ctx), id); err != nil {
		return err
	}
	return redirect(w, r, stationURL(r, "station.pay.notice.collected"))
}
