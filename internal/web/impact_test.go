package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/demo"
	"maeul/internal/impact"
	"maeul/internal/money"
	"maeul/internal/server/servertest"
)

// The impact pages over real HTTP on both engines, on the demo data:
// Dongxing Village's ten registered households, its village store's egg
// links (two supplier households, a 6% dividend pool, ten members), the
// demo's sales of last month and the store's run of that month.

// impactService reads the ledger directly, as the test's independent
// view of what the pages show.
func impactService(env *servertest.Env) *impact.Service {
	return &impact.Service{Store: env.DB, Orgs: env.DB, Points: env.DB, Regions: env.DB, Products: env.DB}
}

// dongxingSupply returns each Dongxing household's supply income this
// month, by code.
func dongxingSupply(t *testing.T, env *servertest.Env) map[string]money.Fen {
	t.Helper()
	ctx := context.Background()
	s := impactService(env)
	hs, err := s.Households(ctx, accounts.SystemActor, impact.HouseholdQuery{Within: boDongxing})
	if err != nil || len(hs) == 0 {
		t.Fatalf("Dongxing's households: %v (%d)", err, len(hs))
	}
	out := map[string]money.Fen{}
	for _, h := range hs {
		st, err := s.Statement(ctx, accounts.SystemActor, h.Code, impact.MonthPeriod(time.Now()).Text)
		if err != nil {
			t.Fatal(err)
		}
		out[h.Code] = st.Supply
	}
	return out
}

// signUp makes a newcomer's account through the sign-up form and returns
// an English-speaking client signed in with it.
func signUp(t *testing.T, env *servertest.Env, email string) *servertest.Client {
	t.Helper()
	c := env.Client()
	c.Lang = "en"
	r := c.PostForm("/signup", url.Values{"email": {email}, "name": {"Newcomer"}, "password": {demo.Password}})
	boStatus(t, "sign-up", r, http.StatusSeeOther)
	c.Get("/lang/en?next=/")
	return c
}

var addsRE = regexp.MustCompile(`This order adds (¥[0-9.,]+) to (\d+) households? in Dongxing Village`)

// A newcomer opens a product page, sees what buying it does, buys it and
// finds on the confirmation, the order page and the receipt what the
// order added to households, which the households' statements show.
func TestNewcomerSeesTheImpactOfAnOrder(t *testing.T) {
	boEachEngine(t, func(t *testing.T, env *servertest.Env) {
		c := signUp(t, env, "newcomer@maeul.test")
		r := c.Get("/products/" + buyEggs)
		boBody(t, "the product page", r, "Buying this helps", "registered poor households in Dongxing Village", "of the price reaches them",
			`href="/impact/stores/`+boDongxingStore+`"`)
		before := dongxingSupply(t, env)

		buyAdd(t, env, c, buyEggs, 2)
		next := buyPlace(t, c, buyAddress("place"))
		os := buyerOrders(t, env, "newcomer@maeul.test")
		if len(os) != 1 {
			t.Fatalf("%d orders, want 1", len(os))
		}
		id := strconv.FormatInt(os[0].ID, 10)
		r = c.Get("/orders/" + id)
		boBody(t, "the order before paying", r, "will be added when the payment is confirmed")
		boLacks(t, "the order before paying", r, "This order adds")

		back := buyPay(t, c, next)
		paid := buyPaidPage(t, c, back)
		m := addsRE.FindStringSubmatch(paid.Body)
		if m == nil {
			t.Fatalf("the confirmation does not say what the order adds:\n%s", mainOf(paid.Body))
		}
		after := dongxingSupply(t, env)
		var grew money.Fen
		reached := 0
		for code, s := range after {
			if d := s - before[code]; d > 0 {
				grew += d
				reached++
			}
		}
		if m[1] != grew.String() || m[2] != strconv.Itoa(reached) {
			t.Errorf("the confirmation says %s to %s households; the statements grew %s for %d", m[1], m[2], grew, reached)
		}
		want := m[0] // the same words on every page
		boBody(t, "the order page", c.Get("/orders/"+id), want)
		boBody(t, "the receipt", c.Get("/orders/"+id+"/receipt"), want)

		// The statement pages show the same: the prefecture admin reads
		// each household's supplies of this month.
		admin := boClient(t, env, "prefecture@maeul.test")
		for code, s := range after {
			if s == before[code] {
				continue
			}
			r := admin.Get("/households/" + code + "?period=this_month")
			boBody(t, "statement of "+code, r, "Supplies in total", (s - before[code]).String())
		}
	})
}

