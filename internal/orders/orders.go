// Package orders holds carts, checkout, orders and their state machine:
// one cart across many stores, one checkout producing one order per store
// (a checkout group) paid with one payment, stock reserved when an order is
// placed and released when it is cancelled, and every status change kept
// with who made it and when.
package orders

import (
	"time"

	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/money"
	"maeul/internal/promo"
	"maeul/internal/region"
	"maeul/internal/text"
)

// Status is where an order is in its life.
type Status string

// The statuses. Refunds are recorded per line; an order whose every line
// is refunded becomes Refunded, one with some refunded keeps its status and
// reports RefundState partial.
const (
	PendingPayment Status = "pending_payment"
	Paid           Status = "paid"
	Packed         Status = "packed"
	Shipped        Status = "shipped"
	Delivered      Status = "delivered"
	Completed      Status = "completed"
	Cancelled      Status = "cancelled"
	Refunded       Status = "refunded"
)

// Label is the status's name in the reader's language, for messages.
func (s Status) Label() i18n.Msg { return i18n.M("order.status." + string(s)) }

// Statuses lists every status in life order.
var Statuses = []Status{PendingPayment, Paid, Packed, Shipped, Delivered, Completed, Cancelled, Refunded}

// transitions lists the legal moves. Goods go paid → packed → shipped →
// delivered → completed; an order with nothing to ship (tourism bookings)
// may go from paid straight to delivered. An order paid in cash on pick-up
// (payments.PickupCash) is shipped unpaid, from pending payment, and is
// paid as it is delivered (Service.HandOver); the service allows that move
// for no other order. A buyer may cancel until the order is packed (a paid
// order is then refunded in full); unpaid orders are cancelled when their
// payment window closes, unless they were shipped.
var transitions = map[Status][]Status{
	PendingPayment: {Paid, Cancelled, Shipped},
	Paid:           {Packed, Delivered, Cancelled, Refunded},
	Packed:         {Shipped, Refunded},
	Shipped:        {Delivered, Refunded},
	Delivered:      {Completed, Refunded},
	Completed:      {Refunded},
}

// CanMove reports whether an order may go from one status to another.
func CanMove(from, to Status) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// Move returns a Conflict error unless the move is legal.
func Move(from, to Status) error {
	if !CanMove(from, to) {
		return errs.E(errs.Conflict, "err.orders.transition", from.Label(), to.Label())
	}
	return nil
}

// Final reports whether nothing more can happen to an order.
func (s Status) Final() bool { return s == Cancelled || s == Refunded }

// RefundState tells how much of an order has been refunded.
type RefundState string

// The refund states.
const (
	NotRefunded       RefundState = ""
	PartiallyRefunded RefundState = "partially_refunded"
	FullyRefunded     RefundState = "refunded"
)

// DeliveryKind is how a store's order reaches the buyer.
type DeliveryKind string

// The delivery kinds.
const (
	HomeDelivery DeliveryKind = "home"
	Pickup       DeliveryKind = "pickup" // at a service point that serves the buyer's village or town; free
)

// Address is where goods go and whom to call.
type Address struct {
	Name   string
	Phone  string
	Region region.Code // a village (or town)
	Detail string      // house, street
}

// Validate checks an address.
func (a Address) Validate() error {
	if err := text.Check("name", a.Name, text.MaxName, false); err != nil {
		return err
	}
	if err := text.Check("detail", a.Detail, text.MaxLine, false); err != nil {
		return err
	}
	switch {
	case len([]rune(a.Name)) < 1 || len(a.Name) > 100:
		return errs.Field("name", "err.orders.address_name")
	case !validPhone(a.Phone):
		return errs.Field("phone", "err.orders.phone", a.Phone)
	case a.Region == "":
		return errs.Field("region", "err.orders.address_region")
	case a.Region.Level() != region.Village && a.Region.Level() != region.Town:
		return errs.Field("region", "err.orders.address_level", a.Region.Level().Noun())
	case len([]rune(a.Detail)) < 2 || len(a.Detail) > 300:
		return errs.Field("detail", "err.orders.address_detail")
	}
	return nil
}

func validPhone(s string) bool {
	n := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			n++
		case r == '-' || r == ' ' || r == '+':
		default:
			return false
		}
	}
	return n >= 7 && n <= 15
}

