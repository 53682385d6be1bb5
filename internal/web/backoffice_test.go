package web_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"maeul/internal/catalog"
	"maeul/internal/money"
	"maeul/internal/photo"
	"maeul/internal/server/servertest"
	"maeul/internal/store/storetest"
)

// The back-office tests drive the seller pages over real HTTP on both
// engines, signed in as the demo accounts. Product codes and SKUs start
// with "t-bo"/"BO" so that they never meet the demo catalog's.

const (
	boDongxingStore = "wq-dongxing-store"     // village store in Dongxing Village, Wangqing
	boXiaowangqing  = "wq-xiaowangqing-store" // village store in a village the Dongxing station does not serve
	boDongxing      = "222424100201"          // Dongxing Village
	boStation       = "Dongxing Village E-commerce Point"
)

func boEachEngine(t *testing.T, fn func(t *testing.T, env *servertest.Env)) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) { fn(t, servertest.Start(t, engine)) })
	}
}

// boClient returns an English-speaking client signed in as email.
func boClient(t *testing.T, env *servertest.Env, email string) *servertest.Client {
	t.Helper()
	c := env.Client()
	c.Lang = "en"
	c.SignIn(email)
	c.Get("/lang/en?next=/") // remembered: beats the account's Korean
	return c
}

func boStatus(t *testing.T, what string, r *servertest.Response, want int) {
	t.Helper()
	if r.StatusCode != want {
		body := r.Body
		if i := strings.Index(body, "<main"); i >= 0 {
			body = body[i:]
		}
		if len(body) > 1500 {
			body = body[:1500] + "…"
		}
		t.Errorf("%s: status %d, want %d; body:\n%s", what, r.StatusCode, want, body)
	}
}

func boBody(t *testing.T, what string, r *servertest.Response, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(r.Body, s) {
			t.Errorf("%s: body lacks %q", what, s)
		}
	}
}

func boLacks(t *testing.T, what string, r *servertest.Response, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if strings.Contains(r.Body, s) {
			t.Errorf("%s: body has %q, want it absent", what, s)
		}
	}
}

func boLocation(t *testing.T, what string, r *servertest.Response, want string) {
	t.Helper()
	if got := r.Header.Get("Location"); got != want {
		t.Errorf("%s: redirected to %q, want %q", what, got, want)
	}
}

// boPNG makes a w×h PNG photo with a gradient.
func boPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), 90, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// boUpload posts a multipart form with one file and the given pairs of
// field names and values, with the same-origin headers a browser sends.
func boUpload(t *testing.T, env *servertest.Env, c *servertest.Client, path, field, filename string, content []byte, kv ...string) *servertest.Response {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for i := 0; i+1 < len(kv); i += 2 {
		mw.WriteField(kv[i], kv[i+1])
	}
	fw, err := mw.CreateFormFile(field, filename)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(content)
	mw.Close()
	return c.Do(http.MethodPost, path, &b, "Content-Type", mw.FormDataContentType(),
		"Origin", env.URL, "Sec-Fetch-Site", "same-origin")
}

// boForm is a valid product form for the Dongxing village store, with
// two variants and an empty row; set replaces fields.
func boForm(code string, set map[string][]string) url.Values {
	v := url.Values{
		"code": {code}, "name_ko": {"토종닭알"}, "name_zh": {"土鸡蛋"}, "name_en": {"Free-range eggs"},
		"description_en": {"Eggs from hens that roam the hillside."},
		"category":       {"eggs-poultry"}, "origin_code": {boDongxing}, "kind": {"goods"},
		"sku": {"BO-EGGS-30", "BO-EGGS-60", ""}, "vko": {"30알", "60알", ""}, "vzh": {"30枚", "60枚", ""},
		"ven": {"30 eggs", "60 eggs", ""}, "price": {"45.00", "86.50", ""}, "stock": {"20", "8", ""},
	}
	for k, vs := range set {
		v[k] = vs
	}
	return v
}

type boVariant struct {
	SKU   string
	Price money.Fen
	Stock int
}

func boVariants(p catalog.Product) []boVariant {
	var out []boVariant
	for _, v := range p.Variants {
		out = append(out, boVariant{v.SKU, v.Price, v.Stock})
	}
	return out
}

func boProduct(t *testing.T, env *servertest.Env, code string) catalog.Product {
	t.Helper()
	p, err := env.DB.Product(context.Background(), code)
	if err != nil {
		t.Fatalf("product %s: %v", code, err)
	}
	return p
}

