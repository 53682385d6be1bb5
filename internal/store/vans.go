package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"maeul/internal/errs"
	"maeul/internal/vans"
)

var _ vans.Store = (*DB)(nil)

const vanColumns = `v.id, v.code, v.base_id, p.code, p.region_code, v.plate, v.capacity_kg`

func scanVan(sc rowScanner) (vans.Van, error) {
	var v vans.Van
	err := sc.Scan(&v.ID, &v.Code, &v.BaseID, &v.BaseCode, &v.BaseRegion, &v.Plate, &v.CapacityKg)
	return v, err
}

// Van returns one van by code, or a NotFound error.
func (db *DB) Van(ctx context.Context, code string) (vans.Van, error) {
	v, err := scanVan(db.r.QueryRowContext(ctx, `SELECT `+vanColumns+`
FROM vans v JOIN service_points p ON p.id = v.base_id WHERE v.code = $1`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return v, errs.E(errs.NotFound, "err.vans.not_found", code)
	}
	if err != nil {
		return v, fmt.Errorf("store.Van: %w", err)
	}
	return v, nil
}

// vanScope is the condition selecting the vans of f, with its arguments
// from $1: based at f.BaseID, or at points within f.Within, or all.
func vanScope(f vans.Filter) (string, []any) {
	lo, hi := "", "~"
	if f.Within != "" {
		lo, hi = codeRange(f.Within)
	}
	return `($1 = 0 OR v.base_id = $1) AND p.region_code >= $2 AND p.region_code < $3`, []any{f.BaseID, lo, hi}
}

// Vans lists the vans of f, ordered by code.
func (db *DB) Vans(ctx context.Context, f vans.Filter) ([]vans.Van, error) {
	where, args := vanScope(f)
	out, err := queryAll(ctx, db.r, scanVan, `SELECT `+vanColumns+`
FROM vans v JOIN service_points p ON p.id = v.base_id WHERE `+where+` ORDER BY v.code`, args...)
	if err != nil {
		return nil, fmt.Errorf("store.Vans: %w", err)
	}
	return out, nil
}

// UpsertVans inserts or updates vans by code, their bases found by code,
// in one transaction. A base that is not stored is an Invalid error naming
// it, and so is a plate another van has.
func (db *DB) UpsertVans(ctx context.Context, vs []vans.Van) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("store.UpsertVans: %w", err)
	}
	defer tx.Rollback()
	now := micros(db.now())
	for _, v := range vs {
		res, err := tx.ExecContext(ctx, `
INSERT INTO vans (code, base_id, plate, capacity_kg, created_at, updated_at)
SELECT $1, id, $3, $4, $5, $5 FROM service_points WHERE code = $2
ON CONFLICT (code) DO UPDATE SET base_id = excluded.base_id, plate = excluded.plate, capacity_kg = excluded.capacity_kg,
  updated_at = CASE WHEN vans.base_id <> excluded.base_id OR vans.plate <> excluded.plate
    OR vans.capacity_kg <> excluded.capacity_kg THEN excluded.updated_at ELSE vans.updated_at END`,
			v.Code, v.BaseCode, v.Plate, v.CapacityKg, now)
		if isUnique(err) {
			return errs.Field("plate", "err.vans.plate_taken", v.Plate, v.Code)
		}
		if err != nil {
			return fmt.Errorf("store.UpsertVans %s: %w", v.Code, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.Field("base_code", "err.network.point_not_found", v.BaseCode)
		}
	}
	return tx.Commit()
}

// CreateRuns stores planned runs with their stops and parcels in one
// transaction. A van with a run on the day already, or a parcel on a run
// that did not bring it back undelivered, is a Conflict, and nothing is
// stored.
func (db *DB) CreateRuns(ctx context.Context, runs []vans.Run, by int64, now time.Time) ([]vans.Run, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("store.CreateRuns: %w", err)
	}
	defer tx.Rollback()
	out := make([]vans.Run, len(runs))
	for i, r := range runs {
		r.CreatedAt = now.UTC().Truncate(time.Microsecond)
		if err := insertRun(ctx, tx, &r, by); err != nil {
			return nil, err
		}
		out[i] = r
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("store.CreateRuns: %w", err)
	}
	return out, nil
}

