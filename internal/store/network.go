package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"maeul/internal/errs"
	"maeul/internal/network"
	"maeul/internal/region"
)

var _ network.Store = (*DB)(nil)

const pointColumns = `id, code, kind, region_code, name_ko, name_zh, name_en, status`

func scanPoint(sc interface{ Scan(...any) error }) (network.ServicePoint, error) {
	var p network.ServicePoint
	err := sc.Scan(&p.ID, &p.Code, &p.Kind, &p.Region, &p.Name.Ko, &p.Name.Zh, &p.Name.En, &p.Status)
	return p, err
}

// ServicePoint returns one point by code, or a NotFound error.
func (db *DB) ServicePoint(ctx context.Context, code string) (network.ServicePoint, error) {
	return db.pointWhere(ctx, `code = $1`, code)
}

// ServicePointByID returns one point, or a NotFound error.
func (db *DB) ServicePointByID(ctx context.Context, id int64) (network.ServicePoint, error) {
	return db.pointWhere(ctx, `id = $1`, id)
}

func (db *DB) pointWhere(ctx context.Context, where string, arg any) (network.ServicePoint, error) {
	p, err := scanPoint(db.r.QueryRowContext(ctx, `SELECT `+pointColumns+` FROM service_points WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return p, errs.E(errs.NotFound, "err.network.point_not_found", arg)
	}
	if err != nil {
		return p, fmt.Errorf("store.ServicePoint: %w", err)
	}
	ps := []network.ServicePoint{p}
	if err := db.loadServes(ctx, ps); err != nil {
		return p, err
	}
	return ps[0], nil
}

// ServicePoints lists points ordered by code, with their served lists:
// the open ones, and the candidates too when f.Candidates.
func (db *DB) ServicePoints(ctx context.Context, f network.Filter) ([]network.ServicePoint, error) {
	q := `SELECT ` + pointColumns + ` FROM service_points
WHERE region_code LIKE $1 ESCAPE '\' AND ($2 = '' OR kind = $2) AND (status = 'open' OR $3) ORDER BY code`
	args := []any{likePrefix(f.Within.Prefix()), string(f.Kind), f.Candidates}
	if f.Within == "" {
		args[0] = "%"
	}
	if f.Limit > 0 {
		q += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	out, err := queryAll(ctx, db.r, scanPoint, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store.ServicePoints: %w", err)
	}
	return out, db.loadServes(ctx, out)
}

// loadServes fills in the served lists of ps with one query.
func (db *DB) loadServes(ctx context.Context, ps []network.ServicePoint) error {
	if len(ps) == 0 {
		return nil
	}
	idx := map[int64]int{}
	ids := make([]string, len(ps))
	for i, p := range ps {
		idx[p.ID] = i
		ids[i] = fmt.Sprint(p.ID)
	}
	// The ids are integers from the database, so joining them into the
	// statement is safe and keeps one statement for any count.
	rows, err := db.r.QueryContext(ctx, `SELECT point_id, region_code FROM service_point_serves
WHERE point_id IN (`+strings.Join(ids, ",")+`) ORDER BY point_id, region_code`)
	if err != nil {
		return fmt.Errorf("store.loadServes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var c region.Code
		if err := rows.Scan(&id, &c); err != nil {
			return fmt.Errorf("store.loadServes: %w", err)
		}
		ps[idx[id]].Serves = append(ps[idx[id]].Serves, c)
	}
	return rows.Err()
}

// UpsertServicePoints inserts or updates points by code and replaces their
// served lists, in one transaction.
func (db *DB) UpsertServicePoints(ctx context.Context, ps []network.ServicePoint) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("store.UpsertServicePoints: %w", err)
	}
	defer tx.Rollback()
	now := micros(db.now())
	for _, p := range ps {
		var id int64
		err := tx.QueryRowContext(ctx, `
INSERT INTO service_points (code, kind, region_code, name_ko, name_zh, name_en, status, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $8, $7, $7)
ON CONFLICT (code) DO UPDATE SET kind = excluded.kind, region_code = excluded.region_code,
  name_ko = excluded.name_ko, name_zh = excluded.name_zh, name_en = excluded.name_en, status = excluded.status,
  updated_at = CASE WHEN service_points.kind <> excluded.kind OR service_points.region_code <> excluded.region_code
    OR service_points.name_ko <> excluded.name_ko OR service_points.name_zh <> excluded.name_zh
    OR service_points.name_en <> excluded.name_en OR service_points.status <> excluded.status
    THEN excluded.updated_at ELSE service_points.updated_at END
RETURNING id`,
			p.Code, p.Kind, p.Region, p.Name.Ko, p.Name.Zh, p.Name.En, now, pointStatus(p)).Scan(&id)
		if isForeignKey(err) {
			return errs.E(errs.Invalid, "err.network.region_not_found", p.Code, p.Region)
		}
		if err != nil {
			return fmt.Errorf("store.UpsertServicePoints %s: %w", p.Code, err)
		}
		p.ID = id
		if err := replaceServes(ctx, tx, p); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// pointStatus is the status p is stored with: open unless a candidate.
func pointStatus(p network.ServicePoint) network.Status {
	if p.Status == "" {
		return network.Open
	}
	return p.Status
}

func replaceServes(ctx context.Context, tx *sql.Tx, p network.ServicePoint) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM service_point_serves WHERE point_id = $1`, p.ID); err != nil {
		return fmt.Errorf("store.replaceServes: %w", err)
	}
	serves := p.Serves
	if len(serves) == 0 {
		serves = []region.Code{p.Region}
	}
	for _, c := range serves {
		_, err := tx.ExecContext(ctx, `INSERT INTO service_point_serves (point_id, region_code) VALUES ($1, $2)
ON CONFLICT (point_id, region_code) DO NOTHING`, p.ID, c)
		if isForeignKey(err) {
			return errs.E(errs.Invalid, "err.network.served_not_found", p.Code, c)
		}
		if err != nil {
			return fmt.Errorf("store.replaceServes: %w", err)
		}
	}
	return nil
}

// UpdateServicePoint stores the kind, region, names and served list of an
// existing point, found by id, and its status when p has one; NotFound
// when there is none.
func (db *DB) UpdateServicePoint(ctx context.Context, p network.ServicePoint) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("store.UpdateServicePoint: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `
UPDATE service_points SET kind = $2, region_code = $3, name_ko = $4, name_zh = $5, name_en = $6, updated_at = $7,
  status = CASE WHEN $8 = '' THEN status ELSE $8 END
WHERE id = $1`, p.ID, p.Kind, p.Region, p.Name.Ko, p.Name.Zh, p.Name.En, micros(db.now()), string(p.Status))
	if isForeignKey(err) {
		return errs.Field("region_code", "err.region.not_found", p.Region)
	}
	if err != nil {
		return fmt.Errorf("store.UpdateServicePoint: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.NotFound, "err.network.point_not_found", p.ID)
	}
	if err := replaceServes(ctx, tx, p); err != nil {
		return err
	}
	return tx.Commit()
}

// CoverageArea returns the counties, towns and villages within the region
// (the villages by code and poverty only, unless names) and the open and
// candidate points of network.PointScope(within), with their served
// lists but not their names: what the coverage of within is computed
// from. An unknown region
// is NotFound.
func (db *DB) CoverageArea(ctx context.Context, within region.Code, names bool) (network.Area, error) {
	var a network.Area
	lo, hi := codeRange(within)
	levels := `'county', 'town'`
	if names {
		levels += `, 'village'`
	}
	// The region itself comes in the same statement, one round trip fewer.
	rows, err := db.r.QueryContext(ctx, `SELECT `+regionColumns+` FROM regions
WHERE code >= $1 AND code < $2 AND level IN (`+levels+`) OR code = $3 ORDER BY code`, lo, hi, within)
	if err != nil {
		return a, fmt.Errorf("store.CoverageArea: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanRegion(rows)
		if err != nil {
			return a, fmt.Errorf("store.CoverageArea: %w", err)
		}
		if r.Code == within {
			a.Region = r
			if !strings.Contains(levels, "'"+string(r.Level)+"'") {
				continue
			}
		}
		switch r.Level {
		case region.County:
			a.Counties = append(a.Counties, r)
		case region.Town:
			a.Towns = append(a.Towns, r)
		default:
			a.Villages = append(a.Villages, r)
		}
	}
	if err := rows.Err(); err != nil {
		return a, fmt.Errorf("store.CoverageArea: %w", err)
	}
	rows.Close()
	if a.Region.Code == "" {
		return a, errs.E(errs.NotFound, "err.region.not_found", within)
	}
	if !names {
		// Ten thousand villages' names cost more to read than the rest of
		// the report; the caller names the few it lists.
		if a.Villages, err = db.coverageVillages(ctx, lo, hi); err != nil {
			return a, err
		}
	}
	a.Points, err = db.coveragePoints(ctx, network.PointScope(within))
	return a, err
}

// coveragePoints returns the open and candidate points within, ordered by
// code, with their served lists, in one query; only the candidates, which
// a report may choose, come with their names.
func (db *DB) coveragePoints(ctx context.Context, within region.Code) ([]network.ServicePoint, error) {
	lo, hi := codeRange(within)
	rows, err := db.r.QueryContext(ctx, `
SELECT p.id, p.code, p.kind, p.region_code, p.status, s.region_code,
  CASE WHEN p.status = 'candidate' THEN p.name_ko ELSE '' END, CASE WHEN p.status = 'candidate' THEN p.name_zh ELSE '' END,
  CASE WHEN p.status = 'candidate' THEN p.name_en ELSE '' END
FROM service_points p JOIN service_point_serves s ON s.point_id = p.id
WHERE p.region_code >= $1 AND p.region_code < $2 ORDER BY p.code, s.region_code`, lo, hi)
	if err != nil {
		return nil, fmt.Errorf("store.CoverageArea: %w", err)
	}
	defer rows.Close()
	var out []network.ServicePoint
	for rows.Next() {
		var p network.ServicePoint
		var served region.Code
		if err := rows.Scan(&p.ID, &p.Code, &p.Kind, &p.Region, &p.Status, &served, &p.Name.Ko, &p.Name.Zh, &p.Name.En); err != nil {
			return nil, fmt.Errorf("store.CoverageArea: %w", err)
		}
		if n := len(out); n > 0 && out[n-1].ID == p.ID {
			out[n-1].Serves = append(out[n-1].Serves, served)
			continue
		}
		p.Serves = []region.Code{served}
		out = append(out, p)
	}
	return out, rows.Err()
}

// coverageVillages returns the villages whose codes lie from lo to hi
// (see codeRange), by code and poverty only, read as a range of the
// primary key in its order.
func (db *DB) coverageVillages(ctx context.Context, lo, hi string) ([]region.Region, error) {
	out, err := queryAll(ctx, db.r, func(sc rowScanner) (region.Region, error) {
		r := region.Region{Level: region.Village}
		err := sc.Scan(&r.Code, &r.Poor)
		return r, err
	}, `SELECT code, poor FROM regions WHERE code >= $1 AND code < $2 AND level = 'village' ORDER BY code`, lo, hi)
	if err != nil {
		return nil, fmt.Errorf("store.CoverageArea: %w", err)
	}
	return out, nil
}
