package stats_test

import (
	"context"
	"os"
	"testing"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/money"
	"maeul/internal/org"
	"maeul/internal/region"
	"maeul/internal/stats"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	storetest.Cleanup()
	os.Exit(code)
}

// A province of the tests' own: prefecture 2301 with three counties (the
// first with a rural, poor village), prefecture 2302 with one county, and
// prefecture 2303 that only reports figures.
var testRegions = []region.Region{
	{Code: "230000000000", Level: region.Province, Name: i18n.Text{En: "P"}},
	{Code: "230100000000", Parent: "230000000000", Level: region.Prefecture, Name: i18n.Text{En: "A"}},
	{Code: "230101000000", Parent: "230100000000", Level: region.County, Name: i18n.Text{En: "A1"}},
	{Code: "230101001000", Parent: "230101000000", Level: region.Town, Name: i18n.Text{En: "A1 town"}, Rural: true},
	{Code: "230101001001", Parent: "230101001000", Level: region.Village, Name: i18n.Text{En: "A1 village"}, Rural: true, Poor: true},
	{Code: "230102000000", Parent: "230100000000", Level: region.County, Name: i18n.Text{En: "A2"}},
	{Code: "230103000000", Parent: "230100000000", Level: region.County, Name: i18n.Text{En: "A3"}},
	{Code: "230200000000", Parent: "230000000000", Level: region.Prefecture, Name: i18n.Text{En: "B"}},
	{Code: "230201000000", Parent: "230200000000", Level: region.County, Name: i18n.Text{En: "B1"}},
}

func at(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 12, 0, 0, 0, time.FixedZone("CST", 8*3600))
}

func seedSales(t *testing.T, db *store.DB) *stats.Service {
	t.Helper()
	ctx := context.Background()
	if err := db.UpsertRegions(ctx, testRegions); err != nil {
		t.Fatal(err)
	}
	if err := db.UpsertOrganizations(ctx, []org.Organization{
		{Code: "a1-coop", Kind: org.Cooperative, Region: "230101001001", Name: i18n.Text{En: "coop"}},
		{Code: "a1-ent", Kind: org.Enterprise, Region: "230101000000", Name: i18n.Text{En: "ent"}},
	}); err != nil {
		t.Fatal(err)
	}
	coop, err := db.Organization(ctx, "a1-coop")
	if err != nil {
		t.Fatal(err)
	}
	ent, err := db.Organization(ctx, "a1-ent")
	if err != nil {
		t.Fatal(err)
	}
	facts := []stats.Fact{
		// A1, 2025-Q1: 300 (the village's cooperative 200 on the platform,
		// the county's enterprise 100 on JD); 2024-Q1: 200.
		{Channel: stats.Platform, OrderRef: "line-1", OrgID: coop.ID, Region: coop.Region, Category: "grains-rice", Amount: 20000, At: at(2025, 2, 1)},
		{Channel: stats.JD, OrderRef: "j1", OrgID: ent.ID, Region: ent.Region, Category: "handicrafts", Amount: 10000, At: at(2025, 3, 31)},
		{Channel: stats.JD, OrderRef: "j0", OrgID: ent.ID, Region: ent.Region, Category: "handicrafts", Amount: 20000, At: at(2024, 1, 15)},
		// A2: 300 in 2025-Q1 (a tie with A1), nothing a year before.
		{Channel: stats.Taobao, OrderRef: "t1", Region: "230102000000", Amount: 30000, At: at(2025, 1, 2)},
		// B1: 100 in 2025-Q1 and 100 a year before, with a refund of 20
		// in April 2024 that lowers 2024-Q2, not 2024-Q1.
		{Channel: stats.WeChat, OrderRef: "w1", Region: "230201000000", Category: "fruit", Amount: 10000, At: at(2025, 3, 1)},
		{Channel: stats.WeChat, OrderRef: "w0", Region: "230201000000", Category: "fruit", Amount: 10000, At: at(2024, 3, 1)},
		{Channel: stats.WeChat, OrderRef: "w0-refund", Region: "230201000000", Category: "fruit", Amount: -2000, At: at(2024, 4, 1)},
	}
	if err := db.SaveFacts(ctx, facts); err != nil {
		t.Fatal(err)
	}
	figures := []stats.Figure{
		// 2303 holds no facts: its reported figures count.
		{Region: "230300000000", Period: "2025-Q1", Metric: stats.OnlineRetailSales, Value: 40000},
		{Region: "230300000000", Period: "2024-Q1", Metric: stats.OnlineRetailSales, Value: 50000},
		// A (2301) has facts: its reported figure is never added to them.
		{Region: "230100000000", Period: "2025-Q1", Metric: stats.OnlineRetailSales, Value: 99900},
	}
	if err := db.SaveFigures(ctx, figures); err != nil {
		t.Fatal(err)
	}
	return &stats.Service{Figures: db, Facts: db, Sales: db, Categories: db, Orgs: db, Regions: db}
}

func fen(f money.Fen) *money.Fen { return &f }
func ratio(r float64) *float64   { return &r }