// insertRun stores one run, its stops and its parcels, setting r.ID.
func insertRun(ctx context.Context, tx *sql.Tx, r *vans.Run, by int64) error {
	err := tx.QueryRowContext(ctx, `
INSERT INTO van_runs (van_id, day, status, capacity_kg, load_g, planned_by, created_at)
VALUES ($1, $2, 'open', $3, $4, $5, $6) RETURNING id`,
		r.Van.ID, r.Day, r.CapacityKg, r.LoadG, nullID(by), micros(r.CreatedAt)).Scan(&r.ID)
	if isUnique(err) {
		return errs.E(errs.Conflict, "err.vans.run_exists", r.Van.Code, r.Day)
	}
	if err != nil {
		return fmt.Errorf("store.CreateRuns: %w", err)
	}
	for _, s := range r.Stops {
		if _, err := tx.ExecContext(ctx, `INSERT INTO van_run_stops (run_id, seq, region_code) VALUES ($1, $2, $3)`,
			r.ID, s.Seq, s.Region); err != nil {
			return fmt.Errorf("store.CreateRuns stop: %w", err)
		}
		for _, p := range s.Parcels {
			_, err := tx.ExecContext(ctx, `INSERT INTO van_run_parcels (run_id, parcel_id, seq, weight_g) VALUES ($1, $2, $3, $4)`,
				r.ID, p.ParcelID, s.Seq, p.WeightG)
			if isUnique(err) {
				return errs.E(errs.Conflict, "err.vans.parcel_on_run", p.ParcelID)
			}
			if err != nil {
				return fmt.Errorf("store.CreateRuns parcel: %w", err)
			}
		}
	}
	return nil
}

const vanRunColumns = `r.id, r.day, r.status, r.capacity_kg, r.load_g, r.created_at, COALESCE(r.closed_at, 0), ` + vanColumns

func scanVanRun(sc rowScanner, extra ...any) (vans.Run, error) {
	var r vans.Run
	var created, closed int64
	v := &r.Van
	err := sc.Scan(append([]any{&r.ID, &r.Day, &r.Status, &r.CapacityKg, &r.LoadG, &created, &closed,
		&v.ID, &v.Code, &v.BaseID, &v.BaseCode, &v.BaseRegion, &v.Plate, &v.CapacityKg}, extra...)...)
	r.CreatedAt = fromMicros(created)
	if closed != 0 {
		r.ClosedAt = fromMicros(closed)
	}
	return r, err
}

// Runs lists the runs of f without their stops, with their parcels
// counted, ordered by day, base and van code.
func (db *DB) Runs(ctx context.Context, f vans.Filter) ([]vans.Run, error) {
	where, args := vanScope(f)
	out, err := queryAll(ctx, db.r, func(sc rowScanner) (vans.Run, error) {
		var n, done int
		r, err := scanVanRun(sc, &n, &done)
		r.Parcels, r.Done = n, done
		return r, err
	}, `SELECT `+vanRunColumns+`,
  (SELECT COUNT(*) FROM van_run_parcels c WHERE c.run_id = r.id),
  (SELECT COUNT(*) FROM van_run_parcels c WHERE c.run_id = r.id AND c.outcome <> '')
FROM van_runs r JOIN vans v ON v.id = r.van_id JOIN service_points p ON p.id = v.base_id
WHERE `+where+` AND ($4 = '' OR r.day = $4) ORDER BY r.day, p.code, v.code`, append(args, f.Day)...)
	if err != nil {
		return nil, fmt.Errorf("store.Runs: %w", err)
	}
	return out, nil
}

// Run returns one run with its stops and parcels, or NotFound.
func (db *DB) Run(ctx context.Context, id int64) (vans.Run, error) {
	return readRun(ctx, db.r, id)
}

