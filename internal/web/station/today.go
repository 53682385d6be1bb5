package station

import (
	"net/http"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/money"
	"maeul/internal/network"
	"maeul/internal/orders"
	"maeul/internal/parcels"
	"maeul/internal/payments"
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
	// Admin is whether the reader administers the point's region (and so
	// may unlock a parcel).
	Admin bool
	// Cash are the checkouts to be paid in cash here before they ship.
	Cash []orders.CashDue
	// Parcels are the parcels waiting here for their buyers, each handed
	// over against its pick-up code.
	Parcels []waitingParcel
	// Waiting are the pick-up orders at the station without a parcel
	// (from sellers outside the prefecture); Coming those on their way.
	Waiting, Coming []orders.Order
	// Problem is a refused hand-over's message, ProblemParcel its parcel.
	Problem       string
	ProblemParcel int64
}

// waitingParcel is a parcel waiting at the station with its order.
type waitingParcel struct {
	Parcel parcels.Parcel
	Order  orders.Order
	// Due is the cash to take as it is handed over; zero when paid.
	Due    money.Fen
	Tries  int
	Locked bool
}

// today shows the station's work of the day, the console's home: what
// to hand over, take cash for and expect, with the links to the rest of
// the console. Those who do not work at the point are Forbidden.
func (h *Handler) today(w http.ResponseWriter, r *http.Request) error {
	d, err := h.todayPage(r)
	if err != nil {
		return err
	}
	return h.renderToday(w, r, http.StatusOK, d)
}

func (h *Handler) todayPage(r *http.Request) (todayData, error) {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	pt, err := h.point(r)
	if err != nil {
		return todayData{}, err
	}
	d := todayData{Point: pt, Query: pointQuery(r), Own: a.Role == accounts.StationOperator && a.ServicePointID == pt.ID, Admin: a.Administers(pt.Region)}
	if d.Cash, err = h.Orders.PendingCash(ctx, a, pt); err != nil {
		return d, err
	}
	ps, tries, err := h.Parcels.Waiting(ctx, a, pt)
	if err != nil {
		return d, err
	}
	withParcel := map[int64]bool{}
	for _, p := range ps {
		withParcel[p.OrderID] = true
		wp := waitingParcel{Parcel: p, Tries: tries[p.ID], Locked: tries[p.ID] >= parcels.MaxTries}
		o, err := h.Orders.View(ctx, a, p.OrderID)
		if errs.Is(err, errs.NotFound) {
			d.Parcels = append(d.Parcels, wp) // an admin who may not read the seller's order
			continue
		}
		if err != nil {
			return d, err
		}
		wp.Order = o
		pay, err := h.Orders.OrderPayment(ctx, a, o)
		if err != nil {
			return d, err
		}
		if pay.Status == payments.Pending && pay.Method == payments.PickupCash {
			wp.Due = pay.Amount
		}
		d.Parcels = append(d.Parcels, wp)
	}
	open, _, err := h.Orders.Pickups(ctx, a, pt, 0)
	if err != nil {
		return d, err
	}
	for _, o := range open {
		switch {
		case withParcel[o.ID]:
		case o.Status == orders.Shipped:
			d.Waiting = append(d.Waiting, o)
		default:
			d.Coming = append(d.Coming, o)
		}
	}
	return d, nil
}

func (h *Handler) renderToday(w http.ResponseWriter, r *http.Request, status int, d todayData) error {
	return h.Render(w, r, status, "station_today", web.Page{Title: h.T(r, "station.today.title"), NavArea: "station", Data: d})
}

// todayRefused shows today's page again with a hand-over's refusal
// beside its parcel.
func (h *Handler) todayRefused(w http.ResponseWriter, r *http.Request, parcelID int64, refusal error) error {
	d, err := h.todayPage(r)
	if err != nil {
		return err
	}
	d.Problem, d.ProblemParcel = h.Message(r, refusal), parcelID
	status := http.StatusUnprocessableEntity
	if errs.Is(refusal, errs.Conflict) {
		status = http.StatusConflict
	}
	return h.renderToday(w, r, status, d)
}
