package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"path/filepath"
	"testing"
)

// openCached opens a SQLite file through the statement cache, with a table
// of n numbers.
func openCached(t *testing.T, n int) *sql.DB {
	t.Helper()
	c, err := openStmtCache("file:" + filepath.Join(t.TempDir(), "c.db") + "?_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(c)
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec(`CREATE TABLE nums (n INTEGER PRIMARY KEY, sq INTEGER NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= n; i++ {
		if _, err := db.Exec(`INSERT INTO nums (n, sq) VALUES ($1, $2)`, i, i*i); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func squares(t *testing.T, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, query string, args ...any) []int {
	t.Helper()
	rows, err := q.QueryContext(context.Background(), query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// A cached statement gives the same answers as a fresh one, for new
// arguments each time.
func TestStmtCacheReusesStatements(t *testing.T) {
	db := openCached(t, 20)
	const q = `SELECT sq FROM nums WHERE n BETWEEN $1 AND $2 ORDER BY n`
	for i := 1; i <= 10; i++ {
		got := squares(t, db, q, i, i+2)
		if want := []int{i * i, (i + 1) * (i + 1), (i + 2) * (i + 2)}; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("round %d: got %v, want %v", i, got, want)
		}
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM nums WHERE sq > $1`, 100).Scan(&n); err != nil || n != 10 {
		t.Fatalf("count: %d, %v; want 10", n, err)
	}
	if err := db.QueryRow(`SELECT count(*) FROM nums WHERE sq > $1`, 300).Scan(&n); err != nil || n != 3 {
		t.Fatalf("count again: %d, %v; want 3", n, err)
	}
}

// A query whose text is already running on the connection (rows still
// open) gets a statement of its own instead of resetting the first.
func TestStmtCacheNestedSameText(t *testing.T) {
	db := openCached(t, 5)
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	const q = `SELECT n FROM nums WHERE n >= $1 ORDER BY n`
	outer, err := conn.QueryContext(ctx, q, 1)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for outer.Next() {
		var n int
		if err := outer.Scan(&n); err != nil {
			t.Fatal(err)
		}
		inner := squares(t, conn, q, n+3)
		got = append(got, fmt.Sprint(n, inner))
	}
	if err := outer.Err(); err != nil {
		t.Fatal(err)
	}
	outer.Close()
	want := "[1 [4 5] 2 [5] 3 [] 4 [] 5 []]"
	if fmt.Sprint(got) != want {
		t.Errorf("nested queries: got %v, want %v", got, want)
	}
}

// Past its size the cache evicts idle statements; every query still
// answers.
func TestStmtCacheBounded(t *testing.T) {
	db := openCached(t, 3)
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for i := range 3 * stmtCacheSize {
		var v int
		if err := conn.QueryRowContext(ctx, fmt.Sprintf(`SELECT sq + %d FROM nums WHERE n = $1`, i), 2).Scan(&v); err != nil || v != 4+i {
			t.Fatalf("query %d: %d, %v; want %d", i, v, err, 4+i)
		}
	}
	err = conn.Raw(func(dc any) error {
		c := dc.(*stmtCacheConn)
		if len(c.stmts) > stmtCacheSize {
			t.Errorf("%d cached statements, want at most %d", len(c.stmts), stmtCacheSize)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A cached statement sees a schema change made on another connection, and
// survives a query cancelled by its context.
func TestStmtCacheSchemaChangeAndCancel(t *testing.T) {
	db := openCached(t, 3)
	db.SetMaxOpenConns(2)
	ctx := context.Background()
	reader, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	const q = `SELECT * FROM nums WHERE n = $1`
	cols := func() int {
		rows, err := reader.QueryContext(ctx, q, 1)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		cs, err := rows.Columns()
		if err != nil {
			t.Fatal(err)
		}
		return len(cs)
	}
	if n := cols(); n != 2 {
		t.Fatalf("%d columns, want 2", n)
	}
	if _, err := db.ExecContext(ctx, `ALTER TABLE nums ADD COLUMN note TEXT NOT NULL DEFAULT 'x'`); err != nil {
		t.Fatal(err)
	}
	if n := cols(); n != 3 {
		t.Errorf("after ALTER TABLE: %d columns, want 3", n)
	}

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := reader.QueryContext(cancelled, q, 1); err == nil {
		t.Error("a query with a cancelled context succeeded")
	}
	if got := squares(t, reader, `SELECT sq FROM nums WHERE n = $1`, 3); fmt.Sprint(got) != "[9]" {
		t.Errorf("after a cancelled query: %v, want [9]", got)
	}
	if n := cols(); n != 3 {
		t.Errorf("after a cancelled query: %d columns, want 3", n)
	}
}

var _ driver.QueryerContext = (*stmtCacheConn)(nil)
