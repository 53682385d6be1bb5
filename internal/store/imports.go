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
