package promo

import (
	"testing"
	"time"

	"maeul/internal/errs"
	"maeul/internal/money"
)

func TestBest(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	live := func(f FlashSale) *FlashSale {
		f.ID, f.Starts, f.Ends = 1, now.Add(-time.Hour), now.Add(time.Hour)
		return &f
	}
	spec := func(pct int64, fixed money.Fen) SpecialPrice {
		return SpecialPrice{ID: 9, PercentOff: pct, Fixed: fixed, Starts: now.Add(-time.Hour), Ends: now.Add(time.Hour)}
	}
	tests := []struct {
		name     string
		flash    *FlashSale
		buyerHas int
		qty      int
		specials []SpecialPrice
		want     Offer
	}{
		{"list", nil, 0, 1, nil, Offer{Price: 1000, List: 1000, Source: ListPrice}},
		{"flash", live(FlashSale{Price: 500, Cap: 10}), 0, 2, nil, Offer{Price: 500, List: 1000, Source: Flash, FlashSaleID: 1}},
		{"flash beats a lower special", live(FlashSale{Price: 500, Cap: 10}), 0, 1, []SpecialPrice{spec(0, 300)}, Offer{Price: 500, List: 1000, Source: Flash, FlashSaleID: 1}},
		{"flash sold out", live(FlashSale{Price: 500, Cap: 10, Sold: 10}), 0, 1, nil, Offer{Price: 1000, List: 1000, Source: ListPrice}},
		{"flash cap short of qty", live(FlashSale{Price: 500, Cap: 10, Sold: 9}), 0, 2, nil, Offer{Price: 1000, List: 1000, Source: ListPrice}},
		{"buyer at limit", live(FlashSale{Price: 500, Cap: 10, PerBuyer: 2}), 1, 2, nil, Offer{Price: 1000, List: 1000, Source: ListPrice}},
		{"buyer within limit", live(FlashSale{Price: 500, Cap: 10, PerBuyer: 2}), 1, 1, nil, Offer{Price: 500, List: 1000, Source: Flash, FlashSaleID: 1}},
		{"ended flash", &FlashSale{ID: 1, Price: 500, Cap: 10, Starts: now.Add(-2 * time.Hour), Ends: now}, 0, 1, nil, Offer{Price: 1000, List: 1000, Source: ListPrice}},
		{"lowest special", nil, 0, 1, []SpecialPrice{spec(1000, 0), spec(0, 850)}, Offer{Price: 850, List: 1000, Source: Special, SpecialID: 9}},
		{"special above list ignored", nil, 0, 1, []SpecialPrice{spec(0, 1200)}, Offer{Price: 1000, List: 1000, Source: ListPrice}},
	}
	for _, tt := range tests {
		if got := Best(1000, tt.flash, tt.buyerHas, tt.qty, tt.specials, now); got != tt.want {
			t.Errorf("%s: Best = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestCoupon(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	c := Coupon{Code: "HELLO", AmountOff: 1000, MinSpend: 5000, TotalLimit: 2, PerBuyer: 1, Starts: now.Add(-time.Hour), Ends: now.Add(time.Hour)}
	if err := c.Check(6000, 0, now); err != nil {
		t.Errorf("valid coupon: %v", err)
	}
	for _, tt := range []struct {
		name   string
		err    error
		reason string
	}{
		{"under minimum", c.Check(4999, 0, now), "err.promo.coupon_min_spend"},
		{"used by buyer", c.Check(6000, 1, now), "err.promo.coupon_used"},
		{"expired", c.Check(6000, 0, now.Add(time.Hour)), "err.promo.coupon_expired"},
		{"not yet", c.Check(6000, 0, now.Add(-2*time.Hour)), "err.promo.coupon_not_yet"},
		{"used up", Coupon{Code: "X", AmountOff: 1, TotalLimit: 1, Used: 1, Starts: c.Starts, Ends: c.Ends}.Check(100, 0, now), "err.promo.coupon_used_up"},
		{"nothing to take", c.Check(0, 0, now), "err.promo.coupon_not_these"},
	} {
		if !errs.HasReason(tt.err, tt.reason) || errs.FieldOf(tt.err) != "coupon" {
			t.Errorf("%s: %v, want %s about the coupon", tt.name, tt.err, tt.reason)
		}
	}
	if got := c.Discount(600); got != 600 {
		t.Errorf("discount above the items' worth = %d, want 600", got)
	}
	if got := (Coupon{PercentOff: 1250}).Discount(1999); got != 250 {
		t.Errorf("12.5%% of 19.99 = %d, want 250", got)
	}
}
