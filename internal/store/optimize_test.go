package store

import (
	"context"
	"path/filepath"
	"testing"
)

// TestOptimizeAnalyzesProductsOnly checks that Optimize gives SQLite's
// planner statistics for the products table and for no other: statistics
// of tables that were small when gathered made purchases slower (see
// Optimize).
func TestOptimizeAnalyzesProductsOnly(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "o.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	// Rows in products and in another table (ANALYZE records nothing for
	// an empty table); the references do not matter here.
	for _, q := range []string{
		`PRAGMA foreign_keys = OFF`,
		`INSERT INTO products (code, org_id, category_code, origin_code, kind, created_at, updated_at) VALUES ('p1', 1, 'c', 'r', 'goods', 1, 1), ('p2', 1, 'c', 'r', 'goods', 2, 2)`,
		`INSERT INTO cart_items (owner, variant_id, qty, added_at) VALUES ('u:1', 1, 1, 1), ('u:2', 1, 1, 1)`,
		`PRAGMA foreign_keys = ON`,
	} {
		if _, err := db.w.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := db.Optimize(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.Optimize(ctx); err != nil {
		t.Fatalf("a second Optimize: %v", err)
	}
	rows, err := db.w.QueryContext(ctx, `SELECT DISTINCT tbl FROM sqlite_stat1 ORDER BY tbl`)
	if err != nil {
		t.Fatalf("reading the statistics: %v", err)
	}
	defer rows.Close()
	var tables []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, s)
	}
	if len(tables) != 1 || tables[0] != "products" {
		t.Errorf("tables with statistics = %v, want [products]", tables)
	}
}
