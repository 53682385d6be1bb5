package store

import (
	"context"
	"fmt"
	"strings"
)

// multiRow collects the rows of a multi-row INSERT — prefix, then
// "(…), (…)", then suffix (an ON CONFLICT clause, say) — and runs it
// every max rows and on flush, so that writing many rows costs a few
// statements instead of one each.
type multiRow struct {
	ctx            context.Context
	q              querier
	prefix, suffix string
	cols, max      int
	// positional writes ? placeholders instead of $1, $2, …: SQLite looks
	// numbered names up one by one, which costs in statements with
	// thousands of them.
	positional bool
	// casts follow each column's placeholder where they are numbered
	// (PostgreSQL): "::bigint" and the like, for VALUES whose types
	// nothing else gives, as in a set-based UPDATE … FROM (VALUES …).
	casts []string
	// check, when set, is given the rows of each statement and the rows
	// it affected, and its error is flush's.
	check func(rows int, affected int64) error
	// parents are flushed first, for the foreign keys.
	parents []*multiRow
	args    []any
}

func (r *multiRow) add(vs ...any) error {
	r.args = append(r.args, vs...)
	if len(r.args) >= r.max*r.cols {
		return r.flush()
	}
	return nil
}

func (r *multiRow) flush() error {
	for _, p := range r.parents {
		if err := p.flush(); err != nil {
			return err
		}
	}
	if len(r.args) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString(r.prefix)
	for i := 0; i < len(r.args)/r.cols; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for j := range r.cols {
			if j > 0 {
				b.WriteString(", ")
			}
			if r.positional {
				b.WriteByte('?')
			} else {
				fmt.Fprintf(&b, "$%d", i*r.cols+j+1)
				if j < len(r.casts) {
					b.WriteString(r.casts[j])
				}
			}
		}
		b.WriteByte(')')
	}
	b.WriteString(r.suffix)
	rows := len(r.args) / r.cols
	res, err := r.q.ExecContext(r.ctx, b.String(), r.args...)
	r.args = r.args[:0]
	if err != nil || r.check == nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	return r.check(rows, n)
}

// positional reports whether multi-row statements should use ? for their
// placeholders (see multiRow.positional).
func (d dialect) positional() bool { return d.name == "sqlite" }
