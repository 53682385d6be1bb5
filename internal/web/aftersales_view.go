package web

import (
	"context"
	"time"

	"maeul/internal/aftersales"
	"maeul/internal/i18n"
	"maeul/internal/orders"
	"maeul/internal/photo"
)

// This file holds what the buyer's, the seller's and the admins' pages
// of refund and return requests share.

// requestView is a refund or return request as the pages show it: its
// lines named as the order names them, its photos' addresses and whether
// it has escalated to the region's admins.
type requestView struct {
	aftersales.Request
	Lines     []requestLineView
	Photos    []requestPhoto
	Escalated bool
	// Order is the request's order, for the seller's and admins' lists.
	Order orders.Order
}

// StatusKey is the message key of the request's status, escalation
// included.
func (v requestView) StatusKey() string {
	if v.Escalated {
		return "aftersales.status.escalated"
	}
	return "aftersales.status." + string(v.Status)
}

type requestLineView struct {
	Name, Variant i18n.Text
	Qty           int
}

type requestPhoto struct{ Thumb, Full string }

// requestViews prepares requests for a page at now; o is their order when
// they share one, else each request's order is read.
func (h *Handler) requestViews(ctx context.Context, rs []aftersales.Request, o *orders.Order, now time.Time) ([]requestView, error) {
	out := make([]requestView, 0, len(rs))
	read := map[int64]orders.Order{}
	for _, r := range rs {
		ord, ok := read[r.OrderID]
		switch {
		case ok:
		case o != nil && o.ID == r.OrderID:
			ord = *o
		default:
			var err error
			if ord, err = h.Orders.Store.Order(ctx, r.OrderID); err != nil {
				return nil, err
			}
		}
		read[r.OrderID] = ord
		v := requestView{Request: r, Escalated: r.Escalated(now), Order: ord}
		names := map[int64]orders.Line{}
		for _, l := range ord.Lines {
			names[l.ID] = l
		}
		for _, l := range r.Lines {
			v.Lines = append(v.Lines, requestLineView{Name: names[l.LineID].Name, Variant: names[l.LineID].VariantName, Qty: l.Qty})
		}
		for _, p := range r.Photos {
			ws := photo.WidthsFor(p.Width)
			if len(ws) == 0 {
				continue
			}
			v.Photos = append(v.Photos, requestPhoto{Thumb: photo.URL(p.Key, ws[0]), Full: photo.URL(p.Key, ws[len(ws)-1])})
		}
		out = append(out, v)
	}
	return out, nil
}