func readRun(ctx context.Context, q querier, id int64) (vans.Run, error) {
	r, err := scanVanRun(q.QueryRowContext(ctx, `SELECT `+vanRunColumns+`
FROM van_runs r JOIN vans v ON v.id = r.van_id JOIN service_points p ON p.id = v.base_id WHERE r.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, errs.E(errs.NotFound, "err.vans.run_not_found", id)
	}
	if err != nil {
		return r, fmt.Errorf("store.Run: %w", err)
	}
	r.Stops, err = queryAll(ctx, q, func(sc rowScanner) (vans.Stop, error) {
		var s vans.Stop
		err := sc.Scan(&s.Seq, &s.Region)
		return s, err
	}, `SELECT seq, region_code FROM van_run_stops WHERE run_id = $1 ORDER BY seq`, id)
	if err != nil {
		return r, fmt.Errorf("store.Run stops: %w", err)
	}
	rows, err := q.QueryContext(ctx, `SELECT seq, parcel_id, weight_g, outcome, note, COALESCE(outcome_at, 0)
FROM van_run_parcels WHERE run_id = $1 ORDER BY seq, parcel_id`, id)
	if err != nil {
		return r, fmt.Errorf("store.Run parcels: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var seq int
		var l vans.Load
		var at int64
		if err := rows.Scan(&seq, &l.ParcelID, &l.WeightG, &l.Outcome, &l.Note, &at); err != nil {
			return r, fmt.Errorf("store.Run parcels: %w", err)
		}
		if at != 0 {
			l.OutcomeAt = fromMicros(at)
		}
		r.Parcels++
		if l.Outcome != vans.Pending {
			r.Done++
		}
		if seq >= 1 && seq <= len(r.Stops) {
			r.Stops[seq-1].Parcels = append(r.Stops[seq-1].Parcels, l)
		}
	}
	return r, rows.Err()
}

// OnRuns returns those of parcelIDs on a run that did not bring them back
// undelivered.
func (db *DB) OnRuns(ctx context.Context, parcelIDs []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	err := inChunks(parcelIDs, func(b *sqlBuilder, in string) error {
		ids, err := queryAll(ctx, db.r, scanOne[int64], `SELECT parcel_id FROM van_run_parcels WHERE outcome <> 'undelivered' AND parcel_id IN `+in, b.args...)
		for _, id := range ids {
			out[id] = true
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store.OnRuns: %w", err)
	}
	return out, nil
}

// SetOutcomes records what became of parcels of a run (those still
// pending) and closes the run when none is left pending, in one
// transaction, returning the run as it then is. A parcel not on the run is
// NotFound.
func (db *DB) SetOutcomes(ctx context.Context, runID int64, outs []vans.Result, by int64, now time.Time) (vans.Run, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return vans.Run{}, fmt.Errorf("store.SetOutcomes: %w", err)
	}
	defer tx.Rollback()
	for _, o := range outs {
		at := o.At
		if at.IsZero() {
			at = now
		}
		res, err := tx.ExecContext(ctx, `UPDATE van_run_parcels SET outcome = $3, note = $4, outcome_at = $5, outcome_by = $6
WHERE run_id = $1 AND parcel_id = $2 AND outcome = ''`, runID, o.ParcelID, string(o.Outcome), o.Note, micros(at), nullID(by))
		if err != nil {
			return vans.Run{}, fmt.Errorf("store.SetOutcomes: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var one int
			err := tx.QueryRowContext(ctx, `SELECT 1 FROM van_run_parcels WHERE run_id = $1 AND parcel_id = $2`, runID, o.ParcelID).Scan(&one)
			if errors.Is(err, sql.ErrNoRows) {
				return vans.Run{}, errs.E(errs.NotFound, "err.vans.parcel_not_on_run", o.ParcelID, runID)
			}
			if err != nil {
				return vans.Run{}, fmt.Errorf("store.SetOutcomes: %w", err)
			}
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE van_runs SET status = 'closed', closed_at = $2
WHERE id = $1 AND status = 'open' AND NOT EXISTS (SELECT 1 FROM van_run_parcels WHERE run_id = $1 AND outcome = '')`,
		runID, micros(now)); err != nil {
		return vans.Run{}, fmt.Errorf("store.SetOutcomes: %w", err)
	}
	r, err := readRun(ctx, tx, runID)
	if err != nil {
		return r, err
	}
	if err := tx.Commit(); err != nil {
		return r, fmt.Errorf("store.SetOutcomes: %w", err)
	}
	return r, nil
}
