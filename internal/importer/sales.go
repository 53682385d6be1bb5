package importer

import (
	"context"
	"errors"
	"io"

	"maeul/internal/errs"
	"maeul/internal/impact"
	"maeul/internal/money"
	"maeul/internal/stats"
)

var salesSchema = Schema{Required: []string{"channel", "order_ref", "amount", "occurred_at"}, Optional: []string{"org_code", "region_code", "category"}}

// loadSales imports the sales of outside channels, one per row, recorded
// through stats.Service.ImportSales: a row replaces the fact of its
// channel and order reference, so that re-importing a file changes no
// total. A file naming the same order twice is refused.
func loadSales(ctx context.Context, im *Importer, file string, r io.Reader) (int, error) {
	if im.Stats == nil {
		return 0, errors.New("importer: sales need the statistics service")
	}
	ps := &problems{file: file}
	var sales []stats.NewSale
	var rows []*Row
	seen := map[string]int{}
	ok := read(ps, r, salesSchema, func(row *Row) {
		ns := stats.NewSale{OrgCode: row.Get("org_code"), Category: row.Get("category")}
		if s := row.Required("channel"); s != "" {
			c, err := stats.ParseChannel(s)
			if err != nil {
				row.FailErr("channel", err)
			}
			ns.Channel = c
		}
		if s := row.Required("order_ref"); s != "" {
			ref, err := stats.ParseOrderRef(s)
			if err != nil {
				row.FailErr("order_ref", err)
			}
			ns.OrderRef = ref
		}
		ns.Region = parseRegionCode(row, "region_code")
		if s := row.Required("amount"); s != "" {
			a, err := money.Parse(s)
			if err != nil {
				row.FailErr("amount", err)
			}
			ns.Amount = a
		}
		if s := row.Required("occurred_at"); s != "" {
			at, err := stats.ParseOccurred(s)
			if err != nil {
				row.FailErr("occurred_at", err)
			}
			ns.At = at
		}
		key := string(ns.Channel) + "\x00" + ns.OrderRef
		if first, ok := seen[key]; ok {
			row.Fail("order_ref", "err.importer.same_order", first)
		} else {
			seen[key] = row.Line
		}
		sales = append(sales, ns)
		rows = append(rows, row)
	})
	if !ok {
		return 0, ps.err()
	}
	if err := ps.err(); err != nil {
		return 0, err
	}
	n, err := im.Stats.ImportSales(ctx, im.Actor, sales)
	var be *impact.BatchError
	if c := errs.CodeOf(err); (c == errs.Forbidden || c == errs.Unauthorized) && !errors.As(err, &be) {
		return 0, err // who may not import sales at all: the whole file
	}
	if err != nil {
		return 0, batchProblems(ps, rows, err)
	}
	return n, nil
}
