package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"maeul/internal/accounts"
	"maeul/internal/demo"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

// demoURL returns a database of the engine holding the demo data.
func demoURL(t *testing.T, engine string) string {
	t.Helper()
	dbURL := storetest.URL(t, engine)
	ctx := context.Background()
	db, err := store.Open(ctx, dbURL, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	accts := accounts.NewService(db)
	accts.Params = storetest.CheapHash
	if err := demo.Load(ctx, db, accts); err != nil {
		t.Fatal(err)
	}
	return dbURL
}

// TestImportFiguresGivesProvinceShare: the province's reported total of
// a kind of title (the demo reports one, the file replaces it) gives the
// programme report its share; a bad figures file is refused with its
// lines in the language asked for.
func TestImportFiguresGivesProvinceShare(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			dbURL := demoURL(t, engine)
			dir := t.TempDir()
			good := filepath.Join(dir, "figures.csv")
			os.WriteFile(good, []byte("region_code,period,metric,value\n22,2019,designations_national_county,4\n220000,2019Q1,online_retail_sales,1000.50\n"), 0o644)
			if out, _, err := maeul(t, "", nil, "import", "figures", good, "--db", dbURL); err != nil {
				t.Fatalf("import: %v %s", err, out)
			}
			bad := filepath.Join(dir, "bad.csv")
			os.WriteFile(bad, []byte("region_code,period,metric,value\n22,2019-Q5,online_retail_sales,1\n"), 0o644)
			_, _, err := maeul(t, "", nil, "import", "figures", bad, "--db", dbURL, "--lang", "zh")
			want := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(bad) + `:2: column period: 期间 "2019-Q5" 无效`)
			if err == nil || !want.MatchString(err.Error()) {
				t.Errorf("bad file: error does not match %v:\n%v", want, err)
			}

			out, _, err := maeul(t, "", nil, "report", "programmes", "--db", dbURL, "--region", "222424", "--year", "2019", "--format", "json")
			if err != nil {
				t.Fatal(err)
			}
			var got struct {
				Designations []struct {
					Level         string   `json:"level"`
					SubjectKind   string   `json:"subject_kind"`
					Count         int      `json:"count"`
					ProvinceTotal *int64   `json:"province_total"`
					Share         *float64 `json:"share"`
				} `json:"designations"`
			}
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("%v:\n%s", err, out)
			}
			found := false
			for _, d := range got.Designations {
				if d.Level == "national" && d.SubjectKind == "county" {
					found = true
					if d.ProvinceTotal == nil || *d.ProvinceTotal != 4 || d.Share == nil || *d.Share != 0.25 {
						t.Errorf("Wangqing's national county titles: %d of %v, share %v; want 1 of 4, 0.25", d.Count, d.ProvinceTotal, d.Share)
					}
				}
			}
			if !found {
				t.Errorf("no national county titles in\n%s", out)
			}
		})
	}
}
