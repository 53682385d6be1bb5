package web

import (
	"net/http"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/money"
	"maeul/internal/network"
	"maeul/internal/payments"
)

// checkoutPaidData is the page a buyer comes back to from the wallet, or
// lands on after placing a cash order.
type checkoutPaidData struct {
	Payment payments.Record
	Orders  []orderCard
	// State is "paid", "waiting" (the wallet's notification has not
	// arrived yet), "cash" (to be paid at Point by Deadline), "closed"
	// (cancelled or expired) or "late" (paid after it closed, and
	// refunded).
	State    string
	Point    *network.ServicePoint
	Deadline time.Time
	// PayURL is where a pending online payment is made again.
	PayURL string
	Total  money.Fen
	// Impact is what the checkout adds to poor households' income, or will
	// add once paid; nil for a closed checkout.
	Impact *orderImpactView
}

// paidPageWait is how long the page a buyer comes back to from the wallet
// waits for the wallet's notice before it says it is waiting.
const paidPageWait = 5 * time.Second

// checkoutPaid shows a checkout's orders after payment, to its buyer, and
// whether the payment has been confirmed: the wallet's notification may
// arrive a moment after the buyer does, so the page waits for it up to
// paidPageWait, then says it is waiting and reloads itself every few
// seconds. For cash it says where to
// pay, how much and by when. An unknown reference, or another buyer's, is
// not found.
func (h *Handler) checkoutPaid(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	if err := a.Require(a.ID != 0, "act.see_own_checkout"); err != nil {
		return err
	}
	os, pay, err := h.Orders.GroupOfPayment(ctx, a, r.PathValue("ref"))
	if err != nil {
		return err
	}
	if pay.Status == payments.Pending && pay.Method != payments.StationCash {
		// The buyer is back from the wallet before its notice: wait for
		// it a little here rather than have the page reload at once.
		if os, pay, err = h.Orders.WaitGroup(ctx, a, pay.GroupID, paidPageWait); err != nil {
			return err
		}
	}
	d := checkoutPaidData{Payment: pay, Total: pay.Amount}
	if d.Orders, err = h.orderCards(ctx, os); err != nil {
		return err
	}
	switch {
	case pay.Status == payments.Paid:
		d.State = "paid"
	case pay.Status == payments.PaidLate:
		d.State = "late"
	case pay.Status != payments.Pending:
		d.State = "closed"
	case pay.Method.Cash():
		d.State = "cash"
		if pay.Method == payments.PickupCash {
			d.State = "on_pickup"
		}
		pt, err := h.Points.ServicePointByID(ctx, pay.PointID)
		if err != nil && !errs.Is(err, errs.NotFound) {
			return err
		}
		if err == nil {
			d.Point = &pt
		}
		d.Deadline = os[0].ExpiresAt
	default:
		d.State = "waiting"
		d.Deadline = os[0].ExpiresAt
		if d.PayURL, err = h.payURL(ctx, pay); err != nil {
			return err
		}
	}
	if d.State != "closed" && d.State != "late" {
		if d.Impact, err = h.checkoutImpact(ctx, a, pay.GroupID, d.State == "paid"); err != nil {
			return err
		}
	}
	l := langFrom(r)
	w.Header().Set("Cache-Control", "no-store")
	return h.render(w, r, http.StatusOK, "checkout_paid", page{Title: h.cat.T(l, "paid.title."+d.State), NavArea: "orders", Data: d})
}
