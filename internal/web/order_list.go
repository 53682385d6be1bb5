package web

import (
	"net/http"

	"maeul/internal/accounts"
	"maeul/internal/orders"
)

// buyerTab is a tab of the buyer's order list: a name and the orders it
// holds.
type buyerTab struct {
	Key   string
	Count int
	URL   string
	On    bool
}

// buyerTabs are the tabs of the buyer's order list, in display order.
var buyerTabs = []string{"all", "unpaid", "to_ship", "to_receive", "done", "refunds"}

// inBuyerTab reports whether an order belongs in the buyer's tab.
func inBuyerTab(tab string, o orders.Order) bool {
	switch tab {
	case "unpaid":
		return o.Status == orders.PendingPayment
	case "to_ship":
		return o.Status == orders.Paid || o.Status == orders.Packed
	case "to_receive":
		return o.Status == orders.Shipped || o.Status == orders.Delivered
	case "done":
		return o.Status == orders.Completed
	case "refunds":
		return o.Status == orders.Cancelled || o.Status == orders.Refunded || o.RefundState != orders.NotRefunded
	}
	return true
}

type orderListData struct {
	Tabs   []buyerTab
	Tab    string
	Orders []orderCard
	Any    bool // the buyer has orders at all
}

// buyerOrderLimit is how many of the newest orders the list shows.
const buyerOrderLimit = 100

// orderList shows the buyer's orders, newest first, in tabs by what the
// buyer waits for (?tab=); a guest is sent to sign in.
func (h *Handler) orderList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	os, err := h.Orders.BuyerOrders(ctx, a, buyerOrderLimit)
	if err != nil {
		return err
	}
	tab := r.URL.Query().Get("tab")
	d := orderListData{Tab: "all", Any: len(os) > 0}
	for _, t := range buyerTabs {
		if t == tab {
			d.Tab = t
		}
	}
	var shown []orders.Order
	for _, t := range buyerTabs {
		bt := buyerTab{Key: t, URL: "/orders", On: t == d.Tab}
		if t != "all" {
			bt.URL += "?tab=" + t
		}
		for _, o := range os {
			if inBuyerTab(t, o) {
				bt.Count++
				if bt.On {
					shown = append(shown, o)
				}
			}
		}
		d.Tabs = append(d.Tabs, bt)
	}
	if d.Orders, err = h.orderCards(ctx, shown); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return h.render(w, r, http.StatusOK, "orders", page{Title: h.cat.T(langFrom(r), "orders.title"), NavArea: "orders", Data: d})
}
