package orders

import (
	"context"
	"sync"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/payments"
)

// Waiting for "paid". A buyer who has paid waits for the shop to record
// the payment; instead of asking again and again, the buyer's request
// waits (WaitGroup) and is answered when this server records the payment,
// or, when another server records it, at the next look at the database
// (every WaitCheck), or when the wait ends.

// WaitCheck is how often a waiting request looks at the database for a
// payment another server may have recorded.
const WaitCheck = 250 * time.Millisecond

// MaxWait is the longest a request may wait for a payment.
const MaxWait = 30 * time.Second

// paidSignal wakes the requests waiting for payments this server records,
// by payment reference.
type paidSignal struct {
	mu      sync.Mutex
	waiting map[string]*paidWait
}

type paidWait struct {
	ch chan struct{}
	n  int
}

// wait returns a channel closed when ref is recorded, and a function to
// call when no longer waiting.
func (p *paidSignal) wait(ref string) (<-chan struct{}, func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.waiting == nil {
		p.waiting = map[string]*paidWait{}
	}
	w := p.waiting[ref]
	if w == nil {
		w = &paidWait{ch: make(chan struct{})}
		p.waiting[ref] = w
	}
	w.n++
	return w.ch, func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		if w.n--; w.n == 0 && p.waiting[ref] == w {
			delete(p.waiting, ref)
		}
	}
}

// recorded wakes the requests waiting for ref.
func (p *paidSignal) recorded(ref string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if w := p.waiting[ref]; w != nil {
		close(w.ch)
		delete(p.waiting, ref)
	}
}

// WaitGroup returns checkout groupID as Group does, once its payment is
// no longer pending or after up to d (at most MaxWait), whichever comes
// first; a d of 0 or less does not wait. It fails as Group does, and with
// ctx's error when ctx ends first.
func (s *Service) WaitGroup(ctx context.Context, by accounts.Actor, groupID int64, d time.Duration) ([]Order, payments.Record, error) {
	os, pay, err := s.Group(ctx, by, groupID)
	if err != nil || d <= 0 {
		return os, pay, err
	}
	if pay.Status != payments.Pending {
		return s.wholeGroup(ctx, by, groupID, os, pay)
	}
	deadline := time.NewTimer(min(d, MaxWait))
	defer deadline.Stop()
	tick := time.NewTicker(WaitCheck)
	defer tick.Stop()
	paid, release := s.signal.wait(pay.Ref)
	defer release()
	for {
		// Read again after taking the signal: a payment recorded between
		// the first read and now is not missed.
		if os, pay, err = s.Group(ctx, by, groupID); err != nil {
			return os, pay, err
		}
		if pay.Status != payments.Pending {
			return s.wholeGroup(ctx, by, groupID, os, pay)
		}
		select {
		case <-ctx.Done():
			return nil, payments.Record{}, ctx.Err()
		case <-deadline.C:
			return os, pay, nil
		case <-paid:
			paid = nil // read once more, below, then wait for the deadline or ticks
		case <-tick.C:
		}
	}
}

// wholeGroup returns os and pay, read by Group, unless they show the
// payment paid and an order still waiting for it: the orders and the
// payment are read one after the other, so that read met the payment's
// transaction half way, and one begun now finds it committed whole.
func (s *Service) wholeGroup(ctx context.Context, by accounts.Actor, groupID int64, os []Order, pay payments.Record) ([]Order, payments.Record, error) {
	for _, o := range os {
		if pay.Status == payments.Paid && o.Status == PendingPayment {
			return s.Group(ctx, by, groupID)
		}
	}
	return os, pay, nil
}
