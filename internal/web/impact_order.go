package web

import (
	"context"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/impact"
)

// orderImpactView is what an order, or a checkout's orders, added to
// registered poor households' income, by village ("this order adds ¥12.40
// to 3 households in 동흥촌"), for the confirmation page, the order page
// and the receipt. Before the payment is confirmed nothing is posted, and
// the page says it will be added when paid.
type orderImpactView struct {
	impact.OrderImpact
	Paid bool
}

// orderImpact reads an order's impact for a, once paid; nil when the
// server runs without the impact service.
func (h *Handler) orderImpact(ctx context.Context, a accounts.Actor, orderID int64, paid bool) (*orderImpactView, error) {
	if h.Impact == nil {
		return nil, nil
	}
	if !paid {
		return &orderImpactView{}, nil
	}
	im, err := h.Impact.OrderImpact(ctx, a, orderID)
	if hiddenFrom(err) {
		return nil, nil // the page's own rules let a in; the impact's do not
	}
	if err != nil {
		return nil, err
	}
	return &orderImpactView{OrderImpact: im, Paid: true}, nil
}

// checkoutImpact is orderImpact for all the orders of a checkout.
func (h *Handler) checkoutImpact(ctx context.Context, a accounts.Actor, groupID int64, paid bool) (*orderImpactView, error) {
	if h.Impact == nil {
		return nil, nil
	}
	if !paid {
		return &orderImpactView{}, nil
	}
	im, err := h.Impact.CheckoutImpact(ctx, a, groupID)
	if hiddenFrom(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &orderImpactView{OrderImpact: im, Paid: true}, nil
}

// hiddenFrom reports whether err refuses the caller the order's impact.
func hiddenFrom(err error) bool {
	switch errs.CodeOf(err) {
	case errs.NotFound, errs.Forbidden, errs.Unauthorized:
		return err != nil
	}
	return false
}
