package station

import (
	"net/http"

	"maeul/internal/accounts"
	"maeul/internal/network"
	"maeul/internal/orders"
	"maeul/internal/web"
)

// todayData is the station's work of the day.
type todayData struct {
	Point network.ServicePoint
	// Query is "?point=CODE" for an admin looking at a point.
	Query string
	// Own is whether the reader is the point's operator (the links to the
	// operator's other pages are shown to them only).
	Own bool
	// Cash are the checkouts to be paid in cash here before they ship.
	Cash []orders.CashDue
	// Waiting are the pick-up orders at the station, waiting for their
	// buyers; Coming those still on their way.
	Waiting, Coming []orders.Order
}

// today shows the station's work of the day, the console's home: what
// to collect, hand over, take cash for and chase, with the links to the
// rest of the console. Those who do not work at the point are Forbidden.
func (h *Handler) today(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	pt, err := h.point(r)
	if err != nil {
		return err
	}
	d := todayData{Point: pt, Query: pointQuery(r), Own: a.Role == accounts.StationOperator && a.ServicePointID == pt.ID}
	if d.Cash, err = h.Orders.PendingCash(ctx, a, pt); err != nil {
		return err
	}
	open, _, err := h.Orders.Pickups(ctx, a, pt, 0)
	if err != nil {
		return err
	}
	for _, o := range open {
		if o.Status == orders.Shipped {
			d.Waiting = append(d.Waiting, o)
		} else {
			d.Coming = append(d.Coming, o)
		}
	}
	return h.Render(w, r, http.StatusOK, "station_today", web.Page{Title: h.T(r, "station.today.title"), NavArea: "station", Data: d})
}
