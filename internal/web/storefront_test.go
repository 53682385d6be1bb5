package web_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // decodes the served renditions
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/i18n"
	"maeul/internal/money"
	"maeul/internal/photo"
	"maeul/internal/server/servertest"
	"maeul/internal/store/storetest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	storetest.Cleanup()
	os.Exit(code)
}

// shop is a running server with the storefront's fixture products, made
// here rather than taken from the demo catalog so that the tests do not
// depend on its contents.
type shop struct {
	env *servertest.Env
	// photos: a wide one (all standard widths) on the apple-pears, and a
	// small one (narrower than every standard width) on the wood-ear.
	wide, small *photo.Processed
}

// fixtureMark is a word in every fixture's description, so that a search
// for it (with filters) lists the fixtures and none of the demo products.
const fixtureMark = "zqfixture"

// The fixture products' codes.
const (
	applePear = "t-lj-apple-pear" // village store, GI + poverty label, photo, a low-stock variant
	woodEar   = "t-wq-wood-ear"   // village store, one variant sold out, small photo
	rice      = "t-yj-rice"       // enterprise, organic + green food
	eggs      = "t-wq-eggs"       // listed by the Dongxing station, sold out
	farmStay  = "t-lj-farm-stay"  // tourism
	secret    = "t-wq-secret"     // hidden
)

func startShop(t testing.TB, engine string) *shop {
	t.Helper()
	env := servertest.Start(t, engine)
	s := &shop{env: env}
	s.seed(t)
	return s
}

func (s *shop) actor(t testing.TB, email string) accounts.Actor {
	t.Helper()
	u, _, err := s.env.DB.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatalf("user %s: %v", email, err)
	}
	return accounts.Actor{User: u}
}

func (s *shop) orgID(t testing.TB, code string) int64 {
	t.Helper()
	o, err := s.env.DB.Organization(context.Background(), code)
	if err != nil {
		t.Fatalf("organization %s: %v", code, err)
	}
	return o.ID
}

// variant makes a variant; prices are in fen.
func variant(sku, ko, zh, en string, fen money.Fen, stock int) catalog.Variant {
	return catalog.Variant{SKU: sku, Name: i18n.Text{Ko: ko, Zh: zh, En: en}, Price: fen, Stock: stock}
}

// testPNG draws a w×h picture: a field with a sun, enough to be a photo.
func testPNG(t testing.TB, w, h int, base color.RGBA) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := base
			c.G = uint8(int(base.G) * (h - y/2) / h)
			dx, dy := x-w*2/3, y-h/3
			if dx*dx+dy*dy < (h/6)*(h/6) {
				c = color.RGBA{250, 200, 60, 255}
			}
			m.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// seed saves the fixture products through the catalog rules, as their
