package orders

import (
	"sort"

	"maeul/internal/errs"
	"maeul/internal/money"
)

// RefundLine is what a refund returns of one line.
type RefundLine struct {
	LineID int64
	Qty    int
	Amount money.Fen
}

// RefundPlan is a refund worked out for an order.
type RefundPlan struct {
	Lines    []RefundLine
	Shipping money.Fen // the shipping fee, returned when the last line goes
	Total    money.Fen
	// Full reports whether the order is wholly refunded afterwards.
	Full bool
}

// PlanRefund works out refunding want[lineID] units of an order's lines.
// Each line returns its net price (after its coupon share) in proportion:
// the still refundable amount times the units refunded over the units
// still unrefunded, rounded down, and all of what remains when its last
// units go, so that repeated partial refunds of a line add up to exactly
// what was paid for it. The shipping fee comes back with the refund that
// leaves nothing unrefunded. Refunding more units than remain, unknown
// lines, or nothing at all is Invalid; an order that is unpaid, cancelled
// or already refunded is a Conflict.
func PlanRefund(o Order, want map[int64]int) (RefundPlan, error) {
	var plan RefundPlan
	switch o.Status {
	case PendingPayment, Cancelled, Refunded:
		return plan, errs.E(errs.Conflict, "err.orders.cannot_refund", o.Status.Label())
	}
	byID := map[int64]Line{}
	for _, l := range o.Lines {
		byID[l.ID] = l
	}
	ids := make([]int64, 0, len(want))
	for id := range want {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for _, id := range ids {
		qty := want[id]
		if qty == 0 {
			continue
		}
		l, ok := byID[id]
		if !ok {
			return RefundPlan{}, errs.Field("lines", "err.orders.refund_line", id, o.ID)
		}
		left := l.Qty - l.RefundedQty
		if qty < 0 || qty > left {
			return RefundPlan{}, errs.Field("lines", "err.orders.refund_left", left, l.SKU, qty)
		}
		remaining := l.Net() - l.Refunded
		amount := remaining
		if qty < left {
			amount = money.Fen(int64(remaining) * int64(qty) / int64(left))
		}
		plan.Lines = append(plan.Lines, RefundLine{LineID: id, Qty: qty, Amount: amount})
		plan.Total += amount
	}
	if len(plan.Lines) == 0 {
		return RefundPlan{}, errs.Field("lines", "err.orders.refund_none")
	}
	plan.Full = true
	for _, l := range o.Lines {
		left := l.Qty - l.RefundedQty
		for _, rl := range plan.Lines {
			if rl.LineID == l.ID {
				left -= rl.Qty
			}
		}
		if left > 0 {
			plan.Full = false
		}
	}
	if plan.Full {
		plan.Shipping = o.Shipping
		plan.Total += o.Shipping
	}
	if o.Refunded+plan.Total > o.Total {
		return RefundPlan{}, errs.E(errs.Conflict, "err.orders.refund_over", o.ID, o.Refunded+plan.Total, o.Total)
	}
	return plan, nil
}

// FullRefund is the plan that refunds everything left of an order.
func FullRefund(o Order) (RefundPlan, error) {
	want := map[int64]int{}
	for _, l := range o.Lines {
		if left := l.Qty - l.RefundedQty; left > 0 {
			want[l.ID] = left
		}
	}
	return PlanRefund(o, want)
}
