package orders

import (
	"testing"
	"time"

	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/promo"
)

// TestQuoteProblemsSayWhich: every problem a quote finds names its
// refusal by a message key, with the field it concerns and the arguments
// its message needs, so that each surface says it in its reader's
// language without repeating the rules.
func TestQuoteProblemsSayWhich(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	today := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	rice := catalog.Product{ID: 1, OrgID: 7, Kind: catalog.Goods, Name: i18n.Text{Ko: "입쌀", Zh: "大米", En: "Rice"}}
	stay := catalog.Product{ID: 2, OrgID: 7, Kind: catalog.Tourism, Name: i18n.Text{Ko: "민박", Zh: "民宿", En: "Farm stay"}}
	offer := func(p catalog.Product, id int64, stock int) Offerable {
		return Offerable{Product: p, Variant: catalog.Variant{ID: id, SKU: "V", Price: 1000, Stock: stock}}
	}
	hidden := offer(rice, 1, 10)
	hidden.Product.Hidden = true
	flash := offer(rice, 1, 10)
	flash.Flash = &promo.FlashSale{VariantID: 1, Price: 500, Starts: now.Add(-time.Hour), Ends: now.Add(time.Hour), Cap: 10, PerBuyer: 2}
	flash.BuyerFlashQty = 2
	booked := offer(stay, 2, 4)
	booked.Booked = map[string]int{DayKey(today): 3}
	tests := []struct {
		name   string
		it     CartItem
		info   Offerable
		field  string
		reason string
		en     string
	}{
		{"no longer sold", CartItem{VariantID: 1, Qty: 1}, hidden, "qty", "err.orders.gone", "Rice is no longer sold."},
		{"too many", CartItem{VariantID: 1, Qty: MaxQty + 1}, offer(rice, 1, 500), "qty", "err.orders.qty_range", "Choose 1 to 99."},
		{"sold out", CartItem{VariantID: 1, Qty: 1}, offer(rice, 1, 0), "qty", "err.orders.sold_out", "Rice is sold out."},
		{"fewer left", CartItem{VariantID: 1, Qty: 3}, offer(rice, 1, 2), "qty", "err.orders.only_left", "Only 2 of Rice left."},
		{"no date", CartItem{VariantID: 2, Qty: 1}, booked, "booking_date", "err.orders.booking_date", "Choose a day from today for Farm stay."},
		{"one place left", CartItem{VariantID: 2, Qty: 2, BookingDate: today}, booked, "qty", "err.orders.places_left", "Farm stay has 1 place left on 2026-11-28."},
		{"over the flash limit", CartItem{VariantID: 1, Qty: 1}, flash, "qty", "err.promo.flash_limit_bought", "The flash sale allows 2 per buyer; you have bought 2."},
	}
	cat := i18n.Embedded()
	for _, tt := range tests {
		q := MakeQuote(QuoteInput{Items: []CartItem{tt.it}, Info: map[int64]Offerable{tt.it.VariantID: tt.info}, Now: now})
		if len(q.Problems) != 1 {
			t.Errorf("%s: problems %+v, want one", tt.name, q.Problems)
			continue
		}
		p := q.Problems[0]
		if p.VariantID != tt.it.VariantID || p.Field() != tt.field || errs.Reason(p.Err) != tt.reason || errs.CodeOf(p.Err) != errs.Invalid {
			t.Errorf("%s: %+v (%s, %s), want %s about %s", tt.name, p, errs.Reason(p.Err), p.Field(), tt.reason, tt.field)
		}
		if got := errs.MessageIn(p.Err, cat, i18n.En); got != tt.en {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.en)
		}
		if got := errs.MessageIn(p.Err, cat, i18n.Zh); got == tt.en || got == cat.T(i18n.Zh, errs.ReasonInternal) {
			t.Errorf("%s: in Chinese %q", tt.name, got)
		}
	}

	// A coupon that does not apply is a problem of the coupon field.
	c := promo.Coupon{Code: "HELLO", AmountOff: 100, MinSpend: 99999, Starts: now.Add(-time.Hour), Ends: now.Add(time.Hour)}
	q := MakeQuote(QuoteInput{Items: []CartItem{{VariantID: 1, Qty: 1}}, Info: map[int64]Offerable{1: offer(rice, 1, 5)}, Coupon: &c, Now: now})
	if len(q.Problems) != 1 || q.Problems[0].VariantID != 0 || q.Problems[0].Field() != "coupon" || !errs.HasReason(q.Problems[0].Err, "err.promo.coupon_min_spend") {
		t.Errorf("coupon under its minimum spend: %+v", q.Problems)
	}
}