func boNoProduct(t *testing.T, env *servertest.Env, code string) {
	t.Helper()
	if _, err := env.DB.Product(context.Background(), code); err == nil {
		t.Errorf("product %s was written", code)
	}
}

func TestSellerManagesProducts(t *testing.T) {
	boEachEngine(t, func(t *testing.T, env *servertest.Env) {
		c := boClient(t, env, "seller-dongxing@maeul.test")
		r := c.Get("/seller")
		boStatus(t, "dashboard", r, http.StatusOK)
		boBody(t, "dashboard", r, "Dongguang Villagers&#39; Direct", "Stock warnings", `href="/seller/products/new"`, `href="/seller"`)

		r = c.Get("/seller/products/new")
		boStatus(t, "new product form", r, http.StatusOK)
		boBody(t, "new product form", r, `<option value="eggs-poultry"`, `<optgroup label="Rice &amp; grains">`,
			`<option value="222424100201" selected>Dongxing Village`, `value="poverty_alleviation"`, `name="price"`)

		r = c.PostForm("/seller/products", boForm("t-bo-eggs", nil))
		boStatus(t, "create", r, http.StatusSeeOther)
		boLocation(t, "create", r, "/seller/products/t-bo-eggs?notice=seller.notice.saved")
		p := boProduct(t, env, "t-bo-eggs")
		want := []boVariant{{"BO-EGGS-30", 4500, 20}, {"BO-EGGS-60", 8650, 8}}
		if diff := cmp.Diff(want, boVariants(p)); diff != "" {
			t.Errorf("created variants (-want +got):\n%s", diff)
		}
		if p.Name.En != "Free-range eggs" || p.Origin != boDongxing || p.Hidden || p.ListedVia != 0 {
			t.Errorf("created product = %+v", p)
		}

		// Edit the price and the stock; a third variant without a SKU gets one.
		r = c.PostForm("/seller/products/t-bo-eggs", boForm("", map[string][]string{
			"price": {"47.80", "86.50", "12"}, "stock": {"20", "3", "0"}, "sku": {"BO-EGGS-30", "BO-EGGS-60", ""},
			"vko": {"30알", "60알", "10알"}, "vzh": {"", "", ""}, "ven": {"30 eggs", "60 eggs", "10 eggs"},
		}))
		boStatus(t, "edit", r, http.StatusSeeOther)
		want = []boVariant{{"BO-EGGS-30", 4780, 20}, {"BO-EGGS-60", 8650, 3}, {"T-BO-EGGS-1", 1200, 0}}
		if diff := cmp.Diff(want, boVariants(boProduct(t, env, "t-bo-eggs"))); diff != "" {
			t.Errorf("edited variants (-want +got):\n%s", diff)
		}
		r = c.Get("/seller/products/t-bo-eggs?notice=seller.notice.saved")
		boStatus(t, "edit form", r, http.StatusOK)
		boBody(t, "edit form", r, "Saved.", `value="47.80"`, `value="T-BO-EGGS-1"`, "Change history")

		// The stock warnings: sold out first, then low.
		r = c.Get("/seller")
		boBody(t, "dashboard with warnings", r, "Sold out", "Only 3 left", "T-BO-EGGS-1", "BO-EGGS-60")
		if out, low := strings.Index(r.Body, "T-BO-EGGS-1"), strings.Index(r.Body, "Only 3 left"); out > low {
			t.Error("the low-stock warning comes before the sold-out one")
		}
		boLacks(t, "dashboard with warnings", r, "<code>BO-EGGS-30</code>")

		// Clearing a row removes its variant.
		r = c.PostForm("/seller/products/t-bo-eggs", boForm("", map[string][]string{
			"sku": {"BO-EGGS-30", "", "BO-EGGS-60"}, "vko": {"30알", "", "60알"}, "vzh": {"", "", ""},
			"ven": {"", "", ""}, "price": {"47.80", "", "86.50"}, "stock": {"20", "", "3"},
		}))
		boStatus(t, "removing a variant", r, http.StatusSeeOther)
		want = []boVariant{{"BO-EGGS-30", 4780, 20}, {"BO-EGGS-60", 8650, 3}}
		if diff := cmp.Diff(want, boVariants(boProduct(t, env, "t-bo-eggs"))); diff != "" {
			t.Errorf("variants after clearing a row (-want +got):\n%s", diff)
		}

		// Hide from the list, show from the product page.
		r = c.PostForm("/seller/products/t-bo-eggs/visibility", url.Values{"hidden": {"true"}, "from": {"list"}})
		boStatus(t, "hide", r, http.StatusSeeOther)
		boLocation(t, "hide", r, "/seller?notice=seller.notice.hidden")
		if !boProduct(t, env, "t-bo-eggs").Hidden {
			t.Error("the product is not hidden after hiding it")
		}
		boBody(t, "dashboard with a hidden product", c.Get("/seller"), "Hidden", `name="hidden" value="false"`)
		r = c.PostForm("/seller/products/t-bo-eggs/visibility", url.Values{"hidden": {"false"}})
		boStatus(t, "show", r, http.StatusSeeOther)
		boLocation(t, "show", r, "/seller/products/t-bo-eggs?notice=seller.notice.shown")
		if boProduct(t, env, "t-bo-eggs").Hidden {
			t.Error("the product is hidden after showing it")
		}
		// The form's hidden box hides an existing product too.
		r = c.PostForm("/seller/products/t-bo-eggs", boForm("", map[string][]string{"hidden": {"1"}}))
		boStatus(t, "saving with the hidden box", r, http.StatusSeeOther)
		if !boProduct(t, env, "t-bo-eggs").Hidden {
			t.Error("the product is not hidden after saving the form with the box ticked")
		}

		// A photo, then its removal.
		r = boUpload(t, env, c, "/seller/products/t-bo-eggs/photos", "photo", "eggs.png", boPNG(t, 400, 300))
		boStatus(t, "photo upload", r, http.StatusSeeOther)
		boLocation(t, "photo upload", r, "/seller/products/t-bo-eggs?notice=seller.notice.photo_added#photos")
		ph := boProduct(t, env, "t-bo-eggs").Photos
		if len(ph) != 1 {
			t.Fatalf("photos after the upload: %v, want one", ph)
		}
		r = c.Get("/seller/products/t-bo-eggs")
		boBody(t, "edit form with a photo", r, photo.URL(ph[0].Key, 320), "/photos/"+ph[0].Key+"/remove", "Photo added")
		r = c.PostForm("/seller/products/t-bo-eggs/photos/"+ph[0].Key+"/remove", nil)
		boStatus(t, "photo removal", r, http.StatusSeeOther)
		if ph := boProduct(t, env, "t-bo-eggs").Photos; len(ph) != 0 {
			t.Errorf("photos after the removal: %v, want none", ph)
		}
		r = c.Get("/seller/products/t-bo-eggs")
		boBody(t, "history", r, "Saved", "Hidden", "Shown", "Photo added", "Photo removed", "동흥촌 상점", "(Seller)")
	})
}

