package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/aftersales"
	"maeul/internal/errs"
	"maeul/internal/photo"
)

// Refund and return requests: a buyer asks about an order and lists its
// requests; the store's sellers (and, past the deadline, the admins of
// its region) accept or refuse them. aftersales.Service decides who may.
// Photos are attached on the order's page; the API takes none.

type requestLineJSON struct {
	LineID int64 `json:"line_id"`
	Qty    int   `json:"qty"`
}

type requestJSON struct {
	ID        int64             `json:"id"`
	OrderID   int64             `json:"order_id"`
	OrgCode   string            `json:"org_code"`
	Kind      string            `json:"kind"`
	Reason    string            `json:"reason"`
	Note      string            `json:"note"`
	Lines     []requestLineJSON `json:"lines"`
	Photos    []string          `json:"photos"`
	Status    string            `json:"status"`
	Escalated bool              `json:"escalated"`
	Answer    string            `json:"answer,omitempty"`
	ByAdmin   bool              `json:"by_admin,omitempty"`
	Restock   bool              `json:"restock,omitempty"`
	RefundID  int64             `json:"refund_id,omitempty"`
	DueAt     time.Time         `json:"due_at"`
	CreatedAt time.Time         `json:"created_at"`
	DecidedAt *time.Time        `json:"decided_at,omitempty"`
}

func (c *commerce) requestJSONs(r *http.Request, rs []aftersales.Request) ([]requestJSON, error) {
	k := c.codes()
	now := c.now()
	out := make([]requestJSON, 0, len(rs))
	for _, q := range rs {
		code, err := k.org(r.Context(), q.OrgID)
		if err != nil {
			return nil, err
		}
		j := requestJSON{
			ID: q.ID, OrderID: q.OrderID, OrgCode: code, Kind: string(q.Kind), Reason: string(q.Reason), Note: q.Note,
			Lines: make([]requestLineJSON, 0, len(q.Lines)), Photos: make([]string, 0, len(q.Photos)),
			Status: string(q.Status), Escalated: q.Escalated(now), Answer: q.Answer, ByAdmin: q.ByAdmin, Restock: q.Restock,
			RefundID: q.RefundID, DueAt: q.DueAt, CreatedAt: q.CreatedAt,
		}
		for _, l := range q.Lines {
			j.Lines = append(j.Lines, requestLineJSON(l))
		}
		for _, p := range q.Photos {
			if ws := photo.WidthsFor(p.Width); len(ws) > 0 {
				j.Photos = append(j.Photos, photo.URL(p.Key, ws[len(ws)-1]))
			}
		}
		if !q.DecidedAt.IsZero() {
			at := q.DecidedAt
			j.DecidedAt = &at
		}
		out = append(out, j)
	}
	return out, nil
}

// orderRequests lists an order's requests, newest first, to those who may
// see the order.
func (c *commerce) orderRequests(w http.ResponseWriter, r *http.Request) error {
	id, err := orderID(r)
	if err != nil {
		return err
	}
	rs, err := c.AfterSales.ForOrder(r.Context(), accounts.ActorFrom(r.Context()), id)
	if err != nil {
		return err
	}
	items, err := c.requestJSONs(r, rs)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[requestJSON]{Items: items})
}

// orderRequestCreate records the buyer's request about their order and
// answers 201 with it.
func (c *commerce) orderRequestCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := orderID(r)
	if err != nil {
		return err
	}
	var req struct {
		Kind   string            `json:"kind"`
		Reason string            `json:"reason"`
		Note   string            `json:"note"`
		Lines  []requestLineJSON `json:"lines"`
	}
	if err := readJSON(r, &req); err != nil {
		return err
	}
	ask := aftersales.Ask{Kind: aftersales.Kind(req.Kind), Reason: aftersales.Reason(req.Reason), Note: strings.TrimSpace(req.Note)}
	for _, l := range req.Lines {
		ask.Lines = append(ask.Lines, aftersales.Line(l))
	}
	q, err := c.AfterSales.Ask(r.Context(), accounts.ActorFrom(r.Context()), id, ask, nil)
	if err != nil {
		return err
	}
	items, err := c.requestJSONs(r, []aftersales.Request{q})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, items[0])
}

// sellerRequestList lists a store's requests (?org=, the seller's own
// when left out), newest first; ?open=true keeps the open ones.
func (c *commerce) sellerRequestList(w http.ResponseWriter, r *http.Request) error {
	a, err := signedIn(r)
	if err != nil {
		return err
	}
	o, err := c.orderOrg(r, a)
	if err != nil {
		return err
	}
	limit, err := limitParam(r)
	if err != nil {
		return err
	}
	open, _ := strconv.ParseBool(r.URL.Query().Get("open"))
	rs, err := c.AfterSales.ForStore(r.Context(), a, o.ID, open, limit)
	if err != nil {
		return err
	}
	items, err := c.requestJSONs(r, rs)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[requestJSON]{Items: items})
}

func requestID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.E(errs.NotFound, "err.aftersales.not_found", r.PathValue("id"))
	}
	return id, nil
}

// writeRequest answers with one request as its decider now sees it.
func (c *commerce) writeRequest(w http.ResponseWriter, r *http.Request, id int64, refund any) error {
	q, err := c.AfterSales.Request(r.Context(), accounts.ActorFrom(r.Context()), id)
	if err != nil {
		return err
	}
	items, err := c.requestJSONs(r, []aftersales.Request{q})
	if err != nil {
		return err
	}
	if refund == nil {
		return writeJSON(w, http.StatusOK, items[0])
	}
	return writeJSON(w, http.StatusOK, struct {
		Request requestJSON `json:"request"`
		Refund  any         `json:"refund"`
	}{items[0], refund})
}

// sellerRequestAccept accepts a request and refunds its units; it answers
// with the request and the refund.
func (c *commerce) sellerRequestAccept(w http.ResponseWriter, r *http.Request) error {
	id, err := requestID(r)
	if err != nil {
		return err
	}
	var req struct {
		Restock bool   `json:"restock"`
		Note    string `json:"note"`
	}
	if err := readOptionalJSON(r, &req); err != nil {
		return err
	}
	plan, err := c.AfterSales.Accept(r.Context(), accounts.ActorFrom(r.Context()), id, req.Restock, strings.TrimSpace(req.Note))
	if err != nil {
		return err
	}
	return c.writeRequest(w, r, id, toRefundPlan(plan))
}

// sellerRequestRefuse refuses a request with a reason.
func (c *commerce) sellerRequestRefuse(w http.ResponseWriter, r *http.Request) error {
	id, err := requestID(r)
	if err != nil {
		return err
	}
	var req struct {
		Reason string `json:"reason"`
	}
	if err := readOptionalJSON(r, &req); err != nil {
		return err
	}
	if err := c.AfterSales.Refuse(r.Context(), accounts.ActorFrom(r.Context()), id, strings.TrimSpace(req.Reason)); err != nil {
		return err
	}
	return c.writeRequest(w, r, id, nil)
}
