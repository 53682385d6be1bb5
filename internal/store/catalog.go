package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"maeul/internal/catalog"
	"maeul/internal/errs"
)

var _ catalog.Store = (*DB)(nil)

// Categories returns the category tree, parents before children.
func (db *DB) Categories(ctx context.Context) ([]catalog.Category, error) {
	out, err := queryAll(ctx, db.r, func(r rowScanner) (catalog.Category, error) {
		var c catalog.Category
		err := r.Scan(&c.Code, &c.Parent, &c.Name.Ko, &c.Name.Zh, &c.Name.En, &c.Position)
		return c, err
	}, `SELECT code, COALESCE(parent_code, ''), name_ko, name_zh, name_en, position FROM categories ORDER BY position`)
	if err != nil {
		return nil, fmt.Errorf("store.Categories: %w", err)
	}
	return out, nil
}

const productColumns = `id, code, org_id, category_code, origin_code, kind, name_ko, name_zh, name_en,
  description_ko, description_zh, description_en, labels, cert_no, cert_expiry, hidden,
  COALESCE(listed_via, 0), created_at, updated_at`

func scanProduct(sc interface{ Scan(...any) error }) (catalog.Product, error) {
	var p catalog.Product
	var labels, expiry string
	var created, updated int64
	err := sc.Scan(&p.ID, &p.Code, &p.OrgID, &p.Category, &p.Origin, &p.Kind, &p.Name.Ko, &p.Name.Zh, &p.Name.En,
		&p.Description.Ko, &p.Description.Zh, &p.Description.En, &labels, &p.CertNo, &expiry, &p.Hidden,
		&p.ListedVia, &created, &updated)
	if err != nil {
		return p, err
	}
	p.Labels = splitLabels(labels)
	if expiry != "" {
		p.CertExpiry, _ = time.Parse(time.DateOnly, expiry)
	}
	p.CreatedAt, p.UpdatedAt = fromMicros(created), fromMicros(updated)
	return p, nil
}

func splitLabels(s string) []catalog.Label {
	var out []catalog.Label
	for _, l := range strings.Split(s, ";") {
		if l != "" {
			out = append(out, catalog.Label(l))
		}
	}
	return out
}

func joinLabels(ls []catalog.Label) string {
	ss := make([]string, len(ls))
	for i, l := range ls {
		ss[i] = string(l)
	}
	return strings.Join(ss, ";")
}

// Product returns a product by code with its live variants and photos.
func (db *DB) Product(ctx context.Context, code string) (catalog.Product, error) {
	return db.productWhere(ctx, `code = $1`, code)
}

// ProductByID returns a product by id with its live variants and photos.
func (db *DB) ProductByID(ctx context.Context, id int64) (catalog.Product, error) {
	return db.productWhere(ctx, `id = $1`, id)
}

