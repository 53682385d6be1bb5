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