// demoPII returns the demo households' names, ID numbers, phones and bank
// accounts.
func demoPII(t *testing.T) []string {
	t.Helper()
	b, err := demo.File("households.csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows[1:] {
		for _, i := range []int{3, 4, 5, 8} {
			if i < len(r) && r[i] != "" {
				out = append(out, r[i])
			}
		}
	}
	return out
}

func lacksPII(t *testing.T, what, body string, pii []string) {
	t.Helper()
	for _, s := range pii {
		if strings.Contains(body, s) {
			t.Errorf("%s shows %q, a household's personal data", what, s)
			return
		}
	}
}

// Personal data on the pages, per role.
func TestHouseholdPagesByRole(t *testing.T) {
	boEachEngine(t, func(t *testing.T, env *servertest.Env) {
		ctx := context.Background()
		accts := accounts.NewService(env.DB)
		accts.Params = servertest.CheapHash
		if _, err := accts.AddUser(ctx, accounts.SystemActor, accounts.NewUser{Email: "station-baicaogou@maeul.test", Password: demo.Password,
			Role: accounts.StationOperator, PointCode: "wq-baicaogou-station"}); err != nil {
			t.Fatal(err)
		}
		const code = boDongxing + "-01"
		h, err := env.DB.Household(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		masked := impact.MaskID(h.IDNumber)
		if !strings.HasPrefix(masked, "2224**********") {
			t.Fatalf("masked ID %q", masked)
		}
		for _, c := range []struct {
			email      string
			status     int
			has, lacks []string
		}{
			{"prefecture@maeul.test", 200, []string{h.HeadName, h.IDNumber, h.Phone}, nil},
			{"county-wangqing@maeul.test", 200, []string{h.HeadName, h.IDNumber, h.Phone, h.BankAccount, "Record a bank transfer"}, nil},
			{"county-yanji@maeul.test", 403, nil, []string{h.HeadName, h.Phone}},
			{"station-dongxing@maeul.test", 200, []string{h.HeadName, h.Phone, "Pay out in cash"}, []string{h.IDNumber, masked, h.BankAccount}},
			{"station-baicaogou@maeul.test", 403, nil, []string{h.HeadName, h.Phone}},
			{"auditor@maeul.test", 200, []string{masked}, []string{h.HeadName, h.IDNumber, h.Phone, h.BankAccount, "Pay out"}},
			{"seller-dongxing@maeul.test", 403, nil, []string{h.HeadName, h.Phone}},
			{"shopper@maeul.test", 403, nil, []string{h.HeadName, h.Phone}},
		} {
			cl := boClient(t, env, c.email)
			r := cl.Get("/households/" + code + "?period=this_year")
			boStatus(t, c.email+"'s statement", r, c.status)
			boBody(t, c.email+"'s statement", r, c.has...)
			boLacks(t, c.email+"'s statement", r, c.lacks...)
		}
		if r := env.Client().Get("/households/" + code); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/signin") {
			t.Errorf("a guest at a statement: %d %q", r.StatusCode, r.Header.Get("Location"))
		}

		// The lists.
		r := boClient(t, env, "prefecture@maeul.test").Get("/admin/households?within=" + boDongxing)
		boBody(t, "the prefecture's register", r, h.HeadName, h.IDNumber, `href="/households/`+code+`"`)
		r = boClient(t, env, "auditor@maeul.test").Get("/admin/households?within=" + boDongxing)
		boBody(t, "the auditor's register", r, masked, code)
		boLacks(t, "the auditor's register", r, h.HeadName, h.IDNumber, h.Phone)
		boStatus(t, "Yanji's admin on Wangqing's register", boClient(t, env, "county-yanji@maeul.test").Get("/admin/households?within=222424"), 403)
		boStatus(t, "a seller on the register", boClient(t, env, "seller-dongxing@maeul.test").Get("/admin/households"), 403)
		r = boClient(t, env, "station-dongxing@maeul.test").Get("/station/households")
		boBody(t, "the station's households", r, h.HeadName, h.Phone, "name and phone only")
		boLacks(t, "the station's households", r, h.IDNumber, masked, h.BankAccount)
		if n := strings.Count(r.Body, `href="/households/`+boDongxing+`-`); n != 10 {
			t.Errorf("the station lists %d of Dongxing's households, want 10", n)
		}
		r = boClient(t, env, "station-baicaogou@maeul.test").Get("/station/households")
		boStatus(t, "another station's households", r, 200)
		boLacks(t, "another station's households", r, h.HeadName, code)
		boStatus(t, "a seller at the station's list", boClient(t, env, "seller-dongxing@maeul.test").Get("/station/households"), 403)

		// Public pages name nobody.
		pii := demoPII(t)
		guest := env.Client()
		for _, path := range []string{"/", "/impact", "/impact?period=all", "/impact/regions/222424?period=all", "/impact/regions/" + boDongxing + "?period=all",
			"/impact/stores/" + boDongxingStore + "?period=all", "/products/" + buyEggs, "/villages/" + boDongxing, "/stores/" + boDongxingStore, "/counties/222424"} {
			r := guest.Get(path)
			boStatus(t, path, r, 200)
			lacksPII(t, path, r.Body, pii)
		}
		// A seller's links page shows the households by their codes, by
		// which it records and ends links, without their data.
		r = boClient(t, env, "seller-dongxing@maeul.test").Get("/seller/links")
		boStatus(t, "the seller's links", r, 200)
		boBody(t, "the seller's links", r, `<span class="mono">`+code+`</span>`)
		lacksPII(t, "the seller's links", r.Body, pii)
	})
}