func (db *DB) productWhere(ctx context.Context, where string, arg any) (catalog.Product, error) {
	p, err := scanProduct(db.r.QueryRowContext(ctx, `SELECT `+productColumns+` FROM products WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return p, errs.E(errs.NotFound, "err.catalog.product_not_found", arg)
	}
	if err != nil {
		return p, fmt.Errorf("store.Product: %w", err)
	}
	if p.Variants, err = variants(ctx, db.r, p.ID); err != nil {
		return p, err
	}
	if p.Photos, err = productPhotos(ctx, db.r, p.ID); err != nil {
		return p, err
	}
	return p, nil
}

func variants(ctx context.Context, q querier, productID int64) ([]catalog.Variant, error) {
	out, err := queryAll(ctx, q, func(r rowScanner) (catalog.Variant, error) {
		var v catalog.Variant
		err := r.Scan(&v.ID, &v.ProductID, &v.SKU, &v.Name.Ko, &v.Name.Zh, &v.Name.En, &v.Price, &v.Stock, &v.Position)
		return v, err
	}, `SELECT id, product_id, sku, name_ko, name_zh, name_en, price, stock, position
FROM variants WHERE product_id = $1 AND NOT archived ORDER BY position, id`, productID)
	if err != nil {
		return nil, fmt.Errorf("store.variants: %w", err)
	}
	return out, nil
}

func productPhotos(ctx context.Context, q querier, productID int64) ([]catalog.Photo, error) {
	out, err := queryAll(ctx, q, scanPhotoSize, `SELECT p.key, p.width, p.height FROM product_photos pp JOIN photos p ON p.key = pp.photo_key
WHERE pp.product_id = $1 ORDER BY pp.position`, productID)
	if err != nil {
		return nil, fmt.Errorf("store.productPhotos: %w", err)
	}
	return out, nil
}

// scanPhotoSize scans a photo's key, width and height.
func scanPhotoSize(r rowScanner) (catalog.Photo, error) {
	var ph catalog.Photo
	err := r.Scan(&ph.Key, &ph.Width, &ph.Height)
	return ph, err
}

// SaveProducts creates or updates products by code in one transaction.
func (db *DB) SaveProducts(ctx context.Context, ps []catalog.Product, chs []catalog.Change) ([]int64, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("store.SaveProducts: %w", err)
	}
	defer tx.Rollback()
	now := db.now()
	ids := make([]int64, len(ps))
	for i, p := range ps {
		if ids[i], err = db.saveProduct(ctx, tx, p, now); err != nil {
			return nil, err
		}
		if i < len(chs) {
			ch := chs[i]
			ch.ProductID = ids[i]
			if err := recordChange(ctx, tx, ch); err != nil {
				return nil, err
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("store.SaveProducts: %w", err)
	}
	return ids, nil
}

func (db *DB) saveProduct(ctx context.Context, tx *sql.Tx, p catalog.Product, now time.Time) (int64, error) {
	var expiry string
	if !p.CertExpiry.IsZero() {
		expiry = p.CertExpiry.Format(time.DateOnly)
	}
	var id int64
	err := tx.QueryRowContext(ctx, `
INSERT INTO products (code, org_id, category_code, origin_code, kind, name_ko, name_zh, name_en,
  description_ko, description_zh, description_en, labels, cert_no, cert_expiry, hidden, listed_via, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)
ON CONFLICT (code) DO UPDATE SET category_code = excluded.category_code, origin_code = excluded.origin_code,
  kind = excluded.kind, name_ko = excluded.name_ko, name_zh = excluded.name_zh, name_en = excluded.name_en,
  description_ko = excluded.description_ko, description_zh = excluded.description_zh, description_en = excluded.description_en,
  labels = excluded.labels, cert_no = excluded.cert_no, cert_expiry = excluded.cert_expiry,
  listed_via = excluded.listed_via, updated_at = excluded.updated_at
WHERE products.org_id = excluded.org_id
RETURNING id`,
		p.Code, p.OrgID, p.Category, p.Origin, p.Kind, p.Name.Ko, p.Name.Zh, p.Name.En,
		p.Description.Ko, p.Description.Zh, p.Description.En, joinLabels(p.Labels), p.CertNo, expiry, p.Hidden,
		nullID(p.ListedVia), micros(now)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, errs.E(errs.Conflict, "err.catalog.code_taken", p.Code)
	}
	if isForeignKey(err) {
		return 0, errs.E(errs.Invalid, "err.catalog.unknown_refs", p.Code)
	}
	if err != nil {
		return 0, fmt.Errorf("store.saveProduct %s: %w", p.Code, err)
	}
	if err := saveVariants(ctx, tx, id, p); err != nil {
		return 0, err
	}
	if err := db.refreshProduct(ctx, tx, id); err != nil {
		return 0, err
	}
	return id, nil
}

// saveVariants upserts the product's variants by SKU and archives the
// live ones left out; a SKU of another product is a Conflict.
func saveVariants(ctx context.Context, tx *sql.Tx, productID int64, p catalog.Product) error {
	keep := map[string]bool{}
	for i, v := range p.Variants {
		keep[v.SKU] = true
		res, err := tx.ExecContext(ctx, `
INSERT INTO variants (product_id, sku, name_ko, name_zh, name_en, price, stock, position, archived)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, FALSE)
ON CONFLICT (sku) DO UPDATE SET name_ko = excluded.name_ko, name_zh = excluded.name_zh, name_en = excluded.name_en,
  price = excluded.price, stock = excluded.stock, position = excluded.position, archived = FALSE
WHERE variants.product_id = excluded.product_id`,
			productID, v.SKU, v.Name.Ko, v.Name.Zh, v.Name.En, v.Price, v.Stock, i)
		if err != nil {
			return fmt.Errorf("store.saveVariants %s: %w", v.SKU, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.InField("sku", errs.E(errs.Conflict, "err.catalog.sku_taken", v.SKU))
		}
	}
	skus, err := queryAll(ctx, tx, scanOne[string], `SELECT sku FROM variants WHERE product_id = $1 AND NOT archived`, productID)
	if err != nil {
		return fmt.Errorf("store.saveVariants: %w", err)
	}
	var drop []string
	for _, sku := range skus {
		if !keep[sku] {
			drop = append(drop, sku)
		}
	}
	for _, sku := range drop {
		if _, err := tx.ExecContext(ctx, `UPDATE variants SET archived = TRUE WHERE sku = $1`, sku); err != nil {
			return fmt.Errorf("store.saveVariants: %w", err)
		}
	}
	return nil
}

// refreshProduct recomputes a product's denormalized price range, stock,
// first photo and search tokens from its rows.
func (db *DB) refreshProduct(ctx context.Context, tx *sql.Tx, id int64) error {
	_, err := tx.ExecContext(ctx, `
UPDATE products SET
  min_price = COALESCE((SELECT min(price) FROM variants WHERE product_id = $1 AND NOT archived), 0),
  max_price = COALESCE((SELECT max(price) FROM variants WHERE product_id = $1 AND NOT archived), 0),
  total_stock = COALESCE((SELECT sum(stock) FROM variants WHERE product_id = $1 AND NOT archived), 0),
  first_photo = COALESCE((SELECT photo_key FROM product_photos WHERE product_id = $1 ORDER BY position LIMIT 1), '')
WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("store.refreshProduct: %w", err)
	}
	var texts [15]string
	err = tx.QueryRowContext(ctx, `
SELECT p.name_ko, p.name_zh, p.name_en, p.description_ko, p.description_zh, p.description_en,
  c.name_ko, c.name_zh, c.name_en, o.name_ko, o.name_zh, o.name_en, r.name_ko, r.name_zh, r.name_en
FROM products p JOIN categories c ON c.code = p.category_code JOIN organizations o ON o.id = p.org_id
JOIN regions r ON r.code = p.origin_code WHERE p.id = $1`, id).Scan(
		&texts[0], &texts[1], &texts[2], &texts[3], &texts[4], &texts[5], &texts[6], &texts[7], &texts[8],
		&texts[9], &texts[10], &texts[11], &texts[12], &texts[13], &texts[14])
	if err != nil {
		return fmt.Errorf("store.refreshProduct: %w", err)
	}
	// The parent category's names and the variants' names are searched too.
	extra, err := searchExtras(ctx, tx, id)
	if err != nil {
		return err
	}
	return db.dialect.setSearchTokens(ctx, tx, id, catalog.SearchTokens(append(texts[:], extra...)...), catalog.SearchTokens(texts[:3]...))
}

