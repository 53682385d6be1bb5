package store

import (
	"context"
	"database/sql"
	"fmt"

	"maeul/internal/errs"
	"maeul/internal/impact"
)

// consignLines allocates paid lines' units to the open consignment
// batches of their variants, first in, first out (impact.AllocateLots),
// inside the transaction that posts them, after the ledger head is
// taken: it sets each line's Consigned, records each batch's share of a
// line (consignment_sales) and adds it to the batch's sold units (the
// ledger writer looks up the households' villages for the rollups). A batch
// that would sell more than it holds is a Conflict (it cannot happen
// while the head's lock serializes allocations).
func consignLines(ctx context.Context, tx *sql.Tx, lines []impact.SaleLine) error {
	var b sqlBuilder
	seen := map[int64]bool{}
	var variants []int64
	for _, l := range lines {
		if !seen[l.VariantID] {
			seen[l.VariantID] = true
			variants = append(variants, l.VariantID)
		}
	}
	in := inList(&b, variants)
	lots, err := queryAll(ctx, tx, func(r rowScanner) (impact.Lot, error) {
		var k impact.Lot
		var day string
		err := r.Scan(&k.BatchID, &k.HouseholdID, &k.VariantID, &k.PerUnit, &day, &k.Left)
		k.ReceivedOn = parseDay(day)
		return k, err
	}, `SELECT b.id, b.household_id, b.variant_id, b.per_unit, b.received_on, b.units - b.sold
FROM consignment_batches b WHERE b.variant_id IN `+in+` AND b.sold < b.units ORDER BY b.received_on, b.id`, b.args...)
	if err != nil {
		return fmt.Errorf("store.consignLines: %w", err)
	}
	if len(lots) == 0 {
		return nil
	}
	impact.AllocateLots(lines, lots)
	for _, l := range lines {
		for _, c := range l.Consigned {
			if _, err := tx.ExecContext(ctx, `INSERT INTO consignment_sales (batch_id, line_id, units) VALUES ($1, $2, $3)`,
				c.BatchID, l.LineID, c.Units); err != nil {
				return fmt.Errorf("store.consignLines: %w", err)
			}
			res, err := tx.ExecContext(ctx, `UPDATE consignment_batches SET sold = sold + $2 WHERE id = $1 AND sold + $2 <= units`, c.BatchID, c.Units)
			if err != nil {
				return fmt.Errorf("store.consignLines: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return errs.E(errs.Conflict, "err.consignment.oversold", c.BatchID)
			}
		}
	}
	return nil
}
