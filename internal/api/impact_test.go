package api_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/demo"
	"maeul/internal/impact"
	"maeul/internal/money"
	"maeul/internal/server/servertest"
	"maeul/internal/store/storetest"
)

// The impact tests run on the demo data: Dongxing Village (222424100201)
// has ten registered households; its village store wq-dongxing-store
// sells eggs whose supplier links credit household -10 8% of each line's
// net and household -04 ¥5.70 per tray of 60, keeps a 6% dividend pool,
// and has all ten as members. The demo's sales fall in the month before
// the data was loaded, and the store paid that month's dividends.

const (
	dongxing      = "222424100201"
	dongxingStore = "wq-dongxing-store"
	eggsCode      = "wq-dongxing-eggs"
)

type villageOut struct {
	Code       string `json:"code"`
	Households int    `json:"households"`
	AmountFen  int64  `json:"amount_fen"`
}

type orderImpactOut struct {
	Paid       bool         `json:"paid"`
	AmountFen  int64        `json:"amount_fen"`
	Households int          `json:"households"`
	Villages   []villageOut `json:"villages"`
	PoolFen    int64        `json:"pool_fen"`
}

type householdOut struct {
	Code        string `json:"code"`
	VillageCode string `json:"village_code"`
	Members     int    `json:"members"`
	Status      string `json:"status"`
	HeadName    string `json:"head_name"`
	IDNumber    string `json:"id_number"`
	Phone       string `json:"phone"`
	BankAccount string `json:"bank_account"`
}

type statementOut struct {
	Household householdOut `json:"household"`
	Period    string       `json:"period"`
	Opening   int64        `json:"opening_fen"`
	Supplies  []struct {
		ProductCode string `json:"product_code"`
		Units       int64  `json:"units"`
		CreditedFen int64  `json:"credited_fen"`
		NetFen      int64  `json:"net_fen"`
	} `json:"supplies"`
	Supply    int64 `json:"supply_fen"`
	Dividend  int64 `json:"dividend_fen"`
	Dividends []struct {
		Period    string `json:"period"`
		AmountFen int64  `json:"amount_fen"`
	} `json:"dividends"`
	PaidOut int64 `json:"paid_out_fen"`
	Closing int64 `json:"closing_fen"`
}

// supplied returns what the statement credits for a product.
func (s statementOut) supplied(product string) int64 {
	for _, x := range s.Supplies {
		if x.ProductCode == product {
			return x.CreditedFen
		}
	}
	return 0
}

type linkOut struct {
	ID          int64         `json:"id"`
	Kind        string        `json:"kind"`
	Household   *householdOut `json:"household"`
	ProductCode string        `json:"product_code"`
	SKU         string        `json:"sku"`
	PercentBP   int64         `json:"percent_bp"`
	PerUnitFen  int64         `json:"per_unit_fen"`
	Shares      int64         `json:"shares"`
	InForce     bool          `json:"in_force"`
}