// sellers (or, for the eggs, the Dongxing station) would.
func (s *shop) seed(t testing.TB) {
	t.Helper()
	ctx := context.Background()
	db := s.env.DB
	now := time.Now()
	svc := &catalog.Service{Store: db, Orgs: db, Points: db}
	pref := s.actor(t, "prefecture@maeul.test")
	dongxing := s.actor(t, "seller-dongxing@maeul.test")
	station := s.actor(t, "station-dongxing@maeul.test")
	yanji := s.actor(t, "seller-yanji@maeul.test")

	save := func(by accounts.Actor, p catalog.Product) catalog.Product {
		t.Helper()
		p.Description.En = strings.TrimSpace(p.Description.En + " " + fixtureMark)
		got, err := svc.Save(ctx, by, p)
		if err != nil {
			t.Fatalf("saving %s: %v", p.Code, err)
		}
		return got
	}
	ap := save(pref, catalog.Product{
		Code: applePear, OrgID: s.orgID(t, "lj-renhua-store"), Category: "fruit-apple-pear", Origin: "222405100201", Kind: catalog.Goods,
		Name:        i18n.Text{Ko: "룡정 사과배", Zh: "龙井苹果梨", En: "Longjing apple pears"},
		Description: i18n.Text{Ko: "인화촌 과수원에서 딴 사과배입니다.", Zh: "仁化村果园采摘的苹果梨。", En: "Apple pears picked in Renhua village's orchards."},
		Labels:      []catalog.Label{catalog.GeographicIndication, catalog.PovertyAlleviation},
		CertNo:      "FP-2026-0042", CertExpiry: now.AddDate(1, 0, 0).Truncate(24 * time.Hour),
		Variants: []catalog.Variant{
			variant("T-LJ-AP-5KG", "5kg 상자", "5公斤装", "5 kg box", 6800, 40),
			variant("T-LJ-AP-10KG", "10kg 상자", "10公斤装", "10 kg box", 12800, 3),
		},
	})
	we := save(dongxing, catalog.Product{
		Code: woodEar, OrgID: s.orgID(t, "wq-dongxing-store"), Category: "forest-mushroom", Origin: "222424100201", Kind: catalog.Goods,
		Name:     i18n.Text{Ko: "왕청 흑목이버섯", Zh: "汪清黑木耳", En: "Wangqing black wood-ear fungus"},
		Variants: []catalog.Variant{variant("T-WQ-WE-250", "250g", "250克", "250 g", 3990, 100), variant("T-WQ-WE-500", "500g", "500克", "500 g", 7500, 0)},
	})
	save(yanji, catalog.Product{
		Code: rice, OrgID: s.orgID(t, "yj-enterprise"), Category: "grains-rice", Origin: "222401100201", Kind: catalog.Goods,
		Name:     i18n.Text{Ko: "연변 입쌀", Zh: "延边大米", En: "Yanbian rice"},
		Labels:   []catalog.Label{catalog.Organic, catalog.GreenFood},
		Variants: []catalog.Variant{variant("T-YJ-RICE-5", "5kg", "5公斤", "5 kg", 5900, 80)},
	})
	save(station, catalog.Product{
		Code: eggs, OrgID: s.orgID(t, "wq-dongxing-store"), Category: "eggs-poultry", Origin: "222424100201", Kind: catalog.Goods,
		Name:     i18n.Text{Ko: "동흥촌 토닭알", Zh: "东兴村土鸡蛋", En: "Dongxing free-range eggs"},
		Variants: []catalog.Variant{variant("T-WQ-EGG-30", "30알", "30枚", "30 eggs", 4500, 0)},
	})
	save(pref, catalog.Product{
		Code: farmStay, OrgID: s.orgID(t, "lj-renhua-store"), Category: "tourism-farm-stay", Origin: "222405100201", Kind: catalog.Tourism,
		Name:     i18n.Text{Ko: "인화촌 농가민박", Zh: "仁化村农家乐", En: "Renhua village farm stay"},
		Variants: []catalog.Variant{variant("T-LJ-STAY-1N", "1박 2인", "1晚2人", "1 night, 2 people", 28000, 6)},
	})
	hidden := save(dongxing, catalog.Product{
		Code: secret, OrgID: s.orgID(t, "wq-dongxing-store"), Category: "vegetables", Origin: "222424100201", Kind: catalog.Goods,
		Name:     i18n.Text{Ko: "숨긴 산나물", Zh: "隐藏山菜", En: "Hidden wild greens"},
		Variants: []catalog.Variant{variant("T-WQ-SECRET", "1kg", "1公斤", "1 kg", 2000, 5)},
	})
	if err := svc.SetHidden(ctx, dongxing, hidden.ID, true); err != nil {
		t.Fatal(err)
	}
	var err error
	if _, err = svc.AddPhoto(ctx, pref, ap.ID, bytes.NewReader(testPNG(t, 1600, 1200, color.RGBA{90, 150, 70, 255}))); err != nil {
		t.Fatalf("photo: %v", err)
	}
	if s.wide, err = photo.Process(bytes.NewReader(testPNG(t, 1600, 1200, color.RGBA{90, 150, 70, 255})), 0); err != nil {
		t.Fatal(err)
	}
	if _, err = svc.AddPhoto(ctx, dongxing, we.ID, bytes.NewReader(testPNG(t, 250, 250, color.RGBA{60, 50, 40, 255}))); err != nil {
		t.Fatalf("photo: %v", err)
	}
	if s.small, err = photo.Process(bytes.NewReader(testPNG(t, 250, 250, color.RGBA{60, 50, 40, 255})), 0); err != nil {
		t.Fatal(err)
	}
}

