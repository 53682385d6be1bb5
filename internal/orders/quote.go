package orders

import (
	"time"

	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/money"
	"maeul/internal/promo"
)

// CartItem is a variant in a cart; tourism items carry the day booked.
type CartItem struct {
	VariantID   int64
	Qty         int
	BookingDate time.Time
}

// MaxQty is the most units of one variant a cart line may hold.
const MaxQty = 99

// Offerable is what pricing needs to know of one variant for one buyer at
// one moment.
type Offerable struct {
	Product  catalog.Product // without variants
	Variant  catalog.Variant
	Flash    *promo.FlashSale
	Specials []promo.SpecialPrice
	// BuyerFlashQty is what the buyer has bought in the flash sale so far.
	BuyerFlashQty int
	// Booked is, for tourism, the units already booked on each date.
	Booked map[string]int
}

// StoreTerms are a store's shipping rules.
type StoreTerms struct {
	OrgID       int64
	ShippingFee money.Fen // for home delivery
	FreeOver    money.Fen // home delivery is free from this subtotal; 0 never
}

// Shipping returns the fee for an order with subtotal and the delivery
// kind: pick-up is free, and so is an order with nothing to ship.
func (t StoreTerms) Shipping(subtotal money.Fen, kind DeliveryKind, shippable bool) money.Fen {
	if kind == Pickup || !shippable {
		return 0
	}
	if t.FreeOver > 0 && subtotal >= t.FreeOver {
		return 0
	}
	return t.ShippingFee
}

// Choice is the buyer's delivery choice for one store.
type Choice struct {
	Delivery DeliveryKind
	PointID  int64
}

// QuoteInput is everything a quote depends on.
type QuoteInput struct {
	Items      []CartItem
	Info       map[int64]Offerable // by variant id
	Terms      map[int64]StoreTerms
	Choices    map[int64]Choice // by org id; home delivery when absent
	Coupon     *promo.Coupon
	CouponUses int // the buyer's uses of the coupon so far
	Now        time.Time
}

// Problem is something in the cart that stops checkout: a sold-out or
// hidden item, a quantity beyond stock, a missing booking date, a coupon
// that does not apply. Err says which: an Invalid *errs.Error about the
// field concerned (qty, booking_date or coupon), whose message key and
// arguments each surface renders in its reader's language and whose
// reason (errs.Reason) tells callers which problem it is.
type Problem struct {
	VariantID int64  // 0 for the coupon
	Day       string // the item's booking date as DayKey keys it; "" for the coupon
	Err       error
}

// Field is the input the problem concerns.
func (p Problem) Field() string { return errs.FieldOf(p.Err) }

// problem returns err as a problem of the item it.
func problem(it CartItem, err error) Problem {
	return Problem{VariantID: it.VariantID, Day: DayKey(it.BookingDate), Err: err}
}

// Quote is a priced cart: one unsaved order per store, the total, and the
// problems that stop checkout. The prices in it are the ones that will be
// charged.
type Quote struct {
	Orders   []Order
	Total    money.Fen
	Problems []Problem
}

// OK reports whether the quote can be placed.
func (q Quote) OK() bool { return len(q.Problems) == 0 && len(q.Orders) > 0 }

// DayKey is how booking dates are keyed and stored.
func DayKey(t time.Time) string { return t.Format(time.DateOnly) }