// newcomer signs up a new shopper through the sign-up form and returns
// its API client.
func newcomer(t *testing.T, env *servertest.Env, email string) *servertest.Client {
	t.Helper()
	c := env.Client()
	r := c.PostForm("/signup", url.Values{"email": {email}, "name": {"새 손님"}, "password": {demo.Password}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-up of %s: %d", email, r.StatusCode)
	}
	c.SignInAPI(email)
	return c
}

// addOperator creates a station operator at a service point.
func addOperator(t *testing.T, env *servertest.Env, email, point string) {
	t.Helper()
	accts := accounts.NewService(env.DB)
	accts.Params = servertest.CheapHash
	if _, err := accts.AddUser(context.Background(), accounts.SystemActor,
		accounts.NewUser{Email: email, Password: demo.Password, Role: accounts.StationOperator, PointCode: point}); err != nil {
		t.Fatal(err)
	}
}

func statement(t *testing.T, c *servertest.Client, code, period string) statementOut {
	t.Helper()
	var s statementOut
	wantStatus(t, "statement of "+code, send(t, c, http.MethodGet, "/api/v1/households/"+code+"/statement?period="+period, nil, &s), 200)
	return s
}

func villageHouseholds(t *testing.T, c *servertest.Client, village string) []householdOut {
	t.Helper()
	var hs struct{ Items []householdOut }
	wantStatus(t, "households", send(t, c, http.MethodGet, "/api/v1/households?within="+village, nil, &hs), 200)
	if len(hs.Items) == 0 {
		t.Fatalf("no households in %s", village)
	}
	return hs.Items
}

// expectedCredits works out, from the links in force, what the ledger
// must credit each household for an order's lines, and the pool's share:
// a supplier link's amount per unit times the units, or its percentage of
// the line's net rounded half up; the pool's percentage likewise.
func expectedCredits(links []linkOut, o orderOut, product string) (map[string]int64, int64) {
	want := map[string]int64{}
	var pool int64
	for _, l := range o.Lines {
		net := l.UnitPriceFen*int64(l.Qty) - l.DiscountFen
		for _, k := range links {
			if !k.InForce {
				continue
			}
			switch {
			case k.Kind == "supplier" && k.ProductCode == product && (k.SKU == "" || k.SKU == l.SKU):
				if k.PerUnitFen > 0 {
					want[k.Household.Code] += k.PerUnitFen * int64(l.Qty)
				} else {
					want[k.Household.Code] += int64(money.Percent(money.Fen(net), k.PercentBP))
				}
			case k.Kind == "pool":
				pool += int64(money.Percent(money.Fen(net), k.PercentBP))
			}
		}
	}
	return want, pool
}

// A newcomer buys linked eggs; the order's impact is what the links say,
// and exactly what the households' statements show.
func TestNewcomersOrderImpactMatchesStatements(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine)
			admin := signedIn(t, env, "prefecture@maeul.test")
			seller := signedIn(t, env, "seller-dongxing@maeul.test")
			other := signedIn(t, env, "shopper@maeul.test")
			buyer := newcomer(t, env, "newcomer@maeul.test")

			var links struct{ Items []linkOut }
			wantStatus(t, "links", send(t, admin, http.MethodGet, "/api/v1/organizations/"+dongxingStore+"/links", nil, &links), 200)
			hs := villageHouseholds(t, admin, dongxing)
			before := map[string]statementOut{}
			for _, h := range hs {
				before[h.Code] = statement(t, admin, h.Code, "this_month")
			}

			add(t, buyer, eggs30, 2)
			add(t, buyer, eggs60, 1)
			co := checkout(t, buyer, sandboxCheckout(nil))
			order := co.byOrg(t, dongxingStore)
			var im orderImpactOut
			wantStatus(t, "impact before paying", send(t, buyer, http.MethodGet, fmt.Sprintf("/api/v1/orders/%d/impact", order.ID), nil, &im), 200)
			if im.Paid || im.AmountFen != 0 || im.Households != 0 {
				t.Errorf("impact before paying: %+v, want nothing yet", im)
			}
			pay(t, buyer, co)

			wantStatus(t, "order impact", send(t, buyer, http.MethodGet, fmt.Sprintf("/api/v1/orders/%d/impact", order.ID), nil, &im), 200)
			var ck orderImpactOut
			wantStatus(t, "checkout impact", send(t, buyer, http.MethodGet, fmt.Sprintf("/api/v1/checkouts/%d/impact", co.CheckoutID), nil, &ck), 200)
			if fmt.Sprint(ck) != fmt.Sprint(im) {
				t.Errorf("the checkout's impact %+v differs from its one order's %+v", ck, im)
			}
			want, pool := expectedCredits(links.Items, order, eggsCode)
			var sum int64
			for _, v := range want {
				sum += v
			}
			if !im.Paid || im.AmountFen != sum || im.Households != len(want) || im.PoolFen != pool {
				t.Errorf("order impact: %+v; want paid, %d fen to %d households, %d to the pool (%v)", im, sum, len(want), pool, want)
			}
			if len(im.Villages) != 1 || im.Villages[0].Code != dongxing || im.Villages[0].AmountFen != sum || im.Villages[0].Households != len(want) {
				t.Errorf("order impact by village: %+v; want %d fen to %d households in %s", im.Villages, sum, len(want), dongxing)
			}
			if sum == 0 || len(want) < 2 {
				t.Fatalf("the demo's egg links credit %v; the test expects two supplier households", want)
			}

			// Done means: the order's impact per household is what their
			// statements show for the eggs.
			var total int64
			reached := 0
			for _, h := range hs {
				after := statement(t, admin, h.Code, "this_month")
				got := after.Supply - before[h.Code].Supply
				credited := after.supplied(eggsCode) - before[h.Code].supplied(eggsCode)
				if got != want[h.Code] || credited != want[h.Code] {
					t.Errorf("household %s: statement supply grew %d (eggs credited %d); the order credits it %d", h.Code, got, credited, want[h.Code])
				}
				if after.Closing != after.Opening+after.Supply+after.Dividend-after.PaidOut {
					t.Errorf("household %s: statement does not add up: %+v", h.Code, after)
				}
				total += got
				if got > 0 {
					reached++
				}
			}
			if total != im.AmountFen || reached != im.Households {
				t.Errorf("statements grew %d fen for %d households; the order's impact says %d for %d", total, reached, im.AmountFen, im.Households)
			}

			// Who may see it: the buyer, the seller; not another shopper
			// (404, order ids reveal nothing) nor a guest (401).
			wantStatus(t, "seller's view", send(t, seller, http.MethodGet, fmt.Sprintf("/api/v1/orders/%d/impact", order.ID), nil, nil), 200)
			wantError(t, "another shopper", send(t, other, http.MethodGet, fmt.Sprintf("/api/v1/orders/%d/impact", order.ID), nil, nil), 404, "not_found")
			wantError(t, "another shopper's checkout", send(t, other, http.MethodGet, fmt.Sprintf("/api/v1/checkouts/%d/impact", co.CheckoutID), nil, nil), 404, "not_found")
			wantError(t, "a guest", send(t, env.Client(), http.MethodGet, fmt.Sprintf("/api/v1/orders/%d/impact", order.ID), nil, nil), 401, "unauthorized")

			// The ledger still verifies.
			var check struct {
				OK       bool     `json:"ok"`
				Problems []string `json:"problems"`
			}
			wantStatus(t, "verify", send(t, admin, http.MethodGet, "/api/v1/ledger/verify", nil, &check), 200)
			if !check.OK {
				t.Errorf("the ledger does not verify: %v", check.Problems)
			}
		})
	}
}

