package api

import (
	"net/http"
	"strconv"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/impact"
	"maeul/internal/payments"
)

// orderImpact answers GET /orders/{id}/impact: what the order added to
// registered poor households' income, by village, net of its refunds,
// and what went to dividend pools. Before the payment is confirmed
// nothing is posted: paid is false and the amounts zero. Its buyer, its
// seller, its pick-up station and its overseers may see it; others get
// 404 (impact.Service.OrderImpact).
func (h *Handler) orderImpact(w http.ResponseWriter, r *http.Request) error {
	if err := h.needImpact(); err != nil {
		return err
	}
	ctx := r.Context()
	id, err := orderID(r)
	if err != nil {
		return err
	}
	im, err := h.Impact.OrderImpact(ctx, accounts.ActorFrom(ctx), id)
	if err != nil {
		return err
	}
	paid, err := h.orderPaid(r, id, 0)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toOrderImpact(im, id, 0, paid))
}

// checkoutImpact answers GET /checkouts/{id}/impact: orderImpact for all
// the orders of a checkout, to its buyer.
func (h *Handler) checkoutImpact(w http.ResponseWriter, r *http.Request) error {
	if err := h.needImpact(); err != nil {
		return err
	}
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return errs.E(errs.NotFound, "err.orders.checkout_not_found", r.PathValue("id"))
	}
	im, err := h.Impact.CheckoutImpact(ctx, accounts.ActorFrom(ctx), id)
	if err != nil {
		return err
	}
	paid, err := h.orderPaid(r, 0, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toOrderImpact(im, 0, id, paid))
}

// orderPaid reports whether an order's (or a checkout's) payment is
// confirmed; the caller has been let see it already.
func (h *Handler) orderPaid(r *http.Request, orderID, groupID int64) (bool, error) {
	ctx := r.Context()
	if groupID == 0 {
		o, err := h.Orders.Store.Order(ctx, orderID)
		if err != nil {
			return false, err
		}
		groupID = o.GroupID
	}
	p, err := h.Orders.Store.GroupPayment(ctx, groupID)
	if err != nil {
		return false, err
	}
	return p.Status == payments.Paid, nil
}

func toOrderImpact(im impact.OrderImpact, orderID, groupID int64, paid bool) orderImpactJSON {
	return orderImpactJSON{OrderID: orderID, CheckoutID: groupID, Paid: paid, AmountFen: im.Amount, Households: im.Households,
		Villages: toVillages(im.Villages), PoolFen: im.Pool}
}
