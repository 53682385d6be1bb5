package web

import (
	"net/http"
	"net/url"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/network"
	"maeul/internal/orders"
	"maeul/internal/payments"
)

// The station's counter: the cash payments buyers are to make at the
// service point, each confirmed by the operator as the buyer pays, and the
// pick-up orders that come to the point, handed over when the buyer
// collects them.

type stationPaymentsData struct {
	Point    network.ServicePoint
	Payments []cashPayment
	// Ready are the pick-up orders at the point, waiting for their buyers;
	// Coming those still on their way (paid or packed).
	Ready  []orderCard
	Coming []orderCard
	// Query is "?point=CODE" for an admin looking at a point.
	Query string
}

// cashPayment is a checkout to be paid in cash at the point.
type cashPayment struct {
	payments.Record
	Orders   []orderCard
	Name     string // whom to expect, from the address
	Phone    string
	Deadline time.Time
}

// stationPointOf returns the service point named by ?point=, or the
// operator's own, after checking that a works at it (its operators and
// the admins of its region).
func (h *Handler) stationPointOf(r *http.Request, a accounts.Actor) (network.ServicePoint, error) {
	ctx := r.Context()
	if err := a.Require(a.SignedIn(), "act.see_station_payments"); err != nil {
		return network.ServicePoint{}, err
	}
	var pt network.ServicePoint
	var err error
	switch code := r.URL.Query().Get("point"); {
	case code != "":
		pt, err = h.Points.ServicePoint(ctx, code)
	case a.Role == accounts.StationOperator && a.ServicePointID != 0:
		pt, err = h.Points.ServicePointByID(ctx, a.ServicePointID)
	default:
		return pt, errs.E(errs.Invalid, "err.web.which_point")
	}
	if err != nil {
		return pt, err
	}
	return pt, a.Require(a.WorksAt(pt.ID, pt.Region), "act.see_point_payments", pt.Code)
}

// pickupScan is how many of the newest undelivered orders the station
// page looks through for its pick-ups.
const pickupScan = 200

// stationPayments shows a service point's counter: cash payments pending
// there, oldest first, each with a confirm button, and the pick-up orders
// for the point.
//
// The order store cannot yet list orders by pick-up point, so the
// pick-ups are found among the newest undelivered orders of the mall
// (pickupScan of them).
func (h *Handler) stationPayments(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	pt, err := h.stationPointOf(r, a)
	if err != nil {
		return err
	}
	d := stationPaymentsData{Point: pt}
	if r.URL.Query().Get("point") != "" {
		d.Query = "?point=" + url.QueryEscape(pt.Code)
	}
	pending, err := h.Orders.Store.PendingPayments(ctx, payments.StationCash, pt.ID)
	if err != nil {
		return err
	}
	for _, p := range pending {
		os, err := h.Orders.Store.GroupOrders(ctx, p.GroupID)
		if err != nil {
			return err
		}
		cp := cashPayment{Record: p}
		if cp.Orders, err = h.orderCards(ctx, os); err != nil {
			return err
		}
		if len(os) > 0 {
			cp.Name, cp.Phone, cp.Deadline = os[0].Address.Name, os[0].Address.Phone, os[0].ExpiresAt
		}
		d.Payments = append(d.Payments, cp)
	}
	open, err := h.Orders.Store.Orders(ctx, orders.Filter{PointID: pt.ID, Statuses: []orders.Status{orders.Paid, orders.Packed, orders.Shipped}, Limit: pickupScan})
	if err != nil {
		return err
	}
	var ready, coming []orders.Order
	for _, o := range open {
		if o.Delivery != orders.Pickup || o.PointID != pt.ID {
			continue
		}
		if o.Status == orders.Shipped || !o.Shippable() {
			ready = append(ready, o)
		} else {
			coming = append(coming, o)
		}
	}
	if d.Ready, err = h.orderCards(ctx, ready); err != nil {
		return err
	}
	if d.Coming, err = h.orderCards(ctx, coming); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return h.render(w, r, http.StatusOK, "station_payments", page{Title: h.cat.T(langFrom(r), "station.pay.title"), NavArea: "station", Data: d})
}

// stationURL is the station page (of ?point= when given) with a notice.
func stationURL(r *http.Request, notice string) string {
	v := url.Values{"notice": {notice}}
	if p := r.URL.Query().Get("point"); p != "" {
		v.Set("point", p)
	}
	return "/station/payments?" + v.Encode()
}
