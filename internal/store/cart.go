package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"maeul/internal/catalog"
	"maeul/internal/orders"
	"maeul/internal/promo"
)

// CartItems returns the items in a cart, oldest first.
func (db *DB) CartItems(ctx context.Context, owner string) ([]orders.CartItem, error) {
	out, err := queryAll(ctx, db.r, func(r rowScanner) (orders.CartItem, error) {
		var it orders.CartItem
		var day string
		err := r.Scan(&it.VariantID, &it.Qty, &day)
		it.BookingDate = parseDay(day)
		return it, err
	}, `SELECT variant_id, qty, booking_date FROM cart_items WHERE owner = $1 ORDER BY added_at, variant_id`, owner)
	if err != nil {
		return nil, fmt.Errorf("store.CartItems: %w", err)
	}
	return out, nil
}

func parseDay(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, _ := time.Parse(time.DateOnly, s)
	return t
}

func dayKey(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return orders.DayKey(t)
}

// SetCartItem sets the quantity of a cart line; zero removes it.
func (db *DB) SetCartItem(ctx context.Context, owner string, it orders.CartItem) error {
	return db.batch.do(ctx, func(ctx context.Context, tx *sql.Tx) error {
		return setCartItem(ctx, tx, owner, it, db.now())
	})
}

func setCartItem(ctx context.Context, tx *sql.Tx, owner string, it orders.CartItem, now time.Time) error {
	var err error
	if it.Qty <= 0 {
		_, err = tx.ExecContext(ctx, `DELETE FROM cart_items WHERE owner = $1 AND variant_id = $2 AND booking_date = $3`, owner, it.VariantID, dayKey(it.BookingDate))
	} else {
		_, err = tx.ExecContext(ctx, `INSERT INTO cart_items (owner, variant_id, booking_date, qty, added_at) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (owner, variant_id, booking_date) DO UPDATE SET qty = excluded.qty`, owner, it.VariantID, dayKey(it.BookingDate), it.Qty, micros(now))
	}
	if err != nil {
		return fmt.Errorf("store.SetCartItem: %w", err)
	}
	return nil
}

// MergeCart moves a guest's cart into a signed-in buyer's, adding
// quantities of lines both have (up to orders.MaxQty), and empties it.
func (db *DB) MergeCart(ctx context.Context, from, into string) error {
	return db.batch.do(ctx, func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `
INSERT INTO cart_items (owner, variant_id, booking_date, qty, added_at)
SELECT $2, variant_id, booking_date, qty, added_at FROM cart_items WHERE owner = $1
ON CONFLICT (owner, variant_id, booking_date) DO UPDATE SET
  qty = CASE WHEN cart_items.qty + excluded.qty > $3 THEN $3 ELSE cart_items.qty + excluded.qty END`, from, into, orders.MaxQty)
		if err != nil {
			return fmt.Errorf("store.MergeCart: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM cart_items WHERE owner = $1`, from); err != nil {
			return fmt.Errorf("store.MergeCart: %w", err)
		}
		return nil
	})
}

