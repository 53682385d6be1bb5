package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"maeul/internal/accounts"
	"maeul/internal/demo"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

func TestReportProgrammesAndEvents(t *testing.T) {
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
			accts.Params = storetest.CheapHash
			if err := demo.Load(ctx, db, accts); err != nil {
				t.Fatal(err)
			}
			db.Close()

			out, _, err := maeul(t, "", nil, "report", "programmes", "--db", dbURL, "--region", "222424", "--format", "json")
			if err != nil {
				t.Fatal(err)
			}
			var got struct {
				Region       string `json:"region"`
				Designations []struct {
					Level       string `json:"level"`
					SubjectKind string `json:"subject_kind"`
					Count       int    `json:"count"`
				} `json:"designations"`
				PairedVillages       *int              `json:"paired_villages"`
				UnpairedPoorVillages []json.RawMessage `json:"unpaired_poor_villages"`
				Events               []struct {
					Name         string `json:"name"`
					Starts       string `json:"starts"`
					Ends         string `json:"ends"`
					Participants int    `json:"participants"`
					SalesFen     *int64 `json:"sales_fen"`
					DealsFen     int64  `json:"deals_fen"`
				} `json:"events"`
			}
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("%v:\n%s", err, out)
			}
			counts := map[string]int{}
			for _, d := range got.Designations {
				counts[d.Level+"/"+d.SubjectKind] = d.Count
			}
			// Wangqing: the county, a town, two villages, the enterprise, the
			// cooperative, the fungus base and the Dongxing station.
			want := map[string]int{"national/county": 1, "provincial/town": 1, "provincial/village": 1, "prefecture/village": 1,
				"national/enterprise": 1, "provincial/cooperative": 1, "national/base": 1, "prefecture/station": 1}
			for k, n := range want {
				if counts[k] != n {
					t.Errorf("Wangqing's %s titles = %d, want %d", k, counts[k], n)
				}
			}
			if got.Region != "222424000000" || got.PairedVillages == nil || *got.PairedVillages != 3 || got.UnpairedPoorVillages == nil {
				t.Errorf("Wangqing's report:\n%s", out)
			}
			// The demo's sales month holds the autumn fair and its deals;
			// the new-year fair is the prefecture's, not Wangqing's.
			out, _, err = maeul(t, "", nil, "report", "events", "--db", dbURL, "--format", "json", "--lang", "en")
			if err != nil {
				t.Fatal(err)
			}
			var evs struct {
				Events []struct {
					Code         string `json:"code"`
					Participants int    `json:"participants"`
					SalesFen     int64  `json:"sales_fen"`
					DealsFen     int64  `json:"deals_fen"`
					TotalFen     int64  `json:"total_fen"`
				} `json:"events"`
			}
			if err := json.Unmarshal([]byte(out), &evs); err != nil {
				t.Fatalf("%v:\n%s", err, out)
			}
			byCode := map[string]int{}
			for i, e := range evs.Events {
				byCode[e.Code] = i
			}
			autumn, ok := byCode["wq-matchmaking-autumn"]
			if _, ok2 := byCode["yb-matchmaking-newyear"]; !ok || !ok2 {
				t.Fatalf("events:\n%s", out)
			}
			if e := evs.Events[autumn]; e.Participants != 8 || e.SalesFen <= 0 || e.DealsFen != 1_919_300_00 || e.TotalFen != e.SalesFen+e.DealsFen {
				t.Errorf("the autumn fair: %+v", e)
			}

			out, _, err = maeul(t, "", nil, "report", "programmes", "--db", dbURL, "--region", "2224", "--format", "xlsx", "--lang", "zh")
			if err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(bytes.NewReader([]byte(out)))
			if err != nil {
				t.Fatalf("the XLSX does not open: %v", err)
			}
			if sheets := f.GetSheetList(); len(sheets) != 4 {
				t.Errorf("sheets: %v", sheets)
			}
			out, _, err = maeul(t, "", nil, "report", "programmes", "--db", dbURL, "--region", "222424", "--lang", "en")
			if err != nil || !strings.Contains(out, "Wangqing") || !strings.Contains(out, "paired villages") {
				t.Errorf("table: %v\n%s", err, out)
			}
			for _, args := range [][]string{
				{"report", "programmes"}, {"report", "programmes", "--region", "22x"}, {"report", "events", "--format", "xml"},
			} {
				_, _, err := maeul(t, "", nil, append(args, "--db", dbURL)...)
				if code := exitCode(err, io.Discard); code != 2 {
					t.Errorf("maeul %v: exit %d (%v), want 2", args, code, err)
				}
			}
			_, _, err = maeul(t, "", nil, "report", "programmes", "--db", dbURL, "--region", "222424", "--year", "1980")
			if code := exitCode(err, io.Discard); code != 1 {
				t.Errorf("a year out of range: exit %d (%v), want 1", code, err)
			}
		})
	}
}
