package api_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"

	"maeul/internal/photo"
	"maeul/internal/server/servertest"
	"maeul/internal/store/storetest"
)

// The catalog tests list their own products, all with codes starting
// "apitest-", and look only at those, so that whatever the demo catalog
// holds does not matter.
const prefix = "apitest-"

type photoOut struct {
	Key    string            `json:"key"`
	Width  int               `json:"width"`
	Height int               `json:"height"`
	URLs   map[string]string `json:"urls"`
}

type summaryOut struct {
	Code        string    `json:"code"`
	MinPriceFen int64     `json:"min_price_fen"`
	InStock     bool      `json:"in_stock"`
	Hidden      bool      `json:"hidden"`
	Photo       *photoOut `json:"photo"`
}

type pageOut struct {
	Items      []summaryOut `json:"items"`
	Total      int          `json:"total"`
	NextCursor string       `json:"next_cursor"`
}

type productOut struct {
	Code     string            `json:"code"`
	Name     map[string]string `json:"name"`
	Hidden   bool              `json:"hidden"`
	Variants []struct {
		SKU        string `json:"sku"`
		PriceFen   int64  `json:"price_fen"`
		Stock      int    `json:"stock"`
		StockState string `json:"stock_state"`
	} `json:"variants"`
	Photos      []photoOut `json:"photos"`
	ListedVia   string     `json:"listed_via"`
	Certificate *struct {
		Number  string `json:"number"`
		Expires string `json:"expires"`
	} `json:"certificate"`
	CategoryPath []struct {
		Code string `json:"code"`
	} `json:"category_path"`
}

// fieldError is the error shape with its field.
type fieldError struct {
	Error struct {
		Code  string `json:"code"`
		Field string `json:"field"`
	} `json:"error"`
}

func wantFieldError(t *testing.T, what string, r *servertest.Response, status int, code, field string) {
	t.Helper()
	var e fieldError
	json.Unmarshal([]byte(r.Body), &e)
	if r.StatusCode != status || e.Error.Code != code || e.Error.Field != field {
		t.Errorf("%s: %d %s; want %d %s on field %q", what, r.StatusCode, r.Body, status, code, field)
	}
}

// product returns a request body for a product of the Dongxing village
// store from Dongxing village; edit changes it.
func product(code, category string, name map[string]string, priceFen int64, stock int, edit func(map[string]any)) map[string]any {
	p := map[string]any{
		"org_code": "wq-dongxing-store", "code": prefix + code, "category": category, "origin_code": "222424100201",
		"name": name, "description": map[string]string{"en": "apitest fixture"},
		"variants": []map[string]any{{"sku": strings.ToUpper(prefix + code + "-1"), "name": map[string]string{"ko": "1개"}, "price_fen": priceFen, "stock": stock}},
	}
	if edit != nil {
		edit(p)
	}
	return p
}

// fixtures are the tests' products; the first is the one in three
// languages.
func fixtures() []map[string]any {
	return []map[string]any{
		product("apple-pear", "fruit", map[string]string{"ko": "사과배", "zh": "苹果梨", "en": "Apple pear"}, 3980, 20, func(p map[string]any) {
			p["labels"] = []string{"poverty_alleviation", "geographic_indication"}
			p["certificate"] = map[string]string{"number": "FP2026-001", "expires": "2099-12-31"}
			p["variants"] = append(p["variants"].([]map[string]any),
				map[string]any{"sku": "APITEST-APPLE-PEAR-10", "name": map[string]string{"ko": "10kg"}, "price_fen": 6900, "stock": 3})
		}),
		product("wood-ear", "forest", map[string]string{"ko": "목이버섯", "zh": "黑木耳", "en": "Black fungus"}, 5800, 0, nil),
		product("pine-nuts", "forest-nuts", map[string]string{"ko": "잣", "zh": "松子", "en": "Pine nuts"}, 12000, 50, func(p map[string]any) {
			p["labels"] = []string{"organic"}
		}),
		product("farm-stay", "tourism-farm-stay", map[string]string{"ko": "농가민박", "zh": "农家乐", "en": "Farm stay"}, 20000, 4, func(p map[string]any) {
			p["kind"] = "tourism"
		}),
		product("kimchi", "processed-kimchi", map[string]string{"ko": "배추김치", "zh": "辣白菜", "en": "Cabbage kimchi"}, 2500, 9, nil),
		product("rice", "grains-rice", map[string]string{"ko": "입쌀", "zh": "大米", "en": "Rice"}, 9900, 100, func(p map[string]any) {
			p["org_code"], p["origin_code"] = "yj-enterprise", "222401100201"
		}),
	}
}

