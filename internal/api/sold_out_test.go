package api_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"maeul/internal/api"
	"maeul/internal/server"
	"maeul/internal/server/servertest"
	"maeul/internal/store/storetest"
)

// testClock is a clock the test moves.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// TestSoldOutFromMemory: two servers on one database, a SKU sold out.
// Each server, once refused for lack of stock, refuses that SKU from
// memory (even after a cancellation returned a unit: the clock has not
// moved); SoldOutFor later the returned unit is buyable on either
// server, and a cancellation after that sale makes it buyable again on
// the other.
func TestSoldOutFromMemory(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			clock := &testClock{t: time.Now()}
			withClock := func(c *server.Config) { c.Now = clock.Now }
			one := servertest.Start(t, engine, withClock)
			two := servertest.Serve(t, one.DB, withClock)
			holder := signedIn(t, one, "shopper@maeul.test")
			buyers := []*servertest.Client{signedIn(t, one, "county-wangqing@maeul.test"), signedIn(t, two, "county-wangqing@maeul.test")}
			stock := variantStock(t, holder, "wq-dongxing-eggs", eggs60)

			var all checkoutOut
			wantStatus(t, "buying every unit", keyed(t, holder, http.MethodPost, "/api/v1/buy-now",
				sandboxCheckout(map[string]any{"sku": eggs60, "qty": stock}), &all), 201)
			one1 := sandboxCheckout(map[string]any{"sku": eggs60, "qty": 1})
			for i, b := range buyers {
				wantField(t, fmt.Sprintf("server %d, sold out", i+1), keyed(t, b, http.MethodPost, "/api/v1/buy-now", one1, nil), 409, "conflict", "qty")
			}
			cancel := func(c *servertest.Client, co checkoutOut) {
				t.Helper()
				wantStatus(t, "cancelling", keyed(t, c, http.MethodPost, fmt.Sprintf("/api/v1/orders/%d/cancel", co.Orders[0].ID), map[string]any{}, nil), 200)
			}
			cancel(holder, all)
			if got := variantStock(t, holder, "wq-dongxing-eggs", eggs60); got != stock {
				t.Fatalf("stock %d after the cancellation, want %d", got, stock)
			}
			for i, b := range buyers {
				wantField(t, fmt.Sprintf("server %d, from memory", i+1), keyed(t, b, http.MethodPost, "/api/v1/buy-now", one1, nil), 409, "conflict", "qty")
			}

			clock.Add(api.SoldOutFor)
			var got checkoutOut
			wantStatus(t, "server 1, after the mark lapsed", keyed(t, buyers[0], http.MethodPost, "/api/v1/buy-now", one1, &got), 201)
			cancel(buyers[0], got)
			wantStatus(t, "server 2, after a cancellation", keyed(t, buyers[1], http.MethodPost, "/api/v1/buy-now", one1, nil), 201)
		})
	}
}
