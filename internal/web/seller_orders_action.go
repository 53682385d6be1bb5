package web

import (
	"net/http"

	"maeul/internal/accounts"
	"maeul/internal/errs"
)

// sellerOrderPack marks a paid order packed. A move the order's status
// does not allow is a Conflict (409).
func (h *Handler) sellerOrderPack(w http.ResponseWriter, r *http.Request) error {
	o, off, err := h.sellerOrder(r)
	if err != nil {
		return err
	}
	if err := h.Orders.Pack(r.Context(), accounts.ActorFrom(r.Context()), o.ID); err != nil {
		return err
	}
	if r.PostFormValue("from") == "list" {
		return redirect(w, r, off.URL("/seller/orders", "notice", "seller.orders.notice.packed"))
	}
	return redirect(w, r, sellerOrderURL(o.ID, "seller.orders.notice.packed"))
}

// sellerOrderShip marks a packed order shipped with its carrier and
// tracking number (both required for home delivery; the form shows again
// with the reason when one is missing). Shipping an order that is not
// packed is a Conflict (409).
func (h *Handler) sellerOrderShip(w http.ResponseWriter, r *http.Request) error {
	o, off, err := h.sellerOrder(r)
	if err != nil {
		return err
	}
	carrier := truncate(60, r.PostFormValue("carrier"))
	tracking := truncate(60, r.PostFormValue("tracking"))
	err = h.Orders.Ship(r.Context(), accounts.ActorFrom(r.Context()), o.ID, carrier, tracking)
	if errs.Is(err, errs.Invalid) {
		d, derr := h.sellerOrderPage(r, o, off)
		if derr != nil {
			return derr
		}
		d.Carrier, d.Tracking = carrier, tracking
		d.Error, d.ErrorField = h.cat.T(langFrom(r), "seller.orders.err.tracking"), "ship"
		return h.renderSellerOrder(w, r, http.StatusUnprocessableEntity, d)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, sellerOrderURL(o.ID, "seller.orders.notice.shipped"))
}

// sellerOrderDeliver marks an order delivered: a shipped one, or a
// booking (nothing to ship) once paid.
func (h *Handler) sellerOrderDeliver(w http.ResponseWriter, r *http.Request) error {
	o, _, err := h.sellerOrder(r)
	if err != nil {
		return err
	}
	if err := h.Orders.Deliver(r.Context(), accounts.ActorFrom(r.Context()), o.ID); err != nil {
		return err
	}
	return redirect(w, r, sellerOrderURL(o.ID, "seller.orders.notice.delivered"))
}
