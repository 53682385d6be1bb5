package api

import (
	"context"
	"net/http"
	"strings"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/orders"
	"maeul/internal/org"
)

// The seller back office's orders: listing a store's orders, moving them
// along (pack, ship, deliver) and refunding. orders.Service decides who
// may: the store's sellers and the admins of its region (and, to deliver
// a pick-up, the operator of the pick-up point).

// orderOrg returns the organization named by ?org=, or the seller's own
// when it is left out.
func (c *commerce) orderOrg(r *http.Request, a accounts.Actor) (org.Organization, error) {
	code := r.URL.Query().Get("org")
	if code == "" {
		if a.Role != accounts.Seller || a.OrgID == 0 {
			return org.Organization{}, errs.Field("org", "err.api.which_org")
		}
		return c.OrgStore.OrganizationByID(r.Context(), a.OrgID)
	}
	o, err := c.OrgStore.Organization(r.Context(), code)
	if errs.Is(err, errs.NotFound) {
		return o, errs.Field("org", "err.org.unknown", code)
	}
	return o, err
}

// statusesParam reads ?status=, statuses separated by commas (or the
// parameter repeated); none means every status.
func statusesParam(r *http.Request) ([]orders.Status, error) {
	var out []orders.Status
	for _, v := range r.URL.Query()["status"] {
		for _, s := range strings.Split(v, ",") {
			s = strings.TrimSpace(s)
			if s == "" {
				continue
			}
			ok := false
			for _, st := range orders.Statuses {
				ok = ok || string(st) == s
			}
			if !ok {
				return nil, errs.Field("status", "err.api.order_status", s)
			}
			out = append(out, orders.Status(s))
		}
	}
	return out, nil
}

// sellerOrderList lists a store's orders, newest first.
func (c *commerce) sellerOrderList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a, err := signedIn(r)
	if err != nil {
		return err
	}
	o, err := c.orderOrg(r, a)
	if err != nil {
		return err
	}
	statuses, err := statusesParam(r)
	if err != nil {
		return err
	}
	limit, err := limitParam(r)
	if err != nil {
		return err
	}
	os, err := c.Orders.SellerOrders(ctx, a, o.ID, statuses, limit)
	if err != nil {
		return err
	}
	items, err := c.codes().orders(ctx, os)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[orderJSON]{Items: items})
}

// sellerOrderPack marks a paid order packed.
func (c *commerce) sellerOrderPack(w http.ResponseWriter, r *http.Request) error {
	a := accounts.ActorFrom(r.Context())
	id, err := orderID(r)
	if err != nil {
		return err
	}
	if err := c.Orders.Pack(r.Context(), a, id); err != nil {
		return err
	}
	return c.writeOrder(w, r, a, id, http.StatusOK)
}

// sellerOrderShip marks a packed order shipped; home deliveries need the
// carrier and the tracking number.
func (c *commerce) sellerOrderShip(w http.ResponseWriter, r *http.Request) error {
	a := accounts.ActorFrom(r.Context())
	id, err := orderID(r)
	if err != nil {
		return err
	}
	var req struct {
		Carrier  string `json:"carrier"`
		Tracking string `json:"tracking"`
	}
	if err := readOptionalJSON(r, &req); err != nil {
		return err
	}
	if err := c.Orders.Ship(r.Context(), a, id, strings.TrimSpace(req.Carrier), strings.TrimSpace(req.Tracking)); err != nil {
		return err
	}
	return c.writeOrder(w, r, a, id, http.StatusOK)
}

// sellerOrderDeliver marks an order delivered.
func (c *commerce) sellerOrderDeliver(w http.ResponseWriter, r *http.Request) error {
	a := accounts.ActorFrom(r.Context())
	id, err := orderID(r)
	if err != nil {
		return err
	}
	if err := c.Orders.Deliver(r.Context(), a, id); err != nil {
		return err
	}
	return c.writeOrder(w, r, a, id, http.StatusOK)
}

type refundRequest struct {
	Lines []struct {
		LineID int64 `json:"line_id"`
		Qty    int   `json:"qty"`
	} `json:"lines"`
	Restock bool   `json:"restock"`
	Reason  string `json:"reason"`
}

// sellerOrderRefund refunds units of an order's lines through the payment
// provider and answers 201 with the refund and the order.
func (c *commerce) sellerOrderRefund(w http.ResponseWriter, r *http.Request) error {
	a := accounts.ActorFrom(r.Context())
	id, err := orderID(r)
	if err != nil {
		return err
	}
	var req refundRequest
	if err := readJSON(r, &req); err != nil {
		return err
	}
	want := map[int64]int{}
	for _, l := range req.Lines {
		if _, ok := want[l.LineID]; ok {
			return errs.Field("lines", "err.api.line_twice", l.LineID)
		}
		want[l.LineID] = l.Qty
	}
	plan, err := c.Orders.Refund(r.Context(), a, id, want, req.Restock, strings.TrimSpace(req.Reason))
	if err != nil {
		return err
	}
	ctx := context.WithoutCancel(r.Context()) // the money has moved: report it
	o, err := c.Orders.View(ctx, a, id)
	if err != nil {
		return err
	}
	j, err := c.codes().order(ctx, o)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, refundJSON{Refund: toRefundPlan(plan), Order: j})
}
