package web

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/demo"
	"maeul/internal/i18n"
	"maeul/internal/network"
	"maeul/internal/org"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

// clock is a test clock that moves only when told.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func TestTTLCache(t *testing.T) {
	clk := &clock{t: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
	c := newTTLCache[string, int](time.Second, 4, clk.Now)
	ctx := context.Background()
	loads := 0
	load := func(v int, err error) func(context.Context) (int, error) {
		return func(context.Context) (int, error) { loads++; return v, err }
	}
	get := func(key string, v int, err error) int {
		t.Helper()
		got, gerr := c.get(ctx, key, load(v, err))
		if !errors.Is(gerr, err) {
			t.Fatalf("get %s: error %v, want %v", key, gerr, err)
		}
		return got
	}
	if got := get("a", 1, nil); got != 1 || loads != 1 {
		t.Fatalf("first get: %d after %d loads, want 1 after 1", got, loads)
	}
	clk.Add(999 * time.Millisecond)
	if got := get("a", 2, nil); got != 1 || loads != 1 {
		t.Errorf("within the TTL: %d after %d loads, want the kept 1 after 1", got, loads)
	}
	clk.Add(time.Millisecond)
	if got := get("a", 2, nil); got != 2 || loads != 2 {
		t.Errorf("at the TTL: %d after %d loads, want a fresh 2 after 2", got, loads)
	}
	boom := errors.New("boom")
	get("b", 0, boom)
	if got := get("b", 3, nil); got != 3 {
		t.Errorf("after a failed load: %d, want 3 (errors are not kept)", got)
	}
	for _, k := range []string{"c", "d", "e", "f", "g", "h"} {
		get(k, 9, nil)
	}
	if n := c.len(); n > 4 {
		t.Errorf("%d entries, want at most 4", n)
	}

	// keep sees the old and the fresh value when a key is loaded again.
	c.keep = func(old, fresh int) int { return old*100 + fresh }
	get("k", 2, nil)
	clk.Add(time.Second)
	if got := get("k", 5, nil); got != 205 {
		t.Errorf("with keep: %d, want 205", got)
	}
}

// Concurrent misses of one key share one load.
func TestTTLCacheSharesLoads(t *testing.T) {
	clk := &clock{t: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
	c := newTTLCache[string, int](time.Second, 4, clk.Now)
	var loads atomic.Int32
	release := make(chan struct{})
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := c.get(context.Background(), "k", func(context.Context) (int, error) {
				loads.Add(1)
				<-release
				return 7, nil
			})
			if v != 7 || err != nil {
				t.Errorf("get: %d, %v; want 7", v, err)
			}
		}()
	}
	for c.len() == 0 {
		time.Sleep(time.Millisecond)
	}
	close(release)
	wg.Wait()
	if n := loads.Load(); n != 1 {
		t.Errorf("%d loads for 8 concurrent gets, want 1", n)
	}
}

// cacheShop is the storefront on a demo database, served twice: with the
// cache (on a clock the test moves) and without it, and requests made as
// any actor.
type cacheShop struct {
	db              *store.DB
	clk             *clock
	cached, uncache http.Handler
	svc             *catalog.Service
}

func startCacheShop(t *testing.T, engine string) *cacheShop {
	t.Helper()
	db := storetest.Open(t, engine)
	accts := accounts.NewService(db)
	accts.Params = accounts.HashParams{Time: 1, MemKiB: 1024, Threads: 1}
	if err := demo.Load(context.Background(), db, accts); err != nil {
		t.Fatalf("demo: %v", err)
	}
	msgs, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	clk := &clock{t: time.Now()}
	svc := &catalog.Service{Store: db, Orgs: db, Points: db, Now: clk.Now}
	handler := func(ttl time.Duration) http.Handler {
		h, err := New(Deps{
			Accounts: accts, Orgs: &org.Service{Store: db}, Network: &network.Service{Store: db},
			Regions: db, OrgStore: db, Points: db, Catalog: svc, Products: db, Messages: msgs,
			Logger: slog.New(slog.DiscardHandler), Home: "222400000000", Now: clk.Now, CacheTTL: ttl,
		})
		if err != nil {
			t.Fatal(err)
		}
		mux := http.NewServeMux()
		h.Routes(mux)
		return WithLang(mux)
	}
	return &cacheShop{db: db, clk: clk, cached: handler(0), uncache: handler(-1), svc: svc}
}