func TestSellerBadInputChangesNothing(t *testing.T) {
	boEachEngine(t, func(t *testing.T, env *servertest.Env) {
		c := boClient(t, env, "seller-dongxing@maeul.test")
		boStatus(t, "create", c.PostForm("/seller/products", boForm("t-bo-eggs", nil)), http.StatusSeeOther)
		before := boProduct(t, env, "t-bo-eggs")

		tests := []struct {
			name string
			set  map[string][]string
			want []string // on the re-rendered form, which keeps what was typed
		}{
			{"negative price", map[string][]string{"price": {"-5", "86.50", ""}},
				[]string{"The price of BO-EGGS-30 must be more than zero", `value="-5"`}},
			{"price that is not money", map[string][]string{"price": {"4.5x", "86.50", ""}},
				[]string{"is not an amount of yuan", `value="4.5x"`}},
			{"stock that is not a number", map[string][]string{"stock": {"lots", "8", ""}},
				[]string{"is not a whole number", `value="lots"`}},
			{"unknown category", map[string][]string{"category": {"no-such-category"}},
				[]string{`Unknown category &#34;no-such-category&#34;`}},
			{"origin outside the county", map[string][]string{"origin_code": {"222401100201"}},
				[]string{"lies outside the seller&#39;s county"}},
			{"poverty label without certificate", map[string][]string{"labels": {"poverty_alleviation"}},
				[]string{"needs its certificate number and expiry date"}},
			{"expired certificate", map[string][]string{"labels": {"poverty_alleviation"}, "cert_no": {"FP-2020-0042"}, "cert_expiry": {"2020-01-31"}},
				[]string{"expired on 2020-01-31", `value="FP-2020-0042"`, `value="2020-01-31"`}},
			{"no variant", map[string][]string{"sku": {"", "", ""}, "vko": {"", "", ""}, "vzh": {"", "", ""},
				"ven": {"", "", ""}, "price": {"", "", ""}, "stock": {"", "", ""}},
				[]string{"A product needs at least one variant"}},
			{"no name", map[string][]string{"name_ko": {""}, "name_zh": {""}, "name_en": {""}},
				[]string{"needs a name in at least one language"}},
		}
		for _, tt := range tests {
			r := c.PostForm("/seller/products/t-bo-eggs", boForm("", tt.set))
			boStatus(t, tt.name, r, http.StatusUnprocessableEntity)
			boBody(t, tt.name, r, append(tt.want, "Nothing was saved", "Eggs from hens that roam the hillside.")...)
			if diff := cmp.Diff(before, boProduct(t, env, "t-bo-eggs")); diff != "" {
				t.Errorf("%s changed the product (-before +after):\n%s", tt.name, diff)
			}
		}

		// Refused creations write nothing either.
		r := c.PostForm("/seller/products", boForm("t-bo-bad", map[string][]string{"price": {"-1", "2", ""}, "sku": {"BO-BAD-1", "BO-BAD-2", ""}}))
		boStatus(t, "creating with a negative price", r, http.StatusUnprocessableEntity)
		boNoProduct(t, env, "t-bo-bad")
		r = c.PostForm("/seller/products", boForm("t-bo-eggs", nil))
		boStatus(t, "creating with a code in use", r, http.StatusUnprocessableEntity)
		boBody(t, "creating with a code in use", r, "already in use")
		r = c.PostForm("/seller/products", boForm("T BO bad!", nil))
		boStatus(t, "creating with a bad code", r, http.StatusUnprocessableEntity)
		boBody(t, "creating with a bad code", r, "Bad product code")
		r = c.PostForm("/seller/products", boForm("t-bo-thief", map[string][]string{"sku": {"BO-EGGS-30", "BO-THIEF-2", ""}}))
		boStatus(t, "creating with another product's SKU", r, http.StatusConflict)
		boBody(t, "creating with another product's SKU", r, "SKU BO-EGGS-30 belongs to another product")
		boNoProduct(t, env, "t-bo-thief")

		// Photos the rules refuse.
		photoTests := []struct {
			name    string
			content []byte
			status  int
			want    string
		}{
			{"a text file", []byte("these are not the pixels you are looking for"), http.StatusUnprocessableEntity, "not a JPEG, PNG, GIF or WebP image"},
			{"a photo over 8 MiB", bytes.Repeat([]byte{0x89}, 9<<20), http.StatusRequestEntityTooLarge, "The file is too large. Upload a photo of 8 MiB or less."},
			{"a tiny photo", boPNG(t, 50, 50), http.StatusUnprocessableEntity, "it needs at least 200×200"},
			{"no file", nil, http.StatusUnprocessableEntity, "Choose a photo file"},
		}
		for _, tt := range photoTests {
			var r *servertest.Response
			if tt.content == nil {
				r = c.PostForm("/seller/products/t-bo-eggs/photos", nil)
			} else {
				r = boUpload(t, env, c, "/seller/products/t-bo-eggs/photos", "photo", "upload.png", tt.content)
			}
			boStatus(t, tt.name, r, tt.status)
			boBody(t, tt.name, r, tt.want, "Free-range eggs")
			if ph := boProduct(t, env, "t-bo-eggs").Photos; len(ph) != 0 {
				t.Errorf("%s: the product has photos %v", tt.name, ph)
			}
		}
		if diff := cmp.Diff(before, boProduct(t, env, "t-bo-eggs")); diff != "" {
			t.Errorf("refused photos changed the product (-before +after):\n%s", diff)
		}
	})
}