func TestRegionSales(t *testing.T) {
	tests := []struct {
		name     string
		region   region.Code
		period   string
		metric   stats.Metric
		amount   money.Fen
		source   stats.Source
		prior    *money.Fen
		growth   *float64
		share    *float64
		rank, of int
		overall  stats.Source
	}{
		{"growth on a year before", "230101000000", "2025-Q1", stats.OnlineRetailSales, 30000, stats.Computed, fen(20000), ratio(0.5), ratio(0.5), 1, 4, stats.Computed},
		{"a tie shares the rank; no prior period is null growth", "230102000000", "2025-Q1", stats.OnlineRetailSales, 30000, stats.Computed, nil, nil, ratio(0.5), 1, 4, stats.Computed},
		{"after a tie", "230201000000", "2025-Q1", stats.OnlineRetailSales, 10000, stats.Computed, fen(10000), ratio(0), ratio(1), 3, 4, stats.Computed},
		{"a region with no facts", "230103000000", "2025-Q1", stats.OnlineRetailSales, 0, "", nil, nil, ratio(0), 4, 4, stats.Computed},
		{"a refund lowers its own quarter", "230201000000", "2024-Q2", stats.OnlineRetailSales, -2000, stats.Computed, nil, nil, ratio(1), 4, 4, stats.Computed},
		{"the sale's quarter keeps the sale", "230201000000", "2024-Q1", stats.OnlineRetailSales, 10000, stats.Computed, nil, nil, ratio(1), 2, 4, stats.Computed},
		{"facts win over a reported figure", "230100000000", "2025-Q1", stats.OnlineRetailSales, 60000, stats.Computed, fen(20000), ratio(2), ratio(60000.0 / 110000), 1, 3, stats.Computed},
		{"a reported prefecture", "230300000000", "2025-Q1", stats.OnlineRetailSales, 40000, stats.Reported, fen(50000), ratio(-0.2), ratio(40000.0 / 110000), 2, 3, stats.Reported},
		{"the province: computed and reported, mixed", "230000000000", "2025-Q1", stats.OnlineRetailSales, 110000, stats.Mixed, fen(80000), ratio(110000.0/80000 - 1), nil, 0, 0, stats.Mixed},
		{"rural: the village's seller", "230101000000", "2025-Q1", stats.RuralOnlineRetailSales, 20000, stats.Computed, fen(0), nil, ratio(1), 1, 4, stats.Computed},
		{"agricultural: rice, not handicrafts", "230101000000", "2025-Q1", stats.AgriOnlineSales, 20000, stats.Computed, fen(0), nil, ratio(1), 1, 4, stats.Computed},
		{"poverty alleviation: a poor village's seller", "230101000000", "2025-Q1", stats.PovertyAlleviationSales, 20000, stats.Computed, fen(0), nil, ratio(1), 1, 4, stats.Computed},
	}
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		svc := seedSales(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				p, err := stats.ParsePeriod(tt.period)
				if err != nil {
					t.Fatal(err)
				}
				rf, err := svc.RegionSales(context.Background(), accounts.SystemActor, tt.region, p)
				if err != nil {
					t.Fatal(err)
				}
				f := rf.Metric(tt.metric)
				if f.Amount != tt.amount || f.Source != tt.source {
					t.Errorf("amount %d from %q, want %d from %q", f.Amount, f.Source, tt.amount, tt.source)
				}
				if !sameFen(f.Prior, tt.prior) || !sameRatio(f.Growth, tt.growth) || !sameRatio(f.Share, tt.share) {
					t.Errorf("prior %v growth %v share %v, want %v %v %v", show(f.Prior), show(f.Growth), show(f.Share), show(tt.prior), show(tt.growth), show(tt.share))
				}
				if f.Rank != tt.rank || f.RankAmong != tt.of {
					t.Errorf("rank %d of %d, want %d of %d", f.Rank, f.RankAmong, tt.rank, tt.of)
				}
				if rf.Source != tt.overall {
					t.Errorf("the figures' source %q, want %q", rf.Source, tt.overall)
				}
			})
		}
		ctx := context.Background()
		q1, _ := stats.ParsePeriod("2025Q1")
		rf, err := svc.RegionSales(ctx, accounts.SystemActor, "230101000000", q1)
		if err != nil {
			t.Fatal(err)
		}
		if rf.ByChannel[stats.Platform] != 20000 || rf.ByChannel[stats.JD] != 10000 || rf.Facts != 2 {
			t.Errorf("A1's channels %v from %d facts", rf.ByChannel, rf.Facts)
		}
		kids, err := svc.Divisions(ctx, accounts.SystemActor, "230100000000", q1)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, k := range kids {
			got = append(got, string(k.Region.Code)+":"+k.Metric(stats.OnlineRetailSales).Amount.Decimal())
		}
		if want := "[230101000000:300.00 230102000000:300.00 230103000000:0.00]"; fmtList(got) != want {
			t.Errorf("A's counties: %s, want %s", fmtList(got), want)
		}
		// Only those who oversee a region read its figures.
		other := accounts.Actor{User: accounts.User{ID: 5, Role: accounts.CountyAdmin, Scope: "230102000000"}}
		if _, err := svc.RegionSales(ctx, other, "230101000000", q1); !errs.Is(err, errs.Forbidden) {
			t.Errorf("another county's admin: %v, want forbidden", err)
		}
	})
}