func (s *cacheShop) actor(t *testing.T, email string) accounts.Actor {
	t.Helper()
	if email == "" {
		return accounts.Actor{}
	}
	u, _, err := s.db.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatalf("user %s: %v", email, err)
	}
	return accounts.Actor{User: u}
}

// get serves path to a as the cached storefront does (the uncached one
// with uncached set), in language lang.
func (s *cacheShop) get(t *testing.T, a accounts.Actor, lang, path string, uncached ...bool) (int, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("Accept-Language", lang)
	a.Lang = "" // the user's saved language would come before Accept-Language
	req = req.WithContext(accounts.WithActor(req.Context(), a))
	w := httptest.NewRecorder()
	h := s.cached
	if len(uncached) > 0 && uncached[0] {
		h = s.uncache
	}
	h.ServeHTTP(w, req)
	b, _ := io.ReadAll(w.Result().Body)
	return w.Code, string(b)
}

const cacheFixture = "t-cache-greens"

// save stores the fixture product as its seller would, named name in
// English, with stock units.
func (s *cacheShop) save(t *testing.T, seller accounts.Actor, name string, stock int) catalog.Product {
	t.Helper()
	o, err := s.db.Organization(context.Background(), "wq-dongxing-store")
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.svc.Save(context.Background(), seller, catalog.Product{
		Code: cacheFixture, OrgID: o.ID, Category: "vegetables", Origin: "222424100201", Kind: catalog.Goods,
		Name:     i18n.Text{Ko: "캐시 산나물", Zh: "缓存山菜", En: name},
		Variants: []catalog.Variant{{SKU: "T-CACHE-1", Name: i18n.Text{Ko: "1kg", Zh: "1公斤", En: "1 kg"}, Price: 2000, Stock: stock}},
	})
	if err != nil {
		t.Fatalf("saving the fixture: %v", err)
	}
	return p
}

func wantBody(t *testing.T, what, body string, in bool, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if strings.Contains(body, s) != in {
			if in {
				t.Errorf("%s: body lacks %q", what, s)
			} else {
				t.Errorf("%s: body has %q", what, s)
			}
		}
	}
}

// A seller's edit shows on the seller's next page at once; shoppers and
// guests see it once the TTL has passed, not later.
func TestCacheSellerEditVisible(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			s := startCacheShop(t, engine)
			seller := s.actor(t, "seller-dongxing@maeul.test")
			shopper := s.actor(t, "shopper@maeul.test")
			guest := accounts.Actor{}
			path := "/products/" + cacheFixture
			s.save(t, seller, "Cache greens", 40)
			for _, a := range []accounts.Actor{guest, shopper, seller} {
				_, body := s.get(t, a, "en", path)
				wantBody(t, "before the edit", body, true, "Cache greens")
			}
			_, body := s.get(t, guest, "en", "/search?q=cache+greens")
			wantBody(t, "search before the edit", body, true, "Cache greens")

			s.save(t, seller, "Renamed greens", 3)
			_, body = s.get(t, seller, "en", path)
			wantBody(t, "the seller, at once", body, true, "Renamed greens", "Only 3 left")
			_, body = s.get(t, seller, "en", "/search?q=cache+greens")
			wantBody(t, "the seller's search, at once", body, true, "Renamed greens")
			for _, a := range []accounts.Actor{guest, shopper} {
				_, body := s.get(t, a, "en", path)
				wantBody(t, "within the TTL", body, true, "Cache greens") // still cached: the cache is in use
			}
			s.clk.Add(DefaultCacheTTL)
			for _, a := range []accounts.Actor{guest, shopper} {
				_, body := s.get(t, a, "en", path)
				wantBody(t, "after the TTL", body, true, "Renamed greens", "Only 3 left")
				wantBody(t, "after the TTL", body, false, "Cache greens")
				// The search ranking is kept longer, its cards are not.
				_, body = s.get(t, a, "en", "/search?q=cache+greens")
				wantBody(t, "search after the TTL", body, true, "Renamed greens")
			}
		})
	}
}

