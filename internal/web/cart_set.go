package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/orders"
)

// cartSet changes the quantity of a cart line from the cart page's forms:
// variant and date name the line, qty is the quantity typed and step (+1
// or -1) the button pressed; a quantity of 0 removes the line. A quantity
// the stock, the day's places or a flash sale's limit cannot meet is
// refused and the cart shown again with the reason on the line.
func (h *Handler) cartSet(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PostFormValue("variant"), 10, 64)
	if err != nil || id <= 0 {
		return errs.Field("variant", "err.web.which_item")
	}
	it := orders.CartItem{VariantID: id}
	if d := r.PostFormValue("date"); d != "" {
		if it.BookingDate, err = time.Parse(time.DateOnly, d); err != nil {
			return errs.Field("date", "err.input.date", d)
		}
	}
	qty, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("qty")))
	if err != nil {
		return errs.Field("qty", "err.web.qty_number")
	}
	if step, err := strconv.Atoi(r.PostFormValue("step")); err == nil && (step == 1 || step == -1) {
		qty += step
	}
	it.Qty = min(max(qty, 0), orders.MaxQty)
	owner := h.cartOwner(w, r, false)
	if owner == "" {
		return redirect(w, r, "/cart")
	}
	a := accounts.ActorFrom(ctx)
	err = h.Orders.Set(ctx, a, owner, it)
	if errs.Is(err, errs.Invalid) {
		return h.renderCart(w, r, http.StatusUnprocessableEntity, lineKey(it.VariantID, it.BookingDate), h.message(r, err))
	}
	if err != nil {
		return err
	}
	return redirect(w, r, "/cart")
}
