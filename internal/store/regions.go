package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"

	"maeul/internal/errs"
	"maeul/internal/region"
)

var _ region.Store = (*DB)(nil)

const regionColumns = `code, COALESCE(parent_code, ''), level, name_ko, name_zh, name_en, rural, poor`

func scanRegion(sc interface{ Scan(...any) error }) (region.Region, error) {
	var r region.Region
	err := sc.Scan(&r.Code, &r.Parent, &r.Level, &r.Name.Ko, &r.Name.Zh, &r.Name.En, &r.Rural, &r.Poor)
	return r, err
}

// Region returns one region, or a NotFound error.
func (db *DB) Region(ctx context.Context, code region.Code) (region.Region, error) {
	r, err := scanRegion(db.r.QueryRowContext(ctx, `SELECT `+regionColumns+` FROM regions WHERE code = $1`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return r, errs.E(errs.NotFound, "err.region.not_found", code)
	}
	if err != nil {
		return r, fmt.Errorf("store.Region: %w", err)
	}
	return r, nil
}

// Children returns the regions directly under code with their counts of
// child regions, organizations and service points inside them. An empty
// code lists the provinces.
func (db *DB) Children(ctx context.Context, code region.Code) ([]region.Summary, error) {
	where, args := `r.parent_code = $1`, []any{code}
	if code == "" {
		where, args = `r.parent_code IS NULL`, nil
	}
	out, err := queryAll(ctx, db.r, scanRegionSummary, `
SELECT r.code, COALESCE(r.parent_code, ''), r.level, r.name_ko, r.name_zh, r.name_en, r.rural, r.poor,
       (SELECT count(*) FROM regions c WHERE c.parent_code = r.code),
       (SELECT count(*) FROM organizations o WHERE o.region_code LIKE `+prefixExpr("r")+`),
       (SELECT count(*) FROM service_points p WHERE p.region_code LIKE `+prefixExpr("r")+` AND p.status = 'open')
FROM regions r WHERE `+where+` ORDER BY r.code`, args...)
	if err != nil {
		return nil, fmt.Errorf("store.Children: %w", err)
	}
	return out, nil
}

// scanRegionSummary scans a region with its counts, as Children selects
// it.
func scanRegionSummary(sc rowScanner) (region.Summary, error) {
	var s region.Summary
	err := sc.Scan(&s.Code, &s.Parent, &s.Level, &s.Name.Ko, &s.Name.Zh, &s.Name.En, &s.Rural, &s.Poor,
		&s.Children, &s.Organizations, &s.ServicePoints)
	return s, err
}

// prefixExpr is SQL for the LIKE pattern matching every code inside the
// region in alias: its identifying digits followed by '%'. The identifying
// digits are the code with its trailing zero groups removed, which the
// level tells.
func prefixExpr(alias string) string {
	return `(CASE ` + alias + `.level WHEN 'province' THEN substr(` + alias + `.code, 1, 2)
  WHEN 'prefecture' THEN substr(` + alias + `.code, 1, 4) WHEN 'county' THEN substr(` + alias + `.code, 1, 6)
  WHEN 'town' THEN substr(` + alias + `.code, 1, 9) ELSE ` + alias + `.code END) || '%'`
}

// Path returns the ancestors of code from the top down, ending with code
// itself; a NotFound error when code is unknown.
func (db *DB) Path(ctx context.Context, code region.Code) ([]region.Region, error) {
	var path []region.Region
	for l := range region.Levels {
		c := code.Ancestor(region.Levels[l])
		if c == "" {
			break
		}
		r, err := db.Region(ctx, c)
		if errs.Is(err, errs.NotFound) && c != code {
			continue // a level skipped by a directly administered unit
		}
		if err != nil {
			return nil, err
		}
		path = append(path, r)
	}
	return path, nil
}

// MissingRegions returns those of codes that are not stored, sorted.
func (db *DB) MissingRegions(ctx context.Context, codes []region.Code) ([]region.Code, error) {
	return missingRegions(ctx, db.r, codes)
}

func missingRegions(ctx context.Context, q querier, codes []region.Code) ([]region.Code, error) {
	var missing []region.Code
	seen := map[region.Code]bool{}
	for _, c := range codes {
		if seen[c] {
			continue
		}
		seen[c] = true
		var n int
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM regions WHERE code = $1`, c).Scan(&n); err != nil {
			return nil, fmt.Errorf("store.MissingRegions: %w", err)
		}
		if n == 0 {
			missing = append(missing, c)
		}
	}
	sort.Slice(missing, func(i, j int) bool { return missing[i] < missing[j] })
	return missing, nil
}

// UpsertRegions inserts or updates regions by code in one transaction,
// parents before children whatever the input order. A parent that is
// neither stored nor in rs makes the whole call fail with nothing written.
func (db *DB) UpsertRegions(ctx context.Context, rs []region.Region) error {
	sorted := append([]region.Region(nil), rs...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Level.Rank() < sorted[j].Level.Rank() })
	tx, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("store.UpsertRegions: %w", err)
	}
	defer tx.Rollback()
	now := micros(db.now())
	for _, r := range sorted {
		var parent any
		if r.Parent != "" {
			parent = string(r.Parent)
		}
		_, err := tx.ExecContext(ctx, `
INSERT INTO regions (code, parent_code, level, name_ko, name_zh, name_en, rural, poor, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
ON CONFLICT (code) DO UPDATE SET parent_code = excluded.parent_code, level = excluded.level,
  name_ko = excluded.name_ko, name_zh = excluded.name_zh, name_en = excluded.name_en,
  rural = excluded.rural, poor = excluded.poor, updated_at = excluded.updated_at
WHERE regions.parent_code IS DISTINCT FROM excluded.parent_code OR regions.level <> excluded.level
  OR regions.name_ko <> excluded.name_ko OR regions.name_zh <> excluded.name_zh OR regions.name_en <> excluded.name_en
  OR regions.rural <> excluded.rural OR regions.poor <> excluded.poor`,
			r.Code, parent, r.Level, r.Name.Ko, r.Name.Zh, r.Name.En, r.Rural, r.Poor, now)
		if isForeignKey(err) {
			return errs.E(errs.Invalid, "err.region.parent_not_found", r.Code, r.Parent)
		}
		if err != nil {
			return fmt.Errorf("store.UpsertRegions %s: %w", r.Code, err)
		}
	}
	return tx.Commit()
}