func TestSellerImportsProducts(t *testing.T) {
	boEachEngine(t, func(t *testing.T, env *servertest.Env) {
		c := boClient(t, env, "seller-dongxing@maeul.test")
		r := c.Get("/seller/import")
		boStatus(t, "import form", r, http.StatusOK)
		boBody(t, "import form", r, `enctype="multipart/form-data"`, "<code>product_code</code>", "wq-dongxing-store-eggs")

		const header = "product_code,org_code,category,origin_code,name_ko,name_en,sku,variant_ko,price,stock,labels,cert_no,cert_expiry\n"
		tests := []struct {
			name string
			file string
			want []string
		}{
			{"bad header", "product_code,org_code,colour\nx,y,z\n",
				[]string{"bad.csv:1: column colour: Unknown column", "bad.csv:1: column category: Missing from the header."}},
			{"bad price on line 3", header +
				"t-bo-rice,wq-dongxing-store,grains-rice,222424100201,입쌀,Rice,BO-RICE-5,5kg,39.80,10,,,\n" +
				"t-bo-rice,wq-dongxing-store,grains-rice,222424100201,입쌀,Rice,BO-RICE-10,10kg,seventy,10,,,\n",
				[]string{"bad.csv:3: column price: &#34;seventy&#34; is not an amount of yuan"}},
			{"poverty label without certificate", header +
				"t-bo-rice,wq-dongxing-store,grains-rice,222424100201,입쌀,Rice,BO-RICE-5,5kg,39.80,10,poverty_alleviation,,\n",
				[]string{"bad.csv:2: column cert_no: A poverty-alleviation product needs its certificate number and expiry date."}},
			{"another seller's product", header +
				"t-bo-rice,yj-enterprise,grains-rice,222401000000,입쌀,Rice,BO-RICE-5,5kg,39.80,10,,,\n",
				[]string{"bad.csv:2: You may not manage the products of yj-enterprise."}},
			{"broken quoting", header + "t-bo-rice,\"wq-dongxing-store,grains-rice\n",
				[]string{"bad.csv:2: Malformed CSV"}},
		}
		for _, tt := range tests {
			r := boUpload(t, env, c, "/seller/import", "file", "bad.csv", []byte(tt.file))
			boStatus(t, tt.name, r, http.StatusUnprocessableEntity)
			boBody(t, tt.name, r, append(tt.want, "bad.csv was not imported", "Nothing was written")...)
			boNoProduct(t, env, "t-bo-rice")
		}
		r = boUpload(t, env, c, "/seller/import", "file", "", nil)
		boStatus(t, "an empty upload", r, http.StatusUnprocessableEntity)

		// On a Chinese page the problems keep their place and are said in
		// Chinese.
		zh := boClient(t, env, "seller-dongxing@maeul.test")
		zh.Get("/lang/zh?next=/")
		r = boUpload(t, env, zh, "/seller/import", "file", "bad.csv", []byte(header+
			"t-bo-rice,wq-dongxing-store,grains-rice,222424100201,입쌀,Rice,BO-RICE-5,5kg,39.80,10,poverty_alleviation,,\n"))
		boStatus(t, "a refused file in Chinese", r, http.StatusUnprocessableEntity)
		boBody(t, "a refused file in Chinese", r, "bad.csv:2: column cert_no: 扶贫产品需要填写认定证书编号和有效期。")
		boLacks(t, "a refused file in Chinese", r, "certificate number")

		good := header +
			"t-bo-rice,wq-dongxing-store,grains-rice,222424100201,입쌀,Rice,BO-RICE-5,5kg,39.80,10,,,\n" +
			"t-bo-rice,wq-dongxing-store,grains-rice,222424100201,입쌀,Rice,BO-RICE-10,10kg,75,2,,,\n" +
			"t-bo-honey,wq-dongxing-store,forest-ginseng-honey,222424100201,꿀,Honey,BO-HONEY-1,1kg,88.00,4,poverty_alleviation,FP-2099-7,2099-12-31\n"
		r = boUpload(t, env, c, "/seller/import", "file", "good.csv", []byte(good))
		boStatus(t, "a good file", r, http.StatusSeeOther)
		boLocation(t, "a good file", r, "/seller/import?done=3&notice=seller.notice.imported")
		boBody(t, "after the import", c.Get("/seller/import?done=3"), "Imported 3 variant rows.")
		want := []boVariant{{"BO-RICE-5", 3980, 10}, {"BO-RICE-10", 7500, 2}}
		if diff := cmp.Diff(want, boVariants(boProduct(t, env, "t-bo-rice"))); diff != "" {
			t.Errorf("imported variants (-want +got):\n%s", diff)
		}
		if p := boProduct(t, env, "t-bo-honey"); !p.Has(catalog.PovertyAlleviation) || p.CertNo != "FP-2099-7" {
			t.Errorf("imported honey = %+v", p)
		}
		boBody(t, "dashboard after the import", c.Get("/seller"), "t-bo-rice", "t-bo-honey")

		// The documented example imports as it is.
		example, err := os.ReadFile("../../docs/examples/products.csv")
		if err != nil {
			t.Fatal(err)
		}
		r = boUpload(t, env, c, "/seller/import", "file", "products.csv", example)
		boStatus(t, "docs/examples/products.csv", r, http.StatusSeeOther)
		boLocation(t, "docs/examples/products.csv", r, "/seller/import?done=4&notice=seller.notice.imported")
		if p := boProduct(t, env, "wq-dongxing-farm-stay"); p.Kind != catalog.Tourism || p.Variants[0].Name.En != "1 night, 2 people" {
			t.Errorf("the example's farm stay = %+v", p)
		}
	})
}