// codesOf walks every page of a listing and returns the apitest codes in
// the order seen, failing on a repeat or a total that disagrees with the
// items seen.
func codesOf(t *testing.T, c *servertest.Client, path string) []string {
	t.Helper()
	var all, ours []string
	seen := map[string]bool{}
	total := -1
	cursor := ""
	for pages := 0; ; pages++ {
		if pages > 50 {
			t.Fatalf("%s: more than 50 pages", path)
		}
		u := path
		if cursor != "" {
			u += "&cursor=" + url.QueryEscape(cursor)
		}
		var p pageOut
		r := c.JSON(http.MethodGet, u, nil, &p)
		if r.StatusCode != 200 {
			t.Fatalf("GET %s: %d %s", u, r.StatusCode, r.Body)
		}
		if total >= 0 && p.Total != total {
			t.Errorf("%s: total changed from %d to %d", u, total, p.Total)
		}
		total = p.Total
		for _, s := range p.Items {
			if seen[s.Code] {
				t.Errorf("%s: %s seen twice", u, s.Code)
			}
			seen[s.Code] = true
			all = append(all, s.Code)
			if strings.HasPrefix(s.Code, prefix) {
				ours = append(ours, strings.TrimPrefix(s.Code, prefix))
			}
		}
		if p.NextCursor == "" {
			break
		}
		if len(p.Items) == 0 {
			t.Fatalf("%s: an empty page with a next cursor", u)
		}
		cursor = p.NextCursor
	}
	if len(all) != total {
		t.Errorf("%s: saw %d items, total says %d", path, len(all), total)
	}
	return ours
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	sort.Strings(s)
	return s
}