// The public impact pages: figures by period, the divisions below, links
// from the storefront.
func TestImpactPages(t *testing.T) {
	boEachEngine(t, func(t *testing.T, env *servertest.Env) {
		c := env.Client()
		c.Lang = "en"
		ctx := context.Background()
		s := impactService(env)
		p, err := s.FigurePeriod(ctx, impact.AllTime)
		if err != nil {
			t.Fatal(err)
		}
		f, err := s.RegionFiguresOver(ctx, boDongxing, p)
		if err != nil {
			t.Fatal(err)
		}
		r := c.Get("/impact/regions/" + boDongxing + "?period=all")
		boBody(t, "Dongxing's impact", r, "Dongxing Village", "Since the ledger began", f.IncomeAdded.String(), f.DividendsPaid.String(),
			f.IncomePerPerson.String(), `href="/impact/stores/`+boDongxingStore+`?period=all"`)
		r = c.Get("/impact")
		boBody(t, "the prefecture's impact", r, "Yanbian", `href="/impact/regions/222424000000?period=this_year"`, "Wangqing County")
		r = c.Get("/impact/stores/" + boDongxingStore + "?period=last_month")
		lm := impact.MonthPeriod(time.Now()).Previous()
		boBody(t, "the store's impact", r, lm.Text, `aria-current="true">Last month`)
		boStatus(t, "a bad period", c.Get("/impact?period=someday"), 422)
		boStatus(t, "an unknown region", c.Get("/impact/regions/999999"), 404)
		boStatus(t, "an unknown store", c.Get("/impact/stores/nobody"), 404)
		boBody(t, "the home page", c.Get("/"), `href="/impact"`, "what buying here added to poor households")
		boBody(t, "the village page", c.Get("/villages/"+boDongxing), `href="/impact/regions/`+boDongxing+`"`)
		boBody(t, "the county page", c.Get("/counties/222424"), `href="/impact/regions/222424000000"`)
		boBody(t, "the store page", c.Get("/stores/"+boDongxingStore), `href="/impact/stores/`+boDongxingStore+`"`)
		for _, lang := range []string{"ko", "zh"} {
			r := c.Get("/impact?lang=" + lang)
			boStatus(t, "impact in "+lang, r, 200)
		}
	})
}

