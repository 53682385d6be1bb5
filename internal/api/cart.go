package api

import (
	"context"
	"net/http"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/money"
	"maeul/internal/orders"
	"maeul/internal/promo"
)

// The signed-in buyer's cart. Guests keep theirs in the web's cookie cart;
// it joins this one when they sign in there.

// buyer returns the caller, or an Unauthorized error for a guest; what is
// the action's key for Require.
func buyer(r *http.Request, what string) (accounts.Actor, error) {
	a := accounts.ActorFrom(r.Context())
	return a, a.Require(a.ID != 0, what)
}

type cartItemRequest struct {
	SKU         string `json:"sku"`
	Qty         *int   `json:"qty"`
	BookingDate string `json:"booking_date"`
}

// bookingDate reads a booking date, YYYY-MM-DD, for a product of kind:
// tourism needs one (the cart rules say so), goods take none.
func bookingDate(s string, kind catalog.Kind) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if kind != catalog.Tourism {
		return time.Time{}, errs.Field("booking_date", "err.api.booking_date_goods")
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, errs.Field("booking_date", "err.input.date", s)
	}
	return t, nil
}

// cartGet returns the cart priced for the caller: one entry per store
// with its home-delivery shipping, the total, and the problems that would
// stop checkout. Items with a problem are listed at their list price and
// left out of the stores and the total.
func (c *commerce) cartGet(w http.ResponseWriter, r *http.Request) error {
	a, err := buyer(r, "act.use_cart")
	if err != nil {
		return err
	}
	return c.writeCart(w, r, a)
}

// cartAdd adds qty units of a variant to the cart; the result must be
// within stock (or the day's capacity) and the flash-sale limit.
func (c *commerce) cartAdd(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a, err := buyer(r, "act.use_cart")
	if err != nil {
		return err
	}
	var req cartItemRequest
	if err := readJSON(r, &req); err != nil {
		return err
	}
	it, err := c.lineItem(ctx, req)
	if err != nil {
		return err
	}
	q, items, err := c.Orders.Add(ctx, a, orders.CartOwner(a, ""), it)
	if err != nil {
		return err
	}
	return c.writePricedCart(w, r, q, items)
}

// cartSet sets the quantity of the cart's line for the {sku} (and
// booking date); 0 removes it.
func (c *commerce) cartSet(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a, err := buyer(r, "act.use_cart")
	if err != nil {
		return err
	}
	var req cartItemRequest
	if err := readJSON(r, &req); err != nil {
		return err
	}
	if req.SKU != "" && req.SKU != r.PathValue("sku") {
		return errs.Field("sku", "err.api.sku_mismatch", req.SKU, r.PathValue("sku"))
	}
	if req.Qty == nil || *req.Qty < 0 {
		return errs.Field("qty", "err.api.set_qty")
	}
	owner := orders.CartOwner(a, "")
	p, err := c.cartVariant(ctx, owner, r.PathValue("sku"))
	if err != nil {
		return err
	}
	day, err := bookingDate(req.BookingDate, p.Kind)
	if err != nil {
		return err
	}
	it := orders.CartItem{VariantID: p.Variants[0].ID, Qty: *req.Qty, BookingDate: day}
	if err := c.Orders.Set(ctx, a, owner, it); err != nil {
		return err
	}
	return c.writeCart(w, r, a)
}

// cartRemove removes the {sku} from the cart: every booking date of it,
// or only ?booking_date=. Removing what is not there changes nothing.
func (c *commerce) cartRemove(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a, err := buyer(r, "act.use_cart")
	if err != nil {
		return err
	}
	owner := orders.CartOwner(a, "")
	p, err := c.cartVariant(ctx, owner, r.PathValue("sku"))
	if err != nil {
		return err
	}
	day := r.URL.Query().Get("booking_date")
	if day != "" {
		if _, err := bookingDate(day, p.Kind); err != nil {
			return err
		}
	}
	items, err := c.Orders.Store.CartItems(ctx, owner)
	if err != nil {
		return err
	}
	for _, it := range items {
		if it.VariantID != p.Variants[0].ID || day != "" && day != dayJSON(it.BookingDate) {
			continue
		}
		it.Qty = 0
		if err := c.Orders.Set(ctx, a, owner, it); err != nil {
			return err
		}
	}
	return c.writeCart(w, r, a)
}

