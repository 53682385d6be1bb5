package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/demo"
	"maeul/internal/errs"
	"maeul/internal/impact"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

func TestReportImpact(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			dbURL := storetest.URL(t, engine)
			ctx := context.Background()
			db, err := store.Open(ctx, dbURL, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			accts := accounts.NewService(db)
			accts.Params = accounts.HashParams{Time: 1, MemKiB: 1024, Threads: 1}
			if err := demo.Load(ctx, db, accts); err != nil {
				t.Fatal(err)
			}
			db.Close()
			// The demo's sales are in the month before this one, its
			// dividends paid in this one.
			now := time.Now()
			month := impact.MonthPeriod(now).Previous().Text
			year := now.Format("2006")

			out, _, err := maeul(t, "", nil, "report", "impact", "--db", dbURL, "--region", "222424", "--period", month, "--format", "json")
			if err != nil {
				t.Fatal(err)
			}
			var got map[string]any
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("%v:\n%s", err, out)
			}
			for _, k := range []string{"region", "period", "households_reached", "persons_reached", "income_added_fen",
				"income_added_per_person_fen", "dividends_paid_fen", "top_products"} {
				if _, ok := got[k]; !ok {
					t.Errorf("the JSON has no %q:\n%s", k, out)
				}
			}
			if got["region"] != "222424000000" || got["period"] != month || got["households_reached"].(float64) < 1 ||
				got["income_added_fen"].(float64) <= 0 || got["income_added_per_person_fen"].(float64) <= 0 {
				t.Errorf("Wangqing in %s:\n%s", month, out)
			}

			out, _, err = maeul(t, "", nil, "report", "impact", "--db", dbURL, "--region", "2224", "--period", year, "--format", "csv")
			if err != nil {
				t.Fatal(err)
			}
			recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if err != nil || len(recs) != 2 || recs[0][0] != "region" || recs[1][0] != "222400000000" || len(recs[0]) != len(recs[1]) {
				t.Errorf("csv: %v\n%s", err, out)
			}

			out, _, err = maeul(t, "", nil, "report", "impact", "--db", dbURL, "--region", "222424100201", "--period", month, "--lang", "en")
			if err != nil || !strings.Contains(out, "Dongxing Village") || !strings.Contains(out, "poor households reached") ||
				!strings.Contains(out, "top products") {
				t.Errorf("table: %v\n%s", err, out)
			}

			for _, args := range [][]string{
				{"report"}, {"report", "impact", "--period", month}, {"report", "impact", "--region", "222424", "--period", "2026-13"},
				{"report", "impact", "--region", "222424", "--period", month, "--format", "xml"},
			} {
				_, _, err := maeul(t, "", nil, append(args, "--db", dbURL)...)
				if code := exitCode(err, io.Discard); code != 2 {
					t.Errorf("maeul %v: exit %d (%v), want 2", args, code, err)
				}
			}
			_, _, err = maeul(t, "", nil, "report", "impact", "--db", dbURL, "--region", "229999", "--period", month)
			if code := exitCode(err, io.Discard); code != 1 || !errs.HasReason(err, "err.region.not_found") {
				t.Errorf("an unknown region: exit %d (%v), want 1", code, err)
			}
		})
	}
}