// demoPersonalData returns the demo households' names, ID numbers, phones
// and bank accounts.
func demoPersonalData(t *testing.T) []string {
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

// wantNoPersonalData fails when body shows any demo household's personal
// data.
func wantNoPersonalData(t *testing.T, what, body string, pii []string) {
	t.Helper()
	for _, s := range pii {
		if strings.Contains(body, s) {
			t.Errorf("%s shows %q, a household's personal data", what, s)
			return
		}
	}
}

// Personal data per role over HTTP: the prefecture admin and the county
// admin of the household's county see it in full, the operator of the
// station serving its village name and phone, the auditor a masked copy;
// the other county's admin, another station's operator, sellers, shoppers
// and guests nothing; public figures name nobody.
func TestHouseholdDataByRole(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine)
			addOperator(t, env, "station-baicaogou@maeul.test", "wq-baicaogou-station")
			const code = dongxing + "-01"
			admin := signedIn(t, env, "prefecture@maeul.test")
			var full householdOut
			wantStatus(t, "prefecture admin", send(t, admin, http.MethodGet, "/api/v1/households/"+code, nil, &full), 200)
			if full.HeadName == "" || len(full.IDNumber) != 18 || strings.Contains(full.IDNumber, "*") || full.Phone == "" || full.BankAccount == "" {
				t.Fatalf("the prefecture admin sees %+v, want everything", full)
			}
			maskedID := full.IDNumber[:4] + strings.Repeat("*", 10) + full.IDNumber[14:]
			for _, c := range []struct {
				email  string
				status int
				want   householdOut // the fields the role sees
			}{
				{"prefecture@maeul.test", 200, full},
				{"county-wangqing@maeul.test", 200, full},
				{"county-yanji@maeul.test", 403, householdOut{}},
				{"station-dongxing@maeul.test", 200, householdOut{Code: code, VillageCode: dongxing, Members: full.Members, Status: full.Status,
					HeadName: full.HeadName, IDNumber: maskedID, Phone: full.Phone}},
				{"station-baicaogou@maeul.test", 403, householdOut{}},
				{"auditor@maeul.test", 200, householdOut{Code: code, VillageCode: dongxing, Members: full.Members, Status: full.Status,
					IDNumber: maskedID, Phone: full.Phone[:3] + strings.Repeat("*", len(full.Phone)-5) + full.Phone[len(full.Phone)-2:]}},
				{"seller-dongxing@maeul.test", 403, householdOut{}},
				{"shopper@maeul.test", 403, householdOut{}},
				{"", 401, householdOut{}},
			} {
				cl := env.Client()
				if c.email != "" {
					cl.SignInAPI(c.email)
				}
				var got householdOut
				r := send(t, cl, http.MethodGet, "/api/v1/households/"+code, nil, &got)
				if r.StatusCode != c.status || (c.status == 200 && got != c.want) {
					t.Errorf("%s sees household %s: %d %+v; want %d %+v", c.email, code, r.StatusCode, got, c.status, c.want)
				}
				// The statement carries the household as disclosed too.
				r = send(t, cl, http.MethodGet, "/api/v1/households/"+code+"/statement", nil, nil)
				if r.StatusCode != c.status {
					t.Errorf("%s's statement of %s: %d, want %d", c.email, code, r.StatusCode, c.status)
				}
				if c.status == 200 && c.want.HeadName == "" && strings.Contains(r.Body, full.HeadName) {
					t.Errorf("%s's statement names the head of household", c.email)
				}
				if c.status == 200 && c.want.IDNumber == maskedID && strings.Contains(r.Body, full.IDNumber) {
					t.Errorf("%s's statement shows the full ID number", c.email)
				}
			}
			// Lists: a station sees its village's households only; another
			// county's admin may not list this county.
			st := signedIn(t, env, "station-dongxing@maeul.test")
			for _, h := range villageHouseholds(t, st, dongxing) {
				if h.VillageCode != dongxing || h.BankAccount != "" {
					t.Errorf("the station lists %+v", h)
				}
			}
			var own struct{ Items []householdOut }
			wantStatus(t, "station list", send(t, st, http.MethodGet, "/api/v1/households", nil, &own), 200)
			if len(own.Items) != 10 {
				t.Errorf("the Dongxing station lists %d households, want its village's 10", len(own.Items))
			}
			wantError(t, "Yanji's admin listing Wangqing", send(t, signedIn(t, env, "county-yanji@maeul.test"), http.MethodGet, "/api/v1/households?within=222424", nil, nil), 403, "forbidden")
			wantError(t, "a seller listing", send(t, signedIn(t, env, "seller-dongxing@maeul.test"), http.MethodGet, "/api/v1/households", nil, nil), 403, "forbidden")
			// A seller sees the households of its links by their codes
			// (the register's pseudonyms, by which it records and ends
			// links), without their personal data.
			var links struct{ Items []linkOut }
			wantStatus(t, "seller's links", send(t, signedIn(t, env, "seller-dongxing@maeul.test"), http.MethodGet, "/api/v1/organizations/"+dongxingStore+"/links", nil, &links), 200)
			codes := map[string]bool{}
			for _, l := range links.Items {
				if l.Kind == "pool" {
					continue
				}
				if l.Household == nil || l.Household.Code == "" {
					t.Errorf("the seller cannot see which household link %d names: %+v", l.ID, l.Household)
					continue
				}
				codes[l.Household.Code] = true
				if l.Household.HeadName != "" || l.Household.IDNumber != "" || l.Household.Phone != "" || l.Household.BankAccount != "" {
					t.Errorf("the seller sees link %d's household %+v", l.ID, l.Household)
				}
			}
			if !codes[code] {
				t.Errorf("the seller's links name households %v, want %s among them", codes, code)
			}

			// Public answers name nobody.
			pii := demoPersonalData(t)
			guest := env.Client()
			for _, path := range []string{"/api/v1/impact/regions/222400?period=all", "/api/v1/impact/regions/" + dongxing + "?period=all",
				"/api/v1/impact/stores/" + dongxingStore + "?period=all", "/api/v1/impact/products/" + eggsCode, "/api/v1/products/" + eggsCode} {
				r := guest.Get(path)
				wantStatus(t, path, r, 200)
				wantNoPersonalData(t, path, r.Body, pii)
			}
		})
	}
}

