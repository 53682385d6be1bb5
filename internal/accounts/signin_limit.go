package accounts

import (
	"context"
	"errors"
	"time"

	"maeul/internal/errs"
)

// Sign-in limits. Every attempt is counted, as a failure, before its
// password is checked, under two keys: the account's email and the
// client's address. A key's first failures within LoginWindow are free;
// after them each further attempt must wait a delay that doubles from
// FirstSignInDelay to MaxSignInDelay. An attacker therefore gets a few
// guesses quickly and then one a minute at most, while the account's
// owner is never locked out for long: a right password clears the
// account's failures.
const (
	LoginWindow          = 15 * time.Minute // failures older than this are forgotten
	MaxFailuresPerEmail  = 5
	MaxFailuresPerClient = 30
	FirstSignInDelay     = time.Second
	MaxSignInDelay       = time.Minute
	SessionLifetime      = 30 * 24 * time.Hour
)

// MaxConcurrentHashes bounds the password hashes a Service computes at
// once (each takes HashParams.MemKiB of memory); more wait their turn.
const MaxConcurrentHashes = 4

// Attempts is the sign-in record of one key: the failures counted in the
// present window, when the last was counted, and the earliest time the
// next attempt may be made.
type Attempts struct {
	Failures int
	LastAt   time.Time
	NextAt   time.Time
}

// take counts an attempt under a key whose first free failures need no
// delay, or returns how long the attempt must wait.
func (a Attempts) take(free int, now time.Time) (Attempts, time.Duration) {
	if now.Sub(a.LastAt) > LoginWindow {
		a = Attempts{}
	}
	if now.Before(a.NextAt) {
		return a, a.NextAt.Sub(now)
	}
	a.Failures++
	a.LastAt = now
	a.NextAt = now.Add(signInDelay(a.Failures, free))
	return a, 0
}

// signInDelay is the wait after the failures-th failure of a key whose
// first free failures need none.
func signInDelay(failures, free int) time.Duration {
	if failures < free {
		return 0
	}
	d := FirstSignInDelay
	for i := free; i < failures && d < MaxSignInDelay; i++ {
		d *= 2
	}
	return min(d, MaxSignInDelay)
}

// TooSoon refuses a sign-in attempt that came before its key's delay
// ended (TooMany): Seconds is how long to wait, for Retry-After.
type TooSoon struct {
	Seconds int
	Err     error
}

func (e *TooSoon) Error() string { return e.Err.Error() }
func (e *TooSoon) Unwrap() error { return e.Err }

// RetryAfter returns the seconds err says to wait before signing in
// again, or 0 when err is no TooSoon.
func RetryAfter(err error) int {
	var t *TooSoon
	if errors.As(err, &t) {
		return t.Seconds
	}
	return 0
}

// takeAttempt counts a sign-in attempt for email from client, atomically
// for concurrent attempts, or refuses it with TooMany saying how long to
// wait. It returns the keys it counted under.
func (s *Service) takeAttempt(ctx context.Context, email, client string, now time.Time) ([]string, error) {
	keys := []string{"email:" + email, "client:" + client}
	free := []int{MaxFailuresPerEmail, MaxFailuresPerClient}
	err := s.Store.UpdateSignInAttempts(ctx, keys, now, func(as []Attempts) ([]Attempts, error) {
		var wait time.Duration
		for i := range as {
			var w time.Duration
			as[i], w = as[i].take(free[i], now)
			wait = max(wait, w)
		}
		if wait > 0 {
			secs := int((wait + time.Second - 1) / time.Second)
			return nil, &TooSoon{Seconds: secs, Err: errs.E(errs.TooMany, "err.accounts.sign_in_wait", secs)}
		}
		return as, nil
	})
	return keys, err
}

// rightPassword forgets the account's failures and gives the client back
// the attempt it was counted.
func (s *Service) rightPassword(ctx context.Context, keys []string, now time.Time) error {
	return s.Store.UpdateSignInAttempts(ctx, keys, now, func(as []Attempts) ([]Attempts, error) {
		as[0] = Attempts{}
		if c := &as[1]; c.Failures > 0 {
			c.Failures--
			c.NextAt = c.LastAt.Add(signInDelay(c.Failures, MaxFailuresPerClient))
		}
		return as, nil
	})
}

// hashing runs fn, a password hash or check, once fewer than
// MaxConcurrentHashes others run; it gives up when ctx ends.
func (s *Service) hashing(ctx context.Context, fn func()) error {
	s.slotsOnce.Do(func() { s.slots = make(chan struct{}, MaxConcurrentHashes) })
	select {
	case s.slots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-s.slots }()
	fn()
	return nil
}
