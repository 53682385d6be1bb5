package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"maeul/internal/errs"
)

//go:embed migrations
var migrationFiles embed.FS

// Migration is one numbered schema change.
type Migration struct {
	Version int
	Name    string // file name, such as "0001_foundation.sql"
	SQL     string
}

// Migrations returns the migrations of an engine ("sqlite" or "postgres")
// in order. It fails on a file whose name does not start with a number.
func Migrations(engine string) ([]Migration, error) {
	dir := path.Join("migrations", engine)
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, fmt.Errorf("store.Migrations: %w", err)
	}
	var ms []Migration
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		num, _, _ := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if err != nil {
			return nil, fmt.Errorf("store.Migrations: %s: name must start with a number", e.Name())
		}
		b, err := fs.ReadFile(migrationFiles, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("store.Migrations: %w", err)
		}
		ms = append(ms, Migration{Version: v, Name: e.Name(), SQL: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	return ms, nil
}

// migrationSteps are the work in Go some migrations need beyond their SQL,
// by file name, run in the migration's transaction after it: filling in
// what only Go computes for the rows already stored.
var migrationSteps = map[string]func(ctx context.Context, db *DB, tx *sql.Tx) error{
	"0024_catalog_speed.sql": indexStoredNames,
}

const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at BIGINT NOT NULL
)`

// Migrate applies the migrations not yet recorded, each in its own
// transaction, and returns how many it applied. On PostgreSQL an advisory
// lock makes concurrent callers wait for each other.
func (db *DB) Migrate(ctx context.Context) (int, error) {
	ms, err := Migrations(db.dialect.name)
	if err != nil {
		return 0, err
	}
	if _, err := db.w.ExecContext(ctx, createMigrationsTable); err != nil {
		return 0, fmt.Errorf("store.Migrate: %w", err)
	}
	applied := 0
	for _, m := range ms {
		did, err := db.applyMigration(ctx, m)
		if err != nil {
			return applied, fmt.Errorf("store.Migrate %s: %w", m.Name, err)
		}
		if did {
			applied++
			db.logger.Info("migration applied", "engine", db.dialect.name, "name", m.Name)
		}
	}
	return applied, nil
}

func (db *DB) applyMigration(ctx context.Context, m Migration) (bool, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	if db.dialect.migrationLock != "" {
		if _, err := tx.ExecContext(ctx, db.dialect.migrationLock); err != nil {
			return false, err
		}
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = $1`, m.Version).Scan(&n); err != nil {
		return false, err
	}
	if n > 0 {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return false, err
	}
	if step := migrationSteps[m.Name]; step != nil {
		if err := step(ctx, db, tx); err != nil {
			return false, err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
		m.Version, m.Name, micros(db.now())); err != nil {
		return false, err
	}
	return true, tx.Commit()
}

// PendingMigrations returns the names of the migrations not yet applied.
func (db *DB) PendingMigrations(ctx context.Context) ([]string, error) {
	ms, err := Migrations(db.dialect.name)
	if err != nil {
		return nil, err
	}
	done := map[int]bool{}
	rows, err := db.r.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err == nil {
		for rows.Next() {
			var v int
			if err := rows.Scan(&v); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store.PendingMigrations: %w", err)
			}
			done[v] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("store.PendingMigrations: %w", err)
		}
	}
	// A missing schema_migrations table means nothing is applied.
	var pending []string
	for _, m := range ms {
		if !done[m.Version] {
			pending = append(pending, m.Name)
		}
	}
	return pending, nil
}

// CheckSchema returns a Conflict error naming the pending migrations when
// the database is behind this binary, as serve does on PostgreSQL where
// migrations are an operator's deliberate step.
func (db *DB) CheckSchema(ctx context.Context) error {
	pending, err := db.PendingMigrations(ctx)
	if err != nil {
		return err
	}
	if len(pending) > 0 {
		return errs.E(errs.Conflict, "err.store.schema_out_of_date",
			len(pending), strings.Join(pending, ", "))
	}
	return nil
}
