package storetest

import (
	"context"
	"testing"

	"maeul/internal/accounts"
	"maeul/internal/demo"
	"maeul/internal/store"
)

// CheapHash makes test passwords fast to hash.
var CheapHash = accounts.HashParams{Time: 1, MemKiB: 1024, Threads: 1}

// Demo loads the demo data set into db (passwords hashed cheaply) and
// returns an actor for every demo account, keyed by email.
func Demo(t testing.TB, db *store.DB) map[string]accounts.Actor {
	t.Helper()
	ctx := context.Background()
	accts := accounts.NewService(db)
	accts.Params = CheapHash
	if err := demo.Load(ctx, db, accts); err != nil {
		t.Fatalf("storetest.Demo: %v", err)
	}
	actors := map[string]accounts.Actor{}
	for _, a := range demo.Accounts {
		u, _, err := db.UserByEmail(ctx, a.Email)
		if err != nil {
			t.Fatalf("storetest.Demo: %v", err)
		}
		actors[a.Email] = accounts.Actor{User: u}
	}
	return actors
}
