package api_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"maeul/internal/errs"
	"maeul/internal/server/servertest"
	"maeul/internal/store/storetest"
)

// me returns the id of c's user.
func me(t *testing.T, c *servertest.Client) int64 {
	t.Helper()
	var u struct {
		ID int64 `json:"id"`
	}
	wantStatus(t, "me", send(t, c, http.MethodGet, "/api/v1/me", nil, &u), 200)
	return u.ID
}

func TestIdempotentCheckout(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine)
			shopper := signedIn(t, env, "shopper@maeul.test")
			add(t, shopper, eggs30, 1)
			body := sandboxCheckout(nil)

			wantField(t, "no key", send(t, shopper, http.MethodPost, "/api/v1/checkout", body, nil), 422, "invalid", "Idempotency-Key")
			key := newKey()
			var first, second checkoutOut
			r1 := send(t, shopper, http.MethodPost, "/api/v1/checkout", body, &first, "Idempotency-Key", key)
			wantStatus(t, "first checkout", r1, 201)
			if r1.Header.Get("Idempotent-Replayed") != "" {
				t.Errorf("the first answer is marked replayed")
			}
			r2 := send(t, shopper, http.MethodPost, "/api/v1/checkout", body, &second, "Idempotency-Key", key)
			wantStatus(t, "repeated checkout", r2, 201)
			if second.CheckoutID != first.CheckoutID || r2.Body != r1.Body || r2.Header.Get("Idempotent-Replayed") != "true" {
				t.Errorf("repeat: checkout %d (first %d), replayed %q", second.CheckoutID, first.CheckoutID, r2.Header.Get("Idempotent-Replayed"))
			}
			changed := sandboxCheckout(map[string]any{"coupon": "OTHER"})
			wantField(t, "same key, different body", send(t, shopper, http.MethodPost, "/api/v1/checkout", changed, nil, "Idempotency-Key", key), 422, "invalid", "Idempotency-Key")
			var mine struct{ Items []orderOut }
			send(t, shopper, http.MethodGet, "/api/v1/orders", nil, &mine)
			if len(mine.Items) != 1 {
				t.Errorf("%d orders after repeating a checkout, want 1", len(mine.Items))
			}

			// Keys are the caller's: another buyer's same key runs anew (and
			// finds its own cart empty).
			other := signedIn(t, env, "county-wangqing@maeul.test")
			wantField(t, "another caller's key", send(t, other, http.MethodPost, "/api/v1/checkout", body, nil, "Idempotency-Key", key), 422, "invalid", "cart")

			// An error below 500 is kept and replayed too.
			errKey := newKey()
			e1 := send(t, shopper, http.MethodPost, "/api/v1/checkout", body, nil, "Idempotency-Key", errKey)
			add(t, shopper, eggs30, 1)
			e2 := send(t, shopper, http.MethodPost, "/api/v1/checkout", body, nil, "Idempotency-Key", errKey)
			if e1.StatusCode != 422 || e2.StatusCode != 422 || e2.Body != e1.Body || e2.Header.Get("Idempotent-Replayed") != "true" {
				t.Errorf("replaying an error: %d %s, then %d %s", e1.StatusCode, e1.Body, e2.StatusCode, e2.Body)
			}

			// Concurrent identical requests: one runs, the others are told it
			// is in progress or get its answer.
			conc := newKey()
			var wg sync.WaitGroup
			results := make([]*servertest.Response, 8)
			for i := range results {
				wg.Add(1)
				go func(i int) {
					defer wg.Done()
					results[i] = send(t, shopper, http.MethodPost, "/api/v1/checkout", body, nil, "Idempotency-Key", conc)
				}(i)
			}
			wg.Wait()
			ids := map[int64]bool{}
			for _, r := range results {
				switch r.StatusCode {
				case 201:
					var co checkoutOut
					json.Unmarshal([]byte(r.Body), &co)
					ids[co.CheckoutID] = true
				case 409:
					wantError(t, "concurrent repeat", r, 409, "conflict")
				default:
					t.Errorf("concurrent repeat: %d %s", r.StatusCode, r.Body)
				}
			}
			if len(ids) != 1 {
				t.Errorf("concurrent identical checkouts made checkouts %v, want one", ids)
			}
			send(t, shopper, http.MethodGet, "/api/v1/orders", nil, &mine)
			if len(mine.Items) != 2 {
				t.Errorf("%d orders in all, want 2", len(mine.Items))
			}

			// A request whose key is held by one still running is 409; the
			// same key with another request is 422 even then.
			held := newKey()
			b, _ := json.Marshal(body)
			sum := sha256.Sum256(append([]byte("POST\n/api/v1/checkout\n"), b...))
			actor := fmt.Sprintf("u:%d", me(t, shopper))
			if ok, err := env.DB.ReserveIdempotencyKey(context.Background(), actor, held, hex.EncodeToString(sum[:]), time.Now(), 24*time.Hour, time.Hour); !ok || err != nil {
				t.Fatalf("reserving: %v, %v", ok, err)
			}
			r := shopper.Do(http.MethodPost, "/api/v1/checkout", bytes.NewReader(b), "Content-Type", "application/json", "Idempotency-Key", held)
			if r.StatusCode != 409 || !bytes.Contains([]byte(r.Body), []byte("in progress")) {
				t.Errorf("a key in progress: %d %s", r.StatusCode, r.Body)
			}
			wantField(t, "a key in progress, another request", send(t, shopper, http.MethodPost, "/api/v1/checkout", changed, nil, "Idempotency-Key", held), 422, "invalid", "Idempotency-Key")
		})
	}
}

