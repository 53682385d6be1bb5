package store_test

import (
	"context"
	"testing"

	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/store/storetest"
)

// FuzzSearch runs arbitrary search text against the demo catalog on
// SQLite, whose full-text MATCH has a query syntax of its own: a search
// never panics nor fails as an internal error, and finds no more products
// than it counts.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"목이버섯", "黑木耳", "rice", "r", "\"", "AND", "OR NOT", "*", "a*b", "-x", "NEAR(a b)", "col:x", "'", "%_", "^x", "동광 촌민", "1", "x\x00y", "\xff"} {
		f.Add(s)
	}
	db := storetest.Open(f, "sqlite")
	storetest.Demo(f, db)
	f.Fuzz(func(t *testing.T, q string) {
		page, err := db.Search(context.Background(), catalog.Query{Text: q, Limit: 5})
		if errs.CodeOf(err) == errs.Internal {
			t.Fatalf("Search(%q): %v", q, err)
		}
		if err == nil && len(page.Items) > page.Total {
			t.Fatalf("Search(%q): %d items of %d", q, len(page.Items), page.Total)
		}
	})
}