func TestSellerCannotTouchOtherOrganizations(t *testing.T) {
	boEachEngine(t, func(t *testing.T, env *servertest.Env) {
		owner := boClient(t, env, "seller-dongxing@maeul.test")
		boStatus(t, "create", owner.PostForm("/seller/products", boForm("t-bo-eggs", nil)), http.StatusSeeOther)
		before := boProduct(t, env, "t-bo-eggs")

		other := boClient(t, env, "seller-yanji@maeul.test")
		boStatus(t, "own dashboard", other.Get("/seller"), http.StatusOK)
		gets := []string{
			"/seller/products/t-bo-eggs",
			"/seller?org=" + boDongxingStore,
			"/seller/products/new?org=" + boDongxingStore,
			"/seller/import?org=" + boDongxingStore,
			"/seller/store?org=" + boDongxingStore,
		}
		for _, p := range gets {
			r := other.Get(p)
			boStatus(t, "another seller: GET "+p, r, http.StatusForbidden)
			boBody(t, "another seller: GET "+p, r, "You may not manage the products of wq-dongxing-store.")
		}
		posts := []struct {
			path string
			form url.Values
		}{
			{"/seller/products/t-bo-eggs", boForm("", map[string][]string{"price": {"1", "1", ""}})},
			{"/seller/products/t-bo-eggs/visibility", url.Values{"hidden": {"true"}}},
			{"/seller/products?org=" + boDongxingStore, boForm("t-bo-planted", map[string][]string{"sku": {"BO-P-1", "BO-P-2", ""}})},
			{"/seller/store?org=" + boDongxingStore, url.Values{"story_en": {"Taken over"}}},
		}
		for _, p := range posts {
			boStatus(t, "another seller: POST "+p.path, other.PostForm(p.path, p.form), http.StatusForbidden)
		}
		r := boUpload(t, env, other, "/seller/products/t-bo-eggs/photos", "photo", "x.png", boPNG(t, 300, 300))
		boStatus(t, "another seller: photo upload", r, http.StatusForbidden)
		if diff := cmp.Diff(before, boProduct(t, env, "t-bo-eggs")); diff != "" {
			t.Errorf("another seller changed the product (-before +after):\n%s", diff)
		}
		boNoProduct(t, env, "t-bo-planted")
		if o, _ := env.DB.Organization(context.Background(), boDongxingStore); o.Story.En == "Taken over" {
			t.Error("another seller changed the store's story")
		}

		// Guests are sent to sign in; shoppers are refused.
		r = env.Client().Get("/seller")
		boStatus(t, "guest", r, http.StatusSeeOther)
		boLocation(t, "guest", r, "/signin?next=/seller")
		boStatus(t, "shopper", boClient(t, env, "shopper@maeul.test").Get("/seller"), http.StatusForbidden)
		boStatus(t, "shopper: station listings", boClient(t, env, "shopper@maeul.test").Get("/station/listings"), http.StatusForbidden)

		// A county admin manages the stores of its county, not others.
		admin := boClient(t, env, "county-wangqing@maeul.test")
		r = admin.Get("/seller?org=" + boDongxingStore)
		boStatus(t, "county admin: its county's store", r, http.StatusOK)
		boBody(t, "county admin: its county's store", r, "as an administrator", "t-bo-eggs", `href="/seller/products/new?org=wq-dongxing-store"`)
		boStatus(t, "county admin: another county's store", admin.Get("/seller?org=yj-enterprise"), http.StatusForbidden)
		boStatus(t, "county admin: no store named", admin.Get("/seller"), http.StatusUnprocessableEntity)
		boStatus(t, "unknown store", admin.Get("/seller?org=no-such-store"), http.StatusNotFound)
		boStatus(t, "unknown product", owner.Get("/seller/products/t-bo-nothing"), http.StatusNotFound)
	})
}

