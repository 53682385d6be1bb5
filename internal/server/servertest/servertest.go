// Package servertest starts a real maeul server over HTTP for tests: a
// fresh database of the chosen engine with the demo data, and clients that
// keep cookies, sign in, and check every API response against the OpenAPI
// document.
package servertest

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"maeul/internal/demo"
	"maeul/internal/server"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

// CheapHash makes test passwords fast to hash.
var CheapHash = storetest.CheapHash

// SandboxSecret signs the test servers' sandbox wallet.
const SandboxSecret = "servertest sandbox wallet"

// Env is a running server and its database.
type Env struct {
	URL    string
	DB     *store.DB
	Server *server.Server
	t      testing.TB
}

// Start opens a fresh database of engine, loads the demo data, and serves
// it on a loopback port until the test ends; each configure function may
// change the server's configuration first. Server logs go to the test log
// when MAEUL_TEST_LOG=1.
func Start(t testing.TB, engine string, configure ...func(*server.Config)) *Env {
	t.Helper()
	db := storetest.Open(t, engine)
	storetest.Demo(t, db)
	return Serve(t, db, configure...)
}

// Serve serves db, which holds the demo data, on a loopback port until the
// test ends, as Start does.
func Serve(t testing.TB, db *store.DB, configure ...func(*server.Config)) *Env {
	t.Helper()
	logger := slog.New(slog.DiscardHandler)
	if os.Getenv("MAEUL_TEST_LOG") == "1" {
		logger = slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	// The sandbox wallet is on, as in a demo: the buying tests pay with it.
	cfg := server.Config{DB: db, Logger: logger, HashParams: CheapHash, Sandbox: true, SandboxSecret: []byte(SandboxSecret)}
	for _, c := range configure {
		c(&cfg)
	}
	srv, err := server.New(cfg)
	if err != nil {
		t.Fatalf("servertest: %v", err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	srv.SetBaseURL(hs.URL)
	return &Env{URL: hs.URL, DB: db, Server: srv, t: t}
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// Client is a browser-like client: it keeps cookies and does not follow
// redirects, so tests see them.
type Client struct {
	HTTP *http.Client
	env  *Env
	t    testing.TB
	// Token, when set, is sent as a bearer token.
	Token string
	// Lang, when set, is sent as Accept-Language.
	Lang string
}

// Client returns a new client with an empty cookie jar. Its API calls are
// checked against the OpenAPI document.
func (e *Env) Client() *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{
		env: e, t: e.t,
		HTTP: &http.Client{
			Jar:           jar,
			Transport:     newValidatingTransport(e.t, http.DefaultTransport),
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
}

// Response is a fully read response.
type Response struct {
	*http.Response
	Body string
}

// Do sends a request built from method, path, a body and headers (pairs of
// name and value) and reads the whole response.
func (c *Client) Do(method, path string, body io.Reader, headers ...string) *Response {
	c.t.Helper()
	req, err := http.NewRequest(method, c.env.URL+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	if c.Lang != "" {
		req.Header.Set("Accept-Language", c.Lang)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatalf("%s %s: reading body: %v", method, path, err)
	}
	return &Response{Response: resp, Body: string(b)}
}

// Get fetches a path.
func (c *Client) Get(path string) *Response {
	c.t.Helper()
	return c.Do(http.MethodGet, path, nil)
}

// PostForm posts a form as a same-origin browser would.
func (c *Client) PostForm(path string, form url.Values) *Response {
	c.t.Helper()
	return c.Do(http.MethodPost, path, strings.NewReader(form.Encode()),
		"Content-Type", "application/x-www-form-urlencoded", "Origin", c.env.URL, "Sec-Fetch-Site", "same-origin")
}

// JSON sends v as a JSON body (nil for none) and decodes the response into
// out when out is not nil and the status is 2xx.
func (c *Client) JSON(method, path string, v, out any) *Response {
	c.t.Helper()
	var body io.Reader
	if v != nil {
		b, err := json.Marshal(v)
		if err != nil {
			c.t.Fatal(err)
		}
		body = bytes.NewReader(b)
	}
	r := c.Do(method, path, body, "Content-Type", "application/json")
	if out != nil && r.StatusCode/100 == 2 {
		if err := json.Unmarshal([]byte(r.Body), out); err != nil {
			c.t.Fatalf("%s %s: decoding %q: %v", method, path, r.Body, err)
		}
	}
	return r
}

// SignIn signs in through the sign-in form with the demo password and
// fails the test if that does not work.
func (c *Client) SignIn(email string) {
	c.t.Helper()
	r := c.PostForm("/signin", url.Values{"email": {email}, "password": {demo.Password}})
	if r.StatusCode != http.StatusSeeOther {
		c.t.Fatalf("sign-in as %s: status %d, want 303; body:\n%s", email, r.StatusCode, r.Body)
	}
}

// SignInAPI gets a bearer token for email and uses it from now on.
func (c *Client) SignInAPI(email string) {
	c.t.Helper()
	var s struct {
		Token string `json:"token"`
	}
	r := c.JSON(http.MethodPost, "/api/v1/sessions", map[string]string{"email": email, "password": demo.Password}, &s)
	if r.StatusCode != http.StatusCreated || s.Token == "" {
		c.t.Fatalf("API sign-in as %s: status %d, body %s", email, r.StatusCode, r.Body)
	}
	c.Token = s.Token
}

// WantStatus reports an error unless r has the status and its body holds
// each of contains (checked only when the status is right).
func WantStatus(t testing.TB, what string, r *Response, status int, contains ...string) {
	t.Helper()
	if r.StatusCode != status {
		t.Errorf("%s: status %d, want %d\n%.600s", what, r.StatusCode, status, r.Body)
		return
	}
	for _, s := range contains {
		if !strings.Contains(r.Body, s) {
			t.Errorf("%s: the page lacks %q", what, s)
		}
	}
}
