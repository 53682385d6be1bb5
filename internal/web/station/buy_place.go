package station

import (
	"net/http"
	"strconv"
	"strings"

	"maeul/internal/accounts"
	"maeul/internal/orders"
	"maeul/internal/region"
	"maeul/internal/web"
)

// buyPlace places the station's cart for the villager named in the form,
// picked up at the station and paid in cash at once, and shows the
// receipt's link; a refusal shows the page again with the reason.
func (h *Handler) buyPlace(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	v := orders.Villager{
		Name:    strings.TrimSpace(r.PostFormValue("name")),
		Phone:   strings.TrimSpace(r.PostFormValue("phone")),
		Village: region.Code(strings.TrimSpace(r.PostFormValue("village"))),
	}
	if err := a.Require(a.Role == accounts.StationOperator && a.ServicePointID != 0, "act.buy_for_villager", ""); err != nil {
		return err
	}
	pt, err := h.Points.ServicePointByID(ctx, a.ServicePointID)
	if err != nil {
		return err
	}
	res, err := h.Orders.BuyForVillager(ctx, a, pt, v, web.Lang(r))
	if refused(err) {
		return h.buyRefused(w, r, v, err)
	}
	if err != nil {
		return err
	}
	return back(w, r, "/orders/"+strconv.FormatInt(res.OrderIDs[0], 10), "station.buy.notice.placed")
}
