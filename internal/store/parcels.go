package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"maeul/internal/errs"
	"maeul/internal/orders"
	"maeul/internal/parcels"
)

// insertParcel stores a planned parcel and its legs inside tx (the
// transaction that ships its order).
func insertParcel(ctx context.Context, tx *sql.Tx, p parcels.Parcel, now int64) error {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO parcels (order_id, buyer_id, org_id, seller_region, dest_region, delivery, state,
  pickup_point_id, carrier, tracking, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id`,
		p.OrderID, p.BuyerID, p.OrgID, p.SellerRegion, p.DestRegion, p.Delivery, parcels.Planned,
		nullID(p.PickupPointID), p.Carrier, p.Tracking, now).Scan(&id)
	if isUnique(err) {
		return errs.E(errs.Conflict, "err.parcels.order_has_parcel", p.OrderID)
	}
	if err != nil {
		return fmt.Errorf("store.insertParcel: %w", err)
	}
	for _, l := range p.Legs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO parcel_legs (parcel_id, seq, kind, point_id, region_code) VALUES ($1, $2, $3, $4, $5)`,
			id, l.Seq, l.Kind, nullID(l.PointID), l.Region); err != nil {
			return fmt.Errorf("store.insertParcel: leg: %w", err)
		}
	}
	return nil
}

const parcelColumns = `id, order_id, buyer_id, org_id, seller_region, dest_region, delivery, state, next_leg,
  COALESCE(at_point_id, 0), at_since, COALESCE(pickup_point_id, 0), pickup_code, carrier, tracking, version, created_at, updated_at`

func scanParcel(sc rowScanner) (parcels.Parcel, error) {
	var p parcels.Parcel
	var since, created, updated int64
	err := sc.Scan(&p.ID, &p.OrderID, &p.BuyerID, &p.OrgID, &p.SellerRegion, &p.DestRegion, &p.Delivery, &p.State, &p.Next,
		&p.AtPointID, &since, &p.PickupPointID, &p.PickupCode, &p.Carrier, &p.Tracking, &p.Version, &created, &updated)
	if since != 0 {
		p.AtSince = fromMicros(since)
	}
	p.CreatedAt, p.UpdatedAt = fromMicros(created), fromMicros(updated)
	return p, err
}

// Parcel returns a parcel with its legs, or NotFound.
func (db *DB) Parcel(ctx context.Context, id int64) (parcels.Parcel, error) {
	return db.parcelWhere(ctx, `id = $1`, id)
}

// ParcelForOrder returns the parcel of an order, or NotFound.
func (db *DB) ParcelForOrder(ctx context.Context, orderID int64) (parcels.Parcel, error) {
	return db.parcelWhere(ctx, `order_id = $1`, orderID)
}

func (db *DB) parcelWhere(ctx context.Context, where string, arg int64) (parcels.Parcel, error) {
	ps, err := queryAll(ctx, db.r, scanParcel, `SELECT `+parcelColumns+` FROM parcels WHERE `+where, arg)
	if err != nil {
		return parcels.Parcel{}, fmt.Errorf("store.Parcel: %w", err)
	}
	if len(ps) == 0 {
		return parcels.Parcel{}, errs.E(errs.NotFound, "err.parcels.not_found", arg)
	}
	if err := loadLegs(ctx, db.r, ps); err != nil {
		return parcels.Parcel{}, err
	}
	return ps[0], nil
}

