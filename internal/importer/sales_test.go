package importer_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/money"
	"maeul/internal/region"
	"maeul/internal/stats"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

// Sales of 2025 on outside channels: the Yanji enterprise (county seat,
// not rural) on JD twice, the Laotou cooperative (a poor village) on
// Taobao, a seller known only by its village (Chunxing, rural, not poor)
// on WeChat, and a JD refund in April.
const goodSales = "channel,order_ref,org_code,region_code,category,amount,occurred_at\n" +
	"jd,JD-1,yj-enterprise,,grains-rice,100.50,2025-03-01\n" +
	"jd,JD-2,yj-enterprise,222401,handicrafts,20,2025-03-31T23:59:59\n" +
	"taobao,TB-1,yj-coop,,forest-mushroom,30,2025-02-10T08:00:00+08:00\n" +
	"wechat,WX-1,,222401100202,,5.25,2025-01-31T16:30:00Z\n" +
	"JD,JD-R1,yj-enterprise,,grains-rice,-10.50,2025-04-02 10:00\n"

func salesIn(t *testing.T, db *store.DB, period string, within region.Code) stats.Sums {
	t.Helper()
	got, err := db.SalesSums(context.Background(), period, within, within.Level())
	if err != nil {
		t.Fatal(err)
	}
	return got[within]
}

func TestImportSalesTwiceChangesNoTotal(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		importDemo(t, db, "regions", "organizations", "stations")
		ctx := context.Background()
		q1 := stats.Sums{Total: 15575, Rural: 3525, Agri: 13050, Poverty: 3000, Facts: 4}
		q1Channels := map[stats.Channel]money.Fen{stats.JD: 12050, stats.Taobao: 3000, stats.WeChat: 525}
		q1Categories := map[string]money.Fen{"grains": 10050, "handicrafts": 2000, "forest": 3000, "": 525}
		q1p, _ := stats.ParsePeriod("2025-Q1")
		for range 2 {
			n, err := newStatsImporter(db).Import(ctx, "sales", "sales.csv", strings.NewReader(goodSales))
			if err != nil || n != 5 {
				t.Fatalf("import: %d, %v", n, err)
			}
			if diff := cmp.Diff(q1, salesIn(t, db, "2025-Q1", "222401000000")); diff != "" {
				t.Errorf("Yanji's 2025-Q1 (-want +got):\n%s", diff)
			}
			chs, cats, err := db.SalesMix(ctx, q1p, "222401000000")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(q1Channels, chs); diff != "" {
				t.Errorf("Yanji's 2025-Q1 channels (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(q1Categories, cats); diff != "" {
				t.Errorf("Yanji's 2025-Q1 categories (-want +got):\n%s", diff)
			}
			if got := salesIn(t, db, "2025-Q2", "222401000000"); got.Total != -1050 || got.Facts != 1 {
				t.Errorf("Yanji's 2025-Q2: %+v, want the refund of 10.50", got)
			}
			if got := salesIn(t, db, "2025", "222400000000"); got.Total != 14525 || got.Facts != 5 {
				t.Errorf("Yanbian's 2025: %+v, want 145.25 in 5 facts", got)
			}
		}
		// A line re-imported with another amount and month replaces its fact.
		fix := "channel,order_ref,org_code,region_code,category,amount,occurred_at\njd,JD-2,yj-enterprise,,handicrafts,25,2025-04-01\n"
		if _, err := newStatsImporter(db).Import(ctx, "sales", "fix.csv", strings.NewReader(fix)); err != nil {
			t.Fatal(err)
		}
		if _, cats, _ := db.SalesMix(ctx, q1p, "222401000000"); cats["handicrafts"] != 0 {
			t.Errorf("Yanji's 2025-Q1 handicrafts after moving JD-2 to April: %d", cats["handicrafts"])
		}
		if got := salesIn(t, db, "2025-Q1", "222401000000"); got.Total != 13575 || got.Facts != 3 {
			t.Errorf("Yanji's 2025-Q1 after moving JD-2 to April: %+v", got)
		}
		if got := salesIn(t, db, "2025-04", "222401000000"); got.Total != 1450 || got.Facts != 2 {
			t.Errorf("Yanji's 2025-04 after moving JD-2 there: %+v", got)
		}
	})
}

