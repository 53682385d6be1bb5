package importer

import (
	"context"
	"errors"
	"io"
	"strconv"
	"strings"

	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/money"
	"maeul/internal/org"
)

var productSchema = Schema{
	Required: []string{"product_code", "org_code", "category", "origin_code", "name_ko", "sku", "variant_ko", "price", "stock"},
	Optional: []string{"kind", "name_zh", "name_en", "description_ko", "description_zh", "description_en",
		"labels", "cert_no", "cert_expiry", "variant_zh", "variant_en"},
}

// productColumns are the columns that describe the product rather than the
// variant; every row of one product must agree on them.
var productColumns = []string{"org_code", "category", "origin_code", "kind", "name_ko", "name_zh", "name_en",
	"description_ko", "description_zh", "description_en", "labels", "cert_no", "cert_expiry"}

// loadProducts imports a product file: one row per variant, rows with the
// same product_code forming one product. Every product goes through the
// catalog's rules for the importing actor (a seller may import only its
// own organization's products) and all are saved in one transaction.
func loadProducts(ctx context.Context, im *Importer, file string, r io.Reader) (int, error) {
	if im.Catalog == nil {
		return 0, errors.New("importer: products need the catalog service")
	}
	ps := &problems{file: file}
	var products []catalog.Product
	first := map[string]*Row{} // product code → its first row
	index := map[string]int{}
	orgs := map[string]org.Organization{}
	skus := dupCheck{}
	ok := read(ps, r, productSchema, func(row *Row) {
		code := row.Required("product_code")
		skus.check(row, "sku", row.Get("sku"))
		v := catalog.Variant{
			SKU:  row.Required("sku"),
			Name: i18n.Text{Ko: row.Get("variant_ko"), Zh: row.Get("variant_zh"), En: row.Get("variant_en")},
		}
		if s := row.Required("price"); s != "" {
			p, err := money.Parse(s)
			if err != nil {
				row.FailErr("price", err)
			}
			v.Price = p
		}
		if s := row.Required("stock"); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				row.Fail("stock", "err.importer.whole_number", s)
			}
			v.Stock = n
		}
		if code == "" {
			return
		}
		if f, seen := first[code]; seen {
			for _, c := range productColumns {
				if row.Get(c) != f.Get(c) {
					row.Fail(c, "err.importer.differs_from_first", f.Line, code)
				}
			}
			products[index[code]].Variants = append(products[index[code]].Variants, v)
			return
		}
		first[code] = row
		index[code] = len(products)
		p := productFromRow(ctx, im, row, orgs)
		p.Variants = []catalog.Variant{v}
		products = append(products, p)
	})
	if !ok {
		return 0, ps.err()
	}
	if err := ps.err(); err != nil {
		return 0, err
	}
	codes := make([]string, len(products))
	for i, p := range products {
		codes[i] = p.Code
	}
	variants := 0
	for _, p := range products {
		variants += len(p.Variants)
	}
	if _, err := im.Catalog.SaveAll(ctx, im.Actor, products); err != nil {
		var refused catalog.ProductErrors
		if errors.As(err, &refused) {
			for _, pe := range refused {
				first[codes[pe.Index]].FailErr(columnOf(pe.Err), pe.Err)
			}
			return 0, ps.err()
		}
		if c := errs.CodeOf(err); c == errs.Conflict || c == errs.Invalid {
			ps.add(Problem{Line: 1, Msg: errMsg(err)})
			return 0, ps.err()
		}
		return 0, err
	}
	return variants, nil
}

// columnOf maps a domain error's field to the file's column.
func columnOf(err error) string {
	var e *errs.Error
	if errors.As(err, &e) {
		switch e.Field {
		case "variants":
			return "sku"
		case "":
			return ""
		}
		return e.Field
	}
	return ""
}

func productFromRow(ctx context.Context, im *Importer, row *Row, orgs map[string]org.Organization) catalog.Product {
	p := catalog.Product{
		Code:        row.Get("product_code"),
		Category:    row.Required("category"),
		Origin:      parseRegionCode(row, "origin_code"),
		Name:        names(row),
		Description: i18n.Text{Ko: row.Get("description_ko"), Zh: row.Get("description_zh"), En: row.Get("description_en")},
		CertNo:      row.Get("cert_no"),
	}
	if err := catalog.ValidCode(p.Code); err != nil {
		row.FailErr("product_code", err)
	}
	k, err := catalog.ParseKind(row.Get("kind"))
	if err != nil {
		row.FailErr("kind", err)
	}
	p.Kind = k
	for _, s := range strings.Split(row.Get("labels"), ";") {
		if strings.TrimSpace(s) == "" {
			continue
		}
		l, err := catalog.ParseLabel(s)
		if err != nil {
			row.FailErr("labels", err)
			continue
		}
		p.Labels = append(p.Labels, l)
	}
	if p.CertExpiry, err = catalog.ParseDate("cert_expiry", row.Get("cert_expiry")); err != nil {
		row.FailErr("cert_expiry", err)
	}
	if oc := row.Required("org_code"); oc != "" {
		o, seen := orgs[oc]
		if !seen {
			o, err = im.Catalog.Orgs.Organization(ctx, oc)
			if err != nil {
				row.FailErr("org_code", err)
			}
			orgs[oc] = o
		}
		p.OrgID = o.ID
	}
	return p
}