// The auditor's pages: entries with filters, the verify result, the CSV.
func TestAuditorPages(t *testing.T) {
	boEachEngine(t, func(t *testing.T, env *servertest.Env) {
		a := boClient(t, env, "auditor@maeul.test")
		r := a.Get("/audit/ledger")
		boBody(t, "the ledger", r, "The impact ledger", "org:", "hh:", `href="/audit/verify"`)
		if !strings.Contains(r.Body, `rel="next"`) {
			t.Error("the demo ledger fits one page: no next link")
		}
		r = a.Get("/audit/ledger?kind=dividend&org=" + boDongxingStore)
		boBody(t, "dividends", r, "Dividend", boDongxingStore)
		boLacks(t, "dividends", r, "<td>Supply</td>")
		r = a.Get("/audit/ledger?household=" + boDongxing + "-01")
		boStatus(t, "a household's entries", r, 200)
		boStatus(t, "an unknown kind", a.Get("/audit/ledger?kind=gift"), 422)
		boBody(t, "verify", a.Get("/audit/verify"), "The ledger is sound")

		last := impact.MonthPeriod(time.Now()).Previous().Text
		r = a.Get("/audit/ledger.csv?period=" + last)
		boStatus(t, "export", r, 200)
		if cd := r.Header.Get("Content-Disposition"); cd != `attachment; filename="maeul-ledger-`+last+`.csv"` {
			t.Errorf("Content-Disposition %q", cd)
		}
		rows, err := csv.NewReader(strings.NewReader(r.Body)).ReadAll()
		if err != nil || len(rows) < 2 || strings.Join(rows[0], ",") != strings.Join(impact.EntryColumns, ",") {
			t.Fatalf("export: %v, %d rows", err, len(rows))
		}
		boStatus(t, "a bad period", a.Get("/audit/ledger.csv?period=last-week"), 422)
		for _, email := range []string{"seller-dongxing@maeul.test", "county-wangqing@maeul.test", "shopper@maeul.test"} {
			c := boClient(t, env, email)
			for _, path := range []string{"/audit/ledger", "/audit/verify", "/audit/ledger.csv"} {
				boStatus(t, email+" at "+path, c.Get(path), 403)
			}
		}
		boBody(t, "the prefecture admin's ledger", boClient(t, env, "prefecture@maeul.test").Get("/audit/ledger"), "The impact ledger")
	})
}

// The seller manages the store's links and pays its dividends once.
func TestSellerLinksAndDividends(t *testing.T) {
	boEachEngine(t, func(t *testing.T, env *servertest.Env) {
		ctx := context.Background()
		s := boClient(t, env, "seller-dongxing@maeul.test")
		r := s.Get("/seller/links")
		boBody(t, "the links", r, "Benefit links", "Supplier", "Member", "Dividend pool", "6% of each sale", "New link")
		today := impact.Day(time.Now()).Format(time.DateOnly)
		form := url.Values{"kind": {"supplier"}, "household": {boDongxing + "-05"}, "sku": {"product:wq-dongxing-vegetable-box"},
			"per_unit": {"1.50"}, "valid_from": {today}}
		bad := url.Values{"kind": {"supplier"}, "household": {boDongxing + "-05"}, "sku": {"product:wq-dongxing-vegetable-box"},
			"per_unit": {"1.50"}, "percent": {"5"}, "valid_from": {today}}
		r = s.PostForm("/seller/links", bad)
		boStatus(t, "both terms", r, 422)
		boBody(t, "both terms", r, "either a percentage or an amount per unit")
		r = s.PostForm("/seller/links", form)
		boStatus(t, "a new link", r, http.StatusSeeOther)
		boLocation(t, "a new link", r, "/seller/links?notice=links.notice.created")
		o, err := env.DB.Organization(ctx, boDongxingStore)
		if err != nil {
			t.Fatal(err)
		}
		ls, err := env.DB.Links(ctx, impact.LinkFilter{OrgID: o.ID})
		if err != nil {
			t.Fatal(err)
		}
		newest := ls[len(ls)-1]
		if newest.PerUnit != 150 || newest.Kind != impact.Supplier || !newest.ValidTo.IsZero() {
			t.Fatalf("the new link: %+v", newest)
		}
		boBody(t, "the links after", s.Get("/seller/links?notice=links.notice.created"), "The link is recorded", "¥1.50 per unit")
		boStatus(t, "another seller ending it", boClient(t, env, "seller-yanji@maeul.test").PostForm(fmt.Sprintf("/seller/links/%d/end", newest.ID), url.Values{"last_day": {today}}), 403)
		r = s.PostForm(fmt.Sprintf("/seller/links/%d/end", newest.ID), url.Values{"last_day": {today}})
		boLocation(t, "ending it", r, "/seller/links?notice=links.notice.ended")
		if l, err := env.DB.Link(ctx, newest.ID); err != nil || l.ValidTo.Format(time.DateOnly) != today {
			t.Errorf("the ended link: %+v %v", l, err)
		}
		boStatus(t, "an auditor's form", boClient(t, env, "auditor@maeul.test").PostForm("/seller/links?org="+boDongxingStore, form), 403)
		boBody(t, "the county admin's view", boClient(t, env, "county-wangqing@maeul.test").Get("/seller/links?org="+boDongxingStore),
			"as an administrator", "New link")

		// A sale fills the pool; a period over and not run pays it.
		buyer := signUp(t, env, "buyer@maeul.test")
		buyAdd(t, env, buyer, buyEggs, 1)
		buyPaidPage(t, buyer, buyPay(t, buyer, buyPlace(t, buyer, buyAddress("place"))))
		pool, err := env.DB.AccountBalance(ctx, impact.OrgPool(o.ID))
		if err != nil || pool <= 0 {
			t.Fatalf("the pool after a sale: %s %v", pool, err)
		}
		period := impact.MonthPeriod(time.Now()).Previous().Previous().Text
		r = s.Get("/seller/dividends?period=" + period)
		boBody(t, "the preview", r, "preview", pool.String(), fmt.Sprintf("Pay %s to 10 households", pool))
		r = s.PostForm("/seller/dividends", url.Values{"period": {period}})
		boLocation(t, "paying", r, "/seller/dividends?notice=dividends.notice.paid&period="+period)
		r = s.PostForm("/seller/dividends", url.Values{"period": {period}})
		boLocation(t, "paying again", r, "/seller/dividends?notice=dividends.notice.earlier&period="+period)
		run, err := env.DB.DividendRun(ctx, o.ID, period)
		if err != nil || run.Amount != pool {
			t.Errorf("the run: %+v %v; want %s paid", run, err, pool)
		}
		if b, _ := env.DB.AccountBalance(ctx, impact.OrgPool(o.ID)); b != 0 {
			t.Errorf("the pool holds %s after the run", b)
		}
		boBody(t, "the run", s.Get("/seller/dividends?period="+period), "(paid)", pool.String())
		this := impact.MonthPeriod(time.Now()).Text
		r = s.PostForm("/seller/dividends", url.Values{"period": {this}})
		boStatus(t, "a period not over", r, 422)
		boBody(t, "a period not over", r, "is not over yet")
		boStatus(t, "another seller paying", boClient(t, env, "seller-yanji@maeul.test").PostForm("/seller/dividends?org="+boDongxingStore, url.Values{"period": {period}}), 403)
		boStatus(t, "an auditor's preview", boClient(t, env, "auditor@maeul.test").Get("/seller/dividends?org="+boDongxingStore), 200)
	})
}