// cartVariant finds the variant sku among the cart's items (where it may
// have been archived since) or among the live variants. An unknown SKU is
// 404.
func (c *commerce) cartVariant(ctx context.Context, owner, sku string) (catalog.Product, error) {
	items, err := c.Orders.Store.CartItems(ctx, owner)
	if err != nil {
		return catalog.Product{}, err
	}
	ids := make([]int64, 0, len(items))
	for _, it := range items {
		ids = append(ids, it.VariantID)
	}
	in, err := c.Products.VariantsByID(ctx, ids)
	if err != nil {
		return catalog.Product{}, err
	}
	for _, p := range in {
		if p.Variants[0].SKU == sku {
			return p, nil
		}
	}
	return c.Products.VariantBySKU(ctx, sku)
}

// writeCart answers 200 with the caller's cart.
func (c *commerce) writeCart(w http.ResponseWriter, r *http.Request, a accounts.Actor) error {
	q, items, err := c.Orders.Cart(r.Context(), a, orders.CartOwner(a, ""))
	if err != nil {
		return err
	}
	return c.writePricedCart(w, r, q, items)
}

// writePricedCart writes a cart's items as q priced them.
func (c *commerce) writePricedCart(w http.ResponseWriter, r *http.Request, q orders.Quote, items []orders.CartItem) error {
	ctx := r.Context()
	ids := make([]int64, 0, len(items))
	for _, it := range items {
		ids = append(ids, it.VariantID)
	}
	info, err := c.Products.VariantsByID(ctx, ids)
	if err != nil {
		return err
	}
	type lineKey struct {
		variant int64
		day     string
	}
	priced := map[lineKey]orders.Line{}
	for _, o := range q.Orders {
		for _, l := range o.Lines {
			priced[lineKey{l.VariantID, dayJSON(l.BookingDate)}] = l
		}
	}
	k := c.codes()
	out := cartJSON{Items: []cartItemJSON{}, Stores: []cartStoreJSON{}, TotalFen: q.Total, Problems: []problemJSON{}}
	for _, it := range items {
		p, ok := info[it.VariantID]
		if !ok {
			continue
		}
		v := p.Variants[0]
		org, err := k.org(ctx, p.OrgID)
		if err != nil {
			return err
		}
		item := cartItemJSON{
			SKU: v.SKU, ProductCode: p.Code, Name: p.Name, Variant: v.Name, OrgCode: org, Qty: it.Qty,
			BookingDate: dayJSON(it.BookingDate), UnitPriceFen: v.Price, ListPriceFen: v.Price, PriceSource: promo.ListPrice,
		}
		if l, ok := priced[lineKey{it.VariantID, dayJSON(it.BookingDate)}]; ok {
			item.UnitPriceFen, item.ListPriceFen, item.PriceSource = l.UnitPrice, l.ListPrice, l.Source
		}
		item.LineTotalFen = item.UnitPriceFen * money.Fen(it.Qty)
		out.Items = append(out.Items, item)
	}
	for _, o := range q.Orders {
		org, err := k.org(ctx, o.OrgID)
		if err != nil {
			return err
		}
		out.Stores = append(out.Stores, cartStoreJSON{OrgCode: org, SubtotalFen: o.Subtotal, ShippingFen: o.Shipping, DiscountFen: o.Discount, TotalFen: o.Total})
	}
	for _, p := range q.Problems {
		pj := problemJSON{Field: p.Field(), Reason: errs.Reason(p.Err), Message: errs.MessageIn(p.Err, c.Messages, apiLang(r))}
		if x, ok := info[p.VariantID]; ok {
			pj.SKU = x.Variants[0].SKU
		}
		out.Problems = append(out.Problems, pj)
	}
	return writeJSON(w, http.StatusOK, out)
}

// lineItem reads a line to buy (added to the cart, or bought now): at
// least one unit of a known SKU, with a booking date for tourism only.
func (c *commerce) lineItem(ctx context.Context, req cartItemRequest) (orders.CartItem, error) {
	if req.Qty == nil || *req.Qty < 1 {
		return orders.CartItem{}, errs.Field("qty", "err.api.add_qty")
	}
	p, err := c.Products.VariantBySKU(ctx, req.SKU)
	if errs.Is(err, errs.NotFound) {
		return orders.CartItem{}, errs.Field("sku", "err.catalog.unknown_sku", req.SKU)
	}
	if err != nil {
		return orders.CartItem{}, err
	}
	day, err := bookingDate(req.BookingDate, p.Kind)
	if err != nil {
		return orders.CartItem{}, err
	}
	return orders.CartItem{VariantID: p.Variants[0].ID, Qty: *req.Qty, BookingDate: day}, nil
}