// TestIdempotencyKeyStore proves the store's keys behave alike on both
// engines.
func TestIdempotencyKeyStore(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			db := servertest.Start(t, engine).DB
			ctx := context.Background()
			now := time.Now()
			day := 24 * time.Hour
			reserve := func(what, actor, key, hash string, at time.Time, want bool) {
				t.Helper()
				got, err := db.ReserveIdempotencyKey(ctx, actor, key, hash, at, day, time.Minute)
				if err != nil || got != want {
					t.Errorf("%s: reserved %v, %v; want %v", what, got, err, want)
				}
			}
			stored := func(what, actor, key, wantHash string, wantStatus int, wantBody string) {
				t.Helper()
				hash, status, body, err := db.IdempotentResponse(ctx, actor, key)
				if err != nil || hash != wantHash || status != wantStatus || string(body) != wantBody {
					t.Errorf("%s: got %q %d %q %v; want %q %d %q", what, hash, status, body, err, wantHash, wantStatus, wantBody)
				}
			}
			reserve("first", "u:1", "k", "h1", now, true)
			reserve("again", "u:1", "k", "h2", now, false)
			reserve("another actor", "u:2", "k", "h1", now, true)
			stored("in progress", "u:1", "k", "h1", 0, "")
			if err := db.SaveIdempotentResponse(ctx, "u:1", "k", 201, []byte(`{"ok":true}`)); err != nil {
				t.Fatal(err)
			}
			stored("finished", "u:1", "k", "h1", 201, `{"ok":true}`)
			if err := db.ReleaseIdempotencyKey(ctx, "u:1", "k"); err != nil {
				t.Fatal(err)
			}
			stored("a finished key is not released", "u:1", "k", "h1", 201, `{"ok":true}`)
			if err := db.ReleaseIdempotencyKey(ctx, "u:2", "k"); err != nil {
				t.Fatal(err)
			}
			if _, _, _, err := db.IdempotentResponse(ctx, "u:2", "k"); !errs.Is(err, errs.NotFound) {
				t.Errorf("released key: %v, want not found", err)
			}
			reserve("after release", "u:2", "k", "h3", now, true)
			// u:2's request never finishes: its key is held for the
			// lease (a minute), then a retry may take it.
			reserve("within the lease", "u:2", "k", "h3", now.Add(59*time.Second), false)
			reserve("after the lease", "u:2", "k", "h3", now.Add(time.Minute), true)
			stored("abandoned and taken anew", "u:2", "k", "h3", 0, "")
			reserve("a day later", "u:1", "k", "h4", now.Add(day+time.Minute), true)
			stored("expired and taken anew", "u:1", "k", "h4", 0, "")
			n, err := db.PurgeIdempotencyKeys(ctx, now.Add(2*time.Minute))
			if err != nil || n != 1 {
				t.Errorf("purge: %d, %v; want the one old key", n, err)
			}
		})
	}
}

