package store

import (
	"context"
	"reflect"
	"strings"
)

// rowScanner is a row to scan: *sql.Row or *sql.Rows. It is an alias, so
// that the scan functions written with the interface literal fit.
type rowScanner = interface{ Scan(...any) error }

// queryAll runs a query and returns every row as scan reads it, closing
// the rows; nil when there are none. Its errors are the driver's and
// scan's, for the caller to wrap with its operation's name.
func queryAll[T any](ctx context.Context, q querier, scan func(rowScanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// scanOne scans a row into one value of T (an int64, a string …).
func scanOne[T any](r rowScanner) (T, error) {
	var v T
	err := r.Scan(&v)
	return v, err
}

// inList adds vs to b's arguments and returns their placeholders as the
// list of an IN condition: "($1, $2, …)". Values of named string and
// integer types (region.Code, network.Kind …) are passed as plain strings
// and integers. An empty vs gives "(NULL)", which matches nothing.
func inList[T ~string | ~int64 | ~int](b *sqlBuilder, vs []T) string {
	if len(vs) == 0 {
		return "(NULL)"
	}
	ph := make([]string, len(vs))
	for i, v := range vs {
		rv := reflect.ValueOf(v)
		if rv.Kind() == reflect.String {
			ph[i] = b.arg(rv.String())
		} else {
			ph[i] = b.arg(rv.Int())
		}
	}
	return "(" + strings.Join(ph, ", ") + ")"
}
