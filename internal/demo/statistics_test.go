package demo_test

import (
	"context"
	"testing"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/demo"
	"maeul/internal/stats"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

// TestDemoStatistics: the demo holds three years of outside sales, so
// that the last complete quarter has year-on-year growth, Yanbian ranks
// second among the province's nine prefectures, and several channels
// sell; loading again changes no total.
func TestDemoStatistics(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 5, 20, 3, 0, 0, 0, time.UTC)
		accts := accounts.NewService(db)
		accts.Params = accounts.HashParams{Time: 1, MemKiB: 1024, Threads: 1}
		accts.Now = func() time.Time { return now }
		if err := demo.Load(ctx, db, accts); err != nil {
			t.Fatal(err)
		}
		svc := &stats.Service{Figures: db, Facts: db, Sales: db, Categories: db, Orgs: db, Regions: db}
		q1, _ := stats.ParsePeriod("2026-Q1")
		f, err := svc.RegionSales(ctx, accounts.SystemActor, "222400000000", q1)
		if err != nil {
			t.Fatal(err)
		}
		total := f.Metric(stats.OnlineRetailSales)
		if total.Source != stats.Computed || total.Growth == nil || *total.Growth < 0.05 || total.Rank != 2 || total.RankAmong != 9 {
			t.Errorf("Yanbian in 2026-Q1: %d from %q, growth %v, rank %d of %d; want computed, growing, 2nd of 9",
				total.Amount, total.Source, total.Growth, total.Rank, total.RankAmong)
		}
		if len(f.ByChannel) < 5 {
			t.Errorf("channels %v, want at least 5", f.ByChannel)
		}
		oldest, _ := stats.ParsePeriod("2023-Q3")
		if g, err := svc.RegionSales(ctx, accounts.SystemActor, "222400000000", oldest); err != nil || g.Facts == 0 {
			t.Errorf("2023-Q3, three years back: %d facts, %v", g.Facts, err)
		}
		kids, err := svc.Divisions(ctx, accounts.SystemActor, "222400000000", q1)
		if err != nil || len(kids) != 8 {
			t.Fatalf("counties: %d, %v", len(kids), err)
		}
		if err := demo.Load(ctx, db, accts); err != nil {
			t.Fatal(err)
		}
		again, err := svc.RegionSales(ctx, accounts.SystemActor, "222400000000", q1)
		if err != nil || again.Metric(stats.OnlineRetailSales).Amount != total.Amount {
			t.Errorf("loading again: %d, %v; want %d", again.Metric(stats.OnlineRetailSales).Amount, err, total.Amount)
		}
	})
}
