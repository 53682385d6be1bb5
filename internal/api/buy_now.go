package api

import (
	"net/http"

	"maeul/internal/errs"
	"maeul/internal/orders"
)

// buyNowRequest is a checkout of one line without the cart: the line
// and the checkout's choices.
type buyNowRequest struct {
	SKU         string `json:"sku"`
	Qty         *int   `json:"qty"`
	BookingDate string `json:"booking_date"`
	checkoutRequest
}

// buyNow quotes, reserves and places one line as a checkout with its
// payment (a flash-sale page's "buy now"), leaving the caller's cart as
// it is. It answers 201 with the checkout, as POST /checkout does; a line
// the stock, the flash sale or its per-buyer limit cannot meet is a 409.
func (c *commerce) buyNow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a, err := buyer(r, "act.check_out")
	if err != nil {
		return err
	}
	var req buyNowRequest
	if err := readJSON(r, &req); err != nil {
		return err
	}
	if req.Qty == nil || *req.Qty < 1 {
		return errs.Field("qty", "err.api.add_qty")
	}
	p, err := c.Products.VariantBySKU(ctx, req.SKU)
	if errs.Is(err, errs.NotFound) {
		return errs.Field("sku", "err.catalog.unknown_sku", req.SKU)
	}
	if err != nil {
		return err
	}
	day, err := bookingDate(req.BookingDate, p.Kind)
	if err != nil {
		return err
	}
	co, err := c.checkoutChoices(ctx, req.checkoutRequest)
	if err != nil {
		return err
	}
	co.RequestKey = r.Header.Get("Idempotency-Key")
	it := orders.CartItem{VariantID: p.Variants[0].ID, Qty: *req.Qty, BookingDate: day}
	res, err := c.Orders.BuyNow(ctx, a, it, co)
	if err != nil {
		return checkoutError(err)
	}
	return c.writePlaced(w, r, a, res)
}
