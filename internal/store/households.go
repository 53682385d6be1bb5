package store

import (
	"context"
	"fmt"
	"strings"

	"maeul/internal/errs"
	"maeul/internal/impact"
	"maeul/internal/region"
)

var _ impact.HouseholdStore = (*DB)(nil)

const householdColumns = `id, code, village_code, members, head_name, id_number, phone, bank_account, status, lifted_year`

func scanHousehold(sc interface{ Scan(...any) error }) (impact.Household, error) {
	var h impact.Household
	err := sc.Scan(&h.ID, &h.Code, &h.Village, &h.Members, &h.HeadName, &h.IDNumber, &h.Phone, &h.BankAccount, &h.Status, &h.LiftedYear)
	return h, err
}

// Household returns a household by code, or a NotFound error.
func (db *DB) Household(ctx context.Context, code string) (impact.Household, error) {
	return db.householdWhere(ctx, `code = $1`, code)
}

// HouseholdByID returns a household by id, or a NotFound error.
func (db *DB) HouseholdByID(ctx context.Context, id int64) (impact.Household, error) {
	return db.householdWhere(ctx, `id = $1`, id)
}

func (db *DB) householdWhere(ctx context.Context, where string, arg any) (impact.Household, error) {
	h, err := scanHousehold(db.r.QueryRowContext(ctx, `SELECT `+householdColumns+` FROM households WHERE `+where, arg))
	if errNoRows(err) {
		return h, errs.E(errs.NotFound, "err.impact.household_not_found", arg)
	}
	if err != nil {
		return h, fmt.Errorf("store.Household: %w", err)
	}
	return h, nil
}

// Households lists the households a filter selects, ordered by code. A
// filter with an empty list of codes, ids, ID numbers or regions selects
// nothing when that list was given as empty but not nil.
func (db *DB) Households(ctx context.Context, f impact.HouseholdFilter) ([]impact.Household, error) {
	var b sqlBuilder
	if f.Within != "" {
		b.where(`village_code LIKE ` + b.arg(likePrefix(f.Within.Prefix())) + ` ESCAPE '\'`)
	}
	if f.WithinAny != nil {
		var ors []string
		for _, c := range f.WithinAny {
			if c != "" { // contains nothing, as for region.Code.Within
				ors = append(ors, `village_code LIKE `+b.arg(likePrefix(c.Prefix()))+` ESCAPE '\'`)
			}
		}
		if len(ors) == 0 {
			ors = append(ors, `FALSE`)
		}
		b.where(`(` + strings.Join(ors, ` OR `) + `)`)
	}
	if f.Status != "" {
		b.where(`status = ` + b.arg(string(f.Status)))
	}
	if f.After != "" {
		b.where(`code > ` + b.arg(f.After))
	}
	// A nil list selects on nothing; an empty one selects nothing.
	if f.Codes != nil {
		b.where(`code IN ` + inList(&b, f.Codes))
	}
	if f.IDs != nil {
		b.where(`id IN ` + inList(&b, f.IDs))
	}
	if f.IDNumbers != nil {
		b.where(`id_number IN ` + inList(&b, f.IDNumbers))
	}
	q := `SELECT ` + householdColumns + ` FROM households` + b.whereSQL() + ` ORDER BY code`
	if f.Limit > 0 {
		q += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	out, err := queryAll(ctx, db.r, scanHousehold, q, b.args...)
	if err != nil {
		return nil, fmt.Errorf("store.Households: %w", err)
	}
	return out, nil
}

// UpsertHouseholds creates or updates households by code in one
// transaction. A household whose values are all unchanged is not touched,
// not even its updated time. An unknown village (Invalid) or an identity
// card number another household's head has (Conflict) fails the whole
// call with nothing written.
func (db *DB) UpsertHouseholds(ctx context.Context, hs []impact.Household) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("store.UpsertHouseholds: %w", err)
	}
	defer tx.Rollback()
	now := micros(db.now())
	for _, h := range hs {
		_, err := tx.ExecContext(ctx, `
INSERT INTO households (code, village_code, members, head_name, id_number, phone, bank_account, status, lifted_year, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
ON CONFLICT (code) DO UPDATE SET village_code = excluded.village_code, members = excluded.members,
  head_name = excluded.head_name, id_number = excluded.id_number, phone = excluded.phone,
  bank_account = excluded.bank_account, status = excluded.status, lifted_year = excluded.lifted_year,
  updated_at = excluded.updated_at
WHERE households.village_code <> excluded.village_code OR households.members <> excluded.members
  OR households.head_name <> excluded.head_name OR households.id_number <> excluded.id_number
  OR households.phone <> excluded.phone OR households.bank_account <> excluded.bank_account
  OR households.status <> excluded.status OR households.lifted_year <> excluded.lifted_year`,
			h.Code, h.Village, h.Members, h.HeadName, h.IDNumber, h.Phone, h.BankAccount, h.Status, h.LiftedYear, now)
		if isForeignKey(err) {
			return errs.Field("village_code", "err.impact.household_village_not_found", h.Code, h.Village)
		}
		if isUnique(err) {
			return &errs.Error{Code: errs.Conflict, Field: "id_number", Key: "err.impact.id_number_taken_by", Args: []any{h.Code}}
		}
		if err != nil {
			return fmt.Errorf("store.UpsertHouseholds %s: %w", h.Code, err)
		}
	}
	return tx.Commit()
}

// RegisterSummary counts the households registered in villages within a
// region (everywhere for "").
func (db *DB) RegisterSummary(ctx context.Context, within region.Code) (impact.RegisterSummary, error) {
	s := impact.RegisterSummary{Within: within}
	like := "%"
	if within != "" {
		like = likePrefix(within.Prefix())
	}
	err := db.r.QueryRowContext(ctx, `
SELECT count(*), COALESCE(sum(members), 0),
  COALESCE(sum(CASE WHEN status = 'poor' THEN 1 ELSE 0 END), 0),
  COALESCE(sum(CASE WHEN status = 'lifted' THEN 1 ELSE 0 END), 0),
  count(DISTINCT village_code)
FROM households WHERE village_code LIKE $1 ESCAPE '\'`, like).Scan(&s.Households, &s.Persons, &s.Poor, &s.Lifted, &s.Villages)
	if err != nil {
		return s, fmt.Errorf("store.RegisterSummary: %w", err)
	}
	return s, nil
}
