package demo

import (
	"context"
	"fmt"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/money"
	"maeul/internal/promo"
)

// specialPrices are the demo's special prices (특가, 特价), so that the
// mall's special-price section has something to show: one fixed price and
// one percentage off, in different counties.
var specialPrices = []struct {
	SKU        string
	Fixed      money.Fen // or
	PercentOff int64     // basis points
}{
	{SKU: "YJ-KIM-KIMCHI-1", Fixed: 2980},
	{SKU: "TM-PARK-DJ-1", PercentOff: 1500},
	{SKU: "WQ-YOON-PINENUT-500", Fixed: 6800},
	{SKU: "HC-LI-ACACIA-500", PercentOff: 1000},
}

// specialPriceDays is how long the demo's special prices run from the
// load that makes them.
const specialPriceDays = 30

// loadSpecials gives the demo's special prices when none is running at
// now, each from an hour ago for specialPriceDays, so that every start of
// the demo (Load runs at each) has a special-price section.
func loadSpecials(ctx context.Context, st Store, now time.Time) error {
	live, err := st.SpecialPriceProducts(ctx, now, 1)
	if err != nil {
		return fmt.Errorf("demo.loadSpecials: %w", err)
	}
	if len(live) > 0 {
		return nil
	}
	svc := &promo.Service{Store: st, Orgs: st, Now: func() time.Time { return now }}
	for _, s := range specialPrices {
		sp := promo.SpecialPrice{Fixed: s.Fixed, PercentOff: s.PercentOff, Starts: now.Add(-time.Hour), Ends: now.AddDate(0, 0, specialPriceDays)}
		if _, err := svc.CreateSpecialPrice(ctx, accounts.SystemActor, s.SKU, sp); err != nil {
			return fmt.Errorf("demo.loadSpecials %s: %w", s.SKU, err)
		}
	}
	return nil
}
