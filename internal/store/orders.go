package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/orders"
)

// PlaceOrders stores a placement in one transaction of the group-commit
// batcher: for every line it reserves the stock (goods) or the day's
// capacity (tourism) and the flash-sale units with a conditional update,
// counts the buyer's flash-sale units and coupon use against their limits,
// then writes the group, its orders, lines, first events and the pending
// payment, and removes the placed lines from the cart. If any reservation
// fails nothing is written and the error is a Conflict saying which.
func (db *DB) PlaceOrders(ctx context.Context, p orders.Placement) (orders.Placed, error) {
	var placed orders.Placed
	err := db.batch.do(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		placed, err = placeOrders(ctx, tx, p)
		return err
	})
	return placed, err
}

func placeOrders(ctx context.Context, tx *sql.Tx, p orders.Placement) (orders.Placed, error) {
	now := micros(p.Now)
	var placed orders.Placed
	for _, o := range p.Orders {
		for _, l := range o.Lines {
			if err := reserveLine(ctx, tx, p.BuyerID, l, now); err != nil {
				return placed, err
			}
		}
	}
	if c := p.Coupon; c != nil {
		if err := useCoupon(ctx, tx, c.Code, c.PerBuyer, p.BuyerID, 1); err != nil {
			return placed, err
		}
	}
	coupon := ""
	if p.Coupon != nil {
		coupon = p.Coupon.Code
	}
	if err := tx.QueryRowContext(ctx, `INSERT INTO checkout_groups (buyer_id, total, coupon, lang, request_key, created_at)
VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, p.BuyerID, p.Total, coupon, p.Lang, p.RequestKey, now).Scan(&placed.GroupID); err != nil {
		if isUnique(err) {
			// Another run of the same request placed it first.
			return placed, errs.E(errs.Conflict, "err.orders.request_placed", p.RequestKey)
		}
		return placed, fmt.Errorf("store.PlaceOrders: group: %w", err)
	}
	for _, o := range p.Orders {
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO orders (group_id, buyer_id, org_id, status, delivery, point_id,
  ship_name, ship_phone, ship_region, ship_detail, subtotal, discount, shipping, total, coupon, expires_at, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) RETURNING id`,
			placed.GroupID, p.BuyerID, o.OrgID, orders.PendingPayment, o.Delivery, nullID(o.PointID),
			p.Address.Name, p.Address.Phone, p.Address.Region, p.Address.Detail,
			o.Subtotal, o.Discount, o.Shipping, o.Total, o.Coupon, micros(p.ExpiresAt), now).Scan(&id)
		if err != nil {
			return placed, fmt.Errorf("store.PlaceOrders: order: %w", err)
		}
		placed.OrderIDs = append(placed.OrderIDs, id)
		for _, l := range o.Lines {
			_, err := tx.ExecContext(ctx, `INSERT INTO order_lines (order_id, variant_id, product_id, product_code, sku,
  name_ko, name_zh, name_en, variant_ko, variant_zh, variant_en, kind, qty, list_price, unit_price, price_source,
  flash_sale_id, discount, booking_date)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
				id, l.VariantID, l.ProductID, l.ProductCode, l.SKU, l.Name.Ko, l.Name.Zh, l.Name.En,
				l.VariantName.Ko, l.VariantName.Zh, l.VariantName.En, l.Kind, l.Qty, l.ListPrice, l.UnitPrice, l.Source,
				nullID(l.FlashSaleID), l.Discount, dayKey(l.BookingDate))
			if err != nil {
				return placed, fmt.Errorf("store.PlaceOrders: line: %w", err)
			}
			if p.CartOwner != "" {
				if _, err := tx.ExecContext(ctx, `DELETE FROM cart_items WHERE owner = $1 AND variant_id = $2 AND booking_date = $3`,
					p.CartOwner, l.VariantID, dayKey(l.BookingDate)); err != nil {
					return placed, fmt.Errorf("store.PlaceOrders: cart: %w", err)
				}
			}
		}
		if err := addEvent(ctx, tx, id, "", orders.PendingPayment, p.BuyerID, "", now); err != nil {
			return placed, err
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO payments (group_id, method, amount, status, ref, point_id, expires_at, created_at, updated_at)
VALUES ($1, $2, $3, 'pending', $4, $5, $6, $7, $7)`, placed.GroupID, p.Payment.Method, p.Total, p.Payment.Ref, nullID(p.Payment.PointID),
		micros(p.ExpiresAt), now)
	if err != nil {
		return placed, fmt.Errorf("store.PlaceOrders: payment: %w", err)
	}
	return placed, nil
}

// GroupByRequestKey returns the checkout group buyerID placed under the
// API request key key, or NotFound: what a retry of a checkout whose
// answer was lost finds.
func (db *DB) GroupByRequestKey(ctx context.Context, buyerID int64, key string) (int64, error) {
	var id int64
	err := db.r.QueryRowContext(ctx, `SELECT id FROM checkout_groups WHERE buyer_id = $1 AND request_key = $2`, buyerID, key).Scan(&id)
	if errNoRows(err) || key == "" {
		return 0, errs.E(errs.NotFound, "err.orders.checkout_not_found", key)
	}
	if err != nil {
		return 0, fmt.Errorf("store.GroupByRequestKey: %w", err)
	}
	return id, nil
}

// reserveLine takes a line's units from stock (or the day's capacity) and
// from its flash sale, with conditional updates that cannot go below zero
// or over a cap whatever runs concurrently.
func reserveLine(ctx context.Context, tx *sql.Tx, buyerID int64, l orders.Line, now int64) error {
	if l.Kind == catalog.Tourism {
		res, err := tx.ExecContext(ctx, `INSERT INTO bookings (variant_id, booking_date, booked)
SELECT $1, $2, $3 FROM variants WHERE id = $1 AND stock >= $3
ON CONFLICT (variant_id, booking_date) DO UPDATE SET booked = bookings.booked + excluded.booked
WHERE bookings.booked + excluded.booked <= (SELECT stock FROM variants WHERE id = $1)`, l.VariantID, dayKey(l.BookingDate), l.Qty)
		if err != nil {
			return fmt.Errorf("store.reserveLine: booking: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.E(errs.Conflict, "err.orders.booked_out", l.Name, dayKey(l.BookingDate))
		}
	} else {
		res, err := tx.ExecContext(ctx, `UPDATE variants SET stock = stock - $2 WHERE id = $1 AND stock >= $2 AND NOT archived`, l.VariantID, l.Qty)
		if err != nil {
			return fmt.Errorf("store.reserveLine: stock: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.InField("qty", errs.E(errs.Conflict, "err.orders.stock_short", l.Name, l.SKU, l.Qty))
		}
		if _, err := tx.ExecContext(ctx, `UPDATE products SET total_stock = total_stock - $2 WHERE id = $1`, l.ProductID, l.Qty); err != nil {
			return fmt.Errorf("store.reserveLine: %w", err)
		}
	}
	if l.FlashSaleID == 0 {
		return nil
	}
	res, err := tx.ExecContext(ctx, `UPDATE flash_sales SET sold = sold + $2 WHERE id = $1 AND sold + $2 <= cap AND starts_at <= $3 AND ends_at > $3`,
		l.FlashSaleID, l.Qty, now)
	if err != nil {
		return fmt.Errorf("store.reserveLine: flash: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.InField("qty", errs.E(errs.Conflict, "err.promo.flash_over"))
	}
	var limit int
	if err := tx.QueryRowContext(ctx, `SELECT per_buyer FROM flash_sales WHERE id = $1`, l.FlashSaleID).Scan(&limit); err != nil {
		return fmt.Errorf("store.reserveLine: %w", err)
	}
	if limit > 0 && l.Qty > limit {
		return errs.InField("qty", errs.E(errs.Conflict, "err.promo.flash_limit", limit))
	}
	res, err = tx.ExecContext(ctx, `INSERT INTO flash_sale_buyers (sale_id, buyer_id, qty) VALUES ($1, $2, $3)
ON CONFLICT (sale_id, buyer_id) DO UPDATE SET qty = flash_sale_buyers.qty + excluded.qty
WHERE $4 = 0 OR flash_sale_buyers.qty + excluded.qty <= $4`, l.FlashSaleID, buyerID, l.Qty, limit)
	if err != nil {
		return fmt.Errorf("store.reserveLine: flash buyer: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.InField("qty", errs.E(errs.Conflict, "err.promo.flash_limit", limit))
	}
	return nil
}

// useCoupon counts delta uses of a coupon (negative to give them back),
// against its total and per-buyer limits.
func useCoupon(ctx context.Context, tx *sql.Tx, code string, perBuyer int, buyerID int64, delta int) error {
	res, err := tx.ExecContext(ctx, `UPDATE coupons SET used = used + $2 WHERE code = $1 AND (total_limit = 0 OR used + $2 <= total_limit) AND used + $2 >= 0`, code, delta)
	if err != nil {
		return fmt.Errorf("store.useCoupon: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.InField("coupon", errs.E(errs.Conflict, "err.promo.coupon_used_up", code))
	}
	res, err = tx.ExecContext(ctx, `INSERT INTO coupon_buyers (code, buyer_id, uses) SELECT $1, $2, $3 WHERE $3 > 0
ON CONFLICT (code, buyer_id) DO UPDATE SET uses = coupon_buyers.uses + excluded.uses
WHERE ($4 = 0 OR coupon_buyers.uses + excluded.uses <= $4) AND coupon_buyers.uses + excluded.uses >= 0`, code, buyerID, delta, perBuyer)
	if err != nil {
		return fmt.Errorf("store.useCoupon: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 && delta > 0 {
		return errs.InField("coupon", errs.E(errs.Conflict, "err.promo.coupon_used", code))
	}
	if delta < 0 {
		_, err = tx.ExecContext(ctx, `UPDATE coupon_buyers SET uses = uses + $3 WHERE code = $1 AND buyer_id = $2 AND uses + $3 >= 0`, code, buyerID, delta)
	}
	return err
}

func addEvent(ctx context.Context, tx *sql.Tx, orderID int64, from, to orders.Status, actorID int64, note string, at int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO order_events (order_id, from_status, to_status, actor_id, note, at) VALUES ($1, $2, $3, $4, $5, $6)`,
		orderID, from, to, nullID(actorID), note, at)
	if err != nil {
		return fmt.Errorf("store.addEvent: %w", err)
	}
	return nil
}

// errNoRows reports whether err is sql.ErrNoRows.
func errNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
