package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/demo"
	"maeul/internal/server"
	"maeul/internal/server/servertest"
)

// TestParallelSignInsOverHTTP: a hundred wrong passwords at once on one
// account, through the API, check at most the account's free failures;
// the server's clock stands still, so the delay after them never ends and
// even the right password then waits. (A right password among the first
// would be accepted and clear the count, as it should.)
func TestParallelSignInsOverHTTP(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine, func(c *server.Config) { c.Now = func() time.Time { return now } })
			const n = 100
			statuses := make([]int, n)
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() {
					body := fmt.Sprintf(`{"email":"seller-dongxing@maeul.test","password":"guess %d"}`, i)
					resp, err := http.Post(env.URL+"/api/v1/sessions", "application/json", strings.NewReader(body))
					if err != nil {
						t.Error(err)
						return
					}
					resp.Body.Close()
					statuses[i] = resp.StatusCode
				})
			}
			wg.Wait()
			count := map[int]int{}
			for _, s := range statuses {
				count[s]++
			}
			if checked := count[http.StatusUnauthorized]; checked > accounts.MaxFailuresPerEmail {
				t.Errorf("%d passwords checked (statuses %v), want at most %d", checked, count, accounts.MaxFailuresPerEmail)
			}
			if count[http.StatusUnauthorized]+count[http.StatusTooManyRequests] != n {
				t.Errorf("statuses %v: want only 401 and 429", count)
			}
			body := fmt.Sprintf(`{"email":"seller-dongxing@maeul.test","password":%q}`, demo.Password)
			resp, err := http.Post(env.URL+"/api/v1/sessions", "application/json", strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusTooManyRequests {
				t.Errorf("the right password within the delay: status %d, want 429", resp.StatusCode)
			}
			if got := resp.Header.Get("Retry-After"); got != "1" {
				t.Errorf("the right password within the delay: Retry-After %q, want 1", got)
			}
		})
	}
}

// TestSignInLimitBehindProxy: behind a trusted proxy the sign-in limit
// counts the forwarded client; from anyone else X-Forwarded-For is
// ignored, so a client cannot escape its limit by naming another address.
func TestSignInLimitBehindProxy(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	fail := func(t *testing.T, env *servertest.Env, client string, i int) int {
		t.Helper()
		form := url.Values{"email": {fmt.Sprintf("nobody%d@maeul.test", i)}, "password": {"guess"}}
		req, _ := http.NewRequest(http.MethodPost, env.URL+"/signin", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", client)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	tests := []struct {
		name    string
		trusted string
		// wantOther is what another forwarded address gets once the first
		// has spent its free failures.
		wantOther int
	}{
		{"behind a trusted proxy", "127.0.0.1", http.StatusUnauthorized},
		{"with no trusted proxy", "", http.StatusTooManyRequests},
		{"behind a proxy that is not this one", "192.0.2.0/24", http.StatusTooManyRequests},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			trusted, err := server.ParseTrustedProxies(tt.trusted)
			if err != nil {
				t.Fatal(err)
			}
			env := servertest.Start(t, "sqlite", func(c *server.Config) {
				c.Now = func() time.Time { return now }
				c.TrustedProxies = trusted
			})
			for i := 0; i < accounts.MaxFailuresPerClient; i++ {
				if got := fail(t, env, "198.51.100.1", i); got != http.StatusUnauthorized {
					t.Fatalf("failure %d: status %d, want 401", i+1, got)
				}
			}
			if got := fail(t, env, "198.51.100.1", 1000); got != http.StatusTooManyRequests {
				t.Errorf("the same client after its free failures: status %d, want 429", got)
			}
			if got := fail(t, env, "198.51.100.2", 1001); got != tt.wantOther {
				t.Errorf("another forwarded client: status %d, want %d", got, tt.wantOther)
			}
		})
	}
}