// Hiding a product takes it off its page for shoppers within the TTL, and
// out of search results at once; its seller still sees the preview.
func TestCacheHidingRemovesProduct(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			s := startCacheShop(t, engine)
			seller := s.actor(t, "seller-dongxing@maeul.test")
			shopper := s.actor(t, "shopper@maeul.test")
			p := s.save(t, seller, "Soon hidden greens", 10)
			path := "/products/" + cacheFixture
			search := "/search?q=" + url.QueryEscape("soon hidden greens")
			for _, a := range []accounts.Actor{{}, shopper} {
				if code, _ := s.get(t, a, "en", path); code != http.StatusOK {
					t.Fatalf("before hiding: status %d", code)
				}
				_, body := s.get(t, a, "en", search)
				wantBody(t, "search before hiding", body, true, "Soon hidden greens")
			}
			if err := s.svc.SetHidden(context.Background(), seller, p.ID, true); err != nil {
				t.Fatal(err)
			}
			for _, a := range []accounts.Actor{{}, shopper} {
				_, body := s.get(t, a, "en", search)
				wantBody(t, "search right after hiding", body, false, "Soon hidden greens")
			}
			code, body := s.get(t, seller, "en", path)
			if code != http.StatusOK || !strings.Contains(body, "hidden from shoppers") {
				t.Errorf("the seller right after hiding: status %d, want the preview", code)
			}
			s.clk.Add(DefaultCacheTTL)
			for _, a := range []accounts.Actor{{}, shopper} {
				code, body := s.get(t, a, "en", path)
				if code != http.StatusNotFound {
					t.Errorf("after the TTL: status %d, want 404", code)
				}
				wantBody(t, "after the TTL", body, false, "Soon hidden greens")
			}
			// The preview is the seller's alone: it never reaches the cache.
			s.get(t, seller, "en", path)
			if code, _ := s.get(t, accounts.Actor{}, "en", path); code != http.StatusNotFound {
				t.Errorf("a guest after the seller's preview: status %d, want 404", code)
			}
		})
	}
}

// Pages cached in one language are never served in another, and a
// signed-in user's header is never served to a guest (nor a guest's to
// them), whatever order the requests come in.
func TestCacheKeepsLanguagesAndActorsApart(t *testing.T) {
	s := startCacheShop(t, "sqlite")
	seller := s.actor(t, "seller-dongxing@maeul.test")
	s.save(t, seller, "Cache greens", 40)
	shopper := s.actor(t, "shopper@maeul.test")
	names := map[string]string{"ko": "캐시 산나물", "zh": "缓存山菜", "en": "Cache greens"}
	for _, path := range []string{"/products/" + cacheFixture, "/", "/categories/vegetables"} {
		for range 3 {
			for _, lang := range []string{"ko", "zh", "en", "zh", "ko"} {
				for _, a := range []accounts.Actor{{}, shopper, {}} {
					what := path + " " + lang + " " + string(a.Role)
					_, body := s.get(t, a, lang, path)
					wantBody(t, what, body, true, `<html lang="`+lang+`">`)
					if strings.HasPrefix(path, "/products/") {
						for l, n := range names {
							wantBody(t, what, body, l == lang, n)
						}
					}
					signedIn := []string{shopper.Name, `action="/signout"`}
					wantBody(t, what, body, a.SignedIn(), signedIn...)
					wantBody(t, what, body, !a.SignedIn(), `href="/signin"`)
				}
			}
		}
	}
}

// What the cache serves is what the storefront would render without it,
// for guests and shoppers, on every cached page: nothing in a cached body
// depends on the request.
func TestCachedPagesMatchUncached(t *testing.T) {
	s := startCacheShop(t, "sqlite")
	seller := s.actor(t, "seller-dongxing@maeul.test")
	s.save(t, seller, "Cache greens", 4)
	shopper := s.actor(t, "shopper@maeul.test")
	paths := []string{"/", "/products/" + cacheFixture, "/products/no-such-product", "/categories/vegetables",
		"/categories/fruit?sort=price_asc", "/search?q=greens", "/search?q=" + url.QueryEscape("사과배"), "/search",
		"/stores/wq-dongxing-store", "/villages/222424100201", "/counties/222424"}
	for _, a := range []accounts.Actor{{}, shopper} {
		for _, lang := range []string{"ko", "en"} {
			for _, path := range paths {
				for range 2 { // a miss, then a hit
					code, got := s.get(t, a, lang, path)
					wantCode, want := s.get(t, a, lang, path, true)
					if code != wantCode || got != want {
						t.Errorf("%s %s as %q: the cached page differs from the uncached one (status %d, %d)", lang, path, a.Role, code, wantCode)
					}
				}
			}
		}
	}
}
