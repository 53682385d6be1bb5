package api

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/orders"
)

// commerce serves the buying and selling calls: the cart, checkout, the
// buyer's and the seller's orders, cash taken at stations, and
// promotions. The rules and permission checks are the domain services'
// (orders.Service, promo.Service); commerce translates.
type commerce struct {
	*Handler
	// lastPurge is when expired idempotency keys were last purged (Unix
	// seconds).
	lastPurge atomic.Int64
	// soldOut remembers the SKUs buy-now found sold out (sold_out.go).
	soldOut soldOutMemo
}

func newCommerce(h *Handler) *commerce { return &commerce{Handler: h} }

func (c *commerce) now() time.Time {
	if c.Now == nil {
		return time.Now()
	}
	return c.Now()
}

// codes looks up and remembers the codes of organizations and service
// points, for rendering orders that name them by id.
type codes struct {
	c      *commerce
	orgs   map[int64]string
	points map[int64]string
}

func (c *commerce) codes() *codes {
	return &codes{c: c, orgs: map[int64]string{}, points: map[int64]string{}}
}

func (k *codes) org(ctx context.Context, id int64) (string, error) {
	if s, ok := k.orgs[id]; ok {
		return s, nil
	}
	o, err := k.c.OrgStore.OrganizationByID(ctx, id)
	if err != nil {
		return "", err
	}
	k.orgs[id] = o.Code
	return o.Code, nil
}

func (k *codes) point(ctx context.Context, id int64) (string, error) {
	if id == 0 {
		return "", nil
	}
	if s, ok := k.points[id]; ok {
		return s, nil
	}
	p, err := k.c.Points.ServicePointByID(ctx, id)
	if err != nil {
		return "", err
	}
	k.points[id] = p.Code
	return p.Code, nil
}

func (k *codes) order(ctx context.Context, o orders.Order) (orderJSON, error) {
	oc, err := k.org(ctx, o.OrgID)
	if err != nil {
		return orderJSON{}, err
	}
	pc, err := k.point(ctx, o.PointID)
	if err != nil {
		return orderJSON{}, err
	}
	return toOrder(o, oc, pc), nil
}

func (k *codes) orders(ctx context.Context, os []orders.Order) ([]orderJSON, error) {
	out := make([]orderJSON, 0, len(os))
	for _, o := range os {
		j, err := k.order(ctx, o)
		if err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	return out, nil
}

// orderID reads the {id} of an order's path; one that is not a number
// names no order.
func orderID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.E(errs.NotFound, "err.orders.not_found", r.PathValue("id"))
	}
	return id, nil
}

// limitParam reads ?limit=, 1 to 200, 50 when absent.
func limitParam(r *http.Request) (int, error) {
	s := r.URL.Query().Get("limit")
	if s == "" {
		return 50, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 200 {
		return 0, errs.Field("limit", "err.api.limit", 200)
	}
	return n, nil
}

// writeOrder answers with an order as by sees it now. It reads with a
// context that outlives the client, since the change it reports is made.
func (c *commerce) writeOrder(w http.ResponseWriter, r *http.Request, by accounts.Actor, id int64, status int) error {
	ctx := context.WithoutCancel(r.Context())
	o, err := c.Orders.View(ctx, by, id)
	if err != nil {
		return err
	}
	j, err := c.codes().order(ctx, o)
	if err != nil {
		return err
	}
	return writeJSON(w, status, j)
}

// orderList lists the caller's own orders, newest first.
func (c *commerce) orderList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	limit, err := limitParam(r)
	if err != nil {
		return err
	}
	os, err := c.Orders.BuyerOrders(ctx, a, limit)
	if err != nil {
		return err
	}
	items, err := c.codes().orders(ctx, os)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[orderJSON]{Items: items})
}

// orderGet returns an order to its buyer, its seller, the operator of its
// pick-up point and those who oversee its store; others get 404.
func (c *commerce) orderGet(w http.ResponseWriter, r *http.Request) error {
	id, err := orderID(r)
	if err != nil {
		return err
	}
	return c.writeOrder(w, r, accounts.ActorFrom(r.Context()), id, http.StatusOK)
}

// orderCancel cancels an order for its buyer: an unpaid one cancels its
// whole checkout, a paid one not yet packed is refunded in full; later
// ones are 409.
func (c *commerce) orderCancel(w http.ResponseWriter, r *http.Request) error {
	a := accounts.ActorFrom(r.Context())
	id, err := orderID(r)
	if err != nil {
		return err
	}
	var req struct {
		Reason string `json:"reason"`
	}
	if err := readOptionalJSON(r, &req); err != nil {
		return err
	}
	if err := c.Orders.Cancel(r.Context(), a, id, req.Reason); err != nil {
		return err
	}
	return c.writeOrder(w, r, a, id, http.StatusOK)
}

// orderComplete closes a delivered order: the buyer confirms receipt.
func (c *commerce) orderComplete(w http.ResponseWriter, r *http.Request) error {
	a := accounts.ActorFrom(r.Context())
	id, err := orderID(r)
	if err != nil {
		return err
	}
	if err := c.Orders.Complete(r.Context(), a, id); err != nil {
		return err
	}
	return c.writeOrder(w, r, a, id, http.StatusOK)
}

// readOptionalJSON is readJSON for bodies that may be left out.
func readOptionalJSON(r *http.Request, v any) error {
	if r.Body == nil {
		return nil
	}
	b, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, 1<<20))
	if err != nil {
		return errs.E(errs.Invalid, "err.api.bad_json", err.Error())
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil
	}
	r.Body = io.NopCloser(bytes.NewReader(b))
	return readJSON(r, v)
}