func eachEngine(t *testing.T, fn func(t *testing.T, s *shop)) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) { fn(t, startShop(t, engine)) })
	}
}

func get(t *testing.T, c *servertest.Client, path string, status int) string {
	t.Helper()
	r := c.Get(path)
	if r.StatusCode != status {
		body := r.Body
		if len(body) > 800 {
			body = body[:800] + "…"
		}
		t.Errorf("GET %s (%s): status %d, want %d; body:\n%s", path, c.Lang, r.StatusCode, status, body)
	}
	return r.Body
}

func wantIn(t *testing.T, what, body string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(body, s) {
			t.Errorf("%s: body lacks %q", what, s)
		}
	}
}

func wantNotIn(t *testing.T, what, body string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if strings.Contains(body, s) {
			t.Errorf("%s: body has %q", what, s)
		}
	}
}

// Every storefront page renders in Korean, Chinese and English, with the
// fixture product's name in the page's language.
func TestStorefrontPagesInThreeLanguages(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *shop) {
		names := map[string]map[string]string{ // lang → product → name
			"ko": {applePear: "룡정 사과배", woodEar: "왕청 흑목이버섯", farmStay: "인화촌 농가민박"},
			"zh": {applePear: "龙井苹果梨", woodEar: "汪清黑木耳", farmStay: "仁化村农家乐"},
			"en": {applePear: "Longjing apple pears", woodEar: "Wangqing black wood-ear fungus", farmStay: "Renhua village farm stay"},
		}
		pages := []struct {
			path string
			want []string // fixture products whose names the page shows
		}{
			{"/", []string{applePear, woodEar, farmStay}},
			{"/products/" + applePear, []string{applePear}},
			{"/products/" + farmStay, []string{farmStay}},
			{"/categories/fruit", []string{applePear}},
			{"/categories/fruit-apple-pear", []string{applePear}},
			{"/categories/tourism", []string{farmStay}},
			{"/search?q=" + url.QueryEscape("사과배 "+fixtureMark), []string{applePear}},
			{"/search", nil},
			{"/stores/lj-renhua-store", []string{applePear, farmStay}},
			{"/villages/222405100201", []string{applePear, farmStay}},
			{"/villages/222424100000", []string{woodEar}}, // a town
			{"/counties/222424", []string{woodEar}},
			{"/counties/222405000000", []string{applePear}},
		}
		for _, lang := range []string{"ko", "zh", "en"} {
			c := s.env.Client()
			c.Lang = lang
			for _, p := range pages {
				body := get(t, c, p.path, http.StatusOK)
				wantIn(t, lang+" "+p.path, body, `<html lang="`+lang+`">`, `action="/search"`)
				for _, code := range p.want {
					wantIn(t, lang+" "+p.path, body, names[lang][code])
				}
			}
		}
	})
}

// The search box finds products by Korean, Chinese and English words,
// whole or in part, on both engines.
func TestSearchFindsProductsInEveryLanguage(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *shop) {
		c := s.env.Client()
		c.Lang = "en"
		tests := []struct {
			q         string
			want, not []string
		}{
			{"사과배", []string{applePear}, []string{woodEar, rice}},
			{"苹果梨", []string{applePear}, []string{woodEar, rice}},
			{"apple pear", []string{applePear}, []string{woodEar, rice}},
			{"木耳", []string{woodEar}, []string{applePear, rice}},
			{"목이버섯", []string{woodEar}, []string{applePear, rice}},
			{"大米", []string{rice}, []string{applePear, woodEar}},
			{"입쌀", []string{rice}, []string{applePear}},
			{"숨긴", nil, []string{secret}}, // hidden products are never listed
		}
		for _, tt := range tests {
			found := map[string]bool{}
			for _, code := range searchAll(t, c, "/search?q="+url.QueryEscape(tt.q)) {
				found[code] = true
			}
			for _, code := range tt.want {
				if !found[code] {
					t.Errorf("search %q does not find %s", tt.q, code)
				}
			}
			for _, code := range tt.not {
				if found[code] {
					t.Errorf("search %q finds %s", tt.q, code)
				}
			}
		}
		body := get(t, c, "/search?q=zzzqqq", http.StatusOK)
		wantIn(t, "search without results", body, "Nothing matches “zzzqqq”", "Browse by category", `href="/categories/fruit"`)
		body = get(t, c, "/search", http.StatusOK)
		wantIn(t, "empty search", body, "Browse by category", `href="/categories/grains"`, `id="big-q"`)
		wantNotIn(t, "empty search", body, "0 products")
	})
}

