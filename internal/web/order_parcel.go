package web

import (
	"context"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/orders"
	"maeul/internal/parcels"
)

// parcelView is the tracking timeline of an order's parcel: each planned
// node, scanned or pending, the scans out of route order with their
// reasons, and the pick-up code (its buyer only).
type parcelView struct {
	Parcel parcels.Parcel
	// Current is the index of the next node expected, len(Legs) once
	// the last is scanned.
	Current int
	// Detours are the scans out of route order.
	Detours []parcels.Scan
}

// orderParcel returns the parcel of an order shipped with one, as the
// actor may see it, or nil for an order without a parcel (not shipped yet,
// nothing to ship, or a seller outside the prefecture).
func (h *Handler) orderParcel(ctx context.Context, o orders.Order) (*parcelView, error) {
	if h.Parcels == nil || o.Status == orders.PendingPayment || o.Status == orders.Paid || o.Status == orders.Packed || o.Status == orders.Cancelled {
		return nil, nil
	}
	a := accounts.ActorFrom(ctx)
	p, err := h.Parcels.ParcelForOrder(ctx, a, o.ID)
	if errs.Is(err, errs.NotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	scans, err := h.Parcels.Scans(ctx, a, p)
	if err != nil {
		return nil, err
	}
	v := &parcelView{Parcel: p, Current: p.Next}
	for _, s := range scans {
		if s.OutOfOrder {
			v.Detours = append(v.Detours, s)
		}
	}
	return v, nil
}