// Offerables returns what pricing needs for the variants of items, for a
// buyer (0 for a guest) at now: the product and variant, the live flash
// sale and the buyer's purchases in it, live special prices and, for
// tourism items, the bookings on their dates. Variants that are archived
// or unknown are left out.
func (db *DB) Offerables(ctx context.Context, buyerID int64, items []orders.CartItem, now time.Time) (map[int64]orders.Offerable, error) {
	out := map[int64]orders.Offerable{}
	if len(items) == 0 {
		return out, nil
	}
	ids := make([]int64, 0, len(items))
	for _, it := range items {
		ids = append(ids, it.VariantID)
	}
	// The ids are placeholders after $1 and $2, so that the statements'
	// texts depend on their count alone and stay prepared (see
	// stmtCacheConn): ids written into the text made three new statements
	// per product page, each compiled and each evicting a prepared one.
	var b sqlBuilder
	in := inList(&b, ids)
	rows, err := db.r.QueryContext(ctx, `
SELECT v.id, v.sku, v.name_ko, v.name_zh, v.name_en, v.price, v.stock, p.id, p.code, p.org_id, p.kind, p.hidden,
  p.name_ko, p.name_zh, p.name_en, p.first_photo
FROM variants v JOIN products p ON p.id = v.product_id WHERE v.id IN `+in+` AND NOT v.archived`, b.args...)
	if err != nil {
		return nil, fmt.Errorf("store.Offerables: %w", err)
	}
	for rows.Next() {
		var o orders.Offerable
		var photo string
		v, p := &o.Variant, &o.Product
		if err := rows.Scan(&v.ID, &v.SKU, &v.Name.Ko, &v.Name.Zh, &v.Name.En, &v.Price, &v.Stock, &p.ID, &p.Code, &p.OrgID,
			&p.Kind, &p.Hidden, &p.Name.Ko, &p.Name.Zh, &p.Name.En, &photo); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store.Offerables: %w", err)
		}
		v.ProductID = p.ID
		if photo != "" {
			p.Photos = []catalog.Photo{{Key: photo}}
		}
		out[v.ID] = o
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store.Offerables: %w", err)
	}
	n := micros(now)
	b = sqlBuilder{args: []any{n, buyerID}}
	in = inList(&b, ids)
	rows, err = db.r.QueryContext(ctx, `SELECT id, variant_id, price, starts_at, ends_at, cap, sold, per_buyer,
  COALESCE((SELECT qty FROM flash_sale_buyers b WHERE b.sale_id = f.id AND b.buyer_id = $2), 0)
FROM flash_sales f WHERE variant_id IN `+in+` AND starts_at <= $1 AND ends_at > $1 ORDER BY id`, b.args...)
	if err != nil {
		return nil, fmt.Errorf("store.Offerables: flash: %w", err)
	}
	for rows.Next() {
		var f promo.FlashSale
		var starts, ends int64
		var has int
		if err := rows.Scan(&f.ID, &f.VariantID, &f.Price, &starts, &ends, &f.Cap, &f.Sold, &f.PerBuyer, &has); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store.Offerables: %w", err)
		}
		f.Starts, f.Ends = fromMicros(starts), fromMicros(ends)
		if o, ok := out[f.VariantID]; ok && o.Flash == nil {
			o.Flash, o.BuyerFlashQty = &f, has
			out[f.VariantID] = o
		}
	}
	rows.Close()
	b = sqlBuilder{args: []any{n}}
	in = inList(&b, ids)
	rows, err = db.r.QueryContext(ctx, `SELECT id, variant_id, percent_off, fixed_price, starts_at, ends_at
FROM special_prices WHERE variant_id IN `+in+` AND starts_at <= $1 AND ends_at > $1`, b.args...)
	if err != nil {
		return nil, fmt.Errorf("store.Offerables: specials: %w", err)
	}
	for rows.Next() {
		var s promo.SpecialPrice
		var starts, ends int64
		if err := rows.Scan(&s.ID, &s.VariantID, &s.PercentOff, &s.Fixed, &starts, &ends); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store.Offerables: %w", err)
		}
		s.Starts, s.Ends = fromMicros(starts), fromMicros(ends)
		if o, ok := out[s.VariantID]; ok {
			o.Specials = append(o.Specials, s)
			out[s.VariantID] = o
		}
	}
	rows.Close()
	for _, it := range items {
		o, ok := out[it.VariantID]
		if !ok || o.Product.Kind != catalog.Tourism || it.BookingDate.IsZero() {
			continue
		}
		var booked int
		err := db.r.QueryRowContext(ctx, `SELECT COALESCE((SELECT booked FROM bookings WHERE variant_id = $1 AND booking_date = $2), 0)`,
			it.VariantID, dayKey(it.BookingDate)).Scan(&booked)
		if err != nil {
			return nil, fmt.Errorf("store.Offerables: bookings: %w", err)
		}
		if o.Booked == nil {
			o.Booked = map[string]int{}
		}
		o.Booked[dayKey(it.BookingDate)] = booked
		out[it.VariantID] = o
	}
	return out, nil
}

// StoreTerms returns the shipping rules of the organizations.
func (db *DB) StoreTerms(ctx context.Context, orgIDs []int64) (map[int64]orders.StoreTerms, error) {
	out := map[int64]orders.StoreTerms{}
	for _, id := range orgIDs {
		t := orders.StoreTerms{OrgID: id}
		err := db.r.QueryRowContext(ctx, `SELECT shipping_fee, free_shipping_over FROM organizations WHERE id = $1`, id).Scan(&t.ShippingFee, &t.FreeOver)
		if err != nil && err != sql.ErrNoRows {
			return nil, fmt.Errorf("store.StoreTerms: %w", err)
		}
		out[id] = t
	}
	return out, nil
}
