package station

import (
	"net/http"
	"net/url"
	"strconv"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/orders"
)

// buyCart changes the station's cart for a villager: "add" puts qty units
// of a variant in it, "set" sets a line's quantity (0 removes it). A
// refusal (sold out, too many) is shown on the page.
func (h *Handler) buyCart(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	if err := a.Require(a.Role == accounts.StationOperator && a.ServicePointID != 0, "act.buy_for_villager", ""); err != nil {
		return err
	}
	variant, err := strconv.ParseInt(r.PostFormValue("variant"), 10, 64)
	if err != nil {
		return errs.Field("variant", "err.station.variant", r.PostFormValue("variant"))
	}
	qty, err := strconv.Atoi(r.PostFormValue("qty"))
	if err != nil || qty < 0 || qty > orders.MaxQty {
		return errs.Field("qty", "err.orders.qty_range", orders.MaxQty)
	}
	it := orders.CartItem{VariantID: variant, Qty: qty}
	if r.PostFormValue("op") == "set" {
		err = h.Orders.Set(ctx, a, orders.AssistedCart(a), it)
	} else {
		_, _, err = h.Orders.Add(ctx, a, orders.AssistedCart(a), it)
	}
	if refused(err) {
		return h.buyRefused(w, r, orders.Villager{}, err)
	}
	if err != nil {
		return err
	}
	next := "/station/buy"
	if q := r.PostFormValue("q"); q != "" {
		next += "?" + url.Values{"q": {q}}.Encode()
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}
