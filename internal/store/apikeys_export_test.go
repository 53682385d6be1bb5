package store

import (
	"database/sql"
	"strings"
)

// SQLForTest returns the database's reading pool, so that a test can
// check what is stored in any column.
func (db *DB) SQLForTest() *sql.DB { return db.r }

// PathForTest returns the file of a SQLite database ("" on PostgreSQL).
func (db *DB) PathForTest() string {
	if db.dialect.name != "sqlite" {
		return ""
	}
	path, _, _ := strings.Cut(strings.TrimPrefix(db.url, "sqlite:"), "?")
	return path
}