// The public figures: cacheable, an unknown region 404, a bad period 422.
func TestPublicImpactFigures(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine)
			guest := env.Client()
			var f struct {
				RegionCode        string `json:"region_code"`
				Period            string `json:"period"`
				HouseholdsReached int64  `json:"households_reached"`
				PersonsReached    int64  `json:"persons_reached"`
				IncomeAddedFen    int64  `json:"income_added_fen"`
				SupplyIncomeFen   int64  `json:"supply_income_fen"`
				DividendsPaidFen  int64  `json:"dividends_paid_fen"`
				PerPersonFen      int64  `json:"income_added_per_person_fen"`
				Register          struct {
					Households int `json:"households"`
				} `json:"register"`
			}
			r := send(t, guest, http.MethodGet, "/api/v1/impact/regions/222424?period=all", nil, &f)
			wantStatus(t, "Wangqing's figures", r, 200)
			if f.RegionCode != "222424000000" || f.Period != "all" || f.HouseholdsReached == 0 || f.DividendsPaidFen == 0 ||
				f.IncomeAddedFen != f.SupplyIncomeFen+f.DividendsPaidFen || f.PerPersonFen != f.IncomeAddedFen/f.PersonsReached || f.Register.Households == 0 {
				t.Errorf("Wangqing's figures since the ledger began: %+v", f)
			}
			if r.Header.Get("ETag") == "" || r.Header.Get("Cache-Control") != "public, max-age=30" {
				t.Errorf("figures headers: %v", r.Header)
			}
			again := guest.Do(http.MethodGet, "/api/v1/impact/regions/222424?period=all", nil, "If-None-Match", r.Header.Get("ETag"))
			wantStatus(t, "revalidating", again, http.StatusNotModified)
			var month struct {
				Period string `json:"period"`
				From   string `json:"from"`
				To     string `json:"to"`
			}
			wantStatus(t, "last month", send(t, guest, http.MethodGet, "/api/v1/impact/stores/"+dongxingStore+"?period=last_month", nil, &month), 200)
			lm := impact.MonthPeriod(time.Now()).Previous()
			if month.Period != lm.Text || month.From != lm.Start.Format(time.DateOnly) {
				t.Errorf("last month is %+v, want %s", month, lm.Text)
			}
			wantFieldError(t, "a bad period", send(t, guest, http.MethodGet, "/api/v1/impact/regions/222424?period=2026-13", nil, nil), 422, "invalid", "period")
			wantError(t, "an unknown region", send(t, guest, http.MethodGet, "/api/v1/impact/regions/222499", nil, nil), 404, "not_found")
			wantError(t, "an unknown store", send(t, guest, http.MethodGet, "/api/v1/impact/stores/no-such-store", nil, nil), 404, "not_found")
			var pi struct {
				Households int `json:"households"`
				Villages   []struct {
					Code string `json:"code"`
				} `json:"villages"`
				Variants []struct {
					SKU     string `json:"sku"`
					ShareBP int64  `json:"share_bp"`
				} `json:"variants"`
			}
			wantStatus(t, "product impact", send(t, guest, http.MethodGet, "/api/v1/impact/products/"+eggsCode, nil, &pi), 200)
			if pi.Households == 0 || len(pi.Villages) == 0 || pi.Villages[0].Code != dongxing || len(pi.Variants) == 0 || pi.Variants[0].ShareBP == 0 {
				t.Errorf("the eggs' impact: %+v", pi)
			}
		})
	}
}

