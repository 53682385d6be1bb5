package store

import (
	"context"
	"fmt"
	"time"

	"maeul/internal/catalog"
	"maeul/internal/consignment"
	"maeul/internal/errs"
)

// batchSelect reads a batch with its household, product and variant,
// station and store; a WHERE clause follows it.
const batchSelect = `SELECT b.id, b.code, b.point_id, b.household_id, b.org_id, b.product_id, b.variant_id, b.units, b.weight_g,
  b.per_unit, b.received_on, b.sold, b.token, COALESCE(b.created_by, 0), b.created_at,
  h.code, h.village_code, h.members, h.head_name, h.id_number, h.phone, h.bank_account, h.status, h.lifted_year,
  p.code, p.name_ko, p.name_zh, p.name_en, p.hidden, p.origin_code, v.sku, v.name_ko, v.name_zh, v.name_en, v.price,
  s.code, s.kind, s.region_code, s.name_ko, s.name_zh, s.name_en,
  o.code, o.kind, o.region_code, o.name_ko, o.name_zh, o.name_en
FROM consignment_batches b JOIN households h ON h.id = b.household_id JOIN products p ON p.id = b.product_id
  JOIN variants v ON v.id = b.variant_id JOIN service_points s ON s.id = b.point_id JOIN organizations o ON o.id = b.org_id`

func scanBatch(r rowScanner) (consignment.Batch, error) {
	var b consignment.Batch
	var day string
	var created int64
	var v catalog.Variant
	h, p, pt, o := &b.Household, &b.Product, &b.Point, &b.Store
	err := r.Scan(&b.ID, &b.Code, &b.PointID, &b.HouseholdID, &b.OrgID, &b.ProductID, &b.VariantID, &b.Units, &b.WeightG,
		&b.PerUnit, &day, &b.Sold, &b.Token, &b.CreatedBy, &created,
		&h.Code, &h.Village, &h.Members, &h.HeadName, &h.IDNumber, &h.Phone, &h.BankAccount, &h.Status, &h.LiftedYear,
		&p.Code, &p.Name.Ko, &p.Name.Zh, &p.Name.En, &p.Hidden, &p.Origin, &v.SKU, &v.Name.Ko, &v.Name.Zh, &v.Name.En, &v.Price,
		&pt.Code, &pt.Kind, &pt.Region, &pt.Name.Ko, &pt.Name.Zh, &pt.Name.En,
		&o.Code, &o.Kind, &o.Region, &o.Name.Ko, &o.Name.Zh, &o.Name.En)
	if err != nil {
		return b, err
	}
	b.ReceivedOn, b.CreatedAt = parseDay(day), fromMicros(created)
	h.ID, p.ID, p.OrgID, pt.ID, o.ID = b.HouseholdID, b.ProductID, b.OrgID, b.PointID, b.OrgID
	v.ID, v.ProductID = b.VariantID, b.ProductID
	p.Variants = []catalog.Variant{v}
	return b, nil
}

// CreateBatch stores a new batch and returns it as BatchByCode reads it.
// A batch of the same station and non-empty token is stored once: a
// repeat returns the first, writing nothing.
func (db *DB) CreateBatch(ctx context.Context, b consignment.Batch) (consignment.Batch, error) {
	var id int64
	err := db.w.QueryRowContext(ctx, `INSERT INTO consignment_batches (code, point_id, household_id, org_id, product_id, variant_id,
  units, weight_g, per_unit, received_on, token, created_by, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT DO NOTHING RETURNING id`,
		b.Code, b.PointID, b.HouseholdID, b.OrgID, b.ProductID, b.VariantID, b.Units, b.WeightG, b.PerUnit,
		b.ReceivedOn.Format(time.DateOnly), b.Token, nullID(b.CreatedBy), micros(b.CreatedAt)).Scan(&id)
	where, arg := `b.id = $1`, []any{id}
	if errNoRows(err) {
		if b.Token == "" {
			return consignment.Batch{}, errs.E(errs.Conflict, "err.consignment.code_taken")
		}
		// The same form again: the batch it recorded first (or, should
		// none have this token, a code drawn twice).
		where, arg, err = `b.point_id = $1 AND b.token = $2`, []any{b.PointID, b.Token}, nil
	}
	if err != nil {
		return consignment.Batch{}, fmt.Errorf("store.CreateBatch: %w", err)
	}
	out, err := scanBatch(db.w.QueryRowContext(ctx, batchSelect+` WHERE `+where, arg...))
	if errNoRows(err) {
		// A code drawn twice (of 50 random bits): nothing was written,
		// and the operator submits again.
		return consignment.Batch{}, errs.E(errs.Conflict, "err.consignment.code_taken")
	}
	if err != nil {
		return consignment.Batch{}, fmt.Errorf("store.CreateBatch: %w", err)
	}
	return out, nil
}

// BatchByCode returns a batch by its public code, or a NotFound error.
func (db *DB) BatchByCode(ctx context.Context, code string) (consignment.Batch, error) {
	b, err := scanBatch(db.r.QueryRowContext(ctx, batchSelect+` WHERE b.code = $1`, code))
	if errNoRows(err) {
		return b, errs.E(errs.NotFound, "err.consignment.not_found", code)
	}
	if err != nil {
		return b, fmt.Errorf("store.BatchByCode: %w", err)
	}
	return b, nil
}

// Batches lists a station's batches, newest first.
func (db *DB) Batches(ctx context.Context, f consignment.Filter) ([]consignment.Batch, error) {
	q := batchSelect + ` WHERE b.point_id = $1`
	args := []any{f.PointID}
	if f.BeforeID > 0 {
		q += ` AND b.id < $2`
		args = append(args, f.BeforeID)
	}
	q += ` ORDER BY b.id DESC`
	if f.Limit > 0 {
		q += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	out, err := queryAll(ctx, db.r, scanBatch, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store.Batches: %w", err)
	}
	return out, nil
}

// ConsignableVariants lists the live variants of the organizations'
// products, hidden products included, by organization code, product code
// and variant position.
func (db *DB) ConsignableVariants(ctx context.Context, orgIDs []int64) ([]consignment.Offer, error) {
	var b sqlBuilder
	in := inList(&b, orgIDs)
	out, err := queryAll(ctx, db.r, func(r rowScanner) (consignment.Offer, error) {
		var of consignment.Offer
		var v catalog.Variant
		p, o := &of.Product, &of.Store
		err := r.Scan(&o.ID, &o.Code, &o.Kind, &o.Region, &o.Name.Ko, &o.Name.Zh, &o.Name.En,
			&p.ID, &p.Code, &p.Name.Ko, &p.Name.Zh, &p.Name.En, &p.Hidden,
			&v.ID, &v.SKU, &v.Name.Ko, &v.Name.Zh, &v.Name.En, &v.Price)
		p.OrgID, v.ProductID = o.ID, p.ID
		p.Variants = []catalog.Variant{v}
		return of, err
	}, `SELECT o.id, o.code, o.kind, o.region_code, o.name_ko, o.name_zh, o.name_en,
  p.id, p.code, p.name_ko, p.name_zh, p.name_en, p.hidden, v.id, v.sku, v.name_ko, v.name_zh, v.name_en, v.price
FROM variants v JOIN products p ON p.id = v.product_id JOIN organizations o ON o.id = p.org_id
WHERE p.org_id IN `+in+` AND NOT v.archived AND p.kind = 'goods' ORDER BY o.code, p.code, v.position`, b.args...)
	if err != nil {
		return nil, fmt.Errorf("store.ConsignableVariants: %w", err)
	}
	return out, nil
}
