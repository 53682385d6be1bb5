package api

import (
	"context"
	"net/http"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/network"
	"maeul/internal/orders"
	"maeul/internal/payments"
)

// Cash paid at service stations: the operator lists the checkouts waiting
// to be paid at the station and confirms each payment as the buyer pays.

// stationPoint returns the service point named by ?point=, or the
// operator's own; the order service checks that a works at it.
func (c *commerce) stationPoint(r *http.Request, a accounts.Actor) (network.ServicePoint, error) {
	ctx := r.Context()
	if err := a.Require(a.SignedIn(), "act.see_cash_payments"); err != nil {
		return network.ServicePoint{}, err
	}
	code := r.URL.Query().Get("point")
	var pt network.ServicePoint
	var err error
	switch {
	case code != "":
		pt, err = c.Points.ServicePoint(ctx, code)
		if errs.Is(err, errs.NotFound) {
			return pt, errs.Field("point", "err.network.unknown_point", code)
		}
	case a.Role == accounts.StationOperator && a.ServicePointID != 0:
		pt, err = c.Points.ServicePointByID(ctx, a.ServicePointID)
	default:
		return pt, errs.Field("point", "err.api.which_point")
	}
	return pt, err
}

// stationPaymentList lists the cash payments pending at the caller's
// service point (or ?point=), oldest first.
func (c *commerce) stationPaymentList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	pt, err := c.stationPoint(r, a)
	if err != nil {
		return err
	}
	due, err := c.Orders.PendingCash(ctx, a, pt)
	if err != nil {
		return err
	}
	out := list[stationPaymentJSON]{Items: make([]stationPaymentJSON, 0, len(due))}
	for _, d := range due {
		out.Items = append(out.Items, stationPayment(d.Payment, d.Orders, pt.Code))
	}
	return writeJSON(w, http.StatusOK, out)
}

// stationPayment describes a cash payment with what the operator needs to
// recognise the buyer: the name and phone of the checkout's address.
func stationPayment(p payments.Record, os []orders.Order, pointCode string) stationPaymentJSON {
	j := stationPaymentJSON{
		Ref: p.Ref, CheckoutID: p.GroupID, AmountFen: p.Amount, Status: string(p.Status), PointCode: pointCode,
		OrderIDs: make([]int64, 0, len(os)), CreatedAt: p.CreatedAt,
	}
	for _, o := range os {
		j.OrderIDs = append(j.OrderIDs, o.ID)
		j.BuyerName, j.BuyerPhone, j.ExpiresAt = o.Address.Name, o.Address.Phone, o.ExpiresAt
	}
	return j
}

// stationPaymentConfirm records the cash of a payment as paid, which pays
// its checkout's orders. Only the payment's station's operators (and the
// admins of its region) may; confirming a paid payment again changes
// nothing, and one whose checkout expired is 409.
func (c *commerce) stationPaymentConfirm(w http.ResponseWriter, r *http.Request) error {
	a := accounts.ActorFrom(r.Context())
	ref := r.PathValue("ref")
	if err := c.Orders.ConfirmCash(r.Context(), a, ref); err != nil {
		return err
	}
	ctx := context.WithoutCancel(r.Context())
	p, err := c.Orders.Store.Payment(ctx, ref)
	if err != nil {
		return err
	}
	code, err := c.codes().point(ctx, p.PointID)
	if err != nil {
		return err
	}
	os, err := c.Orders.Store.GroupOrders(ctx, p.GroupID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, stationPayment(p, os, code))
}
