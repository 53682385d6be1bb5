package store

import (
	"context"
	"fmt"

	"maeul/internal/impact"
	"maeul/internal/money"
)

// VerifyLedger checks the whole ledger by impact.Audit: it reads every
// entry in ledger order, the head, the running balances, every line of a
// paid checkout with the sale its entries posted, and every refunded line
// with what its entries reversed. It reports every problem it finds; an
// error means the check itself could not run.
func (db *DB) VerifyLedger(ctx context.Context) (impact.LedgerCheck, error) {
	a := impact.NewAudit()
	rows, err := db.r.QueryContext(ctx, `SELECT `+entryColumns+` FROM ledger_entries ORDER BY seq`)
	if err != nil {
		return impact.LedgerCheck{}, fmt.Errorf("store.VerifyLedger: %w", err)
	}
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			rows.Close()
			return impact.LedgerCheck{}, fmt.Errorf("store.VerifyLedger: %w", err)
		}
		a.Entry(e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return impact.LedgerCheck{}, fmt.Errorf("store.VerifyLedger: %w", err)
	}
	var headSeq int64
	var headHash string
	if err := db.r.QueryRowContext(ctx, `SELECT last_seq, last_hash FROM ledger_head WHERE id = 1`).Scan(&headSeq, &headHash); err != nil {
		return impact.LedgerCheck{}, fmt.Errorf("store.VerifyLedger: head: %w", err)
	}
	a.Head(headSeq, headHash)
	stored := map[impact.Account]money.Fen{}
	brows, err := db.r.QueryContext(ctx, `SELECT account, balance FROM ledger_balances`)
	if err != nil {
		return impact.LedgerCheck{}, fmt.Errorf("store.VerifyLedger: balances: %w", err)
	}
	for brows.Next() {
		var acct impact.Account
		var b money.Fen
		if err := brows.Scan(&acct, &b); err != nil {
			brows.Close()
			return impact.LedgerCheck{}, fmt.Errorf("store.VerifyLedger: %w", err)
		}
		stored[acct] = b
	}
	brows.Close()
	if err := brows.Err(); err != nil {
		return impact.LedgerCheck{}, fmt.Errorf("store.VerifyLedger: %w", err)
	}
	a.Balances(stored)
	if err := db.verifyLines(ctx, a); err != nil {
		return impact.LedgerCheck{}, err
	}
	if err := db.verifyBatches(ctx, a); err != nil {
		return impact.LedgerCheck{}, err
	}
	return a.Result(), nil
}

// verifyLines gives the audit every line of a paid checkout with the sale
// its entries posted, and every refunded line with what its refund's
// entries reversed of the sale.
func (db *DB) verifyLines(ctx context.Context, a *impact.Audit) error {
	rows, err := db.r.QueryContext(ctx, `
SELECT l.id, l.order_id, l.unit_price * l.qty - l.discount,
  COALESCE((SELECT sum(e.amount) FROM ledger_entries e WHERE e.line_id = l.id AND e.refund_id = 0 AND e.kind = 'sale' AND e.amount > 0), 0)
FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN payments p ON p.group_id = o.group_id
WHERE p.status = 'paid' ORDER BY l.id`)
	if err != nil {
		return fmt.Errorf("store.verifyLines: %w", err)
	}
	for rows.Next() {
		var line, order int64
		var net, posted money.Fen
		if err := rows.Scan(&line, &order, &net, &posted); err != nil {
			rows.Close()
			return fmt.Errorf("store.verifyLines: %w", err)
		}
		a.PaidLine(order, line, net, posted)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store.verifyLines: %w", err)
	}
	rows, err = db.r.QueryContext(ctx, `
SELECT rl.refund_id, rl.line_id, rl.amount,
  COALESCE((SELECT sum(e.amount) FROM ledger_entries e WHERE e.refund_id = rl.refund_id AND e.line_id = rl.line_id AND e.account = 'sales'), 0)
FROM refund_lines rl ORDER BY rl.refund_id, rl.line_id`)
	if err != nil {
		return fmt.Errorf("store.verifyLines: refunds: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var refund, line int64
		var amount, reversed money.Fen
		if err := rows.Scan(&refund, &line, &amount, &reversed); err != nil {
			return fmt.Errorf("store.verifyLines: %w", err)
		}
		a.RefundLine(refund, line, amount, reversed)
	}
	return rows.Err()
}

// verifyBatches gives the audit every consignment batch with the units
// its sales were allocated.
func (db *DB) verifyBatches(ctx context.Context, a *impact.Audit) error {
	rows, err := db.r.QueryContext(ctx, `SELECT b.id, b.units, b.sold, COALESCE((SELECT sum(s.units) FROM consignment_sales s WHERE s.batch_id = b.id), 0)
FROM consignment_batches b ORDER BY b.id`)
	if err != nil {
		return fmt.Errorf("store.verifyBatches: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, units, sold, allocated int64
		if err := rows.Scan(&id, &units, &sold, &allocated); err != nil {
			return fmt.Errorf("store.verifyBatches: %w", err)
		}
		a.Batch(id, units, sold, allocated)
	}
	return rows.Err()
}

var _ impact.LedgerVerifier = (*DB)(nil)
