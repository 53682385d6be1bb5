package browsertest

import (
	"os"
	"testing"

	"maeul/internal/server/servertest"
	"maeul/internal/store/storetest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	Shutdown()
	storetest.Cleanup()
	os.Exit(code)
}

// A Korean visitor switches the site to Chinese, and the site remembers it.
func TestVisitorSwitchesToChinese(t *testing.T) {
	t.Parallel()
	env := servertest.Start(t, "sqlite")
	b := New(t, env.URL, AcceptLanguage("ko-KR,ko;q=0.9"))
	b.Run(
		Open("/"),
		HasAttr("html", "lang", "ko"),
		HasText("main", "연길시"),
		Snap("korean"),

		HasText(`.langs a[hreflang="zh"]`, "中文"),
		Follow(`.langs a[hreflang="zh"]`),
		AtPath("/"),
		HasAttr("html", "lang", "zh"),
		HasText("main", "延吉市"),
		LacksText("main", "연길시"),

		// The browser still asks for Korean; the remembered choice wins.
		Open("/signin"),
		HasAttr("html", "lang", "zh"),
		HasText("h1", "登录"),
		Open("/"),
		HasAttr("html", "lang", "zh"),
		HasText("main", "延吉市"),
	)
}

// Wangqing's county admin signs in, drills down from the county to a town,
// sees its villages, and signs out.
func TestCountyAdminDrillsDownToVillages(t *testing.T) {
	t.Parallel()
	env := servertest.Start(t, "sqlite")
	b := New(t, env.URL, AcceptLanguage("ko"))
	b.Run(
		Open("/"),
		Follow(`nav a[href="/signin"]`),
		Fill("input[name=email]", "county-wangqing@maeul.test"),
		Fill("input[name=password]", "maeul-demo"),
		Submit(`form[action="/signin"]`),
		AtPath("/admin/regions/222424000000"), // staff land on their console
		Visible(`nav a[href="/admin/"]`),
		HasText("h1", "왕청현"),
		HasText("main table", "동광진"),

		Follow(`a[href="/admin/regions/222424100000"]`),
		HasText("h1", "동광진"),
		HasText(".crumbs", "왕청현"),
		HasText("main table", "동흥촌"),
		HasText("main table", "222424100201"),
		Snap("town"),

		Submit(`form[action="/signout"]`),
		AtPath("/"),
		Visible(`nav a[href="/signin"]`),
		Open("/account"),
		AtPath("/signin"),
	)
}

// A seller on a phone mistypes the password and is told so on the form,
// with the email kept.
func TestWrongPasswordIsShownOnTheForm(t *testing.T) {
	t.Parallel()
	env := servertest.Start(t, "sqlite")
	b := New(t, env.URL, Mobile(), AcceptLanguage("en"))
	b.Run(
		Open("/signin"),
		Fill("input[name=email]", "seller-dongxing@maeul.test"),
		Fill("input[name=password]", "not-the-password"),
		Submit(`form[action="/signin"]`),
		AtPath("/signin"),
		HasText(`.error-box[role=alert]`, "Wrong email or password."),
		HasValue("input[name=email]", "seller-dongxing@maeul.test"),
		HasValue("input[name=password]", ""),
	)
}
