package store

import (
	"context"
	"fmt"
)

// RecordImport notes a successful import: its kind, file name, the file's
// SHA-256 and row count, for the audit trail.
func (db *DB) RecordImport(ctx context.Context, kind, file, sha256 string, rows int) error {
	_, err := db.w.ExecContext(ctx, `INSERT INTO import_runs (kind, file_name, sha256, rows, imported_at) VALUES ($1, $2, $3, $4, $5)`,
		kind, file, sha256, rows, micros(db.now()))
	if err != nil {
		return fmt.Errorf("store.RecordImport: %w", err)
	}
	return nil
}

// Imported reports whether a file of that name was ever imported.
func (db *DB) Imported(ctx context.Context, file string) (bool, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM import_runs WHERE file_name = $1 LIMIT 1) x`, file).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store.Imported: %w", err)
	}
	return n > 0, nil
}
