package web

import (
	"net/http"
	"strconv"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/money"
	"maeul/internal/orders"
	"maeul/internal/payments"
)

// sellerOrderData is the back-office page of one order.
type sellerOrderData struct {
	Office sellerOffice
	orderData
	CanPack    bool
	CanShip    bool
	CanDeliver bool
	CanRefund  bool
	// Carriers are suggestions for the ship form.
	Carriers []string
	Carrier  string
	Tracking string
	Refund   refundForm
	// Error is why the last action was refused; ErrorField the form it
	// concerns ("ship" or "refund").
	Error      string
	ErrorField string
}

// refundForm is the refund form: a quantity per line, restock, a reason
// and, once the seller asks to see it, the plan the order rules work out.
type refundForm struct {
	Lines   []refundLine
	Restock bool
	Reason  string
	Plan    *orders.RefundPlan
}

// refundLine is a line with what is left to refund of it.
type refundLine struct {
	orders.Line
	Left       int       // units not yet refunded
	LeftAmount money.Fen // what they cost, net of the coupon
	Want       int       // units the seller chose
	Amount     money.Fen // the plan's amount for them
}

// carriers are the couriers the ship form suggests.
var carriers = []string{"EMS", "中国邮政", "顺丰速运", "京东物流", "中通快递", "圆通速递", "申通快递", "韵达快递"}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// sellerOrder returns the order of the path to those who act for its
// store or oversee it; others — its buyer included — get NotFound, so
// order ids reveal nothing.
func (h *Handler) sellerOrder(r *http.Request) (orders.Order, sellerOffice, error) {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	id, err := orderID(r)
	if err != nil {
		return orders.Order{}, sellerOffice{}, err
	}
	o, err := h.Orders.View(ctx, a, id)
	if err != nil {
		return o, sellerOffice{}, err
	}
	og, err := h.OrgStore.OrganizationByID(ctx, o.OrgID)
	if err != nil {
		return o, sellerOffice{}, err
	}
	if !a.ActsFor(og.ID, og.Region) && !a.Oversees(og.Region) {
		return o, sellerOffice{}, errs.E(errs.NotFound, "err.orders.not_found", id)
	}
	off := sellerOffice{Org: og, own: a.Role == accounts.Seller && a.OrgID == og.ID}
	off.Admin = !off.own && a.Administers(og.Region)
	if off.Place, err = h.Regions.Region(ctx, og.Region); err != nil {
		return o, off, err
	}
	return o, off, nil
}

// sellerOrderView shows an order to its seller: the buyer and address,
// the lines, the history, and the forms for the next step — pack; ship
// with carrier and tracking number; deliver (bookings and pick-ups);
// refund chosen units of lines.
func (h *Handler) sellerOrderView(w http.ResponseWriter, r *http.Request) error {
	o, off, err := h.sellerOrder(r)
	if err != nil {
		return err
	}
	d, err := h.sellerOrderPage(r, o, off)
	if err != nil {
		return err
	}
	return h.renderSellerOrder(w, r, http.StatusOK, d)
}

func (h *Handler) sellerOrderPage(r *http.Request, o orders.Order, off sellerOffice) (sellerOrderData, error) {
	ctx := r.Context()
	od, err := h.orderPage(ctx, o)
	if err != nil {
		return sellerOrderData{}, err
	}
	d := sellerOrderData{Office: off, orderData: od, Carriers: carriers, Carrier: o.Carrier, Tracking: o.Tracking}
	d.CanPack = o.Status == orders.Paid && o.Shippable()
	// An order paid in cash on pick-up ships unpaid, and is delivered and
	// paid only as the station hands it over.
	onPickup := d.Payment.Method == payments.PickupCash && d.Payment.Status == payments.Pending
	d.CanShip = o.Status == orders.Packed || o.Status == orders.PendingPayment && onPickup && d.Payment.Payable(h.Now())
	d.CanDeliver = (o.Status == orders.Shipped || o.Status == orders.Paid && !o.Shippable()) && !onPickup
	refundable := o.Status != orders.PendingPayment && !o.Status.Final() && d.Payment.Status == payments.Paid
	for _, l := range o.Lines {
		rl := refundLine{Line: l, Left: l.Qty - l.RefundedQty, LeftAmount: l.Net() - l.Refunded}
		if rl.Left > 0 && refundable {
			d.CanRefund = true
		}
		d.Refund.Lines = append(d.Refund.Lines, rl)
	}
	d.Refund.Restock = true
	return d, nil
}

func (h *Handler) renderSellerOrder(w http.ResponseWriter, r *http.Request, status int, d sellerOrderData) error {
	w.Header().Set("Cache-Control", "no-store")
	return h.render(w, r, status, "seller_order", page{Title: h.cat.T(langFrom(r), "order.title", d.Card.ID), NavArea: "seller", Data: d})
}
