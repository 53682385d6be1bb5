package demo_test

import (
	"context"
	"testing"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/demo"
	"maeul/internal/impact"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

func TestDemoSalesVerifyAndLoadOnce(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		accts := accounts.NewService(db)
		accts.Params = accounts.HashParams{Time: 1, MemKiB: 1024, Threads: 1}
		start := time.Now()
		if err := demo.Load(ctx, db, accts); err != nil {
			t.Fatal(err)
		}
		t.Logf("demo loaded in %s", time.Since(start).Round(time.Millisecond))
		rep, err := db.VerifyLedger(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !rep.OK() || rep.PaidLines < 25 || rep.RefundLines != 2 {
			t.Fatalf("the demo ledger: %+v", rep)
		}
		month := impact.MonthPeriod(time.Now()).Previous()
		imp := &impact.Service{Store: db, Orgs: db, Points: db, Regions: db, Products: db}
		var paid impact.Period
		for _, code := range []string{"wq-dongxing-store", "yj-laotou-store"} {
			o, _ := db.Organization(ctx, code)
			run, err := db.DividendRun(ctx, o.ID, month.Text)
			if err != nil || run.Amount <= 0 || len(run.Shares) < 5 {
				t.Errorf("%s's dividend run for %s: %+v, %v", code, month.Text, run, err)
			}
			paid = impact.MonthPeriod(run.ExecutedAt)
		}
		f, err := imp.RegionFigures(ctx, "222424", month.Text)
		if err != nil || f.HouseholdsReached == 0 || f.Supply <= 0 || len(f.TopProducts) == 0 {
			t.Errorf("Wangqing's figures for %s: %+v, %v", month.Text, f, err)
		}
		f, err = imp.RegionFigures(ctx, "222424", paid.Text)
		if err != nil || f.DividendsPaid <= 0 {
			t.Errorf("Wangqing's figures for %s: %+v, %v", paid.Text, f, err)
		}
		st, err := imp.Statement(ctx, accounts.SystemActor, "222424100201-01", paid.Text)
		if err != nil || st.Dividend <= 0 || st.PaidOut <= 0 || st.Closing <= 0 {
			t.Errorf("a Dongxing member's statement for %s: %+v, %v", paid.Text, st, err)
		}
		if err := demo.Load(ctx, db, accts); err != nil {
			t.Fatal(err)
		}
		again, err := db.VerifyLedger(ctx)
		if err != nil || !again.OK() || again.Entries != rep.Entries || again.PaidLines != rep.PaidLines {
			t.Errorf("loading twice: %+v → %+v, %v", rep, again, err)
		}
	})
}