// The auditor reads the ledger a page at a time, verifies it, and exports
// a period whose hash chain checks from the file alone.
func TestAuditorLedgerAndExport(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine)
			auditor := signedIn(t, env, "auditor@maeul.test")
			type entry struct {
				Seq         int64  `json:"seq"`
				Kind        string `json:"kind"`
				Account     string `json:"account"`
				AmountFen   int64  `json:"amount_fen"`
				HouseholdID int64  `json:"household_id"`
			}
			var page struct {
				Items      []entry `json:"items"`
				NextCursor string  `json:"next_cursor"`
			}
			wantStatus(t, "first page", send(t, auditor, http.MethodGet, "/api/v1/ledger/entries?limit=5", nil, &page), 200)
			if len(page.Items) != 5 || page.NextCursor != strconv.FormatInt(page.Items[4].Seq, 10) {
				t.Fatalf("first page: %+v", page)
			}
			first := append([]entry(nil), page.Items...)
			wantStatus(t, "second page", send(t, auditor, http.MethodGet, "/api/v1/ledger/entries?limit=5&after="+page.NextCursor, nil, &page), 200)
			if len(page.Items) == 0 || page.Items[0].Seq != first[4].Seq+1 {
				t.Errorf("second page starts at %+v after %d", page.Items, first[4].Seq)
			}
			wantStatus(t, "dividends", send(t, auditor, http.MethodGet, "/api/v1/ledger/entries?kind=dividend&org="+dongxingStore, nil, &page), 200)
			if len(page.Items) == 0 {
				t.Error("no dividend entries of the Dongxing store")
			}
			for _, e := range page.Items {
				if e.Kind != "dividend" {
					t.Errorf("kind filter let through %+v", e)
				}
			}
			wantStatus(t, "a household's entries", send(t, auditor, http.MethodGet, "/api/v1/ledger/entries?household="+dongxing+"-01", nil, &page), 200)
			if len(page.Items) == 0 {
				t.Error("no entries of household -01")
			}
			for _, e := range page.Items {
				if e.HouseholdID != page.Items[0].HouseholdID {
					t.Errorf("household filter let through %+v", e)
				}
			}
			wantFieldError(t, "unknown household", send(t, auditor, http.MethodGet, "/api/v1/ledger/entries?household=nobody", nil, nil), 422, "invalid", "household")
			wantFieldError(t, "a page too large", send(t, auditor, http.MethodGet, "/api/v1/ledger/entries?limit=5000", nil, nil), 422, "invalid", "limit")

			var check struct {
				OK      bool  `json:"ok"`
				Entries int64 `json:"entries"`
			}
			wantStatus(t, "verify", send(t, auditor, http.MethodGet, "/api/v1/ledger/verify", nil, &check), 200)
			if !check.OK || check.Entries == 0 {
				t.Errorf("verify: %+v", check)
			}

			// The demo's sales are last month's.
			last := impact.MonthPeriod(time.Now()).Previous().Text
			r := auditor.Get("/api/v1/ledger/export?period=" + last)
			wantStatus(t, "export", r, 200)
			if ct, cd := r.Header.Get("Content-Type"), r.Header.Get("Content-Disposition"); !strings.HasPrefix(ct, "text/csv") ||
				cd != `attachment; filename="maeul-ledger-`+last+`.csv"` {
				t.Errorf("export headers: %q, %q", ct, cd)
			}
			rows, err := csv.NewReader(strings.NewReader(r.Body)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(rows[0], ",") != strings.Join(impact.EntryColumns, ",") || len(rows) < 10 {
				t.Fatalf("export: header %v and %d rows", rows[0], len(rows)-1)
			}
			for i, row := range rows[1:] {
				e := entryOf(t, row)
				if e.ComputeHash() != e.Hash {
					t.Errorf("row %d: the hash does not match the fields", i+1)
				}
				if i > 0 && e.PrevHash != rows[i][14] {
					t.Errorf("row %d: the chain breaks", i+1)
				}
			}

			for _, email := range []string{"seller-dongxing@maeul.test", "county-wangqing@maeul.test", "station-dongxing@maeul.test", "shopper@maeul.test"} {
				c := signedIn(t, env, email)
				wantError(t, email+" reading the ledger", send(t, c, http.MethodGet, "/api/v1/ledger/entries", nil, nil), 403, "forbidden")
				wantError(t, email+" exporting", send(t, c, http.MethodGet, "/api/v1/ledger/export", nil, nil), 403, "forbidden")
			}
			wantError(t, "a guest verifying", send(t, env.Client(), http.MethodGet, "/api/v1/ledger/verify", nil, nil), 401, "unauthorized")
		})
	}
}

