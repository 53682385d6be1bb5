package demo

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"slices"
	"strings"

	"maeul/internal/catalog"
	"maeul/internal/importer"
)

// loadHouseholds imports the demo household register (data/households.csv):
// registered poor households, and some lifted out, in the villages where
// the demo's cooperatives, village stores and household shops are and
// where its poverty-alleviation products come from. Re-importing it
// changes nothing.
func loadHouseholds(ctx context.Context, im *importer.Importer) error {
	return applyFile(ctx, im, "households")
}

// loadLinks imports the demo benefit links (data/links.csv): supplier links
// for every poverty-alleviation product, member links from every
// cooperative and village store to the households of its village, and
// their dividend pools. Re-importing it changes nothing.
func loadLinks(ctx context.Context, im *importer.Importer) error {
	return applyFile(ctx, im, "links")
}

func applyFile(ctx context.Context, im *importer.Importer, kind string) error {
	b, err := files.ReadFile("data/" + kind + ".csv")
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if _, err := im.Apply(ctx, kind, "demo/"+kind+".csv", bytes.NewReader(b)); err != nil {
		return fmt.Errorf("demo %s: %w", kind, err)
	}
	return nil
}

// importProducts imports the demo catalog into a database that does not
// have it yet. A product carries the poverty-alleviation label only while
// a benefit link ties it to a poor household, and a supplier link names
// the product it covers, so a new product tied by supplier links alone
// cannot be listed with the label at once — in the demo as for a real
// seller: list it, record the links, then add the label. So the products
// go in first without that label and its certificate, then the links, then
// the labelled products again as the file has them, now passing the
// label's check.
func importProducts(ctx context.Context, im *importer.Importer, b []byte) error {
	plain, labelled, err := splitLabelled(b)
	if err != nil {
		return err
	}
	if _, err := im.Apply(ctx, "products", "demo/products.csv", bytes.NewReader(plain)); err != nil {
		return fmt.Errorf("demo products: %w", err)
	}
	if err := loadLinks(ctx, im); err != nil {
		return err
	}
	if _, err := im.Apply(ctx, "products", "demo/products.csv", bytes.NewReader(labelled)); err != nil {
		return fmt.Errorf("demo products: %w", err)
	}
	return nil
}

// splitLabelled returns the products file with the poverty-alleviation
// label (and certificate) taken off every product, and the file's header
// with only the rows of the products that carry the label.
func splitLabelled(b []byte) (plain, labelled []byte, err error) {
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || len(recs) == 0 {
		return nil, nil, fmt.Errorf("demo products: %v", err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	var p, l bytes.Buffer
	pw, lw := csv.NewWriter(&p), csv.NewWriter(&l)
	pw.Write(recs[0])
	lw.Write(recs[0])
	for _, rec := range recs[1:] {
		labels := strings.Split(rec[col["labels"]], ";")
		if !slices.Contains(labels, string(catalog.PovertyAlleviation)) {
			pw.Write(rec)
			continue
		}
		lw.Write(rec)
		stripped := slices.Clone(rec)
		stripped[col["labels"]] = strings.Join(slices.DeleteFunc(labels, func(s string) bool { return s == string(catalog.PovertyAlleviation) }), ";")
		stripped[col["cert_no"]], stripped[col["cert_expiry"]] = "", ""
		pw.Write(stripped)
	}
	pw.Flush()
	lw.Flush()
	if err := errors.Join(pw.Error(), lw.Error()); err != nil {
		return nil, nil, fmt.Errorf("demo products: %w", err)
	}
	return p.Bytes(), l.Bytes(), nil
}
