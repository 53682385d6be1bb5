package web

import (
	"net/http"
	"net/url"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/orders"
	"maeul/internal/org"
)

// sellerTab is a tab of the seller's order list.
type sellerTab struct {
	Key   string
	Count int
	URL   string
	On    bool
}

// sellerTabs are the tabs of the seller's order list, in the order the
// work goes, with the statuses each holds.
var sellerTabs = []struct {
	Key      string
	Statuses []orders.Status
}{
	{"new", []orders.Status{orders.PendingPayment}},
	{"to_pack", []orders.Status{orders.Paid}},
	{"to_ship", []orders.Status{orders.Packed}},
	{"shipped", []orders.Status{orders.Shipped, orders.Delivered}},
	{"done", []orders.Status{orders.Completed, orders.Cancelled, orders.Refunded}},
}

type sellerOrdersData struct {
	Office sellerOffice
	Tabs   []sellerTab
	Tab    string
	Orders []orderCard
}

// sellerOrderLimit is how many of the newest orders the seller's list
// reads.
const sellerOrderLimit = 200

// ordersOffice decides whose orders the back office shows: the
// organization named by ?org=CODE (for the admins who oversee it), or
// else the seller's own. The order service decides whether the actor may
// see them.
func (h *Handler) ordersOffice(r *http.Request) (sellerOffice, error) {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	var o org.Organization
	var err error
	switch code := r.URL.Query().Get("org"); {
	case code != "":
		o, err = h.OrgStore.Organization(ctx, code)
	case a.Role == accounts.Seller && a.OrgID != 0:
		o, err = h.OrgStore.OrganizationByID(ctx, a.OrgID)
	default:
		if err := a.Require(a.SignedIn() && a.Role != accounts.Shopper, "act.see_orders_any"); err != nil {
			return sellerOffice{}, err
		}
		return sellerOffice{}, errs.E(errs.Invalid, "err.web.which_org_orders")
	}
	if err != nil {
		return sellerOffice{}, err
	}
	off := sellerOffice{Org: o, own: a.Role == accounts.Seller && a.OrgID == o.ID}
	off.Admin = !off.own && a.Administers(o.Region)
	if off.Place, err = h.Regions.Region(ctx, o.Region); err != nil {
		return sellerOffice{}, err
	}
	return off, nil
}

// sellerOrders lists a store's orders in tabs by the work they wait for
// (?tab=, "to_pack" by default): new (awaiting payment), to pack, to ship,
// shipped, done.
func (h *Handler) sellerOrders(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	off, err := h.ordersOffice(r)
	if err != nil {
		return err
	}
	os, err := h.Orders.SellerOrders(ctx, a, off.Org.ID, nil, sellerOrderLimit)
	if err != nil {
		return err
	}
	d := sellerOrdersData{Office: off, Tab: "to_pack"}
	for _, t := range sellerTabs {
		if t.Key == r.URL.Query().Get("tab") {
			d.Tab = t.Key
		}
	}
	var shown []orders.Order
	for _, t := range sellerTabs {
		st := sellerTab{Key: t.Key, URL: off.URL("/seller/orders", "tab", t.Key), On: t.Key == d.Tab}
		for _, o := range os {
			for _, s := range t.Statuses {
				if o.Status == s {
					st.Count++
					if st.On {
						shown = append(shown, o)
					}
				}
			}
		}
		d.Tabs = append(d.Tabs, st)
	}
	if d.Orders, err = h.orderCards(ctx, shown); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return h.render(w, r, http.StatusOK, "seller_orders", page{Title: h.cat.T(langFrom(r), "seller.orders.title"), NavArea: "seller", Data: d})
}

// sellerOrderURL is the back-office page of an order, with a notice key.
func sellerOrderURL(id int64, notice string) string {
	u := "/seller/orders/" + url.PathEscape(itoa(id))
	if notice != "" {
		u += "?notice=" + url.QueryEscape(notice)
	}
	return u
}