// Line is one variant in an order.
type Line struct {
	ID          int64
	VariantID   int64
	ProductID   int64
	ProductCode string
	SKU         string
	Name        i18n.Text // product name
	VariantName i18n.Text
	Kind        catalog.Kind
	Qty         int
	ListPrice   money.Fen
	UnitPrice   money.Fen // what one unit costs after promotions
	Source      promo.Source
	FlashSaleID int64
	// Discount is this line's share of the order's coupon discount.
	Discount    money.Fen
	BookingDate time.Time // tourism: the day booked
	RefundedQty int
	Refunded    money.Fen
	// RestockedQty is how many units went back to stock (cancellations and
	// refunds the seller chose to restock).
	RestockedQty int
}

// Total returns what the line costs before the coupon.
func (l Line) Total() money.Fen { return l.UnitPrice * money.Fen(l.Qty) }

// Net returns what the line costs after its coupon share.
func (l Line) Net() money.Fen { return l.Total() - l.Discount }

// Order is one store's part of a checkout.
type Order struct {
	ID          int64
	GroupID     int64
	BuyerID     int64
	OrgID       int64
	Status      Status
	RefundState RefundState
	Delivery    DeliveryKind
	PointID     int64 // the pick-up point
	Address     Address
	Lines       []Line
	Subtotal    money.Fen
	Discount    money.Fen
	Shipping    money.Fen
	Total       money.Fen
	Refunded    money.Fen
	Coupon      string
	Carrier     string
	Tracking    string
	ExpiresAt   time.Time // unpaid orders are cancelled then
	// Lang is the language the buyer checked out in, for receipts.
	Lang      i18n.Lang
	CreatedAt time.Time
	UpdatedAt time.Time
	Events    []Event
}

// Shippable reports whether any line is goods.
func (o Order) Shippable() bool {
	for _, l := range o.Lines {
		if l.Kind != catalog.Tourism {
			return true
		}
	}
	return false
}

// Event is one status change.
type Event struct {
	From    Status
	To      Status
	ActorID int64 // 0 for the system (a timeout)
	Note    string
	At      time.Time
}

// Placement is a quote the buyer confirmed, ready to be stored: its orders
// are placed together with their stock, booking, flash-sale and coupon
// reservations and one pending payment for the group, or not at all.
type Placement struct {
	BuyerID   int64
	CartOwner string // the cart whose placed lines are removed
	Address   Address
	Orders    []Order
	Total     money.Fen
	Coupon    *promo.Coupon
	Lang      i18n.Lang
	Payment   PaymentStart
	ExpiresAt time.Time
	Now       time.Time
	// RequestKey is the API idempotency key the checkout was placed
	// under ("" for none); one buyer places one checkout per key.
	RequestKey string
}

// PaymentStart is the pending payment a placement creates.
type PaymentStart struct {
	Method  string
	Ref     string // the reference the provider reports back
	PointID int64  // station cash: where the buyer pays
}

// Placed is what storing a placement produced.
type Placed struct {
	GroupID  int64
	OrderIDs []int64
}

// Filter selects orders for listings, newest first.
type Filter struct {
	BuyerID  int64
	OrgID    int64
	PointID  int64 // orders picked up at this service point
	Statuses []Status
	// Limit is how many orders to return: 50 when zero, and at most 200.
	Limit int
	// Offset is how many of the selected orders to skip, for paging.
	Offset int
}

// PendingRefund is a recorded refund the payment provider has not yet
// confirmed.
type PendingRefund struct {
	ID      int64
	OrderID int64
	GroupID int64
	Amount  money.Fen
}

// Confirmed is what recording a payment's confirmation did.
type Confirmed struct {
	// Changed reports whether this confirmation recorded the payment
	// (false: an earlier one had).
	Changed bool
	// Late reports a genuine payment that arrived after its checkout had
	// closed (expired or cancelled, its stock released): it is recorded as
	// paid late and each order's total is refunded, in Refunds, which the
	// caller asks the provider to pay.
	Late    bool
	Refunds []PendingRefund
}

// LateNote is the history note of an order whose checkout was paid after
// it closed; the payment's reference follows.
const LateNote = "late payment "
