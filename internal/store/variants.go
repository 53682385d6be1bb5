package store

import (
	"context"
	"fmt"
	"strings"

	"maeul/internal/catalog"
	"maeul/internal/errs"
)

// variantProductColumns select a variant and the product holding it.
const variantProductColumns = `v.id, v.product_id, v.sku, v.name_ko, v.name_zh, v.name_en, v.price, v.stock, v.position,
  p.code, p.org_id, p.kind, p.hidden, p.name_ko, p.name_zh, p.name_en`

func scanVariantProduct(sc interface{ Scan(...any) error }) (catalog.Product, error) {
	var p catalog.Product
	var v catalog.Variant
	err := sc.Scan(&v.ID, &v.ProductID, &v.SKU, &v.Name.Ko, &v.Name.Zh, &v.Name.En, &v.Price, &v.Stock, &v.Position,
		&p.Code, &p.OrgID, &p.Kind, &p.Hidden, &p.Name.Ko, &p.Name.Zh, &p.Name.En)
	p.ID = v.ProductID
	p.Variants = []catalog.Variant{v}
	return p, err
}

// VariantBySKU returns the product holding the live variant sku, with that
// variant alone in its Variants and without photos, or NotFound (also for
// an archived variant).
func (db *DB) VariantBySKU(ctx context.Context, sku string) (catalog.Product, error) {
	p, err := scanVariantProduct(db.r.QueryRowContext(ctx, `SELECT `+variantProductColumns+`
FROM variants v JOIN products p ON p.id = v.product_id WHERE v.sku = $1 AND NOT v.archived`, sku))
	if errNoRows(err) {
		return p, errs.E(errs.NotFound, "err.catalog.variant_not_found", sku)
	}
	if err != nil {
		return p, fmt.Errorf("store.VariantBySKU: %w", err)
	}
	return p, nil
}

// VariantsByID returns, by variant id, the products holding the variants
// (archived ones included), each with its variant alone in Variants and
// without photos. Unknown ids are left out.
func (db *DB) VariantsByID(ctx context.Context, ids []int64) (map[int64]catalog.Product, error) {
	out := map[int64]catalog.Product{}
	if len(ids) == 0 {
		return out, nil
	}
	list := make([]string, len(ids))
	for i, id := range ids {
		list[i] = fmt.Sprint(id)
	}
	rows, err := db.r.QueryContext(ctx, `SELECT `+variantProductColumns+`
FROM variants v JOIN products p ON p.id = v.product_id WHERE v.id IN (`+strings.Join(list, ",")+`)`) // integers only
	if err != nil {
		return nil, fmt.Errorf("store.VariantsByID: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		p, err := scanVariantProduct(rows)
		if err != nil {
			return nil, fmt.Errorf("store.VariantsByID: %w", err)
		}
		out[p.Variants[0].ID] = p
	}
	return out, rows.Err()
}
