// Package promo holds the mall's promotions — flash sales, special prices
// and coupons — and the one rule that decides what a buyer pays when
// several could apply.
//
// The rule (docs/promotions.md):
//
//  1. A live flash sale on the variant, with units left under its cap and
//     the buyer under its per-buyer limit, sets the price.
//  2. Otherwise the lowest live special price on the variant, if it is
//     below the list price.
//  3. Otherwise the list price.
//
// A coupon then takes its amount or percentage off the order's items that
// were not bought at a flash-sale price, when those reach its minimum
// spend; one coupon per checkout, applied to the store it belongs to (or
// split across the checkout's stores, by their eligible amounts, for a
// platform coupon). Nothing is ever priced below one fen.
package promo

import (
	"strings"
	"time"

	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/money"
)

// The bounds of what a promotion may say: what a business could mean, and
// small enough that no sum over them overflows, in Go or in either
// database's columns.
const (
	// MaxCouponOff is the most a coupon may take off.
	MaxCouponOff = money.Fen(100_000_00)
	// MaxMinSpend is the highest minimum spend a coupon may ask.
	MaxMinSpend = money.Fen(1_000_000_00)
	// MaxCouponUses bounds a coupon's uses in all and per buyer.
	MaxCouponUses = 1_000_000
)

// FlashSale is a limited-time sale of one variant at a promotion price, with
// a cap on units sold and a per-buyer limit.
type FlashSale struct {
	ID        int64
	VariantID int64
	Price     money.Fen
	Starts    time.Time
	Ends      time.Time
	Cap       int // units on sale
	Sold      int // units sold so far
	PerBuyer  int // units one buyer may buy; 0 for no limit
}

// Live reports whether the sale runs at now.
func (f FlashSale) Live(now time.Time) bool { return !now.Before(f.Starts) && now.Before(f.Ends) }

// Left returns the units still on sale.
func (f FlashSale) Left() int { return max(0, f.Cap-f.Sold) }

// Validate checks a flash sale on its own.
func (f FlashSale) Validate() error {
	switch {
	case f.VariantID == 0:
		return errs.Field("variant", "err.promo.flash_variant")
	case f.Price <= 0:
		return errs.Field("price", "err.promo.price_positive")
	case !f.Ends.After(f.Starts):
		return errs.Field("ends_at", "err.promo.ends_before_start")
	case f.Cap <= 0:
		return errs.Field("cap", "err.promo.flash_cap")
	case f.Cap > catalog.MaxStock:
		return errs.Field("cap", "err.promo.flash_cap_max", catalog.MaxStock)
	case f.PerBuyer < 0:
		return errs.Field("per_buyer", "err.promo.per_buyer_negative")
	case f.PerBuyer > catalog.MaxStock:
		return errs.Field("per_buyer", "err.promo.per_buyer_max", catalog.MaxStock)
	}
	return nil
}

// SpecialPrice lowers a variant's price for a period, by a percentage or
// to a fixed price.
type SpecialPrice struct {
	ID         int64
	VariantID  int64
	PercentOff int64     // basis points (1500 = 15%), or 0
	Fixed      money.Fen // the price, or 0
	Starts     time.Time
	Ends       time.Time
}

// Live reports whether the price applies at now.
func (s SpecialPrice) Live(now time.Time) bool { return !now.Before(s.Starts) && now.Before(s.Ends) }

// Apply returns the special price for a list price.
func (s SpecialPrice) Apply(list money.Fen) money.Fen {
	if s.Fixed > 0 {
		return min(s.Fixed, list)
	}
	return max(1, list-money.Percent(list, s.PercentOff))
}

// Validate checks a special price on its own.
func (s SpecialPrice) Validate() error {
	switch {
	case s.VariantID == 0:
		return errs.Field("variant", "err.promo.special_variant")
	case (s.PercentOff > 0) == (s.Fixed > 0):
		return errs.Field("percent_off", "err.promo.percent_or_fixed")
	case s.PercentOff < 0 || s.PercentOff >= 10000:
		return errs.Field("percent_off", "err.promo.percent_range")
	case s.Fixed < 0:
		return errs.Field("price", "err.promo.price_negative")
	case !s.Ends.After(s.Starts):
		return errs.Field("ends_at", "err.promo.ends_before_start")
	}
	return nil
}

// Source tells where a unit price came from.
type Source string

// The sources of a price.
const (
	ListPrice Source = "list"
	Special   Source = "special"
	Flash     Source = "flash"
)

// Offer is the price one unit of a variant sells at, and why.
type Offer struct {
	Price  money.Fen
	List   money.Fen
	Source Source
	// FlashSaleID or SpecialID names the promotion that set the price.
	FlashSaleID int64
	SpecialID   int64
}