func TestStationListsOnBehalfOfVillageStores(t *testing.T) {
	boEachEngine(t, func(t *testing.T, env *servertest.Env) {
		c := boClient(t, env, "station-dongxing@maeul.test")
		r := c.Get("/station/listings")
		boStatus(t, "station listings", r, http.StatusOK)
		boBody(t, "station listings", r, boStation, "Dongguang Villagers&#39; Direct", `href="/seller?org=wq-dongxing-store"`)
		boLacks(t, "station listings", r, boXiaowangqing, "wq-coop")
		boLocation(t, "dashboard without a store", c.Get("/seller"), "/station/listings")

		q := "?org=" + boDongxingStore
		r = c.Get("/seller" + q)
		boStatus(t, "dashboard on behalf", r, http.StatusOK)
		boBody(t, "dashboard on behalf", r, "You are listing on behalf of Dongguang Villagers&#39; Direct via "+boStation)
		r = c.Get("/seller/products/new" + q)
		boStatus(t, "new product on behalf", r, http.StatusOK)
		boBody(t, "new product on behalf", r, "You are listing on behalf of", `<option value="222424100201"`, `action="/seller/products?org=wq-dongxing-store"`)
		boLacks(t, "new product on behalf", r, `<option value="222424100202"`)

		r = c.PostForm("/seller/products"+q, boForm("t-bo-station-eggs", map[string][]string{"sku": {"BO-ST-30", "BO-ST-60", ""}}))
		boStatus(t, "create on behalf", r, http.StatusSeeOther)
		boLocation(t, "create on behalf", r, "/seller/products/t-bo-station-eggs?notice=seller.notice.saved&org=wq-dongxing-store")
		p := boProduct(t, env, "t-bo-station-eggs")
		pt, err := env.DB.ServicePoint(context.Background(), "wq-dongxing-vstation")
		if err != nil {
			t.Fatal(err)
		}
		if p.ListedVia != pt.ID {
			t.Errorf("listed via %d, want the station %d", p.ListedVia, pt.ID)
		}
		// An origin the station does not serve is refused.
		r = c.PostForm("/seller/products/t-bo-station-eggs", boForm("", map[string][]string{"origin_code": {"222424100202"}, "sku": {"BO-ST-30", "BO-ST-60", ""}}))
		boStatus(t, "origin outside the station's villages", r, http.StatusUnprocessableEntity)
		boBody(t, "origin outside the station's villages", r, "is not served by station wq-dongxing-vstation")

		// The history shows the operator and the station, to the operator and
		// to the store's own seller.
		for _, who := range []*servertest.Client{c, boClient(t, env, "seller-dongxing@maeul.test")} {
			r = who.Get("/seller/products/t-bo-station-eggs")
			boStatus(t, "product listed on behalf", r, http.StatusOK)
			boBody(t, "product listed on behalf", r, "Listed with help of "+boStation, "동흥촌 봉사점", "(Station operator)", "via "+boStation)
		}

		// Stores in villages the station does not serve are out of reach.
		for _, path := range []string{"/seller?org=" + boXiaowangqing, "/seller/products/new?org=wq-household", "/seller/import?org=" + boXiaowangqing} {
			boStatus(t, "unserved store: GET "+path, c.Get(path), http.StatusForbidden)
		}
		r = c.PostForm("/seller/products?org="+boXiaowangqing, boForm("t-bo-unserved", map[string][]string{
			"origin_code": {"222424100202"}, "sku": {"BO-UN-1", "BO-UN-2", ""}}))
		boStatus(t, "unserved store: create", r, http.StatusForbidden)
		boNoProduct(t, env, "t-bo-unserved")
		boStatus(t, "a cooperative, not a village store", c.Get("/seller?org=wq-coop"), http.StatusForbidden)
	})
}

