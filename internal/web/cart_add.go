package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/orders"
)

// cartAdd puts units of a product's variant in the cart, from the
// product page's form (product, sku, qty, date for tourism, and then:
// "checkout" to buy at once). A guest gets a cart cookie. It returns to
// the product page, which says the item was added or, when the stock, the
// day's places or a flash sale's limit cannot meet the quantity, why not;
// "buy now" goes on to checkout.
func (h *Handler) cartAdd(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	r.ParseForm() // a form that cannot be read is an empty one
	p, it, err := h.formItem(r, r.PostForm)
	if err != nil {
		return err
	}
	a := accounts.ActorFrom(ctx)
	owner := h.cartOwner(w, r, true)
	back := "/products/" + url.PathEscape(p.Code) + "?notice="
	_, _, err = h.Orders.Add(ctx, a, owner, it)
	if errs.Is(err, errs.Invalid) {
		kind, ok := refusals[errs.Reason(err)]
		if !ok {
			kind = "other"
		}
		return redirect(w, r, back+"cart.refused."+kind)
	}
	if err != nil {
		return err
	}
	if r.PostFormValue("then") == "checkout" {
		return redirect(w, r, "/checkout")
	}
	return redirect(w, r, back+"cart.notice.added")
}

// refusals names the product page's notice (cart.refused.KIND) for each
// reason the order service gives for refusing an item; a reason not
// listed shows cart.refused.other.
var refusals = map[string]string{
	"err.orders.gone":              "gone",
	"err.orders.gone_item":         "gone",
	"err.orders.qty_range":         "qty",
	"err.orders.booking_date":      "date",
	"err.orders.places_left":       "places_left",
	"err.orders.sold_out":          "sold_out",
	"err.orders.only_left":         "only_left",
	"err.promo.flash_limit_bought": "flash_limit",
}

// formItem reads the product form's line from vals (product, sku, qty,
// date for tourism): the product and the cart item. An unknown product
// is NotFound; a variant not of it, or a quantity out of range, Invalid.
func (h *Handler) formItem(r *http.Request, vals url.Values) (catalog.Product, orders.CartItem, error) {
	p, err := h.Products.Product(r.Context(), strings.TrimSpace(vals.Get("product")))
	if err != nil {
		return p, orders.CartItem{}, err
	}
	sku := vals.Get("sku")
	var v *catalog.Variant
	for i := range p.Variants {
		if p.Variants[i].SKU == sku {
			v = &p.Variants[i]
		}
	}
	if v == nil {
		return p, orders.CartItem{}, errs.Field("sku", "err.web.choose_option", p.Code)
	}
	qty := 1
	if s := strings.TrimSpace(vals.Get("qty")); s != "" {
		if qty, err = strconv.Atoi(s); err != nil || qty < 1 || qty > orders.MaxQty {
			return p, orders.CartItem{}, errs.Field("qty", "err.orders.qty_range", orders.MaxQty)
		}
	}
	it := orders.CartItem{VariantID: v.ID, Qty: qty}
	date := strings.TrimSpace(vals.Get("date"))
	if p.Kind == catalog.Tourism && date != "" {
		if it.BookingDate, err = time.Parse(time.DateOnly, date); err != nil {
			return p, orders.CartItem{}, errs.Field("date", "err.input.date", date)
		}
	}
	return p, it, nil
}
