package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"maeul/internal/errs"
)

// Backup writes a consistent copy of a SQLite database to the file path
// while the database serves: VACUUM INTO reads one snapshot (a read
// transaction, which in WAL mode never blocks the writer) and writes it
// compacted to a temporary file beside path, which is synced and then
// renamed to path, so that path is never a half-written copy. It returns
// the copy's size. An existing path is a Conflict (nothing is
// overwritten); on PostgreSQL Backup is Invalid: use pg_dump or
// pg_basebackup.
func (db *DB) Backup(ctx context.Context, path string) (int64, error) {
	if db.dialect.name != "sqlite" {
		return 0, errs.E(errs.Invalid, "err.store.backup_postgres")
	}
	if _, err := os.Lstat(path); err == nil {
		return 0, errs.E(errs.Conflict, "err.store.backup_exists", path)
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return 0, fmt.Errorf("store.Backup: %w", err)
	}
	name := tmp.Name()
	tmp.Close()
	// VACUUM INTO wants a file that does not exist.
	os.Remove(name)
	defer os.Remove(name)
	if _, err := db.r.ExecContext(ctx, `VACUUM INTO $1`, name); err != nil {
		return 0, fmt.Errorf("store.Backup: %w", err)
	}
	f, err := os.Open(name)
	if err != nil {
		return 0, fmt.Errorf("store.Backup: %w", err)
	}
	st, err := f.Stat()
	if err == nil {
		err = f.Sync()
	}
	f.Close()
	if err != nil {
		return 0, fmt.Errorf("store.Backup: %w", err)
	}
	// Link rather than rename, so that a file created at path meanwhile is
	// not replaced.
	if err := os.Link(name, path); err != nil {
		if os.IsExist(err) {
			return 0, errs.E(errs.Conflict, "err.store.backup_exists", path)
		}
		return 0, fmt.Errorf("store.Backup: %w", err)
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return st.Size(), nil
}