// entryOf reads a row of the export.
func entryOf(t *testing.T, row []string) impact.Entry {
	t.Helper()
	n := func(i int) int64 {
		v, err := strconv.ParseInt(row[i], 10, 64)
		if err != nil {
			t.Fatalf("column %d of %v: %v", i, row, err)
		}
		return v
	}
	at, err := time.Parse("2006-01-02T15:04:05.000000Z", row[2])
	if err != nil {
		t.Fatal(err)
	}
	return impact.Entry{Seq: n(0), TxID: n(1), At: at, Posting: impact.Posting{Account: impact.Account(row[3]), Amount: money.Fen(n(4)),
		Kind: impact.Kind(row[5]), OrgID: n(6), HouseholdID: n(7), LinkID: n(8)}, LineID: n(9), RefundID: n(10), RunID: n(11),
		PayoutID: n(12), PrevHash: row[13], Hash: row[14]}
}

// A dividend run is previewed, then executed: twice pays once.
func TestDividendRunPaysOnce(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine)
			seller := signedIn(t, env, "seller-dongxing@maeul.test")
			admin := signedIn(t, env, "prefecture@maeul.test")
			buyer := newcomer(t, env, "buyer@maeul.test")
			add(t, buyer, eggs30, 3)
			pay(t, buyer, checkout(t, buyer, sandboxCheckout(nil)))

			// A period that is over and was not run: two months ago.
			period := impact.MonthPeriod(time.Now()).Previous().Previous().Text
			path := "/api/v1/organizations/" + dongxingStore + "/dividend-runs/" + period
			type share struct {
				HouseholdCode string `json:"household_code"`
				Shares        int64  `json:"shares"`
				AmountFen     int64  `json:"amount_fen"`
			}
			var plan struct {
				Over        bool    `json:"over"`
				PoolFen     int64   `json:"pool_fen"`
				TotalShares int64   `json:"total_shares"`
				Shares      []share `json:"shares"`
				Executed    *struct {
					ID int64 `json:"id"`
				} `json:"executed"`
			}
			wantStatus(t, "preview", send(t, seller, http.MethodGet, path, nil, &plan), 200)
			var parts int64
			for _, s := range plan.Shares {
				parts += s.AmountFen
			}
			if !plan.Over || plan.PoolFen <= 0 || plan.Executed != nil || len(plan.Shares) != 10 || parts != plan.PoolFen {
				t.Fatalf("preview of %s: %+v", period, plan)
			}
			before := map[string]int64{}
			for _, s := range plan.Shares {
				before[s.HouseholdCode] = statement(t, admin, s.HouseholdCode, "this_month").Dividend
			}

			type run struct {
				ID        int64   `json:"id"`
				Period    string  `json:"period"`
				AmountFen int64   `json:"amount_fen"`
				Shares    []share `json:"shares"`
			}
			wantError(t, "executing without a key", send(t, seller, http.MethodPost, path, nil, nil), 422, "invalid")
			wantError(t, "another store's seller", keyed(t, signedIn(t, env, "seller-yanji@maeul.test"), http.MethodPost, path, nil, nil), 403, "forbidden")
			wantError(t, "the auditor", keyed(t, signedIn(t, env, "auditor@maeul.test"), http.MethodPost, path, nil, nil), 403, "forbidden")
			var first, second run
			wantStatus(t, "execute", keyed(t, seller, http.MethodPost, path, nil, &first), 201)
			if first.AmountFen != plan.PoolFen || first.Period != period || fmt.Sprint(first.Shares) != fmt.Sprint(plan.Shares) {
				t.Errorf("the run %+v differs from its preview %+v", first, plan)
			}
			// Again, with a new key (a new request): the first run, nothing paid.
			wantStatus(t, "execute again", keyed(t, seller, http.MethodPost, path, nil, &second), 200)
			if second.ID != first.ID || second.AmountFen != first.AmountFen {
				t.Errorf("executing again returned %+v, want the first run %+v", second, first)
			}
			// The county admin too finds the run made.
			wantStatus(t, "the county admin executing", keyed(t, signedIn(t, env, "county-wangqing@maeul.test"), http.MethodPost, path, nil, &second), 200)
			for _, s := range first.Shares {
				got := statement(t, admin, s.HouseholdCode, "this_month").Dividend - before[s.HouseholdCode]
				if got != s.AmountFen {
					t.Errorf("household %s: its statement's dividends grew %d, its share is %d", s.HouseholdCode, got, s.AmountFen)
				}
			}
			wantStatus(t, "preview after", send(t, seller, http.MethodGet, path, nil, &plan), 200)
			if plan.Executed == nil || plan.Executed.ID != first.ID || plan.PoolFen != 0 {
				t.Errorf("preview after the run: %+v", plan)
			}
			var runs struct{ Items []run }
			wantStatus(t, "runs", send(t, seller, http.MethodGet, "/api/v1/organizations/"+dongxingStore+"/dividend-runs", nil, &runs), 200)
			n := 0
			for _, r := range runs.Items {
				if r.Period == period {
					n++
				}
			}
			if n != 1 {
				t.Errorf("%d runs for %s, want 1: %+v", n, period, runs.Items)
			}
			this := impact.MonthPeriod(time.Now()).Text
			wantFieldError(t, "a period not over", keyed(t, seller, http.MethodPost, "/api/v1/organizations/"+dongxingStore+"/dividend-runs/"+this, nil, nil), 422, "invalid", "period")
		})
	}
}