// TestRetryAfterALostAnswer is a checkout whose server died after the
// checkout committed and before its answer was kept: the key stays in
// progress with the checkout placed and the cart emptied. Within the
// lease a retry is told to wait; after it the retry runs again and finds
// the checkout the first run placed, instead of an empty cart, and no
// second checkout is made.
func TestRetryAfterALostAnswer(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine)
			ctx := context.Background()
			shopper := signedIn(t, env, "shopper@maeul.test")
			add(t, shopper, eggs30, 1)
			body := sandboxCheckout(nil)
			key := newKey()
			var first checkoutOut
			wantStatus(t, "first checkout", send(t, shopper, http.MethodPost, "/api/v1/checkout", body, &first, "Idempotency-Key", key), 201)

			// The answer is lost: the key is back in progress, as the
			// crashed server left it (reserved a moment ago).
			actor := fmt.Sprintf("u:%d", me(t, shopper))
			b, _ := json.Marshal(body)
			sum := sha256.Sum256(append([]byte("POST\n/api/v1/checkout\n"), b...))
			hash := hex.EncodeToString(sum[:])
			if _, err := env.DB.PurgeIdempotencyKeys(ctx, time.Now().Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			at := time.Now().Add(-time.Minute)
			if ok, err := env.DB.ReserveIdempotencyKey(ctx, actor, key, hash, at, 24*time.Hour, 2*time.Minute); !ok || err != nil {
				t.Fatalf("reserving: %v, %v", ok, err)
			}
			wantError(t, "a retry within the lease", send(t, shopper, http.MethodPost, "/api/v1/checkout", body, nil, "Idempotency-Key", key), 409, "conflict")

			// The lease ends.
			if _, err := env.DB.PurgeIdempotencyKeys(ctx, time.Now().Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			if ok, err := env.DB.ReserveIdempotencyKey(ctx, actor, key, hash, at.Add(-2*time.Minute), 24*time.Hour, 2*time.Minute); !ok || err != nil {
				t.Fatalf("reserving: %v, %v", ok, err)
			}
			var retry checkoutOut
			wantStatus(t, "a retry after the lease", send(t, shopper, http.MethodPost, "/api/v1/checkout", body, &retry, "Idempotency-Key", key), 201)
			if retry.CheckoutID != first.CheckoutID || retry.Payment.Ref != first.Payment.Ref || retry.Payment.PayURL == "" {
				t.Errorf("the retry answered checkout %d (%s, pay_url %q); want the first, %d (%s), still payable",
					retry.CheckoutID, retry.Payment.Ref, retry.Payment.PayURL, first.CheckoutID, first.Payment.Ref)
			}
			var mine struct{ Items []orderOut }
			send(t, shopper, http.MethodGet, "/api/v1/orders", nil, &mine)
			if len(mine.Items) != 1 {
				t.Errorf("%d orders after the retry, want the first checkout's 1", len(mine.Items))
			}
			// And it is kept: the next repeat is a replay.
			r := send(t, shopper, http.MethodPost, "/api/v1/checkout", body, nil, "Idempotency-Key", key)
			if r.StatusCode != 201 || r.Header.Get("Idempotent-Replayed") != "true" {
				t.Errorf("repeat after the retry: %d, replayed %q", r.StatusCode, r.Header.Get("Idempotent-Replayed"))
			}
		})
	}
}
