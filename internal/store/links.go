package store

import (
	"context"
	"fmt"
	"time"

	"maeul/internal/errs"
	"maeul/internal/impact"
)

// Link dates are kept as YYYY-MM-DD text (valid_to "" for open-ended),
// which orders and compares alike on both engines.
const linkColumns = `id, COALESCE(household_id, 0), org_id, kind, COALESCE(product_id, 0), COALESCE(variant_id, 0),
  percent_bp, per_unit, shares, valid_from, valid_to`

func scanLink(sc interface{ Scan(...any) error }) (impact.Link, error) {
	var l impact.Link
	var from, to string
	err := sc.Scan(&l.ID, &l.HouseholdID, &l.OrgID, &l.Kind, &l.ProductID, &l.VariantID, &l.PercentBP, &l.PerUnit, &l.Shares, &from, &to)
	l.ValidFrom, l.ValidTo = parseDay(from), parseDay(to)
	return l, err
}

// linkDay is how a link date is stored: "" for the zero time.
func linkDay(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// Link returns a benefit link by id, or a NotFound error.
func (db *DB) Link(ctx context.Context, id int64) (impact.Link, error) {
	l, err := scanLink(db.r.QueryRowContext(ctx, `SELECT `+linkColumns+` FROM benefit_links WHERE id = $1`, id))
	if errNoRows(err) {
		return l, errs.E(errs.NotFound, "err.impact.link_not_found", id)
	}
	if err != nil {
		return l, fmt.Errorf("store.Link: %w", err)
	}
	return l, nil
}

// Links lists the benefit links a filter selects, ordered by id.
func (db *DB) Links(ctx context.Context, f impact.LinkFilter) ([]impact.Link, error) {
	var b sqlBuilder
	if f.OrgID != 0 {
		b.where(`org_id = ` + b.arg(f.OrgID))
	}
	if f.HouseholdID != 0 {
		b.where(`household_id = ` + b.arg(f.HouseholdID))
	}
	if f.ProductID != 0 {
		b.where(`product_id = ` + b.arg(f.ProductID))
	}
	if f.Kind != "" {
		b.where(`kind = ` + b.arg(string(f.Kind)))
	}
	if !f.LiveOn.IsZero() {
		d := b.arg(linkDay(impact.Day(f.LiveOn)))
		b.where(`valid_from <= ` + d + ` AND (valid_to = '' OR valid_to >= ` + d + `)`)
	}
	out, err := queryAll(ctx, db.r, scanLink, `SELECT `+linkColumns+` FROM benefit_links`+b.whereSQL()+` ORDER BY id`, b.args...)
	if err != nil {
		return nil, fmt.Errorf("store.Links: %w", err)
	}
	return out, nil
}

// SaveLinks stores links in one transaction: a link without an id is
// inserted; of a link with one only ValidTo is stored, since a link's
// terms never change once recorded. It returns the ids in order. An
// unknown id is NotFound, and a household, organization, product or
// variant that does not exist Invalid; either way nothing is written.
func (db *DB) SaveLinks(ctx context.Context, ls []impact.Link) ([]int64, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("store.SaveLinks: %w", err)
	}
	defer tx.Rollback()
	now := micros(db.now())
	ids := make([]int64, len(ls))
	for i, l := range ls {
		if l.ID != 0 {
			res, err := tx.ExecContext(ctx, `UPDATE benefit_links SET valid_to = $2 WHERE id = $1 AND valid_to <> $2`, l.ID, linkDay(l.ValidTo))
			if err != nil {
				return nil, fmt.Errorf("store.SaveLinks: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				var one int
				if err := tx.QueryRowContext(ctx, `SELECT 1 FROM benefit_links WHERE id = $1`, l.ID).Scan(&one); errNoRows(err) {
					return nil, errs.E(errs.NotFound, "err.impact.link_not_found", l.ID)
				} else if err != nil {
					return nil, fmt.Errorf("store.SaveLinks: %w", err)
				}
			}
			ids[i] = l.ID
			continue
		}
		err := tx.QueryRowContext(ctx, `
INSERT INTO benefit_links (household_id, org_id, kind, product_id, variant_id, percent_bp, per_unit, shares, valid_from, valid_to, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
			nullID(l.HouseholdID), l.OrgID, l.Kind, nullID(l.ProductID), nullID(l.VariantID), l.PercentBP, l.PerUnit, l.Shares,
			linkDay(l.ValidFrom), linkDay(l.ValidTo), now).Scan(&ids[i])
		if isForeignKey(err) {
			return nil, errs.E(errs.Invalid, "err.impact.link_refs")
		}
		if err != nil {
			return nil, fmt.Errorf("store.SaveLinks: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("store.SaveLinks: %w", err)
	}
	return ids, nil
}
