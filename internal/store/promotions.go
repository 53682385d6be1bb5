package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"maeul/internal/errs"
	"maeul/internal/promo"
)

// Coupon returns a coupon by code and how many times buyer has used it,
// or NotFound.
func (db *DB) Coupon(ctx context.Context, code string, buyerID int64) (promo.Coupon, int, error) {
	var c promo.Coupon
	var org sql.NullInt64
	var starts, ends int64
	err := db.r.QueryRowContext(ctx, `SELECT code, org_id, amount_off, percent_off, min_spend, total_limit, used, per_buyer, starts_at, ends_at
FROM coupons WHERE code = $1`, code).Scan(&c.Code, &org, &c.AmountOff, &c.PercentOff, &c.MinSpend, &c.TotalLimit, &c.Used, &c.PerBuyer, &starts, &ends)
	if errNoRows(err) {
		return c, 0, errs.E(errs.NotFound, "err.promo.coupon_unknown", code)
	}
	if err != nil {
		return c, 0, fmt.Errorf("store.Coupon: %w", err)
	}
	c.OrgID = org.Int64
	c.Starts, c.Ends = fromMicros(starts), fromMicros(ends)
	var uses int
	err = db.r.QueryRowContext(ctx, `SELECT COALESCE((SELECT uses FROM coupon_buyers WHERE code = $1 AND buyer_id = $2), 0)`, code, buyerID).Scan(&uses)
	if err != nil {
		return c, 0, fmt.Errorf("store.Coupon: %w", err)
	}
	return c, uses, nil
}

// CreateCoupon stores a new coupon; a taken code is a Conflict.
func (db *DB) CreateCoupon(ctx context.Context, c promo.Coupon) error {
	_, err := db.w.ExecContext(ctx, `INSERT INTO coupons (code, org_id, amount_off, percent_off, min_spend, total_limit, used, per_buyer, starts_at, ends_at)
VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8, $9)`, promo.NormalizeCode(c.Code), nullID(c.OrgID), c.AmountOff, c.PercentOff, c.MinSpend, c.TotalLimit, c.PerBuyer,
		micros(c.Starts), micros(c.Ends))
	if isUnique(err) {
		return errs.InField("code", errs.E(errs.Conflict, "err.promo.coupon_exists", c.Code))
	}
	if err != nil {
		return fmt.Errorf("store.CreateCoupon: %w", err)
	}
	return nil
}

// CreateFlashSale stores a new flash sale and returns its id.
func (db *DB) CreateFlashSale(ctx context.Context, f promo.FlashSale) (int64, error) {
	var id int64
	err := db.w.QueryRowContext(ctx, `INSERT INTO flash_sales (variant_id, price, starts_at, ends_at, cap, sold, per_buyer, created_at)
VALUES ($1, $2, $3, $4, $5, 0, $6, $7) RETURNING id`, f.VariantID, f.Price, micros(f.Starts), micros(f.Ends), f.Cap, f.PerBuyer, micros(db.now())).Scan(&id)
	if isForeignKey(err) {
		return 0, errs.Field("variant", "err.catalog.variant_not_found", f.VariantID)
	}
	if err != nil {
		return 0, fmt.Errorf("store.CreateFlashSale: %w", err)
	}
	return id, nil
}

// FlashSale returns a flash sale, or NotFound.
func (db *DB) FlashSale(ctx context.Context, id int64) (promo.FlashSale, error) {
	var f promo.FlashSale
	var starts, ends int64
	err := db.r.QueryRowContext(ctx, `SELECT id, variant_id, price, starts_at, ends_at, cap, sold, per_buyer FROM flash_sales WHERE id = $1`, id).
		Scan(&f.ID, &f.VariantID, &f.Price, &starts, &ends, &f.Cap, &f.Sold, &f.PerBuyer)
	if errNoRows(err) {
		return f, errs.E(errs.NotFound, "err.promo.flash_not_found", id)
	}
	if err != nil {
		return f, fmt.Errorf("store.FlashSale: %w", err)
	}
	f.Starts, f.Ends = fromMicros(starts), fromMicros(ends)
	return f, nil
}

// CreateSpecialPrice stores a new special price and returns its id.
func (db *DB) CreateSpecialPrice(ctx context.Context, s promo.SpecialPrice) (int64, error) {
	var id int64
	err := db.w.QueryRowContext(ctx, `INSERT INTO special_prices (variant_id, percent_off, fixed_price, starts_at, ends_at)
VALUES ($1, $2, $3, $4, $5) RETURNING id`, s.VariantID, s.PercentOff, s.Fixed, micros(s.Starts), micros(s.Ends)).Scan(&id)
	if isForeignKey(err) {
		return 0, errs.Field("variant", "err.catalog.variant_not_found", s.VariantID)
	}
	if err != nil {
		return 0, fmt.Errorf("store.CreateSpecialPrice: %w", err)
	}
	return id, nil
}

// LiveFlashSale is a running flash sale with what the home page shows.
type LiveFlashSale struct {
	promo.FlashSale
	ProductCode string
	ListPrice   int64
}

