package importer_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/importer"
	"maeul/internal/programme"
	"maeul/internal/region"
	"maeul/internal/stats"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

func newStatsImporter(db *store.DB) *importer.Importer {
	im := newProgrammeImporter(db)
	im.Stats = &stats.Service{Figures: db, Facts: db, Categories: db, Orgs: db, Regions: db, Listings: db, Products: db}
	im.Programme.Totals = stats.ProgrammeTotals{Figures: db}
	return im
}

const goodFigures = "region_code,period,metric,value\n" +
	"220000,2019,online_retail_sales,\"1,234,567.89\"\n" +
	"220100,2019Q1,rural_online_retail_sales,12.5\n" +
	"220100000000,2019-03,agri_online_sales,7\n" +
	"2224,2019-q2,poverty_alleviation_sales,0.05\n" +
	"22,2019,designations_national_county,8\n"

// figureOf returns the stored figure, failing when there is none.
func figureOf(t *testing.T, db *store.DB, r region.Code, period string, m stats.Metric) int64 {
	t.Helper()
	v, ok, err := db.ReportedFigure(context.Background(), r, period, m)
	if err != nil || !ok {
		t.Fatalf("figure %s %s %s: %d, %v, %v", r, period, m, v, ok, err)
	}
	return v
}

func TestImportFigures(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		n, err := newStatsImporter(db).Import(ctx, "figures", "figures.csv", strings.NewReader(goodFigures))
		if err != nil || n != 5 {
			t.Fatalf("import: %d, %v", n, err)
		}
		tests := []struct {
			region region.Code
			period string
			metric stats.Metric
			want   int64
		}{
			{"220000000000", "2019", stats.OnlineRetailSales, 123456789},
			{"220100000000", "2019-Q1", stats.RuralOnlineRetailSales, 1250},
			{"220100000000", "2019-03", stats.AgriOnlineSales, 700},
			{"222400000000", "2019-Q2", stats.PovertyAlleviationSales, 5},
			{"220000000000", "2019", "designations_national_county", 8},
		}
		for _, tt := range tests {
			if got := figureOf(t, db, tt.region, tt.period, tt.metric); got != tt.want {
				t.Errorf("%s %s %s = %d, want %d", tt.region, tt.period, tt.metric, got, tt.want)
			}
		}
		// Re-importing replaces a figure rather than adding to it.
		again := "region_code,period,metric,value\n220100,2019-Q1,rural_online_retail_sales,20\n"
		if _, err := newStatsImporter(db).Import(ctx, "figures", "again.csv", strings.NewReader(again)); err != nil {
			t.Fatal(err)
		}
		if got := figureOf(t, db, "220100000000", "2019-Q1", stats.RuralOnlineRetailSales); got != 2000 {
			t.Errorf("after re-importing: %d, want 2000", got)
		}
		if _, ok, _ := db.ReportedFigure(ctx, "220100000000", "2019-Q2", stats.RuralOnlineRetailSales); ok {
			t.Error("a figure no file reported is known")
		}
		// Only the operator imports figures.
		im := newStatsImporter(db)
		im.Actor = accounts.Actor{User: accounts.User{ID: 9, Role: accounts.PrefectureAdmin, Scope: "222400000000"}}
		if _, err := im.Import(ctx, "figures", "f.csv", strings.NewReader(again)); !errs.Is(err, errs.Forbidden) {
			t.Errorf("an admin importing: %v, want forbidden", err)
		}
	})
}

func TestBadFigureFiles(t *testing.T) {
	h := "region_code,period,metric,value\n"
	tests := []struct {
		name, file string
		want       []string
	}{
		{"missing column", "region_code,period,metric\n", []string{"bad.csv:1: column value: err.importer.column_missing"}},
		{"bad region", h + "2224x,2019,online_retail_sales,1\n", []string{"bad.csv:2: column region_code: err.region.code_length 2224x"}},
		{"bad period", h + "2224,2019-Q5,online_retail_sales,1\n2224,19,online_retail_sales,1\n",
			[]string{"bad.csv:2: column period: err.stats.period 2019-Q5", "bad.csv:3: column period: err.stats.period 19"}},
		{"unknown metric", h + "2224,2019,gdp,1\n", []string{"bad.csv:2: column metric: err.stats.metric gdp"}},
		{"three decimals", h + "2224,2019,online_retail_sales,1.005\n", []string{"bad.csv:2: column value: err.money.decimals 1.005"}},
		{"negative", h + "2224,2019,online_retail_sales,-1\n", []string{"bad.csv:2: column value: err.stats.negative -1"}},
		{"fractional count", h + "22,2019,designations_national_county,1.5\n", []string{"bad.csv:2: column value: err.stats.count 1.5"}},
		{"empty value", h + "2224,2019,online_retail_sales,\n", []string{"bad.csv:2: column value: err.importer.empty"}},
		{"the same figure twice", h + "2224,2019Q1,online_retail_sales,1\n222400000000,2019-Q1,online_retail_sales,2\n",
			[]string{"bad.csv:3: err.importer.same_figure 2"}},
		{"good rows with a bad one", goodFigures + "2224,2019,online_retail_sales,x\n", []string{"bad.csv:7: column value: err.money.not_amount x"}},
	}
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				n, err := newStatsImporter(db).Import(context.Background(), "figures", "bad.csv", strings.NewReader(tt.file))
				if err == nil {
					t.Fatalf("import succeeded with %d rows, want an error", n)
				}
				if !errs.Is(err, errs.Invalid) {
					t.Errorf("error code = %q, want invalid", errs.CodeOf(err))
				}
				msg := reasons(err)
				at := 0
				for _, w := range tt.want {
					i := strings.Index(msg[at:], w)
					if i < 0 {
						t.Fatalf("error %q does not contain %q (after position %d)", msg, w, at)
					}
					at += i + len(w)
				}
				if _, ok, _ := db.ReportedFigure(context.Background(), "220000000000", "2019", stats.OnlineRetailSales); ok {
					t.Error("a refused file wrote a figure")
				}
			})
		}
	})
}

// TestDesignationShareOfProvince: the programme registers' counts carry
// the share of the province's total where a figure reports that total,
// and none where it does not.
func TestDesignationShareOfProvince(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		importDemo(t, db, "regions", "organizations", "stations")
		ctx := context.Background()
		im := newStatsImporter(db)
		for kind, file := range map[string]string{"designations": goodDesignations, "figures": goodFigures} {
			if _, err := im.Import(ctx, kind, kind+".csv", strings.NewReader(file)); err != nil {
				t.Fatalf("import %s: %v", kind, err)
			}
		}
		day := time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC)
		rows, err := im.Programme.DesignationCounts(ctx, accounts.SystemActor, "222400000000", 2019, day)
		if err != nil {
			t.Fatal(err)
		}
		want := []programme.DesignationRow{
			{Level: programme.National, SubjectKind: programme.County, Count: 1, Awarded: 1, ProvinceTotal: 8, Known: true, Share: 0.125},
		}
		if diff := cmp.Diff(want, rows); diff != "" {
			t.Errorf("counts of 2019 (-want +got):\n%s", diff)
		}
		// 2020: the title still counts; the province's total of 2020 is
		// not reported, so no share.
		rows, err = im.Programme.DesignationCounts(ctx, accounts.SystemActor, "222400000000", 2020, day.AddDate(1, 0, 0))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if r.Known || r.Share != 0 {
				t.Errorf("2020 %s %s: a share %v of %d without a reported total", r.Level, r.SubjectKind, r.Share, r.ProvinceTotal)
			}
		}
	})
}