var nextLink = regexp.MustCompile(`href="([^"]+)" rel="next"`)

// searchAll follows a listing's "more" links and returns every product it
// lists, in order.
func searchAll(t *testing.T, c *servertest.Client, path string) []string {
	t.Helper()
	var out []string
	for pages := 0; path != ""; pages++ {
		if pages > 20 {
			t.Fatalf("%s: the listing does not end", path)
		}
		body := get(t, c, path, http.StatusOK)
		out = append(out, productsOn(body)...)
		path = ""
		if m := nextLink.FindStringSubmatch(body); m != nil {
			path = strings.ReplaceAll(m[1], "&amp;", "&")
		}
	}
	return out
}

var productLink = regexp.MustCompile(`<a class="pcard-link" href="/products/([a-z0-9-]+)"`)

// productsOn returns the product codes a listing shows, in order,
// leaving out the suggestions of an empty one.
func productsOn(body string) []string {
	body, _, _ = strings.Cut(body, `id="h-sug"`)
	var out []string
	for _, m := range productLink.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// Filters narrow a listing and sorts order it; the count says how many
// products match; "more" pages through a long listing.
func TestSearchFiltersSortAndPages(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *shop) {
		c := s.env.Client()
		c.Lang = "en"
		tests := []struct {
			query string
			want  []string // in order
		}{
			{"category=fruit", []string{applePear}},
			{"category=forest&county=222424", []string{woodEar}},
			{"county=222405&sort=price_asc", []string{applePear, farmStay}},
			{"min=40&max=100&sort=price_asc", []string{eggs, rice, applePear}},
			{"max=50&instock=1&sort=price_asc", []string{woodEar}},
			{"label=organic", []string{rice}},
			{"label=poverty_alleviation", []string{applePear}},
			{"q=wangqing&sort=price_desc", []string{woodEar}},
			{"category=eggs-poultry&instock=1", nil},
			{"sort=price_desc&category=grains", []string{rice}},
			{"sort=price_desc", []string{farmStay, applePear, rice, eggs, woodEar}},
			{"sort=price_asc", []string{woodEar, eggs, rice, applePear, farmStay}},
		}
		for _, tt := range tests {
			// The fixture mark keeps the demo catalog out of the listing.
			q, _ := strings.CutPrefix(tt.query, "q=")
			if q == tt.query {
				q = fixtureMark + "&" + tt.query
			} else {
				q = fixtureMark + "+" + q
			}
			body := get(t, c, "/search?q="+q, http.StatusOK)
			if got := productsOn(body); strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("/search?%s lists %v, want %v", tt.query, got, tt.want)
			}
			count := fmt.Sprintf(`role="status">%d products<`, len(tt.want))
			if len(tt.want) == 1 {
				count = `role="status">1 product<`
			}
			wantIn(t, tt.query, body, count)
		}
		body := get(t, c, "/search?min=abc", http.StatusOK)
		wantIn(t, "a bad price", body, "Enter prices as yuan")

		// More than a page: 30 cabbages, 24 a page, "more" shows the rest.
		ctx := context.Background()
		org := s.orgID(t, "wq-dongxing-store")
		var ps []catalog.Product
		for i := range 30 {
			ps = append(ps, catalog.Product{
				Code: fmt.Sprintf("t-cabbage-%02d", i), OrgID: org, Category: "vegetables", Origin: "222424100201", Kind: catalog.Goods,
				Name:        i18n.Text{Ko: "배추", Zh: "白菜", En: "Napa cabbage"},
				Description: i18n.Text{En: "zqcabbage"},
				Variants:    []catalog.Variant{variant(fmt.Sprintf("T-CABBAGE-%02d", i), "1포기", "1棵", "1 head", money.Fen(300+i), 10)},
			})
		}
		if _, err := s.env.DB.SaveProducts(ctx, ps, nil); err != nil {
			t.Fatal(err)
		}
		for _, sort := range []string{"price_asc", "price_desc", "newest", "relevance"} {
			path := "/categories/vegetables?q=zqcabbage&sort=" + sort
			wantIn(t, path, get(t, c, path, http.StatusOK), "30 products")
			seen := map[string]bool{}
			for _, code := range searchAll(t, c, path) {
				if seen[code] {
					t.Errorf("%s: %s appears on two pages", path, code)
				}
				seen[code] = true
			}
			if len(seen) != 30 {
				t.Errorf("%s: paging showed %d cabbages, want 30", path, len(seen))
			}
		}
		body = get(t, c, "/search?q=zqcabbage&sort=price_asc&cursor=garbage", http.StatusOK)
		if got := productsOn(body); len(got) != 24 || got[0] != "t-cabbage-00" {
			t.Errorf("a stale cursor shows %v, want the first page of 24", got)
		}
	})
}