func TestImportSalesPermissions(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		importDemo(t, db, "regions", "organizations", "stations")
		ctx := context.Background()
		yj, err := db.Organization(ctx, "yj-enterprise")
		if err != nil {
			t.Fatal(err)
		}
		own := "channel,order_ref,org_code,amount,occurred_at\njd,S-1,yj-enterprise,1,2025-03-01\n"
		other := "channel,order_ref,org_code,amount,occurred_at\njd,S-2,wq-enterprise,1,2025-03-01\n"
		area := "channel,order_ref,region_code,amount,occurred_at\njd,S-3,222401100202,1,2025-03-01\n"
		tests := []struct {
			name  string
			actor accounts.Actor
			file  string
			want  string // "" for imported, else the reason of the line's problem
		}{
			{"a seller, its own sales", accounts.Actor{User: accounts.User{ID: 7, Role: accounts.Seller, OrgID: yj.ID}}, own, ""},
			{"a seller, another's", accounts.Actor{User: accounts.User{ID: 7, Role: accounts.Seller, OrgID: yj.ID}}, other, "err.accounts.forbidden"},
			{"a seller, a region", accounts.Actor{User: accounts.User{ID: 7, Role: accounts.Seller, OrgID: yj.ID}}, area, "err.accounts.forbidden"},
			{"Yanji's admin, its region", accounts.Actor{User: accounts.User{ID: 8, Role: accounts.CountyAdmin, Scope: "222401000000"}}, area, ""},
			{"Yanji's admin, Wangqing's seller", accounts.Actor{User: accounts.User{ID: 8, Role: accounts.CountyAdmin, Scope: "222401000000"}}, other, "err.accounts.forbidden"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				im := newStatsImporter(db)
				im.Actor = tt.actor
				_, err := im.Import(ctx, "sales", "s.csv", strings.NewReader(tt.file))
				if tt.want == "" {
					if err != nil {
						t.Fatalf("refused: %v", err)
					}
					return
				}
				if got := reasons(err); !strings.Contains(got, "s.csv:2: column ") || !strings.Contains(got, tt.want) {
					t.Errorf("got %q, want %s at line 2", got, tt.want)
				}
			})
		}
		shopper := newStatsImporter(db)
		shopper.Actor = accounts.Actor{User: accounts.User{ID: 9, Role: accounts.Shopper}}
		if _, err := shopper.Import(ctx, "sales", "s.csv", strings.NewReader(own)); !errs.Is(err, errs.Forbidden) {
			t.Errorf("a shopper importing sales: %v, want forbidden", err)
		}
	})
}

func TestBadSalesFiles(t *testing.T) {
	h := "channel,order_ref,org_code,region_code,category,amount,occurred_at\n"
	tests := []struct {
		name, file string
		want       []string
	}{
		{"missing column", "channel,order_ref,org_code,amount\n", []string{"bad.csv:1: column occurred_at: err.importer.column_missing"}},
		{"platform is no import channel", h + "platform,P-1,yj-enterprise,,,1,2025-03-01\n", []string{"bad.csv:2: column channel: err.stats.channel platform"}},
		{"bad amount", h + "jd,J-1,yj-enterprise,,,1.001,2025-03-01\n", []string{"bad.csv:2: column amount: err.money.decimals 1.001"}},
		{"bad time", h + "jd,J-1,yj-enterprise,,,1,2025-03-32\n", []string{"bad.csv:2: column occurred_at: err.stats.occurred_at 2025-03-32"}},
		{"no seller", h + "jd,J-1,,,,1,2025-03-01\n", []string{"bad.csv:2: column org_code: err.stats.no_seller"}},
		{"unknown seller", h + "jd,J-1,nope,,,1,2025-03-01\n", []string{"bad.csv:2: column org_code: err.stats.no_org nope"}},
		{"unknown region", h + "jd,J-1,,222401100299,,1,2025-03-01\n", []string{"bad.csv:2: column region_code: err.stats.no_region 222401100299"}},
		{"seller elsewhere", h + "jd,J-1,yj-enterprise,222424,,1,2025-03-01\n", []string{"bad.csv:2: column region_code: err.stats.org_elsewhere yj-enterprise 222424000000"}},
		{"unknown category", h + "jd,J-1,yj-enterprise,,caviar,1,2025-03-01\n", []string{"bad.csv:2: column category: err.stats.category caviar"}},
		{"the same order twice", h + "jd,J-1,yj-enterprise,,,1,2025-03-01\nJD,J-1,yj-enterprise,,,2,2025-03-02\n", []string{"bad.csv:3: column order_ref: err.importer.same_order 2"}},
		{"good rows with a bad one", goodSales + "jd,J-9,nope,,,1,2025-03-01\n", []string{"bad.csv:7: column org_code: err.stats.no_org nope"}},
	}
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		importDemo(t, db, "regions", "organizations", "stations")
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				n, err := newStatsImporter(db).Import(context.Background(), "sales", "bad.csv", strings.NewReader(tt.file))
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
				if got := salesIn(t, db, "2025", "222400000000"); got.Facts != 0 {
					t.Errorf("a refused file wrote %d facts", got.Facts)
				}
			})
		}
	})
}
