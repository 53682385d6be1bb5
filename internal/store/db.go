// Package store keeps every domain's data in SQLite or PostgreSQL.
//
// The SQL for each domain lives in one file beside the method that runs it
// (regions.go, organizations.go, …), written once in the subset both
// engines accept; dialect.go holds the few places where they differ.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// DB is an open database of either engine.
type DB struct {
	// w runs every transaction and write. On SQLite it holds one connection,
	// so writers queue in Go rather than spin on the database lock.
	w *sql.DB
	// r runs plain reads; on PostgreSQL it is w.
	r       *sql.DB
	dialect dialect
	url     string
	logger  *slog.Logger
	now     func() time.Time
	// batch groups concurrent hot-path writes into shared transactions
	// (see batch.go).
	batch *batcher
	// ranked bounds the matches a text search ranks (rankedCandidates
	// unless a test lowers it).
	ranked int
}

// Options tune Open.
type Options struct {
	Logger *slog.Logger
	// Now is the clock for timestamps the store writes; time.Now if nil.
	Now func() time.Time
	// MaxConns bounds the connections to PostgreSQL (32 when 0), which
	// every server sharing a database must fit in its max_connections
	// together; SQLite ignores it.
	MaxConns int
}

// Open connects to the database named by rawURL: "sqlite:PATH" (PATH may
// carry "?synchronous=normal" to trade the last commits on power loss for
// speed; the default is FULL) or a "postgres://…" URL. It does not migrate;
// call Migrate or CheckSchema next.
func Open(ctx context.Context, rawURL string, opt Options) (*DB, error) {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	db := &DB{url: rawURL, logger: opt.Logger, now: opt.Now}
	var err error
	switch {
	case strings.HasPrefix(rawURL, "sqlite:"):
		err = db.openSQLite(strings.TrimPrefix(rawURL, "sqlite:"))
	case strings.HasPrefix(rawURL, "postgres://"), strings.HasPrefix(rawURL, "postgresql://"):
		err = db.openPostgres(rawURL, opt.MaxConns)
	default:
		err = fmt.Errorf("unknown database URL %q: want sqlite:PATH or postgres://…", rawURL)
	}
	if err != nil {
		return nil, fmt.Errorf("store.Open: %w", err)
	}
	if err := db.Ping(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store.Open: %w", err)
	}
	// SQLite has one writer connection, so one batch worker; PostgreSQL
	// runs a few in parallel on its pool.
	workers := 1
	if db.dialect.name == "postgres" {
		workers = 4
	}
	db.batch = newBatcher(db, workers, 128)
	return db, nil
}

func (db *DB) openSQLite(spec string) error {
	path, query, _ := strings.Cut(spec, "?")
	if path == "" {
		return errors.New("sqlite: empty path")
	}
	params, err := url.ParseQuery(query)
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	sync := strings.ToUpper(params.Get("synchronous"))
	switch sync {
	case "":
		sync = "FULL"
	case "FULL", "NORMAL", "OFF", "EXTRA":
	default:
		return fmt.Errorf("sqlite: synchronous=%q: want full, normal, off or extra", params.Get("synchronous"))
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("sqlite: %w", err)
		}
	}
	pragmas := "_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)" +
		"&_pragma=synchronous(" + sync + ")&_pragma=cache_size(-32000)&_pragma=temp_store(MEMORY)"
	dsn := "file:" + path + "?" + pragmas
	wc, err := openStmtCache(dsn + "&_txlock=immediate")
	if err != nil {
		return err
	}
	db.w = sql.OpenDB(wc)
	if err != nil {
		return err
	}
	db.w.SetMaxOpenConns(1)
	db.w.SetMaxIdleConns(1)
	db.w.SetConnMaxLifetime(0)
	db.w.SetConnMaxIdleTime(0)
	// Reads keep their prepared statements (see prepared.go).
	rc, err := openStmtCache(dsn)
	if err != nil {
		return err
	}
	db.r = sql.OpenDB(rc)
	n := max(4, 2*runtime.NumCPU())
	db.r.SetMaxOpenConns(n)
	db.r.SetMaxIdleConns(n)
	db.r.SetConnMaxIdleTime(0)
	db.r.SetConnMaxLifetime(readConnLifetime)
	db.dialect = sqliteDialect
	return nil
}

func (db *DB) openPostgres(rawURL string, maxConns int) error {
	var err error
	db.w, err = sql.Open("pgx", rawURL)
	if err != nil {
		return err
	}
	if maxConns <= 0 {
		maxConns = 32
	}
	db.w.SetMaxOpenConns(maxConns)
	db.w.SetMaxIdleConns(maxConns)
	db.w.SetConnMaxIdleTime(5 * time.Minute)
	db.r = db.w
	db.dialect = postgresDialect
	return nil
}

// Engine returns "sqlite" or "postgres".
func (db *DB) Engine() string { return db.dialect.name }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.w.PingContext(ctx); err != nil {
		return fmt.Errorf("store.Ping: %w", err)
	}
	if db.r != db.w {
		if err := db.r.PingContext(ctx); err != nil {
			return fmt.Errorf("store.Ping: %w", err)
		}
	}
	return nil
}

// Close closes every connection.
func (db *DB) Close() error {
	if db.batch != nil {
		db.batch.close()
	}
	var errR error
	if db.r != nil && db.r != db.w {
		errR = db.r.Close()
	}
	if db.w != nil {
		return errors.Join(db.w.Close(), errR)
	}
	return errR
}

// begin starts a write transaction. Callers defer tx.Rollback() and call
// tx.Commit() at the end, per the store's one transaction shape.
func (db *DB) begin(ctx context.Context) (*sql.Tx, error) {
	return db.w.BeginTx(ctx, nil)
}

// querier is what *sql.DB and *sql.Tx share, so lower-case helpers run
// inside or outside a transaction.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// micros is how timestamps are stored: microseconds since the Unix epoch,
// in UTC by definition, in a BIGINT column on both engines.
func micros(t time.Time) int64 { return t.UnixMicro() }

// fromMicros is the inverse of micros; the result is in UTC.
func fromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

// Empty reports whether the database holds no regions, the first thing any
// data set loads.
func (db *DB) Empty(ctx context.Context) (bool, error) {
	var n int
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM regions LIMIT 1) x`).Scan(&n); err != nil {
		return false, fmt.Errorf("store.Empty: %w", err)
	}
	return n == 0, nil
}
