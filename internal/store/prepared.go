package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"reflect"
	"strings"

	"modernc.org/sqlite"
)

// SQLite compiles every statement it runs; modernc.org/sqlite prepares,
// runs and finalizes each query afresh, so parsing and planning were about
// 40% of a storefront query's cost. pgx keeps a cache of prepared
// statements per connection by default; stmtCacheConn gives SQLite's read
// connections the same: a query whose text was seen before on the
// connection reuses its prepared statement (reset and rebound, not
// recompiled). The SQL is the same text on both engines; nothing calls it
// differently. Writes are left as they are: they run in transactions on
// the one writer connection and are a small share of the work.

// stmtCacheSize is how many prepared statements a read connection keeps.
// The storefront's queries are a few dozen texts (the search builder's
// combinations of filters among them); one-off texts beyond that evict
// idle ones.
const stmtCacheSize = 128

// openStmtCache returns a connector for dsn whose connections keep their
// prepared statements (see stmtCacheConn).
func openStmtCache(dsn string) (driver.Connector, error) {
	base, err := sqlite.NewConnector(dsn)
	if err != nil {
		return nil, err
	}
	return stmtCacheConnector{base}, nil
}

type stmtCacheConnector struct{ driver.Connector }

func (c stmtCacheConnector) Connect(ctx context.Context) (driver.Conn, error) {
	cn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return newStmtCacheConn(cn)
}

// sqliteConn is what every connection modernc.org/sqlite opens implements;
// the wrapper forwards all of it (see sqlite.NewConnector).
type sqliteConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

// stmtCacheConn is a connection that runs queries through prepared
// statements kept by query text. database/sql uses a connection from one
// goroutine at a time, but a transaction or a pinned connection may run a
// query while the rows of the same text are still open: such a query gets
// a statement of its own, as it would without the cache.
type stmtCacheConn struct {
	sqliteConn
	stmts map[string]*cachedStmt
}

type cachedStmt struct {
	stmt driver.Stmt
	busy bool // its rows are open
	used bool // run since the last eviction looked at it
}

func newStmtCacheConn(cn driver.Conn) (driver.Conn, error) {
	sc, ok := cn.(sqliteConn)
	if !ok {
		cn.Close()
		return nil, errors.New("store: the sqlite connection lacks an interface the statement cache forwards")
	}
	return &stmtCacheConn{sqliteConn: sc, stmts: make(map[string]*cachedStmt)}, nil
}

// Unwrap returns the driver's connection (see sqlite.NewConnector).
func (c *stmtCacheConn) Unwrap() driver.Conn { return c.sqliteConn }

// QueryContext runs query through its cached prepared statement, preparing
// and caching it on first use.
func (c *stmtCacheConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	cs, ok := c.stmts[query]
	if ok && cs.busy {
		return c.sqliteConn.QueryContext(ctx, query, args)
	}
	if !ok {
		st, err := c.sqliteConn.PrepareContext(ctx, query)
		if err != nil {
			return nil, err
		}
		if !c.makeRoom() {
			// Every cached statement is in use: run this one once.
			return queryOnce(ctx, st, args)
		}
		cs = &cachedStmt{stmt: st}
		c.stmts[query] = cs
	}
	rows, err := cs.stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		return nil, err
	}
	cs.busy, cs.used = true, true
	return &cachedRows{Rows: rows, done: func() { cs.busy = false }}, nil
}

// ExecContext runs a single-statement query through its cached prepared
// statement; a text of several statements (a migration) runs as it is.
func (c *stmtCacheConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if i := strings.IndexByte(query, ';'); i >= 0 && strings.TrimSpace(query[i+1:]) != "" {
		return c.sqliteConn.ExecContext(ctx, query, args)
	}
	cs, ok := c.stmts[query]
	if ok && cs.busy {
		return c.sqliteConn.ExecContext(ctx, query, args)
	}
	if !ok {
		st, err := c.sqliteConn.PrepareContext(ctx, query)
		if err != nil {
			return nil, err
		}
		if !c.makeRoom() {
			defer st.Close()
			return st.(driver.StmtExecContext).ExecContext(ctx, args)
		}
		cs = &cachedStmt{stmt: st}
		c.stmts[query] = cs
	}
	return cs.stmt.(driver.StmtExecContext).ExecContext(ctx, args)
}

// makeRoom evicts an idle statement when the cache is full, and reports
// whether there is room for one more. The victim is one not run since the
// last eviction passed it (a second chance, as in a clock), so that
// queries whose texts differ every time (values written into the SQL)
// do not push out the ones run over and over.
func (c *stmtCacheConn) makeRoom() bool {
	if len(c.stmts) < stmtCacheSize {
		return true
	}
	for range 2 {
		for q, cs := range c.stmts { // map order: arbitrary
			if cs.busy {
				continue
			}
			if cs.used {
				cs.used = false
				continue
			}
			cs.stmt.Close()
			delete(c.stmts, q)
			return true
		}
	}
	return false
}

// queryOnce runs a statement that is not cached and closes it with its
// rows.
func queryOnce(ctx context.Context, st driver.Stmt, args []driver.NamedValue) (driver.Rows, error) {
	rows, err := st.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		st.Close()
		return nil, err
	}
	return &cachedRows{Rows: rows, done: func() { st.Close() }}, nil
}

// Close finalizes the cached statements and closes the connection.
func (c *stmtCacheConn) Close() error {
	var errs []error
	for q, cs := range c.stmts {
		errs = append(errs, cs.stmt.Close())
		delete(c.stmts, q)
	}
	return errors.Join(append(errs, c.sqliteConn.Close())...)
}

// cachedRows calls done once, when the rows are closed, and forwards the
// column-type methods of the driver's rows.
type cachedRows struct {
	driver.Rows
	done func()
}

func (r *cachedRows) Close() error {
	err := r.Rows.Close()
	if r.done != nil {
		r.done()
		r.done = nil
	}
	return err
}

func (r *cachedRows) ColumnTypeDatabaseTypeName(i int) string {
	if x, ok := r.Rows.(driver.RowsColumnTypeDatabaseTypeName); ok {
		return x.ColumnTypeDatabaseTypeName(i)
	}
	return ""
}

func (r *cachedRows) ColumnTypeLength(i int) (int64, bool) {
	if x, ok := r.Rows.(driver.RowsColumnTypeLength); ok {
		return x.ColumnTypeLength(i)
	}
	return 0, false
}

func (r *cachedRows) ColumnTypeNullable(i int) (nullable, ok bool) {
	if x, ok := r.Rows.(driver.RowsColumnTypeNullable); ok {
		return x.ColumnTypeNullable(i)
	}
	return false, false
}

func (r *cachedRows) ColumnTypePrecisionScale(i int) (precision, scale int64, ok bool) {
	if x, ok := r.Rows.(driver.RowsColumnTypePrecisionScale); ok {
		return x.ColumnTypePrecisionScale(i)
	}
	return 0, 0, false
}

func (r *cachedRows) ColumnTypeScanType(i int) reflect.Type {
	if x, ok := r.Rows.(driver.RowsColumnTypeScanType); ok {
		return x.ColumnTypeScanType(i)
	}
	return reflect.TypeFor[any]()
}
