package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"maeul/internal/impact"
	"maeul/internal/money"
	"maeul/internal/region"
)

// GeneratedOrder is a paid order a load tool makes up: one store's lines,
// bought by a user and paid at a time.
type GeneratedOrder struct {
	BuyerID int64
	OrgID   int64
	PaidAt  time.Time
	Lines   []GeneratedLine
}

// GeneratedLine is one line of a GeneratedOrder, at its variant's price.
type GeneratedLine struct {
	ProductID   int64
	VariantID   int64
	ProductCode string
	SKU         string
	Qty         int
	UnitPrice   money.Fen
}

// GenerateOrders writes made-up paid orders as a checkout and its confirmed
// payment leave them — a checkout group per order, its payment paid, the
// order paid with its lines — and posts their sales to the ledger as
// ConfirmPayment does, through the same ledger writer: each line's
// impact.SalePostings over its store's links, one ledger transaction per
// order. Unlike the checkout it writes many rows per statement and all
// the orders in one transaction, so that load tools can post millions of
// lines. It is for load tools only: it allocates ids itself, and nothing
// else may write to the database meanwhile.
func (db *DB) GenerateOrders(ctx context.Context, os []GeneratedOrder, shipRegion string) error {
	if len(os) == 0 {
		return nil
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("store.GenerateOrders: %w", err)
	}
	defer tx.Rollback()
	if err := generateOrders(ctx, tx, db.dialect, os, shipRegion); err != nil {
		return fmt.Errorf("store.GenerateOrders: %w", err)
	}
	if err := db.dialect.syncIDs(ctx, tx, "checkout_groups", "payments", "orders", "order_lines"); err != nil {
		return fmt.Errorf("store.GenerateOrders: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store.GenerateOrders: %w", err)
	}
	return nil
}

// syncIDs moves the id sequences of tables past the ids written into
// them by hand, on PostgreSQL (SQLite takes the next id from the rows).
func (d dialect) syncIDs(ctx context.Context, tx *sql.Tx, tables ...string) error {
	if d.name != "postgres" {
		return nil
	}
	for _, t := range tables {
		if _, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'), (SELECT max(id) FROM `+t+`))`); err != nil {
			return err
		}
	}
	return nil
}

func maxID(ctx context.Context, tx *sql.Tx, table string) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(max(id), 0) FROM `+table).Scan(&id)
	return id, err
}

func generateOrders(ctx context.Context, tx *sql.Tx, d dialect, os []GeneratedOrder, shipRegion string) error {
	// Take the ledger head first, as every ledger writer does.
	const n = 300
	lw, err := openLedger(ctx, tx, d, n)
	if err != nil {
		return err
	}
	var ids [4]int64
	for i, t := range []string{"checkout_groups", "payments", "orders", "order_lines"} {
		if ids[i], err = maxID(ctx, tx, t); err != nil {
			return err
		}
	}
	groupID, payID, orderID, lineID := ids[0], ids[1], ids[2], ids[3]
	positional := d.positional()
	groups := &multiRow{ctx: ctx, q: tx, positional: positional, max: n, cols: 4, prefix: `INSERT INTO checkout_groups (id, buyer_id, total, created_at) VALUES `}
	pays := &multiRow{ctx: ctx, q: tx, positional: positional, max: n, cols: 9, prefix: `INSERT INTO payments (id, group_id, method, amount, status, ref, paid_at, created_at, updated_at) VALUES `}
	ords := &multiRow{ctx: ctx, q: tx, positional: positional, max: n, cols: 17, prefix: `INSERT INTO orders (id, group_id, buyer_id, org_id, status, delivery, ship_name, ship_phone, ship_region,
  ship_detail, subtotal, discount, shipping, total, expires_at, created_at, updated_at) VALUES `}
	lines := &multiRow{ctx: ctx, q: tx, positional: positional, max: n, cols: 12, prefix: `INSERT INTO order_lines (id, order_id, variant_id, product_id, product_code, sku, kind, qty,
  list_price, unit_price, price_source, discount) VALUES `}
	pays.parents = []*multiRow{groups}
	ords.parents = []*multiRow{groups}
	lines.parents = []*multiRow{ords}
	type orgLinks struct {
		links    []impact.Link
		villages map[int64]region.Code
	}
	byOrg := map[int64]orgLinks{}
	var posts []ledgerPost
	for _, o := range os {
		ol, ok := byOrg[o.OrgID]
		if !ok {
			if ol.links, ol.villages, err = saleLinks(ctx, tx, o.OrgID); err != nil {
				return err
			}
			byOrg[o.OrgID] = ol
		}
		groupID++
		payID++
		orderID++
		at := micros(o.PaidAt)
		var total money.Fen
		for _, l := range o.Lines {
			total += l.UnitPrice * money.Fen(l.Qty)
		}
		if err := groups.add(groupID, o.BuyerID, total, at); err != nil {
			return err
		}
		if err := pays.add(payID, groupID, "sandbox", total, "paid", fmt.Sprintf("GEN%012d", groupID), at, at, at); err != nil {
			return err
		}
		if err := ords.add(orderID, groupID, o.BuyerID, o.OrgID, "paid", "home", "Bench", "13800000000", shipRegion, "generated",
			total, 0, 0, total, at, at, at); err != nil {
			return err
		}
		posts = posts[:0]
		for _, l := range o.Lines {
			lineID++
			if err := lines.add(lineID, orderID, l.VariantID, l.ProductID, l.ProductCode, l.SKU, "goods", l.Qty, l.UnitPrice, l.UnitPrice, "list", 0); err != nil {
				return err
			}
			posts = appendSale(posts, impact.SaleLine{LineID: lineID, OrgID: o.OrgID, ProductID: l.ProductID, VariantID: l.VariantID,
				Qty: l.Qty, Net: l.UnitPrice * money.Fen(l.Qty), PaidAt: o.PaidAt}, ol.links, ol.villages)
		}
		if _, err := lw.post(posts, o.PaidAt); err != nil {
			return err
		}
	}
	for _, r := range []*multiRow{groups, pays, ords, lines} {
		if err := r.flush(); err != nil {
			return err
		}
	}
	return lw.close()
}

// Analyze refreshes the planner's statistics on PostgreSQL, as autovacuum
// does after a bulk load, for load tools that measure right after
// generating data (SQLite's planner keeps none that the figures need).
func (db *DB) Analyze(ctx context.Context) error {
	if db.dialect.name != "postgres" {
		return nil
	}
	if _, err := db.w.ExecContext(ctx, `ANALYZE`); err != nil {
		return fmt.Errorf("store.Analyze: %w", err)
	}
	return nil
}
