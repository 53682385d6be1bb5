package browsertest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"maeul/internal/server/servertest"
	"maeul/internal/stats"
)

// downloads fetches the link sel leads to, in the page's session, and
// checks that it is an XLSX workbook (a zip file of that content type),
// writing it beside the screenshots.
func downloads(sel, file string) Step {
	return step("download "+sel, func(ctx context.Context, t *chromedp.Target) error {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[[]any](`(async () => {
  const a = document.querySelector(`+"`"+sel+"`"+`);
  if (!a) { return ["no link"]; }
  const r = await fetch(a.href, {credentials: "same-origin"});
  const b = new Uint8Array(await r.arrayBuffer());
  return [r.status, r.headers.get("content-type"), b.length, String.fromCharCode(b[0], b[1]), Array.from(b)];
})()`, chromedp.EvalAwaitPromise))
		if err != nil {
			return err
		}
		if len(got) != 5 || got[0] != float64(200) || got[1] != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" || got[3] != "PK" {
			if len(got) > 4 {
				got = got[:4]
			}
			return fmt.Errorf("not an XLSX workbook: %v", got)
		}
		raw := got[4].([]any)
		data := make([]byte, len(raw))
		for i, v := range raw {
			data[i] = byte(v.(float64))
		}
		browserOf(ctx).writeFile(file, data)
		return nil
	})
}

// The prefecture's admin, in a Korean browser, opens the
// statistics dashboard from the menu,
// sees the last complete quarter's figures with their charts and tables,
// switches to the quarter before, downloads the XLSX workbook and opens
// the printable quarterly report.
func TestPrefectureAdminReadsTheSalesDashboard(t *testing.T) {
	t.Parallel()
	env := servertest.Start(t, "sqlite")
	this, _ := stats.ParsePeriod(stats.Periods(time.Now())[1])
	previous := this.Previous().Previous().Text
	b := New(t, env.URL, AcceptLanguage("ko"))
	b.Run(
		Open("/signin"),
		Fill("input[name=email]", "prefecture@maeul.test"),
		Fill("input[name=password]", "maeul-demo"),
		Submit(`form[action="/signin"]`),

		Open("/"),
		Follow(`header a[href="/admin/stats"]`),
		AtPath("/admin/stats"),
		HasText("h1", "판매 통계"),
		Count("#t-trend tbody tr", 8),
		Count("#t-divisions tbody tr", 8),
		Visible(`.chart[data-table="t-trend"] svg`),
		Visible(`.chart[data-table="t-channels"] svg`),
		HasText(".stats-tiles", "2위 / 9"),
		Snap("dashboard"),

		Choose("#period", previous),
		Submit(`form.row`),
		AtPath("/admin/stats"),
		HasValue("#period", previous),
		Visible(`.chart[data-table="t-divisions"] svg`),
		Snap("previous-quarter"),

		downloads(`a[href*="format=xlsx"]`, "sales.xlsx"),

		Follow(`.stats-exports a[href^="/admin/stats/report"]`),
		AtPath("/admin/stats/report"),
		HasText(".stats-report", "인터넷 소매액은"),
		HasText(".stats-report", "전년 같은 기간"),
		HasText(".stats-report", "성 내 같은 급 9개 지역 중 2위입니다"),
		HasText(".stats-sources", "건에서 집계"),
		Snap("report"),
	)
}