// The product page shows what a shopper needs to decide: variants with
// price and stock state, labels and certificate, origin and producer,
// photos at every width, and who helped list it.
func TestProductPage(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *shop) {
		c := s.env.Client()
		c.Lang = "en"
		key := s.wide.Key
		body := get(t, c, "/products/"+applePear, http.StatusOK)
		wantIn(t, "apple pears", body,
			"¥68.00", "¥128.00", "In stock", "Only 3 left",
			"Geographical indication", "FP-2026-0042", "valid until",
			`href="/villages/222405100201"`, `href="/stores/lj-renhua-store"`, `href="/counties/222405000000"`,
			`href="/categories/fruit"`, `href="/categories/fruit-apple-pear"`,
			photo.URL(key, 320)+" 320w", photo.URL(key, 640)+" 640w", photo.URL(key, 1280)+" 1280w",
			`width="1280" height="960"`,
			`<meta name="description" content="Apple pears picked in Renhua village`,
			`<meta property="og:title" content="Longjing apple pears">`,
			`<meta property="og:image" content="http://`, photo.URL(key, 1280)+`">`,
			"Shipped by")
		wantNotIn(t, "apple pears", body, "Listed with help of", "Sold out")

		body = get(t, c, "/products/"+woodEar, http.StatusOK)
		small := s.small.Key
		wantIn(t, "wood-ear", body, "¥39.90", "¥75.00", "Sold out", photo.URL(small, 250)+" 250w", `width="250" height="250"`)
		if !regexp.MustCompile(`value="T-WQ-WE-500" disabled`).MatchString(body) {
			t.Error("wood-ear: the sold-out variant is not disabled")
		}
		wantNotIn(t, "wood-ear", body, photo.URL(small, 320))

		body = get(t, c, "/products/"+eggs, http.StatusOK)
		wantIn(t, "sold-out eggs", body, "Every pack size is sold out", `<fieldset class="variants" disabled>`,
			"Listed with help of Dongxing Village E-commerce Point")

		body = get(t, c, "/products/"+farmStay, http.StatusOK)
		wantIn(t, "farm stay", body, "Booked for a date", "Up to 6 a day", "No shipping", "¥280.00")
		wantNotIn(t, "farm stay", body, "Shipped by", "Only 6 left")

		c.Lang = "zh"
		body = get(t, c, "/products/"+applePear, http.StatusOK)
		wantIn(t, "apple pears in Chinese", body, "龙井苹果梨", "地理标志", "仅剩 3 件", "证书编号")
	})
}

