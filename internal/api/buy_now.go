package api

import (
	"net/http"
)

// buyNowRequest is a checkout of one line without the cart: the line
// and the checkout's choices.
type buyNowRequest struct {
	cartItemRequest
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
	it, err := c.lineItem(ctx, req.cartItemRequest)
	if err != nil {
		return err
	}
	co, err := c.checkoutChoices(ctx, req.checkoutRequest)
	if err != nil {
		return err
	}
	co.RequestKey = r.Header.Get("Idempotency-Key")
	res, err := c.Orders.BuyNow(ctx, a, it, co)
	if err != nil {
		err = checkoutError(err)
		if soldOut(err) {
			c.soldOut.remember(req.SKU, err, c.now())
		}
		return err
	}
	return c.writePlaced(w, r, a, res)
}
