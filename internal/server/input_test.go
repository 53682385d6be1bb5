package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"maeul/internal/route"
	"maeul/internal/server/servertest"
)

// TestInputThatIsNotTextIsRefused: a NUL, another control character or
// invalid UTF-8 in a path, a query, a form or a JSON body, and text longer
// than its field allows, are refusals with a reason on both engines,
// never a 500 (PostgreSQL cannot hold a NUL nor invalid UTF-8) nor stored
// as they came (SQLite would keep invalid UTF-8 and cut text at a NUL).
// The API reads one JSON value, declared as JSON.
func TestInputThatIsNotTextIsRefused(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *servertest.Env) {
		guest := env.Client()
		seller := env.Client()
		seller.SignInAPI("seller-dongxing@maeul.test")
		form := func(body string) func() *servertest.Response {
			return func() *servertest.Response {
				return guest.Do(http.MethodPost, "/signin", strings.NewReader(body),
					"Content-Type", "application/x-www-form-urlencoded", "Origin", env.URL, "Sec-Fetch-Site", "same-origin")
			}
		}
		product := func(name string) func() *servertest.Response {
			return func() *servertest.Response {
				return seller.JSON(http.MethodPost, "/api/v1/seller/products", map[string]any{
					"org_code": "wq-dongxing-store", "code": "bad-text", "category": "fruit", "origin_code": "222424100201",
					"name":     map[string]string{"ko": name},
					"variants": []map[string]any{{"sku": "BAD-TEXT-1", "name": map[string]string{"ko": "1개"}, "price_fen": 1000, "stock": 1}},
				}, nil)
			}
		}
		raw := func(method, path, contentType, body string) func() *servertest.Response {
			return func() *servertest.Response {
				return guest.Do(method, path, strings.NewReader(body), "Content-Type", contentType)
			}
		}
		tests := []struct {
			name   string
			do     func() *servertest.Response
			status int
			reason string
		}{
			{"NUL in a page's path", func() *servertest.Response { return guest.Get("/products/wq%00x") }, 422, "err.text.control"},
			{"invalid UTF-8 in a page's path", func() *servertest.Response { return guest.Get("/products/wq%FFx") }, 422, "err.text.utf8"},
			{"NUL in a search", func() *servertest.Response { return guest.Get("/search?q=%00rice") }, 422, "err.text.control"},
			{"invalid UTF-8 in a search", func() *servertest.Response { return guest.Get("/search?q=%C3") }, 422, "err.text.utf8"},
			{"NUL in a form value", form("email=a%00b%40maeul.test&password=xxxxxxxx"), 422, "err.text.control"},
			{"invalid UTF-8 in a form value", form("email=%FF%40maeul.test&password=xxxxxxxx"), 422, "err.text.utf8"},
			{"NUL in an API path", func() *servertest.Response { return guest.Get("/api/v1/products/wq%00x") }, 422, "err.text.control"},
			{"NUL in an API query", func() *servertest.Response { return guest.Get("/api/v1/products?q=%00") }, 422, "err.text.control"},
			{"NUL in JSON", raw(http.MethodPost, "/api/v1/sessions", "application/json", `{"email":"a\u0000b@maeul.test","password":"xxxxxxxx"}`), 422, "err.text.control"},
			{"a control character in a product name", product("배\u0007"), 422, "err.text.control"},
			{"a product name of 10,000 characters", product(strings.Repeat("배", 10_000)), 422, "err.text.too_long"},
			{"trailing JSON", raw(http.MethodPost, "/api/v1/sessions", "application/json", `{"email":"x@maeul.test","password":"xxxxxxxx"} {}`), 422, "err.api.trailing_json"},
			{"JSON sent as a form", raw(http.MethodPost, "/api/v1/sessions", "application/x-www-form-urlencoded", `{"email":"x@maeul.test","password":"xxxxxxxx"}`), 415, "err.api.not_json"},
			{"JSON without a content type", raw(http.MethodPost, "/api/v1/sessions", "", `{"email":"x@maeul.test","password":"xxxxxxxx"}`), 415, "err.api.not_json"},
		}
		for _, tt := range tests {
			r := tt.do()
			if r.StatusCode != tt.status {
				t.Errorf("%s: status %d, want %d: %.300s", tt.name, r.StatusCode, tt.status, r.Body)
				continue
			}
			if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
				var e struct {
					Error struct{ Reason string } `json:"error"`
				}
				json.Unmarshal([]byte(r.Body), &e)
				if e.Error.Reason != tt.reason {
					t.Errorf("%s: reason %q, want %q", tt.name, e.Error.Reason, tt.reason)
				}
			}
		}
		// The JSON API still takes JSON with a charset.
		r := guest.Do(http.MethodPost, "/api/v1/sessions", strings.NewReader(`{"email":"shopper@maeul.test","password":"maeul-demo"}`),
			"Content-Type", "application/json; charset=utf-8")
		if r.StatusCode != 201 && r.StatusCode != 200 {
			t.Errorf("signing in with JSON: %d %.300s", r.StatusCode, r.Body)
		}
	})
}

// TestLargeFormsStayBounded: reading a form to check its text keeps the
// routes' limit on form bodies: a URL-encoded form over route.DefaultMaxBody
// is not taken (the sign-in finds no credentials).
func TestLargeFormsStayBounded(t *testing.T) {
	env := servertest.Start(t, "sqlite")
	c := env.Client()
	body := "email=shopper%40maeul.test&password=maeul-demo&pad=" + strings.Repeat("x", route.DefaultMaxBody)
	r := c.Do(http.MethodPost, "/signin", strings.NewReader(body),
		"Content-Type", "application/x-www-form-urlencoded", "Origin", env.URL, "Sec-Fetch-Site", "same-origin")
	if r.StatusCode == http.StatusSeeOther || r.StatusCode == http.StatusFound {
		t.Errorf("a %d-byte form signed in: %d", len(body), r.StatusCode)
	}
	if r.StatusCode >= 500 {
		t.Errorf("a %d-byte form: %d", len(body), r.StatusCode)
	}
}