func TestSellerEditsStorePage(t *testing.T) {
	boEachEngine(t, func(t *testing.T, env *servertest.Env) {
		c := boClient(t, env, "seller-dongxing@maeul.test")
		r := c.Get("/seller/store")
		boStatus(t, "store page form", r, http.StatusOK)
		boBody(t, "store page form", r, `name="story_ko"`, `name="cover"`)

		r = c.PostForm("/seller/store", url.Values{"story_ko": {"동흥촌 사람들이 함께 운영합니다."}, "story_zh": {"东兴村村民共同经营。"}, "story_en": {"Run together by the people of Dongxing."}})
		boStatus(t, "saving the story", r, http.StatusSeeOther)
		o, err := env.DB.Organization(context.Background(), boDongxingStore)
		if err != nil {
			t.Fatal(err)
		}
		if o.Story.En != "Run together by the people of Dongxing." || o.Story.Zh != "东兴村村民共同经营。" {
			t.Errorf("story = %+v", o.Story)
		}
		long := strings.Repeat("가", catalog.MaxStoryRunes+1)
		r = c.PostForm("/seller/store", url.Values{"story_ko": {long}, "story_en": {"Kept as typed"}})
		boStatus(t, "a story too long", r, http.StatusUnprocessableEntity)
		boBody(t, "a story too long", r, "at most 4000 characters", "Kept as typed")
		if o2, _ := env.DB.Organization(context.Background(), boDongxingStore); o2.Story != o.Story {
			t.Errorf("a refused story changed the store: %+v", o2.Story)
		}

		r = boUpload(t, env, c, "/seller/store/cover", "cover", "village.png", boPNG(t, 800, 450))
		boStatus(t, "cover upload", r, http.StatusSeeOther)
		o, _ = env.DB.Organization(context.Background(), boDongxingStore)
		if o.Cover == "" {
			t.Fatal("no cover after the upload")
		}
		boBody(t, "store page with a cover", c.Get("/seller/store"), photo.URL(o.Cover, 640))
		r = boUpload(t, env, c, "/seller/store/cover", "cover", "notes.txt", []byte("hello"))
		boStatus(t, "a cover that is not an image", r, http.StatusUnprocessableEntity)
		boBody(t, "a cover that is not an image", r, "not a JPEG, PNG, GIF or WebP image")
		if o2, _ := env.DB.Organization(context.Background(), boDongxingStore); o2.Cover != o.Cover {
			t.Error("a refused cover replaced the cover")
		}
		r = c.PostForm("/seller/store/cover", url.Values{"remove": {"1"}})
		boStatus(t, "removing the cover", r, http.StatusSeeOther)
		if o2, _ := env.DB.Organization(context.Background(), boDongxingStore); o2.Cover != "" {
			t.Errorf("cover %q after removing it", o2.Cover)
		}
	})
}

