package store

import (
	"context"
	"fmt"
	"time"

	"maeul/internal/promo"
)

// OverlappingFlashSales counts the flash sales of a variant that run at
// some moment between starts and ends.
func (db *DB) OverlappingFlashSales(ctx context.Context, variantID int64, starts, ends time.Time) (int, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM flash_sales WHERE variant_id = $1 AND starts_at < $3 AND ends_at > $2`,
		variantID, micros(starts), micros(ends)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store.OverlappingFlashSales: %w", err)
	}
	return n, nil
}

// FlashSaleListings lists the flash sales running at now or starting
// within soon, of products on show and variants still sold, soonest ending
// first, with what the mall shows of each.
func (db *DB) FlashSaleListings(ctx context.Context, now time.Time, soon time.Duration, limit int) ([]promo.Listing, error) {
	if limit <= 0 || limit > 200 {
		limit = 100
	}
	out, err := queryAll(ctx, db.r, func(r rowScanner) (promo.Listing, error) {
		var l promo.Listing
		var starts, ends int64
		err := r.Scan(&l.ID, &l.VariantID, &l.Price, &starts, &ends, &l.Cap, &l.Sold, &l.PerBuyer,
			&l.SKU, &l.VariantName.Ko, &l.VariantName.Zh, &l.VariantName.En, &l.ListPrice, &l.ProductCode, &l.Name.Ko, &l.Name.Zh, &l.Name.En)
		l.Starts, l.Ends = fromMicros(starts), fromMicros(ends)
		return l, err
	}, fmt.Sprintf(`SELECT f.id, f.variant_id, f.price, f.starts_at, f.ends_at, f.cap, f.sold, f.per_buyer,
  v.sku, v.name_ko, v.name_zh, v.name_en, v.price, p.code, p.name_ko, p.name_zh, p.name_en
FROM flash_sales f JOIN variants v ON v.id = f.variant_id JOIN products p ON p.id = v.product_id
WHERE f.ends_at > $1 AND f.starts_at <= $2 AND NOT p.hidden AND NOT v.archived ORDER BY f.ends_at, f.id LIMIT %d`, limit),
		micros(now), micros(now.Add(soon)))
	if err != nil {
		return nil, fmt.Errorf("store.FlashSaleListings: %w", err)
	}
	return out, nil
}

var _ promo.Store = (*DB)(nil)