// Hidden and unknown products are not found for shoppers, with a page
// that helps them on; the seller who hid one still sees it, marked.
func TestHiddenAndUnknownProducts(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *shop) {
		guest := s.env.Client()
		guest.Lang = "en"
		for _, path := range []string{"/products/" + secret, "/products/no-such-thing"} {
			body := get(t, guest, path, http.StatusNotFound)
			wantIn(t, path, body, "find that product", `name="q"`, "You might like", `href="/products/`+applePear+`"`)
			wantNotIn(t, path, body, "Hidden wild greens")
		}
		shopper := s.env.Client()
		shopper.SignIn("shopper@maeul.test")
		get(t, shopper, "/products/"+secret, http.StatusNotFound)
		other := s.env.Client()
		other.SignIn("seller-yanji@maeul.test")
		get(t, other, "/products/"+secret, http.StatusNotFound)

		seller := s.env.Client()
		seller.Lang = "en"
		seller.SignIn("seller-dongxing@maeul.test")
		body := get(t, seller, "/products/"+secret+"?lang=en", http.StatusOK)
		wantIn(t, "hidden product to its seller", body, "Hidden wild greens", "hidden from shoppers")

		get(t, guest, "/stores/no-such-store", http.StatusNotFound)
		get(t, guest, "/villages/222405100299", http.StatusNotFound)
		get(t, guest, "/villages/banana", http.StatusNotFound)
		get(t, guest, "/counties/222405100201", http.StatusNotFound)
		get(t, guest, "/categories/no-such-category", http.StatusNotFound)
		if r := guest.Get("/villages/222405"); r.StatusCode != http.StatusMovedPermanently || r.Header.Get("Location") != "/counties/222405000000" {
			t.Errorf("a county code on the village page: %d to %q, want 301 to the county", r.StatusCode, r.Header.Get("Location"))
		}
	})
}

// Photos are served forever-cached under their content address, at the
// largest rendition not wider than asked.
func TestPhotoRoute(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *shop) {
		c := s.env.Client()
		tests := []struct {
			path   string
			status int
			width  int // of the rendition served
		}{
			{photo.URL(s.wide.Key, 640), http.StatusOK, 640},
			{photo.URL(s.wide.Key, 1280), http.StatusOK, 1280},
			{photo.URL(s.wide.Key, 2000), http.StatusOK, 1280},
			{photo.URL(s.small.Key, 250), http.StatusOK, 250},
			{photo.URL(s.small.Key, 640), http.StatusOK, 250},
			{photo.URL(s.small.Key, 100), http.StatusNotFound, 0},
			{photo.URL("00000000000000000000", 640), http.StatusNotFound, 0},
			{"/photos/" + s.wide.Key + "-0640.jpg", http.StatusNotFound, 0},
			{"/photos/" + s.wide.Key + "-640.png", http.StatusNotFound, 0},
		}
		for _, tt := range tests {
			r := c.Get(tt.path)
			if r.StatusCode != tt.status {
				t.Errorf("GET %s: status %d, want %d", tt.path, r.StatusCode, tt.status)
				continue
			}
			if tt.status != http.StatusOK {
				continue
			}
			if got := r.Header.Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
				t.Errorf("GET %s: Cache-Control %q", tt.path, got)
			}
			if got := r.Header.Get("Content-Type"); got != "image/jpeg" {
				t.Errorf("GET %s: Content-Type %q", tt.path, got)
			}
			key, _, _ := photo.ParseURLName(strings.TrimPrefix(tt.path, "/photos/"))
			if got, want := r.Header.Get("ETag"), fmt.Sprintf(`"%s-%d"`, key, tt.width); got != want {
				t.Errorf("GET %s: ETag %s, want %s", tt.path, got, want)
			}
			m, _, err := image.DecodeConfig(strings.NewReader(r.Body))
			if err != nil || m.Width != tt.width {
				t.Errorf("GET %s: a %d px wide image (%v), want %d", tt.path, m.Width, err, tt.width)
			}
			again := c.Do(http.MethodGet, tt.path, nil, "If-None-Match", r.Header.Get("ETag"))
			if again.StatusCode != http.StatusNotModified {
				t.Errorf("GET %s with its ETag: status %d, want 304", tt.path, again.StatusCode)
			}
		}
	})
}

// BenchmarkProductPage serves the product page through the whole server
// (middleware, store on SQLite, templates), without the network.
func BenchmarkProductPage(b *testing.B) {
	env := startShop(b, "sqlite").env
	req := httptest.NewRequest(http.MethodGet, "/products/"+applePear, nil)
	req.Header.Set("Accept-Language", "zh")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		w := httptest.NewRecorder()
		env.Server.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("status %d", w.Code)
		}
	}
}
