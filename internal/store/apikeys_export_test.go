package store

import (
	"context"
	"fmt"
	"strings"
)

// RowsForTest returns every row of a table, each value printed with
// fmt.Sprint (byte slices as their bytes), so that a test can check what
// is stored in any column.
func (db *DB) RowsForTest(ctx context.Context, table string) ([][]string, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT * FROM `+table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out [][]string
	for rows.Next() {
		vs := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vs {
			ptrs[i] = &vs[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		row := make([]string, len(cols))
		for i, v := range vs {
			if b, ok := v.([]byte); ok {
				row[i] = string(b)
			} else {
				row[i] = fmt.Sprint(v)
			}
		}
		out = append(out, row)
	}
	return out, rows.Err()
}

// PathForTest returns the file of a SQLite database ("" on PostgreSQL).
func (db *DB) PathForTest() string {
	if db.dialect.name != "sqlite" {
		return ""
	}
	path, _, _ := strings.Cut(strings.TrimPrefix(db.url, "sqlite:"), "?")
	return path
}