func testImage(t *testing.T, format string, w, h int) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.Set(x, y, color.RGBA{uint8(x), uint8(y), uint8(x + y), 255})
		}
	}
	var buf bytes.Buffer
	var err error
	if format == "png" {
		err = png.Encode(&buf, m)
	} else {
		err = jpeg.Encode(&buf, m, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func multipartBody(t *testing.T, field string, data []byte) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("caption", "ignored")
	fw, err := mw.CreateFormFile(field, "photo.bin")
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	return &buf, mw.FormDataContentType()
}

func TestCatalogAPI(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine)
			guest := env.Client()
			seller := env.Client()
			seller.SignInAPI("seller-dongxing@maeul.test")
			other := env.Client()
			other.SignInAPI("seller-yanji@maeul.test")
			station := env.Client()
			station.SignInAPI("station-dongxing@maeul.test")

			for _, p := range fixtures() {
				c := seller
				if p["org_code"] == "yj-enterprise" {
					c = other
				}
				r := c.JSON(http.MethodPost, "/api/v1/seller/products", p, nil)
				if r.StatusCode != 201 || r.Header.Get("Location") != "/api/v1/products/"+p["code"].(string) {
					t.Fatalf("creating %s: %d %s (Location %q)", p["code"], r.StatusCode, r.Body, r.Header.Get("Location"))
				}
			}

			t.Run("categories", func(t *testing.T) {
				var tree struct {
					Items []struct {
						Code     string `json:"code"`
						Parent   string `json:"parent_code"`
						Children []struct {
							Code string `json:"code"`
						} `json:"children"`
					} `json:"items"`
				}
				r := guest.JSON(http.MethodGet, "/api/v1/categories", nil, &tree)
				if r.StatusCode != 200 || len(tree.Items) == 0 {
					t.Fatalf("categories: %d %s", r.StatusCode, r.Body)
				}
				var fruit []string
				for _, c := range tree.Items {
					if c.Code == "fruit" {
						for _, k := range c.Children {
							fruit = append(fruit, k.Code)
						}
					}
					if c.Parent != "" {
						t.Errorf("subcategory %s at the top", c.Code)
					}
				}
				if want := []string{"fruit-apple-pear", "fruit-berries"}; !slices.Equal(fruit, want) {
					t.Errorf("fruit's children = %v, want %v", fruit, want)
				}
			})

			t.Run("search", func(t *testing.T) {
				tests := []struct {
					q    string
					want []string
				}{
					{"사과배", []string{"apple-pear"}},
					{"苹果梨", []string{"apple-pear"}},
					{"apple pear", []string{"apple-pear"}},
					{"Apple", []string{"apple-pear"}},
					{"木耳", []string{"wood-ear"}},
					{"목이버섯", []string{"wood-ear"}},
					{"목이", []string{"wood-ear"}},
					{"松子", []string{"pine-nuts"}},
					{"apitest", []string{"apple-pear", "farm-stay", "kimchi", "pine-nuts", "rice", "wood-ear"}},
					{"apitest pear", []string{"apple-pear"}},
					{"nothing-like-this", nil},
					{"!!", nil},
				}
				for _, tt := range tests {
					got := codesOf(t, guest, "/api/v1/products?limit=100&q="+url.QueryEscape(tt.q))
					if !slices.Equal(sorted(got), tt.want) {
						t.Errorf("q=%q: got %v, want %v", tt.q, got, tt.want)
					}
				}
			})

			t.Run("filters", func(t *testing.T) {
				tests := []struct {
					query string
					want  []string
				}{
					{"category=forest", []string{"pine-nuts", "wood-ear"}},
					{"category=forest-nuts", []string{"pine-nuts"}},
					{"county=222424", []string{"apple-pear", "farm-stay", "kimchi", "pine-nuts", "wood-ear"}},
					{"county=222401", []string{"rice"}},
					{"region=222424100201", []string{"apple-pear", "farm-stay", "kimchi", "pine-nuts", "wood-ear"}},
					{"min_price=50&max_price=100.00", []string{"rice", "wood-ear"}},
					{"min_price=39.80&max_price=39.80", []string{"apple-pear"}},
					{"q=apitest&in_stock=true", []string{"apple-pear", "farm-stay", "kimchi", "pine-nuts", "rice"}},
					{"label=organic", []string{"pine-nuts"}},
					{"label=poverty_alleviation", []string{"apple-pear"}},
					{"kind=tourism", []string{"farm-stay"}},
					{"q=apitest&farm_direct=true", []string{"apple-pear", "farm-stay", "kimchi", "pine-nuts", "wood-ear"}},
					{"org=yj-enterprise", []string{"rice"}},
					{"org=wq-dongxing-store&kind=goods&in_stock=1", []string{"apple-pear", "kimchi", "pine-nuts"}},
				}
				for _, tt := range tests {
					got := codesOf(t, guest, "/api/v1/products?limit=100&"+tt.query)
					if !slices.Equal(sorted(got), tt.want) {
						t.Errorf("%s: got %v, want %v", tt.query, got, tt.want)
					}
				}
				ordered := []struct {
					sort string
					want []string
				}{
					{"price_asc", []string{"kimchi", "apple-pear", "wood-ear", "pine-nuts", "farm-stay"}},
					{"price_desc", []string{"farm-stay", "pine-nuts", "wood-ear", "apple-pear", "kimchi"}},
					{"newest", []string{"kimchi", "farm-stay", "pine-nuts", "wood-ear", "apple-pear"}},
				}
				for _, tt := range ordered {
					got := codesOf(t, guest, "/api/v1/products?org=wq-dongxing-store&limit=2&sort="+tt.sort)
					if !slices.Equal(got, tt.want) {
						t.Errorf("sort=%s: got %v, want %v", tt.sort, got, tt.want)
					}
				}
				bad := []struct{ query, field string }{
					{"min_price=abc", "min_price"},
					{"max_price=-1", "max_price"},
					{"max_price=0", "max_price"},
					{"min_price=1.001", "min_price"},
					{"min_price=20&max_price=10", "max_price"},
					{"sort=cheapest", "sort"},
					{"label=tasty", "label"},
					{"kind=service", "kind"},
					{"limit=0", "limit"},
					{"limit=101", "limit"},
					{"in_stock=maybe", "in_stock"},
					{"category=spaceships", "category"},
					{"org=nobody", "org"},
					{"county=22x", "county"},
					{"county=222424&region=222424100201", "region"},
					{"cursor=garbage", "cursor"},
				}
				for _, tt := range bad {
					wantFieldError(t, tt.query, guest.JSON(http.MethodGet, "/api/v1/products?"+tt.query, nil, nil), 422, "invalid", tt.field)
				}
			})

			t.Run("paging", func(t *testing.T) {
				for _, q := range []string{"q=apitest", "q=apitest&sort=newest", "q=apitest&sort=price_asc", "q=apitest&sort=price_desc", "county=222424&sort=relevance"} {
					for _, limit := range []string{"1", "2", "4", "100"} {
						got := codesOf(t, guest, "/api/v1/products?limit="+limit+"&"+q)
						if len(got) < 5 {
							t.Errorf("%s, limit %s: only %v", q, limit, got)
						}
					}
				}
				var p pageOut
				guest.JSON(http.MethodGet, "/api/v1/products?q=apitest&org=wq-dongxing-store&limit=2&sort=price_asc", nil, &p)
				if p.NextCursor == "" || p.Total != 5 || len(p.Items) != 2 {
					t.Fatalf("first page: %+v", p)
				}
				wantFieldError(t, "cursor of another sort", guest.JSON(http.MethodGet, "/api/v1/products?q=apitest&org=wq-dongxing-store&limit=2&sort=newest&cursor="+p.NextCursor, nil, nil), 422, "invalid", "cursor")
			})

			t.Run("product", func(t *testing.T) {
				var p productOut
				r := guest.JSON(http.MethodGet, "/api/v1/products/apitest-apple-pear", nil, &p)
				if r.StatusCode != 200 {
					t.Fatalf("product: %d %s", r.StatusCode, r.Body)
				}
				if p.Name["zh"] != "苹果梨" || len(p.Variants) != 2 || p.Variants[0].StockState != "in_stock" || p.Variants[1].StockState != "low" {
					t.Errorf("product = %+v", p)
				}
				if p.Certificate == nil || p.Certificate.Number != "FP2026-001" || p.Certificate.Expires != "2099-12-31" {
					t.Errorf("certificate = %+v", p.Certificate)
				}
				if p.ListedVia != "" || len(p.CategoryPath) != 1 || p.CategoryPath[0].Code != "fruit" {
					t.Errorf("listed_via %q, category_path %+v", p.ListedVia, p.CategoryPath)
				}
				var w productOut
				guest.JSON(http.MethodGet, "/api/v1/products/apitest-wood-ear", nil, &w)
				if w.Certificate != nil || w.Variants[0].StockState != "sold_out" {
					t.Errorf("wood-ear = %+v", w)
				}
				wantError(t, "unknown product", guest.JSON(http.MethodGet, "/api/v1/products/apitest-nope", nil, nil), 404, "not_found")
			})

			t.Run("store and village", func(t *testing.T) {
				var st struct {
					Code     string  `json:"code"`
					Products pageOut `json:"products"`
					URL      string  `json:"products_url"`
				}
				r := guest.JSON(http.MethodGet, "/api/v1/stores/wq-dongxing-store", nil, &st)
				if r.StatusCode != 200 || st.URL != "/api/v1/products?org=wq-dongxing-store&sort=newest" || st.Products.Total < 5 {
					t.Errorf("store: %d %s", r.StatusCode, r.Body)
				}
				wantError(t, "unknown store", guest.JSON(http.MethodGet, "/api/v1/stores/nobody", nil, nil), 404, "not_found")

				var v struct {
					Stores []struct {
						Code string `json:"code"`
					} `json:"stores"`
					Products pageOut `json:"products"`
					URL      string  `json:"products_url"`
				}
				r = guest.JSON(http.MethodGet, "/api/v1/villages/222424100201", nil, &v)
				if r.StatusCode != 200 || v.URL != "/api/v1/products?region=222424100201&sort=newest" || v.Products.Total < 5 {
					t.Errorf("village: %d %s", r.StatusCode, r.Body)
				}
				var stores []string
				for _, s := range v.Stores {
					stores = append(stores, s.Code)
				}
				if !slices.Contains(stores, "wq-dongxing-store") || !slices.Contains(stores, "wq-coop") || slices.Contains(stores, "wq-xiaowangqing-store") {
					t.Errorf("Dongxing's stores = %v", stores)
				}
				// The link continues the embedded page.
				if got := codesOf(t, guest, v.URL+"&limit=2"); len(got) != 5 {
					t.Errorf("village products via its link = %v", got)
				}
				wantError(t, "a town is no village", guest.JSON(http.MethodGet, "/api/v1/villages/222424100000", nil, nil), 404, "not_found")
				wantError(t, "unknown village", guest.JSON(http.MethodGet, "/api/v1/villages/222424100299", nil, nil), 404, "not_found")
				wantError(t, "bad village code", guest.JSON(http.MethodGet, "/api/v1/villages/22x", nil, nil), 422, "invalid")
			})

			t.Run("etag", func(t *testing.T) {
				for _, path := range []string{
					"/api/v1/categories", "/api/v1/products?q=apitest", "/api/v1/products/apitest-kimchi",
					"/api/v1/stores/wq-dongxing-store", "/api/v1/villages/222424100201",
				} {
					r := guest.Get(path)
					etag := r.Header.Get("ETag")
					if r.StatusCode != 200 || !strings.HasPrefix(etag, `"`) || r.Header.Get("Cache-Control") != "public, max-age=30" {
						t.Errorf("%s: %d ETag %q Cache-Control %q", path, r.StatusCode, etag, r.Header.Get("Cache-Control"))
						continue
					}
					for _, inm := range []string{etag, "W/" + etag, `"other", ` + etag, `W/"x",W/` + etag, "*"} {
						r := guest.Do(http.MethodGet, path, nil, "If-None-Match", inm)
						if r.StatusCode != 304 || r.Body != "" || r.Header.Get("ETag") != etag {
							t.Errorf("%s If-None-Match %s: %d %q ETag %q; want 304, no body", path, inm, r.StatusCode, r.Body, r.Header.Get("ETag"))
						}
					}
					if r := guest.Do(http.MethodGet, path, nil, "If-None-Match", `"other"`); r.StatusCode != 200 || r.Body == "" {
						t.Errorf("%s with another ETag: %d", path, r.StatusCode)
					}
					if r := seller.Get(path); r.StatusCode != 200 || r.Header.Get("Cache-Control") != "private, no-cache" {
						t.Errorf("%s signed in: %d Cache-Control %q", path, r.StatusCode, r.Header.Get("Cache-Control"))
					}
				}

				path := "/api/v1/products/apitest-kimchi"
				before := guest.Get(path)
				p := product("kimchi", "processed-kimchi", map[string]string{"ko": "배추김치", "en": "Napa cabbage kimchi"}, 2600, 9, nil)
				if r := seller.JSON(http.MethodPut, "/api/v1/seller/products/apitest-kimchi", p, nil); r.StatusCode != 200 {
					t.Fatalf("update: %d %s", r.StatusCode, r.Body)
				}
				after := guest.Do(http.MethodGet, path, nil, "If-None-Match", before.Header.Get("ETag"))
				if after.StatusCode != 200 || after.Header.Get("ETag") == before.Header.Get("ETag") || !strings.Contains(after.Body, "Napa cabbage") {
					t.Errorf("after an edit: %d ETag %q (was %q)", after.StatusCode, after.Header.Get("ETag"), before.Header.Get("ETag"))
				}
				if r := guest.Get("/api/v1/products/apitest-nope"); r.Header.Get("ETag") != "" || r.Header.Get("Cache-Control") != "no-store" {
					t.Errorf("404: ETag %q Cache-Control %q", r.Header.Get("ETag"), r.Header.Get("Cache-Control"))
				}
			})

			t.Run("hidden", func(t *testing.T) {
				p := product("secret", "vegetables", map[string]string{"ko": "비밀 채소"}, 1000, 5, func(p map[string]any) { p["hidden"] = true })
				if r := seller.JSON(http.MethodPost, "/api/v1/seller/products", p, nil); r.StatusCode != 201 || !strings.Contains(r.Body, `"hidden":true`) {
					t.Fatalf("create hidden: %d %s", r.StatusCode, r.Body)
				}
				path := "/api/v1/products/apitest-secret"
				wantError(t, "hidden product to a guest", guest.JSON(http.MethodGet, path, nil, nil), 404, "not_found")
				wantError(t, "hidden product to another seller", other.JSON(http.MethodGet, path, nil, nil), 404, "not_found")
				if r := seller.Get(path); r.StatusCode != 200 || r.Header.Get("Cache-Control") != "private, no-cache" {
					t.Errorf("hidden product to its seller: %d %s", r.StatusCode, r.Body)
				}
				if r := station.Get(path); r.StatusCode != 200 {
					t.Errorf("hidden product to the station serving its store: %d %s", r.StatusCode, r.Body)
				}
				if got := codesOf(t, seller, "/api/v1/products?limit=100&org=wq-dongxing-store"); slices.Contains(got, "secret") {
					t.Errorf("hidden product listed in the mall: %v", got)
				}
				var mine pageOut
				seller.JSON(http.MethodGet, "/api/v1/seller/products?limit=100", nil, &mine)
				found := false
				for _, s := range mine.Items {
					found = found || s.Code == prefix+"secret" && s.Hidden
				}
				if !found {
					t.Errorf("seller's own list lacks the hidden product: %+v", mine.Items)
				}
				if got := codesOf(t, station, "/api/v1/seller/products?org=wq-dongxing-store&limit=3&q="+url.QueryEscape("비밀")); !slices.Equal(got, []string{"secret"}) {
					t.Errorf("station's list of the store = %v", got)
				}

				if r := seller.JSON(http.MethodPost, "/api/v1/seller/products/apitest-secret/show", nil, nil); r.StatusCode != 200 || !strings.Contains(r.Body, `"hidden":false`) {
					t.Errorf("show: %d %s", r.StatusCode, r.Body)
				}
				if r := guest.Get(path); r.StatusCode != 200 {
					t.Errorf("shown product to a guest: %d", r.StatusCode)
				}
				if r := seller.JSON(http.MethodPost, "/api/v1/seller/products/apitest-secret/hide", nil, nil); r.StatusCode != 200 || !strings.Contains(r.Body, `"hidden":true`) {
					t.Errorf("hide: %d %s", r.StatusCode, r.Body)
				}
				wantError(t, "hidden again", guest.JSON(http.MethodGet, path, nil, nil), 404, "not_found")
			})

			t.Run("seller edits", func(t *testing.T) {
				path := "/api/v1/products/apitest-pine-nuts"
				edit := product("pine-nuts", "forest-nuts", map[string]string{"ko": "잣", "en": "Korean pine nuts"}, 12000, 50, func(p map[string]any) {
					p["variants"] = []map[string]any{{"sku": "APITEST-PINE-NUTS-500G", "name": map[string]string{"ko": "500g"}, "price_fen": 6500, "stock": 2}}
					delete(p, "org_code")
					delete(p, "code")
				})
				var got productOut
				r := seller.JSON(http.MethodPut, "/api/v1/seller/products/apitest-pine-nuts", edit, &got)
				if r.StatusCode != 200 || got.Name["en"] != "Korean pine nuts" || len(got.Variants) != 1 || got.Variants[0].SKU != "APITEST-PINE-NUTS-500G" || got.Variants[0].StockState != "low" {
					t.Errorf("replace: %d %s", r.StatusCode, r.Body)
				}
				r = seller.Do(http.MethodPut, "/api/v1/seller/products/apitest-nope", strings.NewReader(`{"category":"fruit"}`), "Content-Type", "application/json", "Idempotency-Key", "k1")
				wantError(t, "replace an unknown product", r, 404, "not_found")
				wantFieldError(t, "change the code", seller.JSON(http.MethodPut, "/api/v1/seller/products/apitest-pine-nuts", map[string]any{"code": "apitest-other"}, nil), 422, "invalid", "product_code")
				wantFieldError(t, "move to another organization", seller.JSON(http.MethodPut, "/api/v1/seller/products/apitest-pine-nuts", map[string]any{"org_code": "wq-coop"}, nil), 422, "invalid", "org_code")
				wantFieldError(t, "hide with PUT", seller.JSON(http.MethodPut, "/api/v1/seller/products/apitest-pine-nuts", map[string]any{"hidden": true}, nil), 422, "invalid", "hidden")

				// Photos: multipart, then a raw body.
				body, ct := multipartBody(t, "photo", testImage(t, "png", 400, 300))
				var ph photoOut
				r = seller.Do(http.MethodPost, "/api/v1/seller/products/apitest-pine-nuts/photos", body, "Content-Type", ct, "Idempotency-Key", "k2")
				if r.StatusCode != 201 || json.Unmarshal([]byte(r.Body), &ph) != nil || ph.Width != 400 || ph.Height != 300 {
					t.Fatalf("multipart photo: %d %s", r.StatusCode, r.Body)
				}
				if want := map[string]string{"320": photo.URL(ph.Key, 320)}; !equalMaps(ph.URLs, want) {
					t.Errorf("urls of a 400 px photo = %v, want %v", ph.URLs, want)
				}
				r = seller.Do(http.MethodPost, "/api/v1/seller/products/apitest-pine-nuts/photos", bytes.NewReader(testImage(t, "jpeg", 700, 500)), "Content-Type", "image/jpeg")
				var ph2 photoOut
				if r.StatusCode != 201 || json.Unmarshal([]byte(r.Body), &ph2) != nil || len(ph2.URLs) != 2 || ph2.URLs["640"] != photo.URL(ph2.Key, 640) {
					t.Fatalf("raw photo: %d %s", r.StatusCode, r.Body)
				}
				seller.JSON(http.MethodGet, path, nil, &got)
				if len(got.Photos) != 2 || got.Photos[0].Key != ph.Key || got.Photos[1].Key != ph2.Key {
					t.Errorf("photos = %+v", got.Photos)
				}
				var page pageOut
				guest.JSON(http.MethodGet, "/api/v1/products?q=apitest&category=forest-nuts", nil, &page)
				if len(page.Items) != 1 || page.Items[0].Photo == nil || page.Items[0].Photo.Key != ph.Key || page.Items[0].Photo.URLs["320"] == "" {
					t.Errorf("listing photo: %+v", page.Items)
				}
				if r := seller.Do(http.MethodDelete, "/api/v1/seller/products/apitest-pine-nuts/photos/"+ph.Key, nil); r.StatusCode != 204 {
					t.Errorf("remove photo: %d %s", r.StatusCode, r.Body)
				}
				wantError(t, "remove it again", seller.Do(http.MethodDelete, "/api/v1/seller/products/apitest-pine-nuts/photos/"+ph.Key, nil), 404, "not_found")
				seller.JSON(http.MethodGet, path, nil, &got)
				if len(got.Photos) != 1 || got.Photos[0].Key != ph2.Key {
					t.Errorf("photos after removal = %+v", got.Photos)
				}
			})

			t.Run("other sellers", func(t *testing.T) {
				path := "/api/v1/products/apitest-apple-pear"
				before := guest.Get(path)
				edit := product("apple-pear", "fruit", map[string]string{"en": "Hijacked"}, 100, 1, nil)
				body, ct := multipartBody(t, "photo", testImage(t, "png", 300, 300))
				calls := []struct {
					what string
					r    func(c *servertest.Client) *servertest.Response
				}{
					{"replace", func(c *servertest.Client) *servertest.Response {
						return c.JSON(http.MethodPut, "/api/v1/seller/products/apitest-apple-pear", edit, nil)
					}},
					{"hide", func(c *servertest.Client) *servertest.Response {
						return c.JSON(http.MethodPost, "/api/v1/seller/products/apitest-apple-pear/hide", nil, nil)
					}},
					{"add a photo", func(c *servertest.Client) *servertest.Response {
						return c.Do(http.MethodPost, "/api/v1/seller/products/apitest-apple-pear/photos", bytes.NewReader(body.Bytes()), "Content-Type", ct)
					}},
					{"remove a photo", func(c *servertest.Client) *servertest.Response {
						return c.Do(http.MethodDelete, "/api/v1/seller/products/apitest-apple-pear/photos/0123456789abcdef0123", nil)
					}},
					{"list its back office", func(c *servertest.Client) *servertest.Response {
						return c.JSON(http.MethodGet, "/api/v1/seller/products?org=wq-dongxing-store", nil, nil)
					}},
					{"create in its name", func(c *servertest.Client) *servertest.Response {
						return c.JSON(http.MethodPost, "/api/v1/seller/products", product("hijack", "fruit", map[string]string{"en": "x"}, 100, 1, nil), nil)
					}},
				}
				for _, call := range calls {
					wantError(t, "another seller may not "+call.what, call.r(other), 403, "forbidden")
					wantError(t, "a guest may not "+call.what, call.r(guest), 401, "unauthorized")
				}
				if after := guest.Get(path); after.Body != before.Body {
					t.Errorf("the product changed:\n%s\n%s", before.Body, after.Body)
				}
				wantError(t, "hijacked product", guest.JSON(http.MethodGet, "/api/v1/products/apitest-hijack", nil, nil), 404, "not_found")

				// Codes and SKUs belong to their seller.
				taken := product("apple-pear", "grains-rice", map[string]string{"en": "Rice"}, 100, 1, func(p map[string]any) {
					p["org_code"], p["origin_code"] = "yj-enterprise", "222401100201"
				})
				wantFieldError(t, "a code taken by another seller", other.JSON(http.MethodPost, "/api/v1/seller/products", taken, nil), 409, "conflict", "product_code")
				wantFieldError(t, "a code of one's own", seller.JSON(http.MethodPost, "/api/v1/seller/products", product("kimchi", "processed-kimchi", map[string]string{"en": "x"}, 100, 1, nil), nil), 409, "conflict", "product_code")
				sku := product("rice-2", "grains-rice", map[string]string{"en": "Rice"}, 100, 1, func(p map[string]any) {
					p["org_code"], p["origin_code"] = "yj-enterprise", "222401100201"
					p["variants"] = []map[string]any{{"sku": "APITEST-APPLE-PEAR-1", "name": map[string]string{"en": "1"}, "price_fen": 100, "stock": 1}}
				})
				wantFieldError(t, "a SKU taken by another seller", other.JSON(http.MethodPost, "/api/v1/seller/products", sku, nil), 409, "conflict", "sku")
				wantError(t, "the product with a taken SKU", guest.JSON(http.MethodGet, "/api/v1/products/apitest-rice-2", nil, nil), 404, "not_found")
				if after := guest.Get(path); after.Body != before.Body {
					t.Errorf("the product changed:\n%s\n%s", before.Body, after.Body)
				}
			})

			t.Run("station operator", func(t *testing.T) {
				var got productOut
				p := product("station-eggs", "eggs-poultry", map[string]string{"ko": "토닭알"}, 4500, 30, nil)
				r := station.JSON(http.MethodPost, "/api/v1/seller/products", p, &got)
				if r.StatusCode != 201 || got.ListedVia != "wq-dongxing-vstation" {
					t.Errorf("station listing for its village's store: %d %s", r.StatusCode, r.Body)
				}
				x := product("station-far", "eggs-poultry", map[string]string{"ko": "토닭알"}, 4500, 30, func(p map[string]any) {
					p["org_code"], p["origin_code"] = "wq-xiaowangqing-store", "222424100202"
				})
				wantError(t, "station listing for an unserved village's store", station.JSON(http.MethodPost, "/api/v1/seller/products", x, nil), 403, "forbidden")
				wantFieldError(t, "station without an org_code", station.JSON(http.MethodPost, "/api/v1/seller/products", product("station-none", "eggs-poultry", map[string]string{"ko": "x"}, 100, 1, func(p map[string]any) { delete(p, "org_code") }), nil), 422, "invalid", "org_code")
				wantError(t, "station listing the unserved store's products", station.JSON(http.MethodGet, "/api/v1/seller/products?org=wq-xiaowangqing-store", nil, nil), 403, "forbidden")
			})

			t.Run("bad input", func(t *testing.T) {
				tests := []struct {
					name  string
					edit  func(p map[string]any)
					field string
				}{
					{"negative price", func(p map[string]any) { p["variants"].([]map[string]any)[0]["price_fen"] = -100 }, "price"},
					{"negative stock", func(p map[string]any) { p["variants"].([]map[string]any)[0]["stock"] = -1 }, "stock"},
					{"unknown category", func(p map[string]any) { p["category"] = "spaceships" }, "category"},
					{"no variants", func(p map[string]any) { delete(p, "variants") }, "variants"},
					{"bad code", func(p map[string]any) { p["code"] = "Bad Code" }, "product_code"},
					{"bad origin", func(p map[string]any) { p["origin_code"] = "22x" }, "origin_code"},
					{"origin outside the county", func(p map[string]any) { p["origin_code"] = "222401100201" }, "origin_code"},
					{"unknown label", func(p map[string]any) { p["labels"] = []string{"tasty"} }, "labels"},
					{"unknown kind", func(p map[string]any) { p["kind"] = "service" }, "kind"},
					{"unknown organization", func(p map[string]any) { p["org_code"] = "nobody" }, "org_code"},
					{"missing certificate", func(p map[string]any) { p["labels"] = []string{"poverty_alleviation"} }, "cert_no"},
					{"expired certificate", func(p map[string]any) {
						p["labels"] = []string{"poverty_alleviation"}
						p["certificate"] = map[string]string{"number": "FP2020-1", "expires": "2020-01-01"}
					}, "cert_expiry"},
					{"bad expiry date", func(p map[string]any) {
						p["labels"] = []string{"poverty_alleviation"}
						p["certificate"] = map[string]string{"number": "FP2020-1", "expires": "soon"}
					}, "cert_expiry"},
					{"unknown field", func(p map[string]any) { p["colour"] = "red" }, ""},
				}
				for _, tt := range tests {
					p := product("bad", "vegetables", map[string]string{"ko": "배추"}, 1000, 5, nil)
					tt.edit(p)
					wantFieldError(t, tt.name, seller.JSON(http.MethodPost, "/api/v1/seller/products", p, nil), 422, "invalid", tt.field)
				}
				wantError(t, "a refused product", guest.JSON(http.MethodGet, "/api/v1/products/apitest-bad", nil, nil), 404, "not_found")

				// Refused changes leave the product as it was.
				path := "/api/v1/products/apitest-farm-stay"
				before := seller.Get(path)
				for _, tt := range tests[:3] {
					p := product("farm-stay", "tourism-farm-stay", map[string]string{"ko": "농가민박"}, 20000, 4, func(p map[string]any) { p["kind"] = "tourism" })
					tt.edit(p)
					wantFieldError(t, "replace: "+tt.name, seller.JSON(http.MethodPut, "/api/v1/seller/products/apitest-farm-stay", p, nil), 422, "invalid", tt.field)
				}
				photos := []struct {
					name string
					body func() (*bytes.Buffer, string)
				}{
					{"text as image/png", func() (*bytes.Buffer, string) { return bytes.NewBufferString("not an image at all"), "image/png" }},
					{"text in the form", func() (*bytes.Buffer, string) { return multipartBody(t, "photo", []byte("not an image at all")) }},
					{"form without photo", func() (*bytes.Buffer, string) { return multipartBody(t, "picture", testImage(t, "png", 300, 300)) }},
					{"JSON body", func() (*bytes.Buffer, string) { return bytes.NewBufferString(`{}`), "application/json" }},
					{"too small", func() (*bytes.Buffer, string) { return bytes.NewBuffer(testImage(t, "png", 100, 100)), "image/png" }},
					{"too large", func() (*bytes.Buffer, string) {
						b := append(testImage(t, "jpeg", 300, 300), make([]byte, photo.MaxUploadBytes)...)
						return bytes.NewBuffer(b), "image/jpeg"
					}},
				}
				for _, tt := range photos {
					body, ct := tt.body()
					wantFieldError(t, "photo: "+tt.name, seller.Do(http.MethodPost, "/api/v1/seller/products/apitest-farm-stay/photos", body, "Content-Type", ct), 422, "invalid", "photo")
				}
				if after := seller.Get(path); after.Body != before.Body {
					t.Errorf("a refused change changed the product:\n%s\n%s", before.Body, after.Body)
				}
			})
		})
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
