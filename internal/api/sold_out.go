package api

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"sync"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
)

// Refusals from memory. Once a flash sale sells out, every buyer still
// pressing "buy now" would cost the database an idempotency key written
// and kept, a session, the variant, its offers and the store's terms, to
// learn again that nothing is left. A server that has just found a SKU
// without stock remembers that refusal for SoldOutFor and answers the
// buy-now requests for that SKU with it before anything else runs.
//
// The memory is a server's own and only ever says "sold out": units that
// a cancellation or an expired payment returns to stock are buyable again
// on every server at most SoldOutFor later, when its mark lapses and the
// next request asks the database. A refusal answered from memory is not
// kept under the request's Idempotency-Key (nothing ran).

// SoldOutFor is how long a server answers a SKU it found sold out from
// memory.
const SoldOutFor = time.Second

// soldOutMemo holds, by SKU, the refusal a buy-now met for lack of stock
// and until when to give it again.
type soldOutMemo struct {
	mu sync.RWMutex
	m  map[string]soldOutMark
}

type soldOutMark struct {
	err   error
	until time.Time
}

// empty reports whether no SKU is marked (lapsed marks count until they
// are replaced or swept).
func (s *soldOutMemo) empty() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.m) == 0
}

// get returns the refusal to give for sku at now, or nil.
func (s *soldOutMemo) get(sku string, now time.Time) error {
	s.mu.RLock()
	mk, ok := s.m[sku]
	s.mu.RUnlock()
	if !ok || !now.Before(mk.until) {
		return nil
	}
	return mk.err
}

// remember marks sku sold out with the refusal err until now+SoldOutFor,
// dropping lapsed marks.
func (s *soldOutMemo) remember(sku string, err error, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]soldOutMark{}
	}
	for k, mk := range s.m {
		if !now.Before(mk.until) {
			delete(s.m, k)
		}
	}
	s.m[sku] = soldOutMark{err: err, until: now.Add(SoldOutFor)}
}

// soldOut reports whether err is a refusal for lack of stock: no unit of
// the variant left for anyone, at any price.
func soldOut(err error) bool { return errs.HasReason(err, "err.orders.sold_out") }

// soldOutFirst answers a signed-in buyer's buy-now of a SKU marked sold
// out with the remembered refusal; every other request goes on to next.
func (c *commerce) soldOutFirst(next http.Handler) http.Handler {
	return c.handle(func(w http.ResponseWriter, r *http.Request) error {
		if c.soldOut.empty() || accounts.ActorFrom(r.Context()).ID == 0 {
			next.ServeHTTP(w, r)
			return nil
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
		if err != nil {
			return errs.E(errs.Invalid, "err.api.bad_body", err.Error())
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		var req struct {
			SKU string `json:"sku"`
		}
		if json.Unmarshal(body, &req) == nil && req.SKU != "" {
			if err := c.soldOut.get(req.SKU, c.now()); err != nil {
				return err
			}
		}
		next.ServeHTTP(w, r)
		return nil
	})
}
