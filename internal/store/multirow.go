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
			}
		}
		b.WriteByte(')')
	}
	b.WriteString(r.suffix)
	_, err := r.q.ExecContext(r.ctx, b.String(), r.args...)
	r.args = r.args[:0]
	return err
}

// positional reports whether multi-row statements should use ? for their
// placeholders (see multiRow.positional).
func (d dialect) positional() bool { return d.name == "sqlite" }
