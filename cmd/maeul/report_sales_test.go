package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"maeul/internal/store/storetest"
)

// TestReportSales imports a year of outside sales and the province's
// other prefectures' figures, then reports Yanbian's and Yanji's first
// quarter of 2020 in every format.
func TestReportSales(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			dbURL := demoURL(t, engine)
			dir := t.TempDir()
			sales := filepath.Join(dir, "sales.csv")
			os.WriteFile(sales, []byte("channel,order_ref,org_code,region_code,category,amount,occurred_at\n"+
				"jd,A,yj-enterprise,,grains-rice,300,2020-02-01\n"+
				"jd,B,yj-enterprise,,grains-rice,200,2019-02-01\n"+
				"taobao,C,wq-coop,,forest-mushroom,100,2020-03-01\n"), 0o644)
			figures := filepath.Join(dir, "figures.csv")
			os.WriteFile(figures, []byte("region_code,period,metric,value\n"+
				"2201,2020Q1,online_retail_sales,1000\n2202,2020-Q1,online_retail_sales,200\n"), 0o644)
			for kind, file := range map[string]string{"sales": sales, "figures": figures} {
				if out, _, err := maeul(t, "", nil, "import", kind, file, "--db", dbURL); err != nil {
					t.Fatalf("import %s: %v %s", kind, err, out)
				}
			}
			out, _, err := maeul(t, "", nil, "report", "sales", "--db", dbURL, "--region", "222401", "--period", "2020Q1", "--format", "json", "--lang", "en")
			if err != nil {
				t.Fatal(err)
			}
			var yj struct {
				Region    string           `json:"region"`
				Name      string           `json:"name"`
				Period    string           `json:"period"`
				Total     int64            `json:"online_retail_sales_fen"`
				Growth    *float64         `json:"yoy_growth"`
				Rank      *int             `json:"rank"`
				RankAmong *int             `json:"rank_among"`
				Rural     *int64           `json:"rural_online_retail_sales_fen"`
				RuralRank *int             `json:"rural_rank"`
				Agri      int64            `json:"agri_online_sales_fen"`
				Poverty   *int64           `json:"poverty_alleviation_sales_fen"`
				ByChannel map[string]int64 `json:"by_channel"`
				Source    string           `json:"source"`
			}
			if err := json.Unmarshal([]byte(out), &yj); err != nil {
				t.Fatalf("%v:\n%s", err, out)
			}
			if yj.Region != "222401000000" || yj.Name != "Yanji City" || yj.Period != "2020-Q1" || yj.Total != 30000 || yj.Agri != 30000 ||
				yj.Growth == nil || *yj.Growth != 0.5 || yj.Rank == nil || *yj.Rank != 1 || yj.RankAmong == nil || *yj.RankAmong != 8 ||
				yj.Rural == nil || yj.RuralRank == nil || yj.Poverty == nil || yj.ByChannel["jd"] != 30000 || yj.Source != "computed" {
				t.Errorf("Yanji's report:\n%s", out)
			}
			out, _, err = maeul(t, "", nil, "report", "sales", "--db", dbURL, "--region", "222400", "--period", "2020-Q1", "--format", "json")
			if err != nil {
				t.Fatal(err)
			}
			var yb struct {
				Total     int64    `json:"online_retail_sales_fen"`
				Share     *float64 `json:"share_of_parent"`
				Rank      *int     `json:"rank"`
				RankAmong *int     `json:"rank_among"`
				Divisions []struct {
					Region string `json:"region"`
				} `json:"divisions"`
			}
			if err := json.Unmarshal([]byte(out), &yb); err != nil {
				t.Fatalf("%v:\n%s", err, out)
			}
			// Yanbian 400 ranks 2nd of the three prefectures known (1000,
			// 400, 200), a quarter of the province's 1,600.
			if yb.Total != 40000 || yb.Rank == nil || *yb.Rank != 2 || *yb.RankAmong != 3 || yb.Share == nil || *yb.Share != 0.25 || len(yb.Divisions) != 8 {
				t.Errorf("Yanbian's report:\n%s", out)
			}

			out, _, err = maeul(t, "", nil, "report", "sales", "--db", dbURL, "--region", "222400", "--period", "2020-Q1", "--format", "csv")
			if err != nil || !strings.HasPrefix(out, "metric,amount_fen,source,prior_fen,yoy_growth,share_of_parent,rank,rank_among\nonline_retail_sales,40000,computed,") {
				t.Errorf("CSV: %v\n%s", err, out)
			}
			out, _, err = maeul(t, "", nil, "report", "sales", "--db", dbURL, "--region", "222400", "--period", "2020-Q1")
			if err != nil || !strings.Contains(out, "online_retail_sales") || !strings.Contains(out, "2 of 3") {
				t.Errorf("table: %v\n%s", err, out)
			}
			out, _, err = maeul(t, "", nil, "report", "sales", "--db", dbURL, "--region", "222400", "--period", "2020-Q1", "--format", "xlsx", "--lang", "zh")
			if err != nil {
				t.Fatal(err)
			}
			x, err := excelize.OpenReader(bytes.NewReader([]byte(out)))
			if err != nil {
				t.Fatal(err)
			}
			defer x.Close()
			sheet := x.GetSheetName(0)
			if head, _ := x.GetCellValue(sheet, "B1"); head != "金额" {
				t.Errorf("the first sheet's B1 is %q, want 金额", head)
			}
			if typ, _ := x.GetCellType(sheet, "B2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
				t.Errorf("the amount is a %v cell, want a number", typ)
			}
			if v, _ := x.GetCellValue(sheet, "B2", excelize.Options{RawCellValue: true}); v != "400" {
				t.Errorf("the amount cell holds %q, want 400 (yuan)", v)
			}
			// A period that is no period is refused.
			if _, _, err := maeul(t, "", nil, "report", "sales", "--db", dbURL, "--region", "222400", "--period", "2020-Q5"); err == nil {
				t.Error("a bad period was accepted")
			}
		})
	}
}
