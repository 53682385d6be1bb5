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

// salesSchema allows a sales file of up to 128 MiB, a platform's export of
// a quarter (a million lines and more); a line's fact takes some 200
// bytes while the file is checked.
var salesSchema = Schema{Required: []string{"channel", "order_ref", "amount", "occurred_at"}, Optional: []string{"org_code", "region_code", "category"},
	MaxBytes: 128 << 20}

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
	if err != nil {
		return 0, lineProblems(ps, rows, err)
	}
	return n, nil
}

// lineProblems makes a service's refusal of a file's rows the file's
// problems at their lines; a refusal of the whole file (who may not
// import the kind at all) stays as it is.
func lineProblems(ps *problems, rows []*Row, err error) error {
	var be *impact.BatchError
	if c := errs.CodeOf(err); (c == errs.Forbidden || c == errs.Unauthorized) && !errors.As(err, &be) {
		return err
	}
	return batchProblems(ps, rows, err)
}

var listingSchema = Schema{Required: []string{"product_code", "channel", "url"}}

// loadListings imports the register of channel listings, one product and
// channel a row, recorded through stats.Service.SaveListings: a row
// replaces the link of its product and channel. A file naming the same
// product and channel twice is refused.
func loadListings(ctx context.Context, im *Importer, file string, r io.Reader) (int, error) {
	if im.Stats == nil {
		return 0, errors.New("importer: listings need the statistics service")
	}
	ps := &problems{file: file}
	var nls []stats.NewListing
	var rows []*Row
	seen := map[string]int{}
	ok := read(ps, r, listingSchema, func(row *Row) {
		nl := stats.NewListing{ProductCode: row.Required("product_code"), URL: row.Get("url")}
		if s := row.Required("channel"); s != "" {
			c, err := stats.ParseChannel(s)
			if err != nil {
				row.FailErr("channel", err)
			}
			nl.Channel = c
		}
		if row.Required("url") != "" {
			if _, err := stats.ParseListingURL(nl.URL); err != nil {
				row.FailErr("url", err)
			}
		}
		key := nl.ProductCode + "\x00" + string(nl.Channel)
		if first, ok := seen[key]; ok {
			row.Fail("channel", "err.importer.same_listing", first)
		} else {
			seen[key] = row.Line
		}
		nls = append(nls, nl)
		rows = append(rows, row)
	})
	if !ok {
		return 0, ps.err()
	}
	if err := ps.err(); err != nil {
		return 0, err
	}
	n, err := im.Stats.SaveListings(ctx, im.Actor, nls)
	if err != nil {
		return 0, lineProblems(ps, rows, err)
	}
	return n, nil
}
