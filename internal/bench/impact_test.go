package bench_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/bench"
	"maeul/internal/demo"
	"maeul/internal/impact"
	"maeul/internal/money"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

// TestImpactLoadPostsAVerifiableLedger runs the impact load small: the
// lines it generates must leave a ledger that verifies, and figures whose
// year equals the sum of its quarters.
func TestImpactLoadPostsAVerifiableLedger(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		accts := accounts.NewService(db)
		accts.Params = accounts.HashParams{Time: 1, MemKiB: 1024, Threads: 1}
		if err := demo.Load(ctx, db, accts); err != nil {
			t.Fatal(err)
		}
		before, err := db.LedgerSize(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// A year in the future, clear of the demo's sales.
		opt := bench.ImpactOptions{Households: 120, Lines: 1500, Months: 12, Samples: 2, Seed: 7, Now: time.Date(2031, 1, 15, 0, 0, 0, 0, time.UTC)}
		w, err := bench.SetUpImpact(ctx, db, opt)
		if err != nil {
			t.Fatal(err)
		}
		lines, orders, err := bench.GenerateImpact(ctx, db, w, opt)
		if err != nil {
			t.Fatal(err)
		}
		after, err := db.LedgerSize(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if lines != 1500 || orders < 500 || after.PaidLines-before.PaidLines != 1500 || after.Entries <= before.Entries+4*1500 {
			t.Errorf("%d lines in %d orders; the ledger went from %+v to %+v", lines, orders, before, after)
		}
		rep, err := db.VerifyLedger(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !rep.OK() {
			t.Fatalf("verify: %q", rep.Problems)
		}
		imp := &impact.Service{Store: db, Orgs: db, Points: db, Regions: db, Products: db}
		year, err := imp.RegionFigures(ctx, "222424", "2030")
		if err != nil {
			t.Fatal(err)
		}
		var sum, dividends money.Fen
		for q := 1; q <= 4; q++ {
			f, err := imp.RegionFigures(ctx, "222424", fmt.Sprintf("2030-Q%d", q))
			if err != nil {
				t.Fatal(err)
			}
			sum += f.IncomeAdded
			dividends += f.DividendsPaid
		}
		if year.IncomeAdded <= 0 || year.DividendsPaid <= 0 || year.IncomeAdded != sum || year.DividendsPaid != dividends || year.HouseholdsReached == 0 {
			t.Errorf("2030 by year %+v; by quarter income %d, dividends %d", year, sum, dividends)
		}
		ts, err := bench.MeasureImpact(ctx, db, w, opt)
		if err != nil || len(ts) != 7 {
			t.Errorf("MeasureImpact: %v, %v", ts, err)
		}
		// A second setup finds the first's households and products.
		again, err := bench.SetUpImpact(ctx, db, opt)
		if err != nil || len(again.Products) != len(w.Products) {
			t.Errorf("second setup: %d products, %v", len(again.Products), err)
		}
	})
}
