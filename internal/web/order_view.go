package web

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"maeul/internal/accounts"
	"maeul/internal/aftersales"
	"maeul/internal/errs"
	"maeul/internal/money"
	"maeul/internal/network"
	"maeul/internal/orders"
	"maeul/internal/org"
	"maeul/internal/payments"
	"maeul/internal/region"
)

// This file holds what the buyer's, the seller's and the station's order
// pages share: order cards, the progress steps, the history and the
// address.

// orderCard is an order with what a listing shows of it.
type orderCard struct {
	orders.Order
	Org org.Organization
	// Photos are the lines' first photos, by variant id.
	Photos map[int64]string
	Units  int
}

// Thumb returns the first photo of the line's product, "" when none.
func (c orderCard) Thumb(variantID int64) string { return c.Photos[variantID] }

// orderCards prepares orders for a listing: their stores (one lookup per
// store) and their lines' photos (one query).
func (h *Handler) orderCards(ctx context.Context, os []orders.Order) ([]orderCard, error) {
	orgs := map[int64]org.Organization{}
	var items []orders.CartItem
	seen := map[int64]bool{}
	out := make([]orderCard, 0, len(os))
	for _, o := range os {
		og, ok := orgs[o.OrgID]
		if !ok {
			var err error
			if og, err = h.OrgStore.OrganizationByID(ctx, o.OrgID); err != nil {
				return nil, fmt.Errorf("web.orderCards: %w", err)
			}
			orgs[o.OrgID] = og
		}
		c := orderCard{Order: o, Org: og}
		for _, l := range o.Lines {
			c.Units += l.Qty
			if !seen[l.VariantID] {
				seen[l.VariantID] = true
				items = append(items, orders.CartItem{VariantID: l.VariantID, Qty: 1})
			}
		}
		out = append(out, c)
	}
	photos, err := h.variantPhotos(ctx, items)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Photos = photos
	}
	return out, nil
}

// variantPhotos returns the first photo of the product of each variant
// of items that has one, in one query.
func (h *Handler) variantPhotos(ctx context.Context, items []orders.CartItem) (map[int64]string, error) {
	out := map[int64]string{}
	if len(items) == 0 {
		return out, nil
	}
	info, err := h.Orders.Store.Offerables(ctx, 0, items, h.Now())
	if err != nil {
		return nil, err
	}
	for id, off := range info {
		if len(off.Product.Photos) > 0 {
			out[id] = off.Product.Photos[0].Key
		}
	}
	return out, nil
}

// orderStep is one step of an order's progress.
type orderStep struct {
	Status  orders.Status
	Done    bool
	Current bool
}

// orderSteps returns the steps of an order's life — placed, paid, packed,
// shipped, delivered, completed; an order with nothing to ship skips
// packing and shipping — marking those it has reached. A cancelled or
// refunded order has none: its status says it all.
func orderSteps(o orders.Order) []orderStep {
	if o.Status.Final() {
		return nil
	}
	life := []orders.Status{orders.PendingPayment, orders.Paid, orders.Packed, orders.Shipped, orders.Delivered, orders.Completed}
	if !o.Shippable() {
		life = []orders.Status{orders.PendingPayment, orders.Paid, orders.Delivered, orders.Completed}
	}
	at := 0
	for i, s := range life {
		if s == o.Status {
			at = i
		}
	}
	steps := make([]orderStep, len(life))
	for i, s := range life {
		steps[i] = orderStep{Status: s, Done: i <= at, Current: i == at}
	}
	return steps
}

// eventView is one entry of an order's history.
type eventView struct {
	orders.Event
	// Who made the change: "buyer", "seller", "station", "admin" or
	// "system".
	Who string
	// Refund is the amount of a partial refund (the status stays).
	Refund money.Fen
	// Reason is the note without its prefix, or ReasonKey the message
	// that says it in the reader's language.
	Reason    string
	ReasonKey string
}

// IsRefund reports whether the entry is a partial refund.
func (e eventView) IsRefund() bool { return e.From == e.To && e.Refund > 0 }

// history returns an order's events newest first, each with who made it
// (one lookup per person) and, for a partial refund, its amount.
func (h *Handler) history(ctx context.Context, o orders.Order) ([]eventView, error) {
	who := map[int64]string{0: "system", o.BuyerID: "buyer"}
	out := make([]eventView, 0, len(o.Events))
	for i := len(o.Events) - 1; i >= 0; i-- {
		e := o.Events[i]
		w, ok := who[e.ActorID]
		if !ok {
			u, err := h.Accounts.Store.User(ctx, e.ActorID)
			switch {
			case errs.Is(err, errs.NotFound):
				w = "admin"
			case err != nil:
				return nil, err
			case u.Role == accounts.Seller:
				w = "seller"
			case u.Role == accounts.StationOperator:
				w = "station"
			default:
				w = "admin"
			}
			who[e.ActorID] = w
		}
		v := eventView{Event: e, Who: w, Reason: e.Note}
		// The order service notes a partial refund as "partial refund
		// N fen: reason" and a cancellation as "cancelled: reason".
		if rest, ok := strings.CutPrefix(e.Note, "partial refund "); ok && e.From == e.To {
			if n, reason, ok := strings.Cut(rest, " fen: "); ok {
				if f, err := strconv.ParseInt(n, 10, 64); err == nil {
					v.Refund, v.Reason = money.Fen(f), reason
				}
			}
		} else if rest, ok := strings.CutPrefix(e.Note, "cancelled: "); ok {
			v.Reason = rest
		}
		switch {
		case slices.Contains(cancelReasons, v.Reason):
			v.ReasonKey = "order.reason." + v.Reason
		case strings.HasPrefix(v.Reason, aftersales.RefundNote):
			v.ReasonKey = "aftersales.history"
		case e.Note == "payment window closed":
			v.ReasonKey = "order.history.expired"
		case strings.HasPrefix(e.Note, orders.LateNote):
			v.ReasonKey = "order.history.late_payment"
		case e.To == orders.Paid && strings.HasPrefix(e.Note, "payment "), v.Reason == "-":
			v.Reason = "" // the payment is shown with the order
		}
		out = append(out, v)
	}
	return out, nil
}

// placeNames returns the names of a village or town and its ancestors,
// from the province down, for an address.
func (h *Handler) placeNames(ctx context.Context, c region.Code) ([]region.Region, error) {
	return h.Regions.RegionsByCode(ctx, ancestors(c))
}

// orderPoint returns an order's pick-up point, nil for home delivery.
func (h *Handler) orderPoint(ctx context.Context, o orders.Order) (*network.ServicePoint, error) {
	if o.Delivery != orders.Pickup || o.PointID == 0 {
		return nil, nil
	}
	pt, err := h.Points.ServicePointByID(ctx, o.PointID)
	if err != nil {
		return nil, err
	}
	return &pt, nil
}

// payURL returns where the buyer pays a pending online payment again
// (the wallet's pay page), "" for cash or a payment no longer payable.
func (h *Handler) payURL(ctx context.Context, p payments.Record) (string, error) {
	st, err := h.Orders.PayStart(ctx, p)
	return st.RedirectURL, err
}
