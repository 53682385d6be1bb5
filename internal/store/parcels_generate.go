package store

import (
	"context"
	"fmt"

	"maeul/internal/parcels"
)

// GenerateParcels writes made-up paid orders as GenerateOrders does, ships
// them, and stores for each the parcel plan returns (given the order's
// id; its route planned as parcels.Planner plans it), all in one
// transaction. It returns the parcels' ids in the order of os. Like
// GenerateOrders it is for load tools only: it allocates the orders' ids
// itself, and nothing else may write to the database meanwhile.
func (db *DB) GenerateParcels(ctx context.Context, os []GeneratedOrder, shipRegion string,
	plan func(orderID int64, o GeneratedOrder) (parcels.Parcel, error)) ([]int64, error) {
	if len(os) == 0 {
		return nil, nil
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("store.GenerateParcels: %w", err)
	}
	defer tx.Rollback()
	first, err := maxID(ctx, tx, "orders")
	if err != nil {
		return nil, fmt.Errorf("store.GenerateParcels: %w", err)
	}
	if err := generateOrders(ctx, tx, db.dialect, os, shipRegion); err != nil {
		return nil, fmt.Errorf("store.GenerateParcels: %w", err)
	}
	if err := db.dialect.syncIDs(ctx, tx, "checkout_groups", "payments", "orders", "order_lines"); err != nil {
		return nil, fmt.Errorf("store.GenerateParcels: %w", err)
	}
	now := micros(db.now())
	if _, err := tx.ExecContext(ctx, `UPDATE orders SET status = 'shipped', updated_at = $2 WHERE id > $1`, first, now); err != nil {
		return nil, fmt.Errorf("store.GenerateParcels: %w", err)
	}
	for i, o := range os {
		p, err := plan(first+1+int64(i), o)
		if err != nil {
			return nil, fmt.Errorf("store.GenerateParcels: %w", err)
		}
		if err := insertParcel(ctx, tx, p, now); err != nil {
			return nil, fmt.Errorf("store.GenerateParcels: %w", err)
		}
	}
	ids, err := queryAll(ctx, tx, scanOne[int64], `SELECT id FROM parcels WHERE order_id > $1 ORDER BY order_id`, first)
	if err != nil {
		return nil, fmt.Errorf("store.GenerateParcels: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("store.GenerateParcels: %w", err)
	}
	return ids, nil
}

// CountParcelScans returns how many scans are recorded of the parcels,
// for a load tool checking that nothing was recorded twice.
func (db *DB) CountParcelScans(ctx context.Context, parcelIDs []int64) (int64, error) {
	var total int64
	for chunk := range chunks(parcelIDs, 500) {
		var b sqlBuilder
		var n int64
		if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM parcel_scans WHERE parcel_id IN `+inList(&b, chunk), b.args...).Scan(&n); err != nil {
			return 0, fmt.Errorf("store.CountParcelScans: %w", err)
		}
		total += n
	}
	return total, nil
}
