package accounts_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/demo"
	"maeul/internal/errs"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

// TestSignInDelayGrows: after an account's free failures each attempt
// waits a delay that doubles up to MaxSignInDelay, so an attacker cannot
// lock the owner out, and the owner's right password clears the count.
func TestSignInDelayGrows(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
		f.accts.Now = func() time.Time { return now }
		const email = "seller-dongxing@maeul.test"
		attacker := 0
		guess := func() error {
			attacker++ // a new address each time: only the account's limit applies
			_, _, err := f.accts.SignIn(ctx, email, "guess", fmt.Sprintf("198.51.100.%d", attacker))
			return err
		}
		for i := 0; i < accounts.MaxFailuresPerEmail; i++ {
			wantCode(t, fmt.Sprintf("guess %d", i+1), guess(), errs.Unauthorized)
		}
		wantDelay := accounts.FirstSignInDelay
		for i := 0; i < 10; i++ {
			wantCode(t, "a guess within the delay", guess(), errs.TooMany)
			now = now.Add(wantDelay - time.Millisecond)
			wantCode(t, "a guess just before the delay ends", guess(), errs.TooMany)
			now = now.Add(time.Millisecond)
			wantCode(t, fmt.Sprintf("a guess after %v", wantDelay), guess(), errs.Unauthorized)
			wantDelay = min(2*wantDelay, accounts.MaxSignInDelay)
		}
		if wantDelay != accounts.MaxSignInDelay {
			t.Fatalf("the delay reached %v, want it capped at %v", wantDelay, accounts.MaxSignInDelay)
		}
		// The owner, on a sale day, waits at most MaxSignInDelay.
		now = now.Add(accounts.MaxSignInDelay)
		if _, _, err := f.accts.SignIn(ctx, email, demo.Password, "203.0.113.9"); err != nil {
			t.Fatalf("the owner after the longest delay: %v", err)
		}
		// A right password clears the account's failures.
		for i := 0; i < accounts.MaxFailuresPerEmail; i++ {
			wantCode(t, fmt.Sprintf("guess %d after the owner signed in", i+1), guess(), errs.Unauthorized)
		}
		// The refusal says how long to wait.
		err := guess()
		if got := errs.MessageOf(err); errs.CodeOf(err) != errs.TooMany || got != "Too many failed sign-ins for this account; try again in 1 second." {
			t.Errorf("refusal = %q (%v)", got, err)
		}
	})
}

// TestParallelSignInsCheckAtMostTheLimit: a hundred wrong passwords at
// once on one account check no more than the account's free failures
// (the clock stands still, so no delay ends during the test), and the
// right password then waits too.
func TestParallelSignInsCheckAtMostTheLimit(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
		f.accts.Now = func() time.Time { return now }
		const n = 100
		var wg sync.WaitGroup
		codes := make([]errs.Code, n)
		for i := range n {
			wg.Go(func() {
				_, _, err := f.accts.SignIn(ctx, "auditor@maeul.test", fmt.Sprintf("guess %d", i), fmt.Sprintf("198.51.100.%d", i))
				codes[i] = errs.CodeOf(err)
			})
		}
		wg.Wait()
		checked := map[errs.Code]int{}
		for _, c := range codes {
			checked[c]++
		}
		if got := checked[errs.Unauthorized]; got > accounts.MaxFailuresPerEmail {
			t.Errorf("%d passwords checked (%v), want at most %d", got, checked, accounts.MaxFailuresPerEmail)
		}
		if checked[errs.Unauthorized]+checked[errs.TooMany] != n {
			t.Errorf("outcomes %v: want only wrong password and too many", checked)
		}
		_, _, err := f.accts.SignIn(ctx, "auditor@maeul.test", demo.Password, "203.0.113.1")
		wantCode(t, "the right password within the delay", err, errs.TooMany)
	})
}
