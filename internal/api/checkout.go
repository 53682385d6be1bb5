package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/money"
	"maeul/internal/orders"
	"maeul/internal/payments"
	"maeul/internal/region"
)

type deliveryRequest struct {
	OrgCode   string `json:"org_code"`
	Method    string `json:"method"`
	PointCode string `json:"point_code"`
}

type checkoutRequest struct {
	Address          addressJSON       `json:"address"`
	Deliveries       []deliveryRequest `json:"deliveries"`
	Coupon           string            `json:"coupon"`
	PaymentMethod    string            `json:"payment_method"`
	ExpectedTotalFen int64             `json:"expected_total_fen"`
}

// checkout reads the request into the buyer's checkout choices, naming
// the field of the first thing it cannot read.
func (c *commerce) checkoutChoices(ctx context.Context, req checkoutRequest) (orders.Checkout, error) {
	co := orders.Checkout{
		Address: orders.Address{Name: req.Address.Name, Phone: req.Address.Phone, Detail: req.Address.Detail},
		Coupon:  req.Coupon, ExpectTotal: money.Fen(req.ExpectedTotalFen), Choices: map[int64]orders.Choice{},
	}
	if req.Address.RegionCode != "" {
		code, err := region.ParseCode(string(req.Address.RegionCode))
		if err != nil {
			return co, asField("address.region_code", err)
		}
		co.Address.Region = code
	}
	for _, d := range req.Deliveries {
		o, err := c.OrgStore.Organization(ctx, d.OrgCode)
		if errs.Is(err, errs.NotFound) {
			return co, errs.Field("deliveries", "err.api.unknown_store", d.OrgCode)
		}
		if err != nil {
			return co, err
		}
		if _, ok := co.Choices[o.ID]; ok {
			return co, errs.Field("deliveries", "err.api.store_twice", d.OrgCode)
		}
		var ch orders.Choice
		switch orders.DeliveryKind(d.Method) {
		case orders.HomeDelivery, "":
			ch.Delivery = orders.HomeDelivery
			if d.PointCode != "" {
				return co, errs.Field("deliveries", "err.api.home_no_point", d.OrgCode)
			}
		case orders.Pickup:
			ch.Delivery = orders.Pickup
			pt, err := c.Points.ServicePoint(ctx, d.PointCode)
			if errs.Is(err, errs.NotFound) {
				return co, errs.Field("deliveries", "err.api.unknown_point_for", d.OrgCode, d.PointCode)
			}
			if err != nil {
				return co, err
			}
			ch.PointID = pt.ID
		default:
			return co, errs.Field("deliveries", "err.api.delivery_method", d.Method)
		}
		co.Choices[o.ID] = ch
	}
	m, err := payments.ParseMethod(req.PaymentMethod)
	if err != nil {
		return co, asField("payment_method", err)
	}
	co.Method = m
	return co, nil
}

// checkoutFields names, in the API's terms, the fields orders.Place
// reports problems with.
var checkoutFields = map[string]string{
	"name": "address.name", "phone": "address.phone", "region": "address.region_code", "detail": "address.detail",
	"payment": "payment_method", "pickup": "deliveries",
}

// checkoutError translates an error of orders.Place. A quantity the stock,
// the day's capacity or a flash sale cannot meet any more is a 409, as it
// is when the reservation itself finds it so: the request was right, the
// cart's goods are gone. Other problems keep their code, their fields
// named as the request names them.
func checkoutError(err error) error {
	var e *errs.Error
	if !errors.As(err, &e) {
		return err
	}
	out := *e
	if f, ok := checkoutFields[e.Field]; ok {
		out.Field = f
	}
	if e.Code == errs.Invalid && e.Field == "qty" {
		out.Code = errs.Conflict
	}
	return &out
}

// checkoutCreate checks out the caller's cart: one order per store, one
// payment. It answers 201 with the checkout; pay_url is where a sandbox
// payment is made.
func (c *commerce) checkoutCreate(w http.ResponseWriter, r *http.Request) error {
	a, err := buyer(r, "act.check_out")
	if err != nil {
		return err
	}
	var req checkoutRequest
	if err := readJSON(r, &req); err != nil {
		return err
	}
	co, err := c.checkoutChoices(r.Context(), req)
	if err != nil {
		return err
	}
	// A retry of this request (its first answer lost to a crash or a
	// timeout) finds the checkout the first placed.
	co.RequestKey = r.Header.Get("Idempotency-Key")
	res, err := c.Orders.Place(r.Context(), a, orders.CartOwner(a, ""), co)
	if err != nil {
		return checkoutError(err)
	}
	return c.writePlaced(w, r, a, res)
}

// writePlaced answers 201 with the checkout res placed, read back as it
// stands, even if the client has gone: the orders are placed.
func (c *commerce) writePlaced(w http.ResponseWriter, r *http.Request, a accounts.Actor, res orders.Result) error {
	ctx := context.WithoutCancel(r.Context())
	os, pay, err := c.Orders.Group(ctx, a, res.GroupID)
	if err != nil {
		return err
	}
	out, err := c.checkoutJSON(ctx, os, pay, res.Start.RedirectURL)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/checkouts/"+strconv.FormatInt(res.GroupID, 10))
	return writeJSON(w, http.StatusCreated, out)
}

// checkoutGet returns a checkout with its orders' and payment's current
// statuses, to its buyer; while a sandbox payment is pending, pay_url is
// where to pay it. With ?wait=N (seconds, at most 30) it answers once the
// payment is no longer pending, or after N seconds: a buyer who has paid
// waits for "paid" in one request instead of asking again and again.
func (c *commerce) checkoutGet(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return errs.E(errs.NotFound, "err.orders.checkout_not_found", r.PathValue("id"))
	}
	var wait time.Duration
	if s := r.URL.Query().Get("wait"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || time.Duration(n)*time.Second > orders.MaxWait {
			return errs.Field("wait", "err.api.wait", int(orders.MaxWait/time.Second))
		}
		wait = time.Duration(n) * time.Second
	}
	os, pay, err := c.Orders.WaitGroup(ctx, a, id, wait)
	if err != nil {
		return err
	}
	start, err := c.Orders.PayStart(ctx, pay)
	if err != nil {
		return err
	}
	out, err := c.checkoutJSON(ctx, os, pay, start.RedirectURL)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (c *commerce) checkoutJSON(ctx context.Context, os []orders.Order, pay payments.Record, payURL string) (checkoutJSON, error) {
	items, err := c.codes().orders(ctx, os)
	if err != nil {
		return checkoutJSON{}, err
	}
	return checkoutJSON{
		CheckoutID: pay.GroupID, TotalFen: pay.Amount, Orders: items,
		Payment: paymentJSON{Ref: pay.Ref, Method: pay.Method, AmountFen: pay.Amount, Status: string(pay.Status), PayURL: payURL},
	}, nil
}
