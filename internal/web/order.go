package web

import (
	"context"
	"net/http"
	"strconv"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/money"
	"maeul/internal/network"
	"maeul/internal/orders"
	"maeul/internal/payments"
	"maeul/internal/region"
)

// orderData is the buyer's page of one order.
type orderData struct {
	Card    orderCard
	Steps   []orderStep
	History []eventView
	Place   []region.Region
	Point   *network.ServicePoint
	Payment payments.Record
	// PayURL is where a pending online payment is made.
	PayURL      string
	CanCancel   bool
	CanComplete bool
	// Kept is what the buyer has paid net of refunds.
	Kept money.Fen
	// Reasons are the reasons the cancel form offers.
	Reasons []string
	// Impact is what the order adds to poor households' income, or will
	// add once paid; nil for an order cancelled unpaid.
	Impact *orderImpactView
	// AfterSales are the order's refund and return requests and the form
	// to ask for one.
	AfterSales orderAfterSales
	// Parcel is the tracking timeline of the order's parcel; nil when it
	// has none.
	Parcel *parcelView
}

// cancelReasons are the reasons a buyer gives for cancelling, stored as
// they are and shown in the reader's language (order.reason.*).
var cancelReasons = []string{"mind", "wrong", "cheaper", "other"}

// orderID reads the {id} of the path; anything but a positive number is
// not found.
func orderID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.E(errs.NotFound, "err.orders.not_found", r.PathValue("id"))
	}
	return id, nil
}

// buyerOrder returns the order of the path to its buyer. Those who may
// see it otherwise (its seller, the pick-up station, overseers) get a
// NotFound error here: theirs are the back-office pages.
func (h *Handler) buyerOrder(r *http.Request) (orders.Order, error) {
	id, err := orderID(r)
	if err != nil {
		return orders.Order{}, err
	}
	a := accounts.ActorFrom(r.Context())
	o, err := h.Orders.View(r.Context(), a, id)
	if err != nil {
		return o, err
	}
	if o.BuyerID != a.ID {
		return o, errs.E(errs.NotFound, "err.orders.not_found", id)
	}
	return o, nil
}

// order shows one of the buyer's orders: its progress, the lines and
// amounts (refunds included), where it goes, the payment, the history,
// and what the buyer may do now: pay, cancel, confirm receipt, print the
// receipt.
func (h *Handler) order(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o, err := h.buyerOrder(r)
	if err != nil {
		return err
	}
	d, err := h.orderPage(ctx, o)
	if err != nil {
		return err
	}
	l := langFrom(r)
	w.Header().Set("Cache-Control", "no-store")
	return h.render(w, r, http.StatusOK, "order", page{Title: h.cat.T(l, "order.title", o.ID), NavArea: "orders", Data: d})
}

func (h *Handler) orderPage(ctx context.Context, o orders.Order) (orderData, error) {
	cards, err := h.orderCards(ctx, []orders.Order{o})
	if err != nil {
		return orderData{}, err
	}
	d := orderData{Card: cards[0], Steps: orderSteps(o), Kept: o.Total - o.Refunded, Reasons: cancelReasons}
	if d.History, err = h.history(ctx, o); err != nil {
		return d, err
	}
	if d.Place, err = h.placeNames(ctx, o.Address.Region); err != nil {
		return d, err
	}
	if d.Point, err = h.orderPoint(ctx, o); err != nil {
		return d, err
	}
	if d.Parcel, err = h.orderParcel(ctx, o); err != nil {
		return d, err
	}
	if d.Payment, err = h.Orders.OrderPayment(ctx, accounts.ActorFrom(ctx), o); err != nil {
		return d, err
	}
	if d.PayURL, err = h.payURL(ctx, d.Payment); err != nil {
		return d, err
	}
	d.CanCancel = o.Status == orders.PendingPayment || o.Status == orders.Paid
	d.CanComplete = o.Status == orders.Delivered
	if d.AfterSales, err = h.orderAfterSales(ctx, o); err != nil {
		return d, err
	}
	if d.Payment.Status == payments.Paid || d.Payment.Status == payments.Pending {
		if d.Impact, err = h.orderImpact(ctx, accounts.ActorFrom(ctx), o.ID, d.Payment.Status == payments.Paid); err != nil {
			return d, err
		}
	}
	return d, nil
}
