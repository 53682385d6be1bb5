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

// searchQuery renders query terms in the engine's full-text query syntax;
// exact leaves out the prefix marks, so that a word matches only itself.
// Terms hold only letters and digits (see catalog.QueryTerms), but quotes
// are escaped anyway.
func (d dialect) searchQuery(terms []catalog.Term, exact bool) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		if d.name == "postgres" {
			parts[i] = "'" + strings.ReplaceAll(t.Text, "'", "''") + "'"
			if t.Prefix && !exact {
				parts[i] += ":*"
			}
		} else {
			parts[i] = `"` + strings.ReplaceAll(t.Text, `"`, `""`) + `"`
			if t.Prefix && !exact {
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
// the full-text query in placeholder arg — against their names alone when
// names is set — and the ORDER BY that lists the matches newest first in
// the order the engine reads them cheapest.
func (d dialect) searchMatch(arg string, names bool) (join, where, order string) {
	if d.name == "postgres" {
		col := "p.search"
		if names {
			col = "p.search_name"
		}
		return "", col + ` @@ ` + arg + `::tsquery`, `p.id DESC`
	}
	t := "product_search"
	if names {
		t = "product_names"
	}
	return ` JOIN ` + t + ` ON ` + t + `.rowid = p.id`, t + ` MATCH ` + arg, t + `.rowid DESC`
}

// setSearchTokens stores a product's search tokens: those of everything
// searched and those of its names alone.
func (d dialect) setSearchTokens(ctx context.Context, tx *sql.Tx, id int64, tokens, names string) error {
	var err error
	if d.name == "postgres" {
		_, err = tx.ExecContext(ctx, `UPDATE products SET search = to_tsvector('simple', $2), search_name = to_tsvector('simple', $3)
WHERE id = $1`, id, tokens, names)
	} else {
		for _, t := range []struct{ table, tokens string }{{"product_search", tokens}, {"product_names", names}} {
			if _, err = tx.ExecContext(ctx, `DELETE FROM `+t.table+` WHERE rowid = $1`, id); err != nil {
				break
			}
			if _, err = tx.ExecContext(ctx, `INSERT INTO `+t.table+` (rowid, tokens) VALUES ($1, $2)`, id, t.tokens); err != nil {
				break
			}
		}
	}
	if err != nil {
		return fmt.Errorf("store.setSearchTokens: %w", err)
	}
	return nil
}
