package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"maeul/internal/errs"
	"maeul/internal/org"
)

var _ org.Store = (*DB)(nil)

const orgColumns = `id, code, kind, region_code, name_ko, name_zh, name_en, is_leading,
  story_ko, story_zh, story_en, cover_photo`

func scanOrg(sc interface{ Scan(...any) error }) (org.Organization, error) {
	var o org.Organization
	err := sc.Scan(&o.ID, &o.Code, &o.Kind, &o.Region, &o.Name.Ko, &o.Name.Zh, &o.Name.En, &o.Leading,
		&o.Story.Ko, &o.Story.Zh, &o.Story.En, &o.Cover)
	return o, err
}

// Organization returns one organization by code, or a NotFound error.
func (db *DB) Organization(ctx context.Context, code string) (org.Organization, error) {
	return db.organizationWhere(ctx, `code = $1`, code)
}

// OrganizationByID returns one organization, or a NotFound error.
func (db *DB) OrganizationByID(ctx context.Context, id int64) (org.Organization, error) {
	return db.organizationWhere(ctx, `id = $1`, id)
}

func (db *DB) organizationWhere(ctx context.Context, where string, arg any) (org.Organization, error) {
	o, err := scanOrg(db.r.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM organizations WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return o, errs.E(errs.NotFound, "err.org.not_found", arg)
	}
	if err != nil {
		return o, fmt.Errorf("store.Organization: %w", err)
	}
	return o, nil
}

// Organizations lists organizations ordered by code.
func (db *DB) Organizations(ctx context.Context, f org.Filter) ([]org.Organization, error) {
	q := `SELECT ` + orgColumns + ` FROM organizations WHERE region_code LIKE $1 ESCAPE '\' AND ($2 = '' OR kind = $2) ORDER BY code`
	args := []any{likePrefix(f.Within.Prefix()), string(f.Kind)}
	if f.Within == "" {
		args[0] = "%"
	}
	if f.Limit > 0 {
		q += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	out, err := queryAll(ctx, db.r, scanOrg, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store.Organizations: %w", err)
	}
	return out, nil
}

// UpsertOrganizations inserts or updates organizations by code in one
// transaction; an unknown region fails the whole call.
func (db *DB) UpsertOrganizations(ctx context.Context, os []org.Organization) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("store.UpsertOrganizations: %w", err)
	}
	defer tx.Rollback()
	now := micros(db.now())
	for _, o := range os {
		_, err := tx.ExecContext(ctx, `
INSERT INTO organizations (code, kind, region_code, name_ko, name_zh, name_en, is_leading, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
ON CONFLICT (code) DO UPDATE SET kind = excluded.kind, region_code = excluded.region_code,
  name_ko = excluded.name_ko, name_zh = excluded.name_zh, name_en = excluded.name_en,
  is_leading = excluded.is_leading, updated_at = excluded.updated_at
WHERE organizations.kind <> excluded.kind OR organizations.region_code <> excluded.region_code
  OR organizations.name_ko <> excluded.name_ko OR organizations.name_zh <> excluded.name_zh
  OR organizations.name_en <> excluded.name_en OR organizations.is_leading <> excluded.is_leading`,
			o.Code, o.Kind, o.Region, o.Name.Ko, o.Name.Zh, o.Name.En, o.Leading, now)
		if isForeignKey(err) {
			return errs.E(errs.Invalid, "err.org.region_not_found", o.Code, o.Region)
		}
		if err != nil {
			return fmt.Errorf("store.UpsertOrganizations %s: %w", o.Code, err)
		}
	}
	return tx.Commit()
}

// UpdateOrganization stores the kind, region, names, leading flag, story
// and cover photo of an existing organization, found by id; NotFound when
// there is none.
func (db *DB) UpdateOrganization(ctx context.Context, o org.Organization) error {
	res, err := db.w.ExecContext(ctx, `
UPDATE organizations SET kind = $2, region_code = $3, name_ko = $4, name_zh = $5, name_en = $6,
  is_leading = $7, story_ko = $8, story_zh = $9, story_en = $10, cover_photo = $11, updated_at = $12 WHERE id = $1`,
		o.ID, o.Kind, o.Region, o.Name.Ko, o.Name.Zh, o.Name.En, o.Leading, o.Story.Ko, o.Story.Zh, o.Story.En, o.Cover, micros(db.now()))
	if isForeignKey(err) {
		return errs.Field("region_code", "err.region.not_found", o.Region)
	}
	if err != nil {
		return fmt.Errorf("store.UpdateOrganization: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.NotFound, "err.org.not_found", o.ID)
	}
	return nil
}
