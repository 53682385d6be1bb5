package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"maeul/internal/catalog"
)

// indexStoredNames indexes the names of the products stored before
// migration 0024 gave names an index of their own (see setSearchTokens),
// in the migration's transaction tx, a few hundred rows per statement.
func indexStoredNames(ctx context.Context, db *DB, tx *sql.Tx) error {
	type named struct {
		id    int64
		names [3]string
	}
	ps, err := queryAll(ctx, tx, func(r rowScanner) (named, error) {
		var p named
		err := r.Scan(&p.id, &p.names[0], &p.names[1], &p.names[2])
		return p, err
	}, `SELECT id, name_ko, name_zh, name_en FROM products ORDER BY id`)
	if err != nil {
		return fmt.Errorf("store.indexStoredNames: %w", err)
	}
	if db.dialect.name == "postgres" {
		// One statement per thousand products, their ids and tokens as
		// two arrays.
		for batch := range slices.Chunk(ps, 1000) {
			ids, tokens := make([]int64, len(batch)), make([]string, len(batch))
			for i, p := range batch {
				ids[i], tokens[i] = p.id, catalog.SearchTokens(p.names[:]...)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE products p SET search_name = to_tsvector('simple', v.tokens)
FROM unnest($1::bigint[], $2::text[]) AS v (id, tokens) WHERE p.id = v.id`, ids, tokens); err != nil {
				return fmt.Errorf("store.indexStoredNames: %w", err)
			}
		}
		return nil
	}
	w := &multiRow{ctx: ctx, q: tx, cols: 2, max: 500, positional: true, prefix: `INSERT INTO product_names (rowid, tokens) VALUES `}
	for _, p := range ps {
		if err := w.add(p.id, catalog.SearchTokens(p.names[:]...)); err != nil {
			return fmt.Errorf("store.indexStoredNames: %w", err)
		}
	}
	if err := w.flush(); err != nil {
		return fmt.Errorf("store.indexStoredNames: %w", err)
	}
	return nil
}
