package demo

import (
	"context"
	"fmt"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/consignment"
	"maeul/internal/impact"
	"maeul/internal/money"
)

// The demo's consignment batches: produce Dongxing households left at
// the Dongxing village station for the village store to sell, received in
// the month of the demo's sales, so that those sales allocate to them
// first in, first out (two units of millet fill the first millet batch,
// the next unit comes from the second) and credit the households.

// demoBatch is one batch: the household, the variant, the units, the
// grams weighed, what a unit sold credits, and the day of the sales month
// it was received.
type demoBatch struct {
	household, sku string
	units, grams   int64
	perUnit        money.Fen
	day            int
}

var demoBatches = []demoBatch{
	{household: "222424100201-05", sku: "WQ-DX-MILLET-2", units: 2, grams: 5_000, perUnit: 3000, day: 1},
	{household: "222424100201-06", sku: "WQ-DX-MILLET-2", units: 10, grams: 25_300, perUnit: 3000, day: 3},
	{household: "222424100201-07", sku: "WQ-DX-WOODEAR-250", units: 20, grams: 5_100, perUnit: 3200, day: 1},
}

// batchStation is the demo account that records the batches.
const batchStation = "station-dongxing@maeul.test"

// loadBatches records the demo's batches at the Dongxing station, once: a
// station that has batches already is left as it is.
func loadBatches(ctx context.Context, st Store, now time.Time) error {
	u, _, err := st.UserByEmail(ctx, batchStation)
	if err != nil {
		return fmt.Errorf("demo batches: %w", err)
	}
	op := accounts.Actor{User: u}
	if bs, err := st.Batches(ctx, consignment.Filter{PointID: u.ServicePointID, Limit: 1}); err != nil {
		return fmt.Errorf("demo batches: %w", err)
	} else if len(bs) > 0 {
		return nil
	}
	svc := &consignment.Service{Store: st, Households: st, Products: st, Orgs: st, Points: st, Regions: st, Now: func() time.Time { return now }}
	month := impact.MonthPeriod(now).Previous()
	for i, b := range demoBatches {
		_, err := svc.Record(ctx, op, consignment.NewBatch{
			HouseholdCode: b.household, SKU: b.sku, Units: b.units, WeightG: b.grams, PerUnit: b.perUnit,
			ReceivedOn: impact.Day(month.From()).AddDate(0, 0, b.day-1), Token: fmt.Sprintf("demo-batch-%d", i+1),
		})
		if err != nil {
			return fmt.Errorf("demo batch %d: %w", i+1, err)
		}
	}
	return nil
}