func searchExtras(ctx context.Context, tx *sql.Tx, id int64) ([]string, error) {
	out, err := queryAll(ctx, tx, scanOne[string], `
SELECT pc.name_ko || ' ' || pc.name_zh || ' ' || pc.name_en FROM products p
  JOIN categories c ON c.code = p.category_code JOIN categories pc ON pc.code = c.parent_code WHERE p.id = $1
UNION ALL
SELECT name_ko || ' ' || name_zh || ' ' || name_en FROM variants WHERE product_id = $1 AND NOT archived`, id)
	if err != nil {
		return nil, fmt.Errorf("store.searchExtras: %w", err)
	}
	return out, nil
}

func recordChange(ctx context.Context, tx *sql.Tx, ch catalog.Change) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO product_changes (product_id, actor_id, org_id, point_id, action, changed_at)
VALUES ($1, $2, $3, $4, $5, $6)`, ch.ProductID, nullID(ch.ActorID), ch.OrgID, nullID(ch.PointID), ch.Action, micros(ch.At))
	if err != nil {
		return fmt.Errorf("store.recordChange: %w", err)
	}
	return nil
}

// SetHidden hides or shows a product.
func (db *DB) SetHidden(ctx context.Context, id int64, hidden bool, ch catalog.Change) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("store.SetHidden: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE products SET hidden = $2, updated_at = $3 WHERE id = $1`, id, hidden, micros(ch.At))
	if err != nil {
		return fmt.Errorf("store.SetHidden: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.NotFound, "err.catalog.product_not_found", id)
	}
	ch.ProductID = id
	if err := recordChange(ctx, tx, ch); err != nil {
		return err
	}
	return tx.Commit()
}

// Changes lists a product's recorded changes, newest first.
func (db *DB) Changes(ctx context.Context, productID int64) ([]catalog.Change, error) {
	out, err := queryAll(ctx, db.r, func(r rowScanner) (catalog.Change, error) {
		var c catalog.Change
		var at int64
		err := r.Scan(&c.ProductID, &c.ActorID, &c.OrgID, &c.PointID, &c.Action, &at)
		c.At = fromMicros(at)
		return c, err
	}, `SELECT product_id, COALESCE(actor_id, 0), org_id, COALESCE(point_id, 0), action, changed_at
FROM product_changes WHERE product_id = $1 ORDER BY changed_at DESC, id DESC`, productID)
	if err != nil {
		return nil, fmt.Errorf("store.Changes: %w", err)
	}
	return out, nil
}
