package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"maeul/internal/catalog"
)

// dialect is the seam for what SQLite and PostgreSQL do differently. SQL
// everywhere else is written once: both engines accept $1 placeholders,
// ON CONFLICT … DO UPDATE, RETURNING, and TRUE/FALSE.
type dialect struct {
	name string
	// migrationLock is run first in each migration transaction so that
	// several servers starting at once migrate one at a time ("" for none).
	migrationLock string
}

var (
	sqliteDialect   = dialect{name: "sqlite"}
	postgresDialect = dialect{name: "postgres", migrationLock: "SELECT pg_advisory_xact_lock(72624001)"}
)

// isTransient reports whether err is a deadlock or serialization failure
// that a retry may not meet again.
func isTransient(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40P01" || pe.Code == "40001")
}

// isUnique reports whether err is a unique-constraint violation.
func isUnique(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// isForeignKey reports whether err is a foreign-key violation.
func isForeignKey(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23503"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
	}
	return false
}

// likePrefix returns a LIKE pattern matching strings that start with p,
// with LIKE's wildcards in p escaped (use with ESCAPE '\').
func likePrefix(p string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(p) + "%"
}

// searchQuery renders query terms in the engine's full-text query syntax.
// Terms hold only letters and digits (see catalog.QueryTerms), but quotes
// are escaped anyway.
func (d dialect) searchQuery(terms []catalog.Term) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		if d.name == "postgres" {
			parts[i] = "'" + strings.ReplaceAll(t.Text, "'", "''") + "'"
			if t.Prefix {
				parts[i] += ":*"
			}
		} else {
			parts[i] = `"` + strings.ReplaceAll(t.Text, `"`, `""`) + `"`
			if t.Prefix {
				parts[i] += "*"
			}
		}
	}
	if d.name == "postgres" {
		return strings.Join(parts, " & ")
	}
	return strings.Join(parts, " AND ")
}

// searchMatch returns the join and condition that match products p against
// the full-text query in placeholder arg, and the ORDER BY expression that
// puts the best matches first.
func (d dialect) searchMatch(arg string) (join, where, rank string) {
	if d.name == "postgres" {
		return "", `p.search @@ ` + arg + `::tsquery`, `ts_rank(p.search, ` + arg + `::tsquery) DESC`
	}
	return ` JOIN product_search ON product_search.rowid = p.id`, `product_search MATCH ` + arg, `bm25(product_search)`
}

// setSearchTokens stores a product's search tokens.
func (d dialect) setSearchTokens(ctx context.Context, tx *sql.Tx, id int64, tokens string) error {
	var err error
	if d.name == "postgres" {
		_, err = tx.ExecContext(ctx, `UPDATE products SET search = to_tsvector('simple', $2) WHERE id = $1`, id, tokens)
	} else {
		if _, err = tx.ExecContext(ctx, `DELETE FROM product_search WHERE rowid = $1`, id); err == nil {
			_, err = tx.ExecContext(ctx, `INSERT INTO product_search (rowid, tokens) VALUES ($1, $2)`, id, tokens)
		}
	}
	if err != nil {
		return fmt.Errorf("store.setSearchTokens: %w", err)
	}
	return nil
}
