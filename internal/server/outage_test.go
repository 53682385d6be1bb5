package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"maeul/internal/server/servertest"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

// TestDatabaseOutage serves a PostgreSQL database through a TCP proxy the
// test cuts, as an outage cuts it, and checks what signed-in users get
// meanwhile: 503 with Retry-After on the API and the pages, never a 401
// or a sign-in page; and that a payment made during the outage is not
// lost: the wallet's notice gets through once the database is back.
func TestDatabaseOutage(t *testing.T) {
	storetest.SkipWithoutPostgres(t)
	ctx := context.Background()
	dbURL, err := url.Parse(storetest.URL(t, "postgres"))
	if err != nil {
		t.Fatal(err)
	}
	p := newProxy(t, dbURL.Host)
	dbURL.Host = p.addr
	db, err := store.Open(ctx, dbURL.String(), store.Options{MaxConns: storetest.PoolSize})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	storetest.Demo(t, db)
	env := servertest.Serve(t, db)

	api := env.Client()
	api.SignInAPI("shopper@maeul.test")
	page := env.Client()
	page.SignIn("shopper@maeul.test")
	co := checkoutEggs(t, env, api.Token)

	p.cut()
	for _, tt := range []struct {
		what, path string
		c          *servertest.Client
	}{
		{"the API", "/api/v1/me", api},
		{"the API's orders", "/api/v1/orders", api},
		{"a page", "/orders", page},
	} {
		r := tt.c.Do(http.MethodGet, tt.path, nil)
		if r.StatusCode != http.StatusServiceUnavailable || r.Header.Get("Retry-After") == "" {
			t.Errorf("%s during the outage: %d (Retry-After %q) %.300s; want 503 with Retry-After", tt.what, r.StatusCode, r.Header.Get("Retry-After"), r.Body)
		}
	}
	// The buyer pays on the wallet's page, which needs no database; the
	// shop cannot take the notice now.
	req, _ := http.NewRequest(http.MethodPost, env.URL+co.PayURL, nil)
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var paid struct {
		Delivered bool `json:"delivered"`
	}
	json.NewDecoder(resp.Body).Decode(&paid)
	resp.Body.Close()
	if resp.StatusCode != 200 || paid.Delivered {
		t.Fatalf("paying during the outage: %d, delivered %v; want 200, not delivered", resp.StatusCode, paid.Delivered)
	}

	p.restore()
	if r := api.Do(http.MethodGet, "/api/v1/me", nil); r.StatusCode != 200 {
		t.Errorf("after the outage: %d %.300s; want 200", r.StatusCode, r.Body)
	}
	// The wallet retries until the shop takes the notice.
	for wait := 50 * time.Millisecond; ; wait = min(2*wait, time.Second) {
		r := api.Do(http.MethodGet, co.Location, nil)
		var got struct {
			Payment struct {
				Status string `json:"status"`
			} `json:"payment"`
		}
		json.Unmarshal([]byte(r.Body), &got)
		if got.Payment.Status == "paid" {
			break
		}
		if got.Payment.Status != "pending" {
			t.Fatalf("checkout after the outage: %s", r.Body)
		}
		time.Sleep(wait)
	}
}

type placed struct{ PayURL, Location string }

// checkoutEggs puts a tray of eggs in the cart of the token's user and
// checks out with the sandbox wallet.
func checkoutEggs(t *testing.T, env *servertest.Env, token string) placed {
	t.Helper()
	call := func(path string, v any, key string) *http.Response {
		b, _ := json.Marshal(v)
		req, _ := http.NewRequest(http.MethodPost, env.URL+path, bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		if key != "" {
			req.Header.Set("Idempotency-Key", key)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	resp := call("/api/v1/cart/items", map[string]any{"sku": "WQ-DX-EGG-30", "qty": 1}, "")
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("adding eggs: %d", resp.StatusCode)
	}
	resp = call("/api/v1/checkout", map[string]any{"payment_method": "sandbox", "address": map[string]string{
		"name": "김민지", "phone": "13800001111", "region_code": "222424100201", "detail": "동흥촌 3조 12호"}}, "outage-checkout")
	defer resp.Body.Close()
	var co struct {
		Payment struct {
			PayURL string `json:"pay_url"`
		} `json:"payment"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&co); err != nil || resp.StatusCode != 201 || co.Payment.PayURL == "" {
		t.Fatalf("checkout: %d %v", resp.StatusCode, err)
	}
	return placed{PayURL: co.Payment.PayURL, Location: resp.Header.Get("Location")}
}

// proxy forwards TCP connections to a server until it is cut: then it
// closes every connection and refuses new ones, as an outage does, until
// it is restored on the same address.
type proxy struct {
	t      *testing.T
	addr   string
	target string
	mu     sync.Mutex
	ln     net.Listener
	conns  []net.Conn
}

func newProxy(t *testing.T, target string) *proxy {
	t.Helper()
	p := &proxy{t: t, target: target}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.addr = ln.Addr().String()
	p.serve(ln)
	t.Cleanup(p.cut)
	return p
}

func (p *proxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, s)
			p.mu.Unlock()
			go func() { io.Copy(s, c); s.Close() }()
			go func() { io.Copy(c, s); c.Close() }()
		}
	}()
}

// cut closes the listener and every connection.
func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// restore listens again on the same address.
func (p *proxy) restore() {
	p.t.Helper()
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Fatalf("proxy: listening again on %s: %v", p.addr, err)
	}
	p.serve(ln)
}
