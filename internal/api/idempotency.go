package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
)

// Idempotency. Every call that creates orders or moves money (checkout,
// cancelling an order, refunds, confirming cash) requires an
// Idempotency-Key header: a string the client chooses per operation and
// sends again when it retries. Keys belong to the caller.
//
//   - The first request with a key reserves it before it runs (status 0,
//     "in progress"), so two identical requests sent at once cannot both
//     run: the second is answered 409.
//   - When the call finishes below 500 its status and body are kept; a
//     repeat of the same request (same method, path and body) is answered
//     with them and the header Idempotent-Replayed: true, and does nothing.
//   - A call that fails with a 5xx releases the key, so a retry runs again.
//   - A call that never finishes (the server was killed, or the database
//     went away before the outcome was kept) holds its key for
//     IdempotencyLease only; then a retry runs again. What the first run
//     committed is found, not done twice: a checkout is stored with its
//     key, and a retry answers with that checkout.
//   - The same key with a different request is 422.
//   - Keys are kept 24 hours; older ones are purged and may be used again.

// IdempotencyTTL is how long a key and its response are kept.
const IdempotencyTTL = 24 * time.Hour

// IdempotencyLease is how long a request may hold its key before a retry
// may run: longer than any request runs (the server's write timeout is a
// minute).
const IdempotencyLease = 2 * time.Minute

// maxKeyLen bounds an Idempotency-Key.
const maxKeyLen = 200

// requestHash identifies a request for its idempotency key: its method,
// path and body.
func requestHash(method, path string, body []byte) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n", method, path)
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}

// idempotent wraps an order-creating or payment-changing call with the
// Idempotency-Key rules above. A guest's request runs as it is, to be
// refused by the call: a guest has no keys.
func (c *commerce) idempotent(fn handlerFunc) http.Handler {
	return c.handle(func(w http.ResponseWriter, r *http.Request) error {
		a := accounts.ActorFrom(r.Context())
		if a.ID == 0 {
			return fn(w, r)
		}
		key := r.Header.Get("Idempotency-Key")
		switch {
		case key == "":
			return errs.Field("Idempotency-Key", "err.api.key_missing")
		case len(key) > maxKeyLen:
			return errs.Field("Idempotency-Key", "err.api.key_long", maxKeyLen)
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
		if err != nil {
			return errs.E(errs.Invalid, "err.api.bad_body", err.Error())
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		hash := requestHash(r.Method, r.URL.Path, body)
		actor := "u:" + strconv.FormatInt(a.ID, 10)
		// Keeping the outcome must not depend on the client waiting for it.
		ctx := context.WithoutCancel(r.Context())
		now := c.now()
		c.purgeKeys(ctx, now)

		for attempt := 0; ; attempt++ {
			reserved, err := c.Idempotency.ReserveIdempotencyKey(ctx, actor, key, hash, now, IdempotencyTTL, IdempotencyLease)
			if err != nil {
				return err
			}
			if reserved {
				break
			}
			held, status, stored, err := c.Idempotency.IdempotentResponse(ctx, actor, key)
			if errs.Is(err, errs.NotFound) {
				if attempt == 0 {
					continue // released by a failed request meanwhile: try again
				}
				return errs.E(errs.Conflict, "err.api.key_in_progress")
			}
			if err != nil {
				return err
			}
			switch {
			case held != hash:
				return errs.Field("Idempotency-Key", "err.api.key_reused")
			case status == 0:
				return errs.E(errs.Conflict, "err.api.key_in_progress")
			}
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.Header().Set("Idempotent-Replayed", "true")
			w.WriteHeader(status)
			_, err = w.Write(stored)
			return err
		}

		buf := &bufferedResponse{header: http.Header{}}
		finished := false
		defer func() {
			if !finished { // the call panicked: let a retry run
				c.Idempotency.ReleaseIdempotencyKey(ctx, actor, key)
			}
		}()
		if err := fn(buf, r); err != nil {
			c.writeError(buf, r, err)
		}
		finished = true
		status := buf.status
		if status == 0 {
			status = http.StatusOK
		}
		if status >= 500 {
			if err := c.Idempotency.ReleaseIdempotencyKey(ctx, actor, key); err != nil {
				c.Logger.Error("releasing an idempotency key", "actor", actor, "err", err)
			}
		} else if err := c.Idempotency.SaveIdempotentResponse(ctx, actor, key, status, buf.body.Bytes()); err != nil {
			// The key stays reserved: repeats are told it is in progress
			// rather than run a second time.
			c.Logger.Error("keeping an idempotent response", "actor", actor, "status", status, "err", err)
		}
		for k, v := range buf.header {
			w.Header()[k] = v
		}
		w.WriteHeader(status)
		_, err = w.Write(buf.body.Bytes())
		return err
	})
}

// purgeKeys deletes expired idempotency keys, at most once an hour per
// server; failures are logged and otherwise ignored.
func (c *commerce) purgeKeys(ctx context.Context, now time.Time) {
	last := c.lastPurge.Load()
	if now.Unix()-last < 3600 || !c.lastPurge.CompareAndSwap(last, now.Unix()) {
		return
	}
	if _, err := c.Idempotency.PurgeIdempotencyKeys(ctx, now.Add(-IdempotencyTTL)); err != nil {
		c.Logger.Error("purging idempotency keys", "err", err)
	}
}