// Payouts: cash at the serving station, bank by the county admin; never
// beyond the balance; the same reference pays once.
func TestPayoutsNeverExceedTheBalance(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine)
			admin := signedIn(t, env, "prefecture@maeul.test")
			station := signedIn(t, env, "station-dongxing@maeul.test")
			county := signedIn(t, env, "county-wangqing@maeul.test")
			// The member household with the largest balance.
			var code string
			var balance int64
			for _, h := range villageHouseholds(t, admin, dongxing) {
				if s := statement(t, admin, h.Code, "this_year"); s.Closing > balance && h.BankAccount != "" {
					code, balance = h.Code, s.Closing
				}
			}
			if balance < 2 {
				t.Fatalf("no Dongxing household has a balance to pay out")
			}
			path := "/api/v1/households/" + code + "/payouts"
			body := func(amount int64, method, ref string) map[string]any {
				return map[string]any{"amount_fen": amount, "method": method, "reference": ref}
			}
			wantFieldError(t, "more than the balance", keyed(t, station, http.MethodPost, path, body(balance+1, "cash", "R-1"), nil), 422, "invalid", "amount_fen")
			wantError(t, "bank by the station", keyed(t, station, http.MethodPost, path, body(1, "bank", "B-1"), nil), 403, "forbidden")
			wantError(t, "cash by the county admin", keyed(t, county, http.MethodPost, path, body(1, "cash", "R-2"), nil), 403, "forbidden")
			wantError(t, "bank by the prefecture admin", keyed(t, admin, http.MethodPost, path, body(1, "bank", "B-2"), nil), 403, "forbidden")

			type payout struct {
				ID        int64  `json:"id"`
				AmountFen int64  `json:"amount_fen"`
				Method    string `json:"method"`
			}
			var p, again payout
			key := newKey()
			r := send(t, station, http.MethodPost, path, body(1, "cash", "R-3"), &p, "Idempotency-Key", key)
			wantStatus(t, "cash payout", r, 201)
			r = send(t, station, http.MethodPost, path, body(1, "cash", "R-3"), &again, "Idempotency-Key", key)
			if r.StatusCode != 201 || r.Header.Get("Idempotent-Replayed") != "true" || again.ID != p.ID {
				t.Errorf("replaying the payout: %d %s", r.StatusCode, r.Body)
			}
			wantStatus(t, "the same reference, a new key", keyed(t, station, http.MethodPost, path, body(1, "cash", "R-3"), &again), 200)
			if again.ID != p.ID {
				t.Errorf("the same reference paid again: %+v and %+v", p, again)
			}
			wantError(t, "the same reference, another amount", keyed(t, station, http.MethodPost, path, body(2, "cash", "R-3"), nil), 409, "conflict")
			var bank payout
			wantStatus(t, "bank payout", keyed(t, county, http.MethodPost, path, body(balance-1, "bank", "B-3"), &bank), 201)
			wantFieldError(t, "an empty balance", keyed(t, station, http.MethodPost, path, body(1, "cash", "R-4"), nil), 422, "invalid", "amount_fen")
			if s := statement(t, admin, code, "this_year"); s.Closing != 0 {
				t.Errorf("balance after paying it all out: %+v", s)
			}
			var list struct{ Items []payout }
			wantStatus(t, "payouts", send(t, station, http.MethodGet, path, nil, &list), 200)
			if len(list.Items) < 2 || list.Items[0].ID != bank.ID {
				t.Errorf("payouts, newest first: %+v", list.Items)
			}
		})
	}
}