// MakeQuote prices a cart under the promotion rule, groups it into one
// order per store in the order stores first appear, checks stock, booking
// capacity and dates, adds each store's shipping, and spreads a coupon's
// discount over the eligible lines (largest remainder, so no fen is lost).
func MakeQuote(in QuoteInput) Quote {
	var q Quote
	index := map[int64]int{} // org → position in q.Orders
	today := time.Date(in.Now.Year(), in.Now.Month(), in.Now.Day(), 0, 0, 0, 0, time.UTC)
	for _, it := range in.Items {
		info, ok := in.Info[it.VariantID]
		if !ok {
			q.Problems = append(q.Problems, problem(it, errs.Field("qty", "err.orders.gone_item")))
			continue
		}
		p, v := info.Product, info.Variant
		if p.Hidden {
			q.Problems = append(q.Problems, problem(it, errs.Field("qty", "err.orders.gone", p.Name)))
			continue
		}
		if it.Qty < 1 || it.Qty > MaxQty {
			q.Problems = append(q.Problems, problem(it, errs.Field("qty", "err.orders.qty_range", MaxQty)))
			continue
		}
		if p.Kind == catalog.Tourism {
			if it.BookingDate.IsZero() || it.BookingDate.Before(today) {
				q.Problems = append(q.Problems, problem(it, errs.Field("booking_date", "err.orders.booking_date", p.Name)))
				continue
			}
			if left := v.Stock - info.Booked[DayKey(it.BookingDate)]; it.Qty > left {
				q.Problems = append(q.Problems, problem(it, errs.Field("qty", "err.orders.places_left", max(left, 0), p.Name, DayKey(it.BookingDate))))
				continue
			}
		} else if it.Qty > v.Stock {
			if v.Stock > 0 {
				q.Problems = append(q.Problems, problem(it, errs.Field("qty", "err.orders.only_left", v.Stock, p.Name)))
			} else {
				q.Problems = append(q.Problems, problem(it, errs.Field("qty", "err.orders.sold_out", p.Name)))
			}
			continue
		}
		offer := promo.Best(v.Price, info.Flash, info.BuyerFlashQty, it.Qty, info.Specials, in.Now)
		if info.Flash != nil && info.Flash.Live(in.Now) && offer.Source != promo.Flash && info.Flash.PerBuyer > 0 &&
			info.BuyerFlashQty+it.Qty > info.Flash.PerBuyer && it.Qty <= info.Flash.Left() {
			q.Problems = append(q.Problems, problem(it, errs.Field("qty", "err.promo.flash_limit_bought", info.Flash.PerBuyer, info.BuyerFlashQty)))
			continue
		}
		line := Line{
			VariantID: v.ID, ProductID: p.ID, ProductCode: p.Code, SKU: v.SKU, Name: p.Name, VariantName: v.Name,
			Kind: p.Kind, Qty: it.Qty, ListPrice: v.Price, UnitPrice: offer.Price, Source: offer.Source,
			FlashSaleID: offer.FlashSaleID, BookingDate: it.BookingDate,
		}
		i, ok := index[p.OrgID]
		if !ok {
			i = len(q.Orders)
			index[p.OrgID] = i
			ch := in.Choices[p.OrgID]
			if ch.Delivery == "" {
				ch.Delivery = HomeDelivery
			}
			q.Orders = append(q.Orders, Order{OrgID: p.OrgID, Status: PendingPayment, Delivery: ch.Delivery, PointID: ch.PointID})
		}
		q.Orders[i].Lines = append(q.Orders[i].Lines, line)
	}
	for i := range q.Orders {
		o := &q.Orders[i]
		for _, l := range o.Lines {
			o.Subtotal += l.Total()
		}
		o.Shipping = in.Terms[o.OrgID].Shipping(o.Subtotal, o.Delivery, o.Shippable())
	}
	if in.Coupon != nil {
		if p, ok := applyCoupon(&q, *in.Coupon, in.CouponUses, in.Now); !ok {
			q.Problems = append(q.Problems, p)
		}
	}
	for i := range q.Orders {
		o := &q.Orders[i]
		o.Total = o.Subtotal - o.Discount + o.Shipping
		q.Total += o.Total
	}
	return q
}

// applyCoupon spreads the coupon's discount over the eligible lines: those
// not at a flash-sale price, in the coupon's store (or any store for a
// platform coupon).
func applyCoupon(q *Quote, c promo.Coupon, uses int, now time.Time) (Problem, bool) {
	type ref struct{ o, l int }
	var refs []ref
	var weights []int64
	var eligible money.Fen
	for i, o := range q.Orders {
		if c.OrgID != 0 && o.OrgID != c.OrgID {
			continue
		}
		for j, l := range o.Lines {
			if l.Source == promo.Flash {
				continue
			}
			refs = append(refs, ref{i, j})
			weights = append(weights, int64(l.Total()))
			eligible += l.Total()
		}
	}
	if err := c.Check(eligible, uses, now); err != nil {
		return couponProblem(err), false
	}
	parts, err := money.Split(c.Discount(eligible), weights)
	if err != nil {
		return couponProblem(errs.Field("coupon", "err.promo.coupon_not_these", c.Code)), false
	}
	for k, r := range refs {
		o := &q.Orders[r.o]
		o.Lines[r.l].Discount = parts[k]
		o.Discount += parts[k]
		o.Coupon = c.Code
	}
	return Problem{}, true
}

// couponProblem is the coupon's refusal err (an Invalid error about the
// field coupon) as a problem of the quote.
func couponProblem(err error) Problem { return Problem{Err: err} }
