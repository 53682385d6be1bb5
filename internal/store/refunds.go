package store

import (
	"context"
	"database/sql"
	"fmt"

	"maeul/internal/errs"
	"maeul/internal/orders"
	"maeul/internal/payments"
)

// Refund records a refund of an order planned by orders.PlanRefund, before
// the payment provider is asked to pay it (status pending; see
// RefundPaid): the lines' refunded units and amounts, the order's refunded
// total and refund state, stock returned when r.Restock is set, and, for
// a full refund, the order's move to refunded — or to cancelled when
// r.Cancel is set (a buyer cancelling a paid order before it is packed). The plan is
// checked again against the stored lines, so a concurrent refund cannot
// return more than was paid (a Conflict). It returns the refund's id, which
// the provider uses as the refund's idempotency key.
func (db *DB) Refund(ctx context.Context, orderID int64, r orders.RefundEntry) (int64, error) {
	var id int64
	err := db.batch.doLate(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		id, err = refund(ctx, tx, db.dialect, orderID, r.Plan, r.Restock, r.Cancel, r.ActorID, r.Reason, micros(r.At))
		return err
	})
	return id, err
}

// RefundPaid records the payment provider's reference for a refund it has
// paid; recording it again changes nothing.
func (db *DB) RefundPaid(ctx context.Context, id int64, providerRef string) error {
	_, err := db.w.ExecContext(ctx, `UPDATE refunds SET status = 'paid', provider_ref = $2 WHERE id = $1 AND status = 'pending'`, id, providerRef)
	if err != nil {
		return fmt.Errorf("store.RefundPaid: %w", err)
	}
	return nil
}

// PendingRefunds returns the refunds the provider has not confirmed, oldest
// first, for retrying.
func (db *DB) PendingRefunds(ctx context.Context, limit int) ([]orders.PendingRefund, error) {
	out, err := queryAll(ctx, db.r, func(r rowScanner) (orders.PendingRefund, error) {
		var p orders.PendingRefund
		err := r.Scan(&p.ID, &p.OrderID, &p.Amount, &p.GroupID)
		return p, err
	}, fmt.Sprintf(`SELECT r.id, r.order_id, r.amount, o.group_id FROM refunds r JOIN orders o ON o.id = r.order_id
WHERE r.status = 'pending' ORDER BY r.id LIMIT %d`, limit))
	if err != nil {
		return nil, fmt.Errorf("store.PendingRefunds: %w", err)
	}
	return out, nil
}

func refund(ctx context.Context, tx *sql.Tx, d dialect, orderID int64, plan orders.RefundPlan, restock, cancel bool, actorID int64, reason string, now int64) (int64, error) {
	o, err := order(ctx, tx, orderID)
	if err != nil {
		return 0, err
	}
	var paid string
	if err := tx.QueryRowContext(ctx, `SELECT status FROM payments WHERE group_id = $1`, o.GroupID).Scan(&paid); err != nil {
		return 0, fmt.Errorf("store.Refund: %w", err)
	}
	if paid != string(payments.Paid) {
		// Shipped to be paid on pick-up: nothing was paid to return.
		return 0, errs.E(errs.Conflict, "err.orders.cannot_refund", o.Status.Label())
	}
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO refunds (order_id, amount, restock, reason, status, actor_id, created_at)
VALUES ($1, $2, $3, $4, 'pending', $5, $6) RETURNING id`, orderID, plan.Total, restock, reason, nullID(actorID), now).Scan(&id); err != nil {
		return 0, fmt.Errorf("store.Refund: %w", err)
	}
	lines := map[int64]orders.Line{}
	for _, l := range o.Lines {
		lines[l.ID] = l
	}
	var ledgerLines []refundedLine
	for _, rl := range plan.Lines {
		l := lines[rl.LineID]
		ledgerLines = append(ledgerLines, refundedLine{lineID: rl.LineID, productID: l.ProductID, net: l.Net(), amount: rl.Amount})
		res, err := tx.ExecContext(ctx, `UPDATE order_lines SET refunded_qty = refunded_qty + $2, refunded = refunded + $3
WHERE id = $1 AND order_id = $4 AND refunded_qty + $2 <= qty`, rl.LineID, rl.Qty, rl.Amount, orderID)
		if err != nil {
			return 0, fmt.Errorf("store.Refund: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return 0, errs.E(errs.Conflict, "err.orders.refunded_meanwhile", rl.LineID)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO refund_lines (refund_id, line_id, qty, amount) VALUES ($1, $2, $3, $4)`,
			id, rl.LineID, rl.Qty, rl.Amount); err != nil {
			return 0, fmt.Errorf("store.Refund: %w", err)
		}
		if restock && !cancel {
			if err := releaseLine(ctx, tx, o.BuyerID, lines[rl.LineID], rl.Qty, false, now); err != nil {
				return 0, err
			}
		}
	}
	if err := postRefund(ctx, tx, d, id, ledgerLines, fromMicros(now)); err != nil {
		return 0, err
	}
	if err := recordRefund(ctx, tx, d, id, ledgerLines, fromMicros(now)); err != nil {
		return 0, err
	}
	state := orders.PartiallyRefunded
	if plan.Full {
		state = orders.FullyRefunded
	}
	res, err := tx.ExecContext(ctx, `UPDATE orders SET refunded = refunded + $2, refund_state = $3, updated_at = $4
WHERE id = $1 AND refunded + $2 <= total`, orderID, plan.Total, state, now)
	if err != nil {
		return 0, fmt.Errorf("store.Refund: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, errs.E(errs.Conflict, "err.orders.refund_over_paid", orderID)
	}
	switch {
	case cancel:
		if err := cancelPaid(ctx, tx, o, actorID, reason, now); err != nil {
			return 0, err
		}
	case plan.Full:
		if err := moveOrder(ctx, tx, orderID, o.Status, orders.Refunded, actorID, reason, "", "", now); err != nil {
			return 0, err
		}
	default:
		if err := addEvent(ctx, tx, orderID, o.Status, o.Status, actorID, fmt.Sprintf("partial refund %d fen: %s", plan.Total, reason), now); err != nil {
			return 0, err
		}
	}
	return id, nil
}