// Best applies the rule to a variant with list price list: flash is the
// variant's live flash sale, if any, and buyerHas the units the buyer has
// already bought in it; qty is the units wanted now. The flash price
// applies only when all qty units fit under the cap and the buyer's limit
// (a cart line is priced one way, never half and half).
func Best(list money.Fen, flash *FlashSale, buyerHas, qty int, specials []SpecialPrice, now time.Time) Offer {
	o := Offer{Price: list, List: list, Source: ListPrice}
	if f := flash; f != nil && f.Live(now) && qty <= f.Left() && (f.PerBuyer == 0 || buyerHas+qty <= f.PerBuyer) {
		return Offer{Price: f.Price, List: list, Source: Flash, FlashSaleID: f.ID}
	}
	for _, s := range specials {
		if !s.Live(now) {
			continue
		}
		if p := s.Apply(list); p < o.Price {
			o = Offer{Price: p, List: list, Source: Special, SpecialID: s.ID}
		}
	}
	return o
}

// Coupon takes an amount or a percentage off an order.
type Coupon struct {
	Code       string
	OrgID      int64     // the store it belongs to; 0 for the whole mall
	AmountOff  money.Fen // or …
	PercentOff int64     // … basis points
	MinSpend   money.Fen // on eligible items
	TotalLimit int       // uses in all; 0 for no limit
	Used       int
	PerBuyer   int // uses per buyer; 0 for no limit
	Starts     time.Time
	Ends       time.Time
}

// NormalizeCode upper-cases and trims a coupon code.
func NormalizeCode(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// Validate checks a coupon on its own.
func (c Coupon) Validate() error {
	switch {
	case c.Code == "" || len(c.Code) > 32:
		return errs.Field("code", "err.promo.coupon_code", 32)
	case (c.AmountOff > 0) == (c.PercentOff > 0):
		return errs.Field("amount_off", "err.promo.amount_or_percent")
	case c.PercentOff < 0 || c.PercentOff > 10000:
		return errs.Field("percent_off", "err.promo.percent_range")
	case c.MinSpend < 0 || c.AmountOff < 0:
		return errs.Field("min_spend", "err.promo.amounts_negative")
	case c.AmountOff > MaxCouponOff:
		return errs.Field("amount_off", "err.promo.coupon_off_max", MaxCouponOff)
	case c.MinSpend > MaxMinSpend:
		return errs.Field("min_spend", "err.promo.min_spend_max", MaxMinSpend)
	case c.TotalLimit < 0:
		return errs.Field("total_limit", "err.promo.total_limit_negative")
	case c.TotalLimit > MaxCouponUses:
		return errs.Field("total_limit", "err.promo.uses_max", MaxCouponUses)
	case c.PerBuyer < 0:
		return errs.Field("per_buyer", "err.promo.per_buyer_negative")
	case c.PerBuyer > MaxCouponUses:
		return errs.Field("per_buyer", "err.promo.uses_max", MaxCouponUses)
	case !c.Ends.After(c.Starts):
		return errs.Field("ends_at", "err.promo.ends_before_start")
	}
	return nil
}

// Check says whether a buyer who has used the coupon buyerUses times may
// use it now on eligible items worth eligible; the error is Invalid with a
// reason the buyer can act on.
func (c Coupon) Check(eligible money.Fen, buyerUses int, now time.Time) error {
	switch {
	case now.Before(c.Starts):
		return errs.Field("coupon", "err.promo.coupon_not_yet", c.Code)
	case !now.Before(c.Ends):
		return errs.Field("coupon", "err.promo.coupon_expired", c.Code)
	case c.TotalLimit > 0 && c.Used >= c.TotalLimit:
		return errs.Field("coupon", "err.promo.coupon_used_up", c.Code)
	case c.PerBuyer > 0 && buyerUses >= c.PerBuyer:
		return errs.Field("coupon", "err.promo.coupon_used", c.Code)
	case eligible <= 0:
		return errs.Field("coupon", "err.promo.coupon_not_these", c.Code)
	case eligible < c.MinSpend:
		return errs.Field("coupon", "err.promo.coupon_min_spend", c.Code, c.MinSpend, eligible)
	}
	return nil
}

// Discount returns what the coupon takes off eligible items worth
// eligible: never more than they cost.
func (c Coupon) Discount(eligible money.Fen) money.Fen {
	d := c.AmountOff
	if c.PercentOff > 0 {
		d = money.Percent(eligible, c.PercentOff)
	}
	return min(d, eligible)
}