// TestSellerTabs checks that every back-office page of a seller offers
// the same tabs, the benefit links and (for organizations with member
// households) the dividends among them, and that a station operator
// working on behalf of a store is offered neither.
func TestSellerTabs(t *testing.T) {
	env := servertest.Start(t, "sqlite")
	tests := []struct {
		who, path  string
		has, lacks []string
	}{
		{"seller-dongxing@maeul.test", "/seller", []string{`href="/seller/links"`, `href="/seller/dividends"`, `href="/seller/orders"`}, nil},
		{"seller-dongxing@maeul.test", "/seller/store", []string{`href="/seller/links"`, `href="/seller/dividends"`}, nil},
		{"seller-dongxing@maeul.test", "/seller/links", []string{`href="/seller/import"`, `href="/seller/promotions"`}, nil},
		{"seller-yanji@maeul.test", "/seller/orders", []string{`href="/seller/links"`}, []string{`href="/seller/dividends"`}},
		{"station-dongxing@maeul.test", "/seller?org=" + boDongxingStore, []string{`href="/station/listings"`}, []string{"/seller/links", "/seller/dividends", "/seller/orders"}},
	}
	for _, tt := range tests {
		c := boClient(t, env, tt.who)
		r := c.Get(tt.path)
		what := tt.who + " " + tt.path
		boStatus(t, what, r, http.StatusOK)
		boBody(t, what, r, tt.has...)
		boLacks(t, what, r, tt.lacks...)
	}
}

// TestSectionHomes checks that a back-office section's bare path leads to
// its first page.
func TestSectionHomes(t *testing.T) {
	env := servertest.Start(t, "sqlite")
	for _, tt := range []struct{ who, path, want string }{
		{"auditor@maeul.test", "/audit", "/audit/ledger"},
		{"auditor@maeul.test", "/audit/?lang=zh", "/audit/ledger?lang=zh"},
	} {
		c := boClient(t, env, tt.who)
		r := c.Get(tt.path)
		// The router may first add the trailing slash (307).
		for hops := 0; hops < 3 && r.StatusCode/100 == 3 && r.Header.Get("Location") != tt.want; hops++ {
			r = c.Get(r.Header.Get("Location"))
		}
		if got := r.Header.Get("Location"); got != tt.want {
			t.Errorf("%s %s: ends at status %d, Location %q; want a redirect to %s", tt.who, tt.path, r.StatusCode, got, tt.want)
		}
	}
}
