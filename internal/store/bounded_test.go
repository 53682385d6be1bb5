package store_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"maeul/internal/catalog"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

// TestMigrationRepairsOverflowedStock: a stock stored before the domain
// bounded it (2^63-1), then overflowed by a cancellation returning units,
// is brought back within catalog.MaxStock by migration 0015, so that the
// product reads again on both engines.
func TestMigrationRepairsOverflowedStock(t *testing.T) {
	ctx := context.Background()
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			dbURL := storetest.URL(t, engine)
			db, err := store.Open(ctx, dbURL, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			storetest.Demo(t, db)
			raw := rawDB(t, engine, dbURL)
			const sku = "WQ-DX-EGG-30"
			mustExec(t, raw, `UPDATE variants SET stock = 9223372036854775807 WHERE sku = 'WQ-DX-EGG-30'`)
			mustExec(t, raw, `UPDATE products SET total_stock = 9223372036854775807 WHERE code = 'wq-dongxing-eggs'`)
			if engine == "sqlite" {
				// What a cancellation returning two units did on SQLite: the
				// sum became a floating-point value.
				mustExec(t, raw, `UPDATE variants SET stock = stock + 2 WHERE sku = 'WQ-DX-EGG-30'`)
			}
			ms, err := store.Migrations(engine)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range ms {
				if strings.HasPrefix(m.Name, "0015_") {
					mustExec(t, raw, m.SQL)
				}
			}
			p, err := db.Product(ctx, "wq-dongxing-eggs")
			if err != nil {
				t.Fatalf("reading the repaired product: %v", err)
			}
			for _, v := range p.Variants {
				if v.SKU == sku && v.Stock != catalog.MaxStock {
					t.Errorf("stock of %s = %d, want %d", sku, v.Stock, catalog.MaxStock)
				}
			}
			var total int64
			if err := raw.QueryRowContext(ctx, `SELECT total_stock FROM products WHERE code = 'wq-dongxing-eggs'`).Scan(&total); err != nil {
				t.Fatal(err)
			}
			if want := int64(p.TotalStock()); total != want {
				t.Errorf("total stock = %d, want %d", total, want)
			}
		})
	}
}

// rawDB opens a second connection to the database at dbURL, for changing
// rows behind the store's back.
func rawDB(t *testing.T, engine, dbURL string) *sql.DB {
	t.Helper()
	driver, dsn := "pgx", dbURL
	if engine == "sqlite" {
		path, _, _ := strings.Cut(strings.TrimPrefix(dbURL, "sqlite:"), "?")
		driver, dsn = "sqlite", "file:"+path+"?_pragma=busy_timeout(10000)"
	}
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}

func mustExec(t *testing.T, db *sql.DB, query string) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), query); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}
