package store

import (
	"context"
	"fmt"
	"strings"

	"maeul/internal/errs"
	"maeul/internal/orders"
)

const orderColumns = `id, group_id, buyer_id, org_id, status, refund_state, delivery, COALESCE(point_id, 0),
  ship_name, ship_phone, ship_region, ship_detail, subtotal, discount, shipping, total, refunded, coupon,
  carrier, tracking, expires_at, created_at, updated_at,
  (SELECT g.lang FROM checkout_groups g WHERE g.id = orders.group_id)`

func scanOrder(sc interface{ Scan(...any) error }) (orders.Order, error) {
	var o orders.Order
	var exp, created, updated int64
	err := sc.Scan(&o.ID, &o.GroupID, &o.BuyerID, &o.OrgID, &o.Status, &o.RefundState, &o.Delivery, &o.PointID,
		&o.Address.Name, &o.Address.Phone, &o.Address.Region, &o.Address.Detail, &o.Subtotal, &o.Discount, &o.Shipping,
		&o.Total, &o.Refunded, &o.Coupon, &o.Carrier, &o.Tracking, &exp, &created, &updated, &o.Lang)
	o.ExpiresAt, o.CreatedAt, o.UpdatedAt = fromMicros(exp), fromMicros(created), fromMicros(updated)
	return o, err
}

// Order returns an order with its lines and events, or NotFound.
func (db *DB) Order(ctx context.Context, id int64) (orders.Order, error) {
	return order(ctx, db.r, id)
}

func order(ctx context.Context, q querier, id int64) (orders.Order, error) {
	o, err := scanOrder(q.QueryRowContext(ctx, `SELECT `+orderColumns+` FROM orders WHERE id = $1`, id))
	if errNoRows(err) {
		return o, errs.E(errs.NotFound, "err.orders.not_found", id)
	}
	if err != nil {
		return o, fmt.Errorf("store.Order: %w", err)
	}
	os := []orders.Order{o}
	if err := loadLinesAndEvents(ctx, q, os); err != nil {
		return o, err
	}
	return os[0], nil
}

// GroupOrders returns the orders of a checkout group, or NotFound.
func (db *DB) GroupOrders(ctx context.Context, groupID int64) ([]orders.Order, error) {
	os, err := db.ordersWhere(ctx, `group_id = $1 ORDER BY id`, groupID)
	if err == nil && len(os) == 0 {
		err = errs.E(errs.NotFound, "err.orders.checkout_not_found", groupID)
	}
	return os, err
}

// Orders lists orders, newest first, with their lines and events.
func (db *DB) Orders(ctx context.Context, f orders.Filter) ([]orders.Order, error) {
	var b sqlBuilder
	if f.BuyerID != 0 {
		b.where(`buyer_id = ` + b.arg(f.BuyerID))
	}
	if f.OrgID != 0 {
		b.where(`org_id = ` + b.arg(f.OrgID))
	}
	if f.PointID != 0 {
		b.where(`point_id = ` + b.arg(f.PointID))
	}
	if len(f.Statuses) > 0 {
		b.where(`status IN ` + inList(&b, f.Statuses))
	}
	limit := f.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	rows, err := db.r.QueryContext(ctx, `SELECT `+orderColumns+` FROM orders`+b.whereSQL()+fmt.Sprintf(` ORDER BY created_at DESC, id DESC LIMIT %d OFFSET %d`, limit, max(f.Offset, 0)), b.args...)
	if err != nil {
		return nil, fmt.Errorf("store.Orders: %w", err)
	}
	return collectOrders(ctx, db.r, rows)
}

func (db *DB) ordersWhere(ctx context.Context, where string, args ...any) ([]orders.Order, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+orderColumns+` FROM orders WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store.orders: %w", err)
	}
	return collectOrders(ctx, db.r, rows)
}

func collectOrders(ctx context.Context, q querier, rows interface {
	Next() bool
	Scan(...any) error
	Close() error
	Err() error
}) ([]orders.Order, error) {
	var os []orders.Order
	for rows.Next() {
		o, err := scanOrder(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store.orders: %w", err)
		}
		os = append(os, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store.orders: %w", err)
	}
	return os, loadLinesAndEvents(ctx, q, os)
}

// loadLinesAndEvents fills in the lines and events of orders with two
// queries.
func loadLinesAndEvents(ctx context.Context, q querier, os []orders.Order) error {
	if len(os) == 0 {
		return nil
	}
	idx := map[int64]int{}
	ids := make([]string, len(os))
	for i, o := range os {
		idx[o.ID] = i
		ids[i] = fmt.Sprint(o.ID)
	}
	// One order (a checkout of one store, the common case) has a text of
	// its own, so that it is compiled once per connection.
	where, args := `order_id IN (`+strings.Join(ids, ",")+`)`, []any(nil)
	if len(os) == 1 {
		where, args = `order_id = $1`, []any{os[0].ID}
	}
	rows, err := q.QueryContext(ctx, `SELECT id, order_id, variant_id, product_id, product_code, sku, name_ko, name_zh, name_en,
  variant_ko, variant_zh, variant_en, kind, qty, list_price, unit_price, price_source, COALESCE(flash_sale_id, 0), discount,
  booking_date, refunded_qty, refunded, restocked_qty FROM order_lines WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return fmt.Errorf("store.orderLines: %w", err)
	}
	for rows.Next() {
		var l orders.Line
		var orderID int64
		var day string
		if err := rows.Scan(&l.ID, &orderID, &l.VariantID, &l.ProductID, &l.ProductCode, &l.SKU, &l.Name.Ko, &l.Name.Zh, &l.Name.En,
			&l.VariantName.Ko, &l.VariantName.Zh, &l.VariantName.En, &l.Kind, &l.Qty, &l.ListPrice, &l.UnitPrice, &l.Source,
			&l.FlashSaleID, &l.Discount, &day, &l.RefundedQty, &l.Refunded, &l.RestockedQty); err != nil {
			rows.Close()
			return fmt.Errorf("store.orderLines: %w", err)
		}
		l.BookingDate = parseDay(day)
		o := &os[idx[orderID]]
		o.Lines = append(o.Lines, l)
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, `SELECT order_id, from_status, to_status, COALESCE(actor_id, 0), note, at
FROM order_events WHERE `+where+` ORDER BY at, id`, args...)
	if err != nil {
		return fmt.Errorf("store.orderEvents: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e orders.Event
		var orderID, at int64
		if err := rows.Scan(&orderID, &e.From, &e.To, &e.ActorID, &e.Note, &at); err != nil {
			return fmt.Errorf("store.orderEvents: %w", err)
		}
		e.At = fromMicros(at)
		o := &os[idx[orderID]]
		o.Events = append(o.Events, e)
	}
	return rows.Err()
}

var _ orders.Store = (*DB)(nil)
