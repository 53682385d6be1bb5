// Package storetest opens real, freshly migrated databases for tests on
// both engines: SQLite always, PostgreSQL when MAEUL_TEST_POSTGRES holds a
// DSN. With MAEUL_REQUIRE_POSTGRES=1 a missing or unreachable PostgreSQL
// fails the test instead of skipping it.
package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"maeul/internal/store"
)

// Engines lists the engines every conformance test runs on. The
// PostgreSQL subtests skip with a message when no DSN is configured, so
// that a developer sees what was not tested.
var Engines = []string{"sqlite", "postgres"}

// Run calls fn in a subtest per engine with a fresh, migrated database.
// The PostgreSQL subtest skips (or fails, when required) without a DSN.
func Run(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, engine := range Engines {
		t.Run(engine, func(t *testing.T) {
			fn(t, Open(t, engine))
		})
	}
}

// PoolSize bounds each test database's PostgreSQL connections: the
// packages' tests run side by side against one server, whose
// max_connections (100 by default) they must share; a few connections
// serve a test's load as well as many, its requests queue in the pool.
const PoolSize = 8

// Open returns a fresh migrated database of the engine, closed and removed
// when the test ends.
func Open(t testing.TB, engine string) *store.DB {
	t.Helper()
	dbURL := URL(t, engine)
	db, err := store.Open(context.Background(), dbURL, store.Options{MaxConns: PoolSize})
	if err != nil {
		t.Fatalf("storetest.Open %s: %v", engine, err)
	}
	t.Cleanup(func() { db.Close() })
	if engine == "sqlite" {
		if _, err := db.Migrate(context.Background()); err != nil {
			t.Fatalf("storetest.Open: migrate: %v", err)
		}
	}
	return db
}

// URL returns the URL of a fresh database of the engine: a new SQLite file
// (not yet migrated), or a new PostgreSQL database copied from a migrated
// template. The database is dropped when the test ends.
func URL(t testing.TB, engine string) string {
	t.Helper()
	switch engine {
	case "sqlite":
		return "sqlite:" + filepath.Join(t.TempDir(), "maeul.db") + "?synchronous=normal"
	case "postgres":
		return postgresURL(t)
	}
	t.Fatalf("storetest: unknown engine %q", engine)
	return ""
}

// SkipWithoutPostgres skips (or, when required, fails) the test unless a
// PostgreSQL DSN is configured, and returns it.
func SkipWithoutPostgres(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("MAEUL_TEST_POSTGRES")
	if dsn == "" {
		if os.Getenv("MAEUL_REQUIRE_POSTGRES") == "1" {
			t.Fatal("MAEUL_REQUIRE_POSTGRES=1 but MAEUL_TEST_POSTGRES is not set")
		}
		t.Skip("PostgreSQL not tested: set MAEUL_TEST_POSTGRES to a DSN such as postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable")
	}
	return dsn
}

var (
	tplOnce sync.Once
	tplName string
	tplErr  error
	seq     atomic.Int64
)

// BlankURL returns the URL of a fresh database with no schema at all, for
// tests of migration itself.
func BlankURL(t testing.TB, engine string) string {
	t.Helper()
	if engine == "sqlite" {
		return URL(t, engine)
	}
	return postgresDB(t, "template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'")
}

func postgresURL(t testing.TB) string {
	t.Helper()
	return postgresDB(t, "")
}

// postgresDB creates a database from template (the migrated template when
// "") and returns its URL; it is dropped when the test ends.
func postgresDB(t testing.TB, template string) string {
	t.Helper()
	dsn := SkipWithoutPostgres(t)
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	defer admin.Close()
	ctx := context.Background()
	if err := admin.PingContext(ctx); err != nil {
		if os.Getenv("MAEUL_REQUIRE_POSTGRES") != "1" {
			t.Skipf("PostgreSQL at MAEUL_TEST_POSTGRES is unreachable: %v", err)
		}
		t.Fatalf("storetest: PostgreSQL required but unreachable: %v", err)
	}
	if template == "" {
		tplOnce.Do(func() { tplName, tplErr = makeTemplate(ctx, admin, dsn) })
		if tplErr != nil {
			t.Fatalf("storetest: template database: %v", tplErr)
		}
		template = tplName
	}
	name := fmt.Sprintf("maeul_t%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e6, seq.Add(1))
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+name+` TEMPLATE `+template); err != nil {
		t.Fatalf("storetest: create database: %v", err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", dsn)
		if err != nil {
			return
		}
		defer a.Close()
		a.ExecContext(context.Background(), `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
	})
	return withDatabase(dsn, name)
}

// makeTemplate creates and migrates a template database once per test
// binary, with a UTF-8 character type so that pg_trgm indexes Hangul and
// Hanzi. Copying it is much faster than migrating every database.
func makeTemplate(ctx context.Context, admin *sql.DB, dsn string) (string, error) {
	name := fmt.Sprintf("maeul_tpl%d_%d", os.Getpid(), time.Now().UnixNano()%1e6)
	_, err := admin.ExecContext(ctx, `CREATE DATABASE `+name+` TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`)
	if err != nil {
		return "", err
	}
	db, err := store.Open(ctx, withDatabase(dsn, name), store.Options{MaxConns: PoolSize})
	if err != nil {
		return "", err
	}
	_, err = db.Migrate(ctx)
	db.Close()
	if err != nil {
		return "", err
	}
	dropTemplateAtExit(dsn, name)
	return name, nil
}

// withDatabase returns dsn pointing at database name.
func withDatabase(dsn, name string) string {
	u, err := url.Parse(dsn)
	if err != nil || !strings.HasPrefix(u.Scheme, "postgres") {
		return dsn + " dbname=" + name
	}
	u.Path = "/" + name
	return u.String()
}