// loadLegs fills in the legs of ps, with their points' codes and names,
// in one query.
func loadLegs(ctx context.Context, q querier, ps []parcels.Parcel) error {
	if len(ps) == 0 {
		return nil
	}
	idx := make(map[int64]int, len(ps))
	var b sqlBuilder
	ids := make([]int64, len(ps))
	for i, p := range ps {
		idx[p.ID] = i
		ids[i] = p.ID
	}
	rows, err := q.QueryContext(ctx, `SELECT l.parcel_id, l.seq, l.kind, COALESCE(l.point_id, 0), COALESCE(sp.code, ''),
  COALESCE(sp.name_ko, ''), COALESCE(sp.name_zh, ''), COALESCE(sp.name_en, ''), l.region_code, l.scanned_at
FROM parcel_legs l LEFT JOIN service_points sp ON sp.id = l.point_id
WHERE l.parcel_id IN `+inList(&b, ids)+` ORDER BY l.parcel_id, l.seq`, b.args...)
	if err != nil {
		return fmt.Errorf("store.loadLegs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, at int64
		var l parcels.Leg
		if err := rows.Scan(&id, &l.Seq, &l.Kind, &l.PointID, &l.PointCode, &l.PointName.Ko, &l.PointName.Zh, &l.PointName.En, &l.Region, &at); err != nil {
			return fmt.Errorf("store.loadLegs: %w", err)
		}
		if at != 0 {
			l.ScannedAt = fromMicros(at)
		}
		ps[idx[id]].Legs = append(ps[idx[id]].Legs, l)
	}
	return rows.Err()
}

// Parcels lists the parcels f selects, with their legs, oldest arrival
// (then oldest parcel) first.
func (db *DB) Parcels(ctx context.Context, f parcels.Filter) ([]parcels.Parcel, error) {
	var b sqlBuilder
	if f.AtPointID != 0 {
		b.where(`at_point_id = ` + b.arg(f.AtPointID))
	}
	if f.PickupPointID != 0 {
		b.where(`pickup_point_id = ` + b.arg(f.PickupPointID))
	}
	if f.FirstMilePointID != 0 {
		b.where(`id IN (SELECT parcel_id FROM parcel_legs WHERE seq = 0 AND scanned_at = 0 AND point_id = ` + b.arg(f.FirstMilePointID) + `)`)
	}
	if f.OrgID != 0 {
		b.where(`org_id = ` + b.arg(f.OrgID))
	}
	if f.Within != "" {
		pre := likePrefix(f.Within.Prefix())
		b.where(`(seller_region LIKE ` + b.arg(pre) + ` ESCAPE '\' OR dest_region LIKE ` + b.arg(pre) + ` ESCAPE '\')`)
	}
	if len(f.States) > 0 {
		b.where(`state IN ` + inList(&b, f.States))
	}
	if !f.HeldBefore.IsZero() {
		b.where(`at_since > 0 AND at_since < ` + b.arg(micros(f.HeldBefore)))
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	limit = min(limit, 500)
	q := `SELECT ` + parcelColumns + ` FROM parcels` + b.whereSQL() + fmt.Sprintf(` ORDER BY at_since, id LIMIT %d`, limit)
	ps, err := queryAll(ctx, db.r, scanParcel, q, b.args...)
	if err != nil {
		return nil, fmt.Errorf("store.Parcels: %w", err)
	}
	return ps, loadLegs(ctx, db.r, ps)
}

const scanColumns = `scan_id, parcel_id, node, COALESCE(point_id, 0), seq, at, COALESCE(user_id, 0), COALESCE(key_id, 0),
  out_of_order, reason, state, recorded_at`

func scanScan(sc rowScanner) (parcels.Scan, error) {
	var s parcels.Scan
	var at, rec int64
	err := sc.Scan(&s.ScanID, &s.ParcelID, &s.Node, &s.PointID, &s.Seq, &at, &s.UserID, &s.KeyID, &s.OutOfOrder, &s.Reason, &s.State, &rec)
	s.At, s.RecordedAt = fromMicros(at), fromMicros(rec)
	return s, err
}

// ParcelScans returns a parcel's scans in the order recorded.
func (db *DB) ParcelScans(ctx context.Context, parcelID int64) ([]parcels.Scan, error) {
	out, err := queryAll(ctx, db.r, scanScan, `SELECT `+scanColumns+` FROM parcel_scans WHERE parcel_id = $1 ORDER BY id`, parcelID)
	if err != nil {
		return nil, fmt.Errorf("store.ParcelScans: %w", err)
	}
	return out, nil
}

// ScanState returns the parcels among ids with their legs (unknown ids
// left out), and the scans recorded under scanIDs, by scan id; both maps
// are never nil.
func (db *DB) ScanState(ctx context.Context, ids []int64, scanIDs []string) (map[int64]parcels.Parcel, map[string]parcels.Scan, error) {
	byID := map[int64]parcels.Parcel{}
	seen := map[string]parcels.Scan{}
	for chunk := range chunks(dedupe(ids), 500) {
		var b sqlBuilder
		ps, err := queryAll(ctx, db.r, scanParcel, `SELECT `+parcelColumns+` FROM parcels WHERE id IN `+inList(&b, chunk), b.args...)
		if err != nil {
			return nil, nil, fmt.Errorf("store.ScanState: %w", err)
		}
		if err := loadLegs(ctx, db.r, ps); err != nil {
			return nil, nil, err
		}
		for _, p := range ps {
			byID[p.ID] = p
		}
	}
	for chunk := range chunks(dedupe(scanIDs), 500) {
		var b sqlBuilder
		ss, err := queryAll(ctx, db.r, scanScan, `SELECT `+scanColumns+` FROM parcel_scans WHERE scan_id IN `+inList(&b, chunk), b.args...)
		if err != nil {
			return nil, nil, fmt.Errorf("store.ScanState: %w", err)
		}
		for _, s := range ss {
			seen[s.ScanID] = s
		}
	}
	return byID, seen, nil
}

// SaveScans records scans and the parcels they changed in one
// transaction, in a few set-based statements whatever the batch's size:
// the parcels updated over the versions they were read at, the legs'
// first scan times, the scans inserted, many rows a statement. A parcel
// changed meanwhile, a scan id or pick-up code taken meanwhile is a
// Conflict (reason "err.parcels.changed_meanwhile") and nothing is written.
func (db *DB) SaveScans(ctx context.Context, scans []parcels.Scan, changed []parcels.Parcel) error {
	meanwhile := errs.E(errs.Conflict, "err.parcels.changed_meanwhile")
	positional := db.dialect.positional()
	return db.batch.do(ctx, func(ctx context.Context, tx *sql.Tx) error {
		now := micros(db.now())
		// Every parcel is updated over its version, or none is.
		ups := &multiRow{ctx: ctx, q: tx, positional: positional, max: 500, cols: 8,
			casts:  []string{"::bigint", "::bigint", "::text", "::integer", "::bigint", "::bigint", "::text", "::bigint"},
			prefix: `WITH v (id, version, state, next_leg, at_point_id, at_since, pickup_code, updated_at) AS (VALUES `,
			suffix: `) UPDATE parcels SET state = v.state, next_leg = v.next_leg, at_point_id = v.at_point_id, at_since = v.at_since,
  pickup_code = v.pickup_code, version = parcels.version + 1, updated_at = v.updated_at
FROM v WHERE parcels.id = v.id AND parcels.version = v.version`,
			check: func(rows int, affected int64) error {
				if affected != int64(rows) {
					return meanwhile
				}
				return nil
			}}
		byID := make(map[int64]parcels.Parcel, len(changed))
		for _, p := range changed {
			byID[p.ID] = p
			if err := ups.add(p.ID, p.Version, p.State, p.Next, nullID(p.AtPointID), microsOrZero(p.AtSince), p.PickupCode, now); err != nil {
				return scanWriteErr(err, meanwhile)
			}
		}
		if err := scanWriteErr(ups.flush(), meanwhile); err != nil {
			return err
		}
		legs := &multiRow{ctx: ctx, q: tx, positional: positional, max: 500, cols: 3,
			casts:  []string{"::bigint", "::integer", "::bigint"},
			prefix: `WITH v (parcel_id, seq, scanned_at) AS (VALUES `,
			suffix: `) UPDATE parcel_legs SET scanned_at = v.scanned_at FROM v
WHERE parcel_legs.parcel_id = v.parcel_id AND parcel_legs.seq = v.seq AND parcel_legs.scanned_at = 0`}
		ins := &multiRow{ctx: ctx, q: tx, positional: positional, max: 200, cols: 12,
			prefix: `INSERT INTO parcel_scans (scan_id, parcel_id, node, point_id, seq, at, user_id, key_id, out_of_order, reason, state, recorded_at) VALUES `}
		seen := map[[2]int64]bool{}
		for _, s := range scans {
			if err := ins.add(s.ScanID, s.ParcelID, s.Node, nullID(s.PointID), s.Seq, micros(s.At), nullID(s.UserID), nullID(s.KeyID),
				s.OutOfOrder, s.Reason, s.State, micros(s.RecordedAt)); err != nil {
				return scanWriteErr(err, meanwhile)
			}
			k := [2]int64{s.ParcelID, int64(s.Seq)}
			if s.Seq < 0 || seen[k] {
				continue
			}
			seen[k] = true
			if l := byID[s.ParcelID].Legs[s.Seq]; !l.ScannedAt.IsZero() {
				if err := legs.add(s.ParcelID, s.Seq, micros(l.ScannedAt)); err != nil {
					return fmt.Errorf("store.SaveScans: leg: %w", err)
				}
			}
		}
		if err := legs.flush(); err != nil {
			return fmt.Errorf("store.SaveScans: leg: %w", err)
		}
		if err := scanWriteErr(ins.flush(), meanwhile); err != nil {
			return err
		}
		// A parcel delivered at the door delivers its order.
		for _, s := range scans {
			if s.State == parcels.Delivered {
				if err := deliverOrder(ctx, tx, s.ParcelID, byID[s.ParcelID].OrderID, s.UserID, now); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// scanWriteErr is a write's error as SaveScans returns it: a unique
// key taken (a scan id, a pick-up code) and meanwhile itself are
// meanwhile.
func scanWriteErr(err, meanwhile error) error {
	if err == meanwhile {
		return err
	}
	if isUnique(err) {
		return meanwhile
	}
	if err != nil {
		return fmt.Errorf("store.SaveScans: %w", err)
	}
	return nil
}

// microsOrZero is micros, with 0 for the zero time.
func microsOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return micros(t)
}

// deliverOrder moves a parcel's order from shipped to delivered; an order
// no longer shipped (refunded meanwhile) is left as it is.
func deliverOrder(ctx context.Context, tx *sql.Tx, parcelID, orderID, byUser int64, now int64) error {
	err := moveOrder(ctx, tx, orderID, orders.Shipped, orders.Delivered, byUser, fmt.Sprintf("parcel %d", parcelID), "", "", now)
	if errs.HasReason(err, "err.orders.moved_meanwhile") {
		return nil
	}
	return err
}

// dedupe returns vs without repeats, in first-seen order.
func dedupe[T comparable](vs []T) []T {
	seen := make(map[T]bool, len(vs))
	out := vs[:0:0]
	for _, v := range vs {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// chunks yields vs in slices of at most n.
func chunks[T any](vs []T, n int) func(func([]T) bool) {
	return func(yield func([]T) bool) {
		for len(vs) > 0 {
			k := min(n, len(vs))
			if !yield(vs[:k]) {
				return
			}
			vs = vs[k:]
		}
	}
}