// LiveFlashSales lists flash sales running at now (or starting within
// soon), soonest ending first.
func (db *DB) LiveFlashSales(ctx context.Context, now time.Time, soon time.Duration, limit int) ([]LiveFlashSale, error) {
	out, err := queryAll(ctx, db.r, func(r rowScanner) (LiveFlashSale, error) {
		var l LiveFlashSale
		var starts, ends int64
		err := r.Scan(&l.ID, &l.VariantID, &l.Price, &starts, &ends, &l.Cap, &l.Sold, &l.PerBuyer, &l.ProductCode, &l.ListPrice)
		l.Starts, l.Ends = fromMicros(starts), fromMicros(ends)
		return l, err
	}, fmt.Sprintf(`SELECT f.id, f.variant_id, f.price, f.starts_at, f.ends_at, f.cap, f.sold, f.per_buyer, p.code, v.price
FROM flash_sales f JOIN variants v ON v.id = f.variant_id JOIN products p ON p.id = v.product_id
WHERE f.ends_at > $1 AND f.starts_at <= $2 AND NOT p.hidden ORDER BY f.ends_at, f.id LIMIT %d`, limit), micros(now), micros(now.Add(soon)))
	if err != nil {
		return nil, fmt.Errorf("store.LiveFlashSales: %w", err)
	}
	return out, nil
}

// PromotedVariants returns, of the given products, those with a promotion
// live at now: all their live variants, each with its live flash sale (the
// first, as Offerables takes it) and special prices. Products without one
// cost one query.
func (db *DB) PromotedVariants(ctx context.Context, productIDs []int64, now time.Time) ([]promo.Priced, error) {
	if len(productIDs) == 0 {
		return nil, nil
	}
	// The ids are placeholders after $1, so that the statements' texts
	// depend on their count alone and stay prepared (see stmtCacheConn).
	n := micros(now)
	b := sqlBuilder{args: []any{n}}
	in := inList(&b, productIDs)
	rows, err := db.r.QueryContext(ctx, `SELECT v.id, v.product_id, v.price, v.stock FROM variants v
WHERE v.product_id IN `+in+` AND NOT v.archived AND EXISTS (
  SELECT 1 FROM variants w WHERE w.product_id = v.product_id AND (
    EXISTS (SELECT 1 FROM flash_sales f WHERE f.variant_id = w.id AND f.ends_at > $1 AND f.starts_at <= $1)
    OR EXISTS (SELECT 1 FROM special_prices s WHERE s.variant_id = w.id AND s.ends_at > $1 AND s.starts_at <= $1)))
ORDER BY v.product_id, v.id`, b.args...)
	if err != nil {
		return nil, fmt.Errorf("store.PromotedVariants: %w", err)
	}
	var out []promo.Priced
	at := map[int64]int{}
	var vids []int64
	for rows.Next() {
		var v promo.Priced
		if err := rows.Scan(&v.VariantID, &v.ProductID, &v.List, &v.Stock); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store.PromotedVariants: %w", err)
		}
		at[v.VariantID] = len(out)
		out = append(out, v)
		vids = append(vids, v.VariantID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store.PromotedVariants: %w", err)
	}
	if len(out) == 0 {
		return nil, nil
	}
	b = sqlBuilder{args: []any{n}}
	vin := inList(&b, vids)
	rows, err = db.r.QueryContext(ctx, `SELECT id, variant_id, price, starts_at, ends_at, cap, sold, per_buyer
FROM flash_sales WHERE variant_id IN `+vin+` AND starts_at <= $1 AND ends_at > $1 ORDER BY id`, b.args...)
	if err != nil {
		return nil, fmt.Errorf("store.PromotedVariants: flash: %w", err)
	}
	for rows.Next() {
		var f promo.FlashSale
		var starts, ends int64
		if err := rows.Scan(&f.ID, &f.VariantID, &f.Price, &starts, &ends, &f.Cap, &f.Sold, &f.PerBuyer); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store.PromotedVariants: %w", err)
		}
		f.Starts, f.Ends = fromMicros(starts), fromMicros(ends)
		if v := &out[at[f.VariantID]]; v.Flash == nil {
			v.Flash = &f
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store.PromotedVariants: %w", err)
	}
	rows, err = db.r.QueryContext(ctx, `SELECT id, variant_id, percent_off, fixed_price, starts_at, ends_at
FROM special_prices WHERE variant_id IN `+vin+` AND starts_at <= $1 AND ends_at > $1 ORDER BY id`, b.args...)
	if err != nil {
		return nil, fmt.Errorf("store.PromotedVariants: specials: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s promo.SpecialPrice
		var starts, ends int64
		if err := rows.Scan(&s.ID, &s.VariantID, &s.PercentOff, &s.Fixed, &starts, &ends); err != nil {
			return nil, fmt.Errorf("store.PromotedVariants: %w", err)
		}
		s.Starts, s.Ends = fromMicros(starts), fromMicros(ends)
		v := &out[at[s.VariantID]]
		v.Specials = append(v.Specials, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store.PromotedVariants: %w", err)
	}
	return out, nil
}

// SpecialPriceProducts returns the ids of the products on show, with stock,
// that have a special price live at now, the special ending soonest first,
// at most limit.
func (db *DB) SpecialPriceProducts(ctx context.Context, now time.Time, limit int) ([]int64, error) {
	rows, err := db.r.QueryContext(ctx, fmt.Sprintf(`SELECT p.id, min(s.ends_at) FROM special_prices s
JOIN variants v ON v.id = s.variant_id JOIN products p ON p.id = v.product_id
WHERE s.starts_at <= $1 AND s.ends_at > $1 AND NOT v.archived AND NOT p.hidden AND p.total_stock > 0
GROUP BY p.id ORDER BY min(s.ends_at), p.id LIMIT %d`, limit), micros(now))
	if err != nil {
		return nil, fmt.Errorf("store.SpecialPriceProducts: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id, ends int64
		if err := rows.Scan(&id, &ends); err != nil {
			return nil, fmt.Errorf("store.SpecialPriceProducts: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