// Benefit links through the API: the seller records and ends them; others
// may not.
func TestManageLinks(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine)
			seller := signedIn(t, env, "seller-dongxing@maeul.test")
			path := "/api/v1/organizations/" + dongxingStore + "/links"
			today := impact.Day(time.Now()).Format(time.DateOnly)
			link := map[string]any{"kind": "supplier", "household_code": dongxing + "-05", "sku": "product:wq-dongxing-vegetable-box", "per_unit_fen": 150, "valid_from": today}
			var l linkOut
			wantStatus(t, "create", send(t, seller, http.MethodPost, path, link, &l), 201)
			if l.ID == 0 || !l.InForce || l.PerUnitFen != 150 || l.ProductCode != "wq-dongxing-vegetable-box" || l.Household == nil || l.Household.HeadName != "" {
				t.Errorf("new link: %+v", l)
			}
			var same linkOut
			wantStatus(t, "create again", send(t, seller, http.MethodPost, path, link, &same), 201)
			if same.ID != l.ID {
				t.Errorf("recording the same link again made %d, want %d", same.ID, l.ID)
			}
			link["per_unit_fen"] = 200
			wantError(t, "other terms", send(t, seller, http.MethodPost, path, link, nil), 409, "conflict")
			wantFieldError(t, "a household from another county", send(t, seller, http.MethodPost, path,
				map[string]any{"kind": "member", "household_code": "222401100201-01", "shares": 1, "valid_from": today}, nil), 422, "invalid", "household_code")
			wantFieldError(t, "a bad date", send(t, seller, http.MethodPost, path, map[string]any{"kind": "pool", "percent_bp": 100, "valid_from": "soon"}, nil), 422, "invalid", "valid_from")
			wantError(t, "another store's seller", send(t, signedIn(t, env, "seller-yanji@maeul.test"), http.MethodPost, path, link, nil), 403, "forbidden")
			wantError(t, "the auditor", send(t, signedIn(t, env, "auditor@maeul.test"), http.MethodPost, path, link, nil), 403, "forbidden")
			var ended linkOut
			end := fmt.Sprintf("/api/v1/links/%d/end", l.ID)
			wantError(t, "ending by another seller", send(t, signedIn(t, env, "seller-yanji@maeul.test"), http.MethodPost, end, map[string]string{"last_day": today}, nil), 403, "forbidden")
			wantFieldError(t, "ending in the past", send(t, seller, http.MethodPost, end, map[string]string{"last_day": "2020-01-01"}, nil), 422, "invalid", "last_day")
			wantStatus(t, "end", send(t, seller, http.MethodPost, end, map[string]string{"last_day": today}, &ended), 200)
			var list struct{ Items []linkOut }
			wantStatus(t, "list", send(t, signedIn(t, env, "auditor@maeul.test"), http.MethodGet, path, nil, &list), 200)
			found := false
			for _, x := range list.Items {
				found = found || x.ID == l.ID
			}
			if !found {
				t.Errorf("the auditor's list lacks link %d", l.ID)
			}
			wantError(t, "a shopper's list", send(t, signedIn(t, env, "shopper@maeul.test"), http.MethodGet, path, nil, nil), 403, "forbidden")
		})
	}
}
