package store

import (
	"context"
	"fmt"
	"strconv"

	"maeul/internal/vans"
)

var _ vans.Parcels = (*DB)(nil)

// WaitingAt returns the open parcels for home delivery by van whose last
// scan was at the base and whose next leg is the buyer's door, with the
// time they came there and their weights: each goods line's quantity
// times its variant's unit weight (vans.UnitGrams of its names).
func (db *DB) WaitingAt(ctx context.Context, baseID int64) ([]vans.Waiting, error) {
	type waiting struct {
		vans.Waiting
		order int64
	}
	ws, err := queryAll(ctx, db.r, func(sc rowScanner) (waiting, error) {
		var w waiting
		var since int64
		err := sc.Scan(&w.ParcelID, &w.order, &w.Dest, &since)
		w.Since = fromMicros(since)
		return w, err
	}, `SELECT p.id, p.order_id, p.dest_region, p.at_since FROM parcels p
JOIN parcel_legs d ON d.parcel_id = p.id AND d.seq = p.next_leg AND d.kind = 'door'
WHERE p.at_point_id = $1 AND p.state = 'in_transit' AND p.delivery = 'van' ORDER BY p.at_since, p.id`, baseID)
	if err != nil {
		return nil, fmt.Errorf("store.WaitingAt: %w", err)
	}
	orders := make([]int64, len(ws))
	for i, w := range ws {
		orders[i] = w.order
	}
	weights, err := db.orderWeights(ctx, orders)
	if err != nil {
		return nil, err
	}
	out := make([]vans.Waiting, len(ws))
	for i, w := range ws {
		w.WeightG = weights[w.order]
		out[i] = w.Waiting
	}
	return out, nil
}

// orderWeights returns the weight in grams of the goods of each order
// among ids (the units refunded before shipping left out).
func (db *DB) orderWeights(ctx context.Context, ids []int64) (map[int64]int64, error) {
	out := map[int64]int64{}
	err := inChunks(ids, func(b *sqlBuilder, in string) error {
		_, err := queryAll(ctx, db.r, func(sc rowScanner) (struct{}, error) {
			var order, qty int64
			var en, zh, ko string
			err := sc.Scan(&order, &qty, &en, &zh, &ko)
			out[order] += qty * vans.UnitGrams(en, zh, ko)
			return struct{}{}, err
		}, `SELECT order_id, qty, variant_en, variant_zh, variant_ko FROM order_lines WHERE kind = 'goods' AND order_id IN `+in, b.args...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store.orderWeights: %w", err)
	}
	return out, nil
}

// Manifests returns what a run's manifest shows of each parcel among ids:
// its number, its order's, the order's recipient, phone and address, and
// its pick-up code if it has one.
func (db *DB) Manifests(ctx context.Context, ids []int64) (map[int64]vans.Manifest, error) {
	out := map[int64]vans.Manifest{}
	err := inChunks(ids, func(b *sqlBuilder, in string) error {
		_, err := queryAll(ctx, db.r, func(sc rowScanner) (struct{}, error) {
			var id, order int64
			var m vans.Manifest
			err := sc.Scan(&id, &order, &m.Recipient, &m.Phone, &m.Address, &m.PickupCode)
			m.Ref, m.OrderRef = strconv.FormatInt(id, 10), strconv.FormatInt(order, 10)
			out[id] = m
			return struct{}{}, err
		}, `SELECT p.id, p.order_id, o.ship_name, o.ship_phone, o.ship_detail, p.pickup_code
FROM parcels p JOIN orders o ON o.id = p.order_id WHERE p.id IN `+in, b.args...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store.Manifests: %w", err)
	}
	return out, nil
}

// Settled returns the parcels among ids that were delivered at the door
// (at the time of the scan there) or returned.
func (db *DB) Settled(ctx context.Context, ids []int64) (map[int64]vans.Result, error) {
	out := map[int64]vans.Result{}
	err := inChunks(ids, func(b *sqlBuilder, in string) error {
		_, err := queryAll(ctx, db.r, func(sc rowScanner) (struct{}, error) {
			var r vans.Result
			var state string
			var at int64
			err := sc.Scan(&r.ParcelID, &state, &at)
			r.Outcome = vans.Returned
			if state == "delivered" {
				r.Outcome = vans.Delivered
			}
			if at != 0 {
				r.At = fromMicros(at)
			}
			out[r.ParcelID] = r
			return struct{}{}, err
		}, `SELECT id, state, at_since FROM parcels WHERE state IN ('delivered', 'returned') AND id IN `+in, b.args...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store.Settled: %w", err)
	}
	return out, nil
}

// inChunks calls fn with the ids in lists of at most 500 (a statement's
// placeholders are bounded): b holds their arguments, in their
// placeholders as an IN list.
func inChunks(ids []int64, fn func(b *sqlBuilder, in string) error) error {
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 500)]
		ids = ids[len(chunk):]
		b := &sqlBuilder{}
		if err := fn(b, inList(b, chunk)); err != nil {
			return err
		}
	}
	return nil
}

// VanBases returns those of ids that keep at least one van.
func (db *DB) VanBases(ctx context.Context, ids []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	err := inChunks(ids, func(b *sqlBuilder, in string) error {
		got, err := queryAll(ctx, db.r, scanOne[int64], `SELECT DISTINCT base_id FROM vans WHERE base_id IN `+in, b.args...)
		for _, id := range got {
			out[id] = true
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store.VanBases: %w", err)
	}
	return out, nil
}