// Payouts from the statement page: cash at the station, never beyond the
// balance, once per receipt.
func TestStationPayout(t *testing.T) {
	boEachEngine(t, func(t *testing.T, env *servertest.Env) {
		ctx := context.Background()
		st := boClient(t, env, "station-dongxing@maeul.test")
		s := impactService(env)
		var code string
		var bal money.Fen
		hs, err := s.Households(ctx, accounts.SystemActor, impact.HouseholdQuery{Within: boDongxing})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hs {
			b, err := env.DB.AccountBalance(ctx, impact.HouseholdAccount(h.ID))
			if err != nil {
				t.Fatal(err)
			}
			if b > bal {
				code, bal = h.Code, b
			}
		}
		if bal < 2 {
			t.Fatal("no Dongxing household has a balance")
		}
		path := "/households/" + code
		boBody(t, "the statement", st.Get(path), "Pay out in cash", bal.String())
		r := st.PostForm(path+"/payouts", url.Values{"method": {"cash"}, "amount": {(bal + 1).Decimal()}, "reference": {"DX-T-1"}})
		boStatus(t, "more than the balance", r, 422)
		boBody(t, "more than the balance", r, "Not paid", "cannot be paid")
		r = st.PostForm(path+"/payouts", url.Values{"method": {"cash"}, "amount": {"0.01"}, "reference": {"DX-T-2"}})
		boLocation(t, "a payout", r, path+"?notice=statement.notice.paid")
		r = st.PostForm(path+"/payouts", url.Values{"method": {"cash"}, "amount": {"0.01"}, "reference": {"DX-T-2"}})
		boLocation(t, "the same receipt again", r, path+"?notice=statement.notice.repeat")
		boStatus(t, "bank at the station", st.PostForm(path+"/payouts", url.Values{"method": {"bank"}, "amount": {"0.01"}, "reference": {"B-T-1"}}), 403)
		h, err := env.DB.Household(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		if b, _ := env.DB.AccountBalance(ctx, impact.HouseholdAccount(h.ID)); b != bal-1 {
			t.Errorf("balance after paying ¥0.01 once: %s, want %s", b, bal-1)
		}
		boBody(t, "the statement after", st.Get(path+"?period=this_month"), "DX-T-2", "Cash at the station")
	})
}
