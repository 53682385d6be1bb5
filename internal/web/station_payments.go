package web

import (
	"net/http"
	"net/url"
	"strconv"
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
	// Page is the page of pick-ups shown, from 1; Older and Newer link
	// to the next and the previous page, "" when there is none.
	Page         int
	Older, Newer string
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
// operator's own; the order service checks that a works at it.
func (h *Handler) stationPointOf(r *http.Request, a accounts.Actor) (network.ServicePoint, error) {
	ctx := r.Context()
	if err := a.Require(a.SignedIn(), "act.see_station_payments"); err != nil {
		return network.ServicePoint{}, err
	}
	switch code := r.URL.Query().Get("point"); {
	case code != "":
		return h.Points.ServicePoint(ctx, code)
	case a.Role == accounts.StationOperator && a.ServicePointID != 0:
		return h.Points.ServicePointByID(ctx, a.ServicePointID)
	}
	return network.ServicePoint{}, errs.E(errs.Invalid, "err.web.which_point")
}

// stationPayments shows a service point's counter: cash payments pending
// there, oldest first, each with a confirm button, and the pick-up orders
// for the point not yet handed over, newest first, a page at a time
// (?page=, from 1).
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
	due, err := h.Orders.PendingCash(ctx, a, pt)
	if err != nil {
		return err
	}
	for _, p := range due {
		cp := cashPayment{Record: p.Payment}
		if cp.Orders, err = h.orderCards(ctx, p.Orders); err != nil {
			return err
		}
		if os := p.Orders; len(os) > 0 {
			cp.Name, cp.Phone, cp.Deadline = os[0].Address.Name, os[0].Address.Phone, os[0].ExpiresAt
		}
		d.Payments = append(d.Payments, cp)
	}
	d.Page = 1
	if n, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && n > 1 {
		d.Page = n
	}
	open, more, err := h.Orders.Pickups(ctx, a, pt, d.Page-1)
	if err != nil {
		return err
	}
	if more {
		d.Older = stationPageURL(pt, r, d.Page+1)
	}
	if d.Page > 1 {
		d.Newer = stationPageURL(pt, r, d.Page-1)
	}
	var ready, coming []orders.Order
	for _, o := range open {
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

// stationPageURL is page n of the station page's pick-ups.
func stationPageURL(pt network.ServicePoint, r *http.Request, n int) string {
	v := url.Values{}
	if r.URL.Query().Get("point") != "" {
		v.Set("point", pt.Code)
	}
	if n > 1 {
		v.Set("page", strconv.Itoa(n))
	}
	if len(v) == 0 {
		return "/station/payments"
	}
	return "/station/payments?" + v.Encode()
}

// stationURL is the station page (of ?point= when given) with a notice.
func stationURL(r *http.Request, notice string) string {
	v := url.Values{"notice": {notice}}
	if p := r.URL.Query().Get("point"); p != "" {
		v.Set("point", p)
	}
	return "/station/payments?" + v.Encode()
}
