package statistics_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"maeul/internal/accounts"
	"maeul/internal/network"
	"maeul/internal/server/servertest"
	"maeul/internal/stats"
	"maeul/internal/store/storetest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	storetest.Cleanup()
	os.Exit(code)
}

func want(t *testing.T, what string, r *servertest.Response, status int, contains ...string) {
	t.Helper()
	if r.StatusCode != status {
		t.Errorf("%s: status %d, want %d\n%.800s", what, r.StatusCode, status, r.Body)
		return
	}
	for _, s := range contains {
		if !strings.Contains(r.Body, s) {
			t.Errorf("%s: the page lacks %q", what, s)
		}
	}
}

// upload posts a file as the upload form does.
func upload(t *testing.T, c *servertest.Client, path, name, body string) *servertest.Response {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write([]byte(body))
	mw.Close()
	return c.Do(http.MethodPost, path, &b, "Content-Type", mw.FormDataContentType(), "Sec-Fetch-Site", "same-origin")
}

func china(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 12, 0, 0, 0, time.FixedZone("CST", 8*3600))
}

// TestStatisticsConsole: the prefecture's admin reads the dashboard, its
// exports and the printable report of a quarter; a county admin uploads
// its area's sales, a refused file shown at its lines; a seller uploads
// its own; the auditor reads but uploads nothing.
func TestStatisticsConsole(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine)
			ctx := context.Background()
			yj, err := env.DB.Organization(ctx, "yj-enterprise")
			if err != nil {
				t.Fatal(err)
			}
			if err := env.DB.SaveFacts(ctx, []stats.Fact{
				{Channel: stats.JD, OrderRef: "a", OrgID: yj.ID, Region: yj.Region, Category: "grains-rice", Amount: 30000, At: china(2019, 2, 1)},
				{Channel: stats.JD, OrderRef: "b", OrgID: yj.ID, Region: yj.Region, Category: "grains-rice", Amount: 20000, At: china(2018, 2, 1)},
				{Channel: stats.Taobao, OrderRef: "c", Region: "222424100201", Category: "forest-mushroom", Amount: 10000, At: china(2019, 3, 1)},
			}); err != nil {
				t.Fatal(err)
			}
			pref, county, auditor, seller := env.Client(), env.Client(), env.Client(), env.Client()
			pref.SignIn("prefecture@maeul.test")
			county.SignIn("county-wangqing@maeul.test")
			auditor.SignIn("auditor@maeul.test")
			seller.SignIn("seller-yanji@maeul.test")

			// The register of channel listings shows on the product page.
			want(t, "a product also on JD", env.Client().Get("/products/yj-chaoyangchuan-rice?lang=en"), 200, "Also on:",
				`href="https://item.jd.com/100000000001.html"`, ">JD<", ">Tmall<")

			q := "?region=222400&period=2019-Q1"
			want(t, "the dashboard", pref.Get("/admin/stats"+q+"&lang=en"), 200, "Quarterly trend", "¥400.00", "Divisions compared",
				"Yanji City", "&#43;50.0%", `data-table="t-trend"`, `id="t-trend"`, "vendor/echarts-6.1.0.", "Rice &amp; grains", "JD", "Taobao")
			want(t, "the dashboard in Korean", pref.Get("/admin/stats"+q+"&lang=ko"), 200, "분기별 추이", "인터넷 소매액")
			want(t, "the dashboard in Chinese", pref.Get("/admin/stats"+q+"&lang=zh"), 200, "季度走势", "网络零售额")
			want(t, "a future quarter", pref.Get("/admin/stats?period=2999-Q1"), 422)
			want(t, "a month is no quarter", pref.Get("/admin/stats?period=2019-03"), 422)
			// The coverage tile: the registry's figures as they stand now.
			cov, err := (&network.Service{Store: env.DB}).Coverage(ctx, accounts.SystemActor, "222400000000", network.ReportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			rate, _ := cov.Rate()
			want(t, "the coverage tile", pref.Get("/admin/stats"+q+"&lang=en"), 200, "Poor villages served",
				fmt.Sprintf("%.1f%%", 100*rate), fmt.Sprintf("%d of %d, now", cov.PoorVillagesServed, cov.PoorVillages))
			want(t, "the auditor", auditor.Get("/admin/stats"+q+"&lang=en"), 200, "Quarterly trend")
			want(t, "the county's own", county.Get("/admin/stats?period=2019-Q1&lang=en"), 200, "Wangqing", "¥100.00")
			want(t, "another county", county.Get("/admin/stats?region=222401&period=2019-Q1"), 403)

			r := pref.Get("/admin/stats/export" + q + "&format=csv&table=trend")
			want(t, "the trend as CSV", r, 200, "quarter,online_retail_sales_fen,yoy_growth", "2019-Q1,40000,1.0000")
			r = pref.Get("/admin/stats/export" + q + "&format=xlsx&lang=zh")
			want(t, "the workbook", r, 200)
			x, err := excelize.OpenReader(strings.NewReader(r.Body))
			if err != nil {
				t.Fatal(err)
			}
			if got := x.GetSheetList(); len(got) != 5 {
				t.Errorf("sheets %v, want 5", got)
			}
			sheet := x.GetSheetName(0)
			if head, _ := x.GetCellValue(sheet, "B1"); head != "网络零售额" {
				t.Errorf("the trend's B1 is %q", head)
			}
			if v, _ := x.GetCellValue(sheet, "B9", excelize.Options{RawCellValue: true}); v != "400" {
				t.Errorf("the trend's last quarter holds %q, want 400", v)
			}
			if panes, err := x.GetPanes(sheet); err != nil || !panes.Freeze || panes.YSplit != 1 {
				t.Errorf("the header row is not frozen: %+v %v", panes, err)
			}
			x.Close()

			want(t, "the report in Chinese", pref.Get("/admin/stats/report"+q+"&lang=zh"), 200, "2019年第1季度", "实现网络零售额¥400.00",
				"同比增长100.00%", "数据来源")
			want(t, "the report in English", pref.Get("/admin/stats/report"+q+"&lang=en"), 200, "In Q1 2019, online retail sales of", "up 100.00% year on year",
				"It ranks 1st, the only region of its level the province&#39;s figures hold.", "computed from 2 sales records")
			want(t, "Yanji's report in Korean", pref.Get("/admin/stats/report?region=222401&period=2019-Q1&lang=ko"), 200, "2019년 1분기", "1위입니다")

			// Uploads: the county's admin, its own area.
			want(t, "the auditor's upload page", auditor.Get("/admin/stats/import"), 403)
			bad := "channel,order_ref,org_code,region_code,category,amount,occurred_at\njd,x1,yj-enterprise,,,1.001,2019-03-01\nfoo,x2,,222424100201,,1,2019-03-01\n"
			r = upload(t, county, "/admin/stats/import?lang=en", "sales.csv", bad)
			want(t, "a refused upload", r, 422, "sales.csv:2: column amount:", "sales.csv:3: column channel: Unknown channel")
			good := "channel,order_ref,region_code,amount,occurred_at\ntmall,t1,222424100201,50,2019-03-02\n"
			r = upload(t, county, "/admin/stats/import", "sales.csv", good)
			if r.StatusCode != http.StatusSeeOther {
				t.Fatalf("a good upload: %d\n%.600s", r.StatusCode, r.Body)
			}
			want(t, "after the upload", county.Get(r.Header.Get("Location")+"&lang=en"), 200, "Imported 1 sale.")
			want(t, "the county's sales after the upload", county.Get("/admin/stats?period=2019-Q1&lang=en"), 200, "¥150.00", "Tmall")
			// A seller, its own organization's sales.
			want(t, "the seller's page", seller.Get("/seller/sales?lang=en"), 200, "Upload outside channels")
			r = upload(t, seller, "/seller/sales", "mine.csv", "channel,order_ref,org_code,amount,occurred_at\nsuning,s1,yj-enterprise,10,2019-01-05\n")
			if r.StatusCode != http.StatusSeeOther {
				t.Errorf("the seller's upload: %d\n%.600s", r.StatusCode, r.Body)
			}
			r = upload(t, seller, "/seller/sales?lang=en", "theirs.csv", "channel,order_ref,org_code,amount,occurred_at\nsuning,s2,wq-enterprise,10,2019-01-05\n")
			want(t, "another's sales", r, 422, "theirs.csv:2: column org_code: You may not import the sales of wq-enterprise.")
		})
	}
}
