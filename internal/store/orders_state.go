package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/orders"
	"maeul/internal/payments"
)

// MoveOrder changes an order's status from ch.From to ch.To, provided it
// is still ch.From (a Conflict otherwise: someone else moved it first),
// and records the event. Shipping stores the carrier and tracking number,
// and the planned parcel when there is one, in the same transaction.
func (db *DB) MoveOrder(ctx context.Context, id int64, ch orders.StatusChange) error {
	if err := orders.Move(ch.From, ch.To); err != nil {
		return err
	}
	return db.batch.do(ctx, func(ctx context.Context, tx *sql.Tx) error {
		now := micros(db.now())
		if err := moveOrder(ctx, tx, id, ch.From, ch.To, ch.ActorID, ch.Note, ch.Carrier, ch.Tracking, now); err != nil {
			return err
		}
		if ch.Parcel == nil {
			return nil
		}
		p := *ch.Parcel
		p.OrderID = id
		return insertParcel(ctx, tx, p, now)
	})
}

func moveOrder(ctx context.Context, tx *sql.Tx, id int64, from, to orders.Status, actorID int64, note, carrier, tracking string, now int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE orders SET status = $3, updated_at = $4,
  carrier = CASE WHEN $5 = '' THEN carrier ELSE $5 END, tracking = CASE WHEN $6 = '' THEN tracking ELSE $6 END
WHERE id = $1 AND status = $2`, id, from, to, now, carrier, tracking)
	if err != nil {
		return fmt.Errorf("store.MoveOrder: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.Conflict, "err.orders.moved_meanwhile", id, from.Label())
	}
	return addEvent(ctx, tx, id, from, to, actorID, note, now)
}

const paymentColumns = `id, group_id, method, amount, status, ref, COALESCE(point_id, 0), trade_no, paid_at, COALESCE(confirmed_by, 0), created_at, expires_at`

func scanPayment(sc interface{ Scan(...any) error }) (payments.Record, error) {
	var p payments.Record
	var paid, created, expires int64
	err := sc.Scan(&p.ID, &p.GroupID, &p.Method, &p.Amount, &p.Status, &p.Ref, &p.PointID, &p.TradeNo, &paid, &p.ConfirmedBy, &created, &expires)
	if paid != 0 {
		p.PaidAt = fromMicros(paid)
	}
	if expires != 0 {
		p.ExpiresAt = fromMicros(expires)
	}
	p.CreatedAt = fromMicros(created)
	return p, err
}

// Payment returns a payment by its reference, or NotFound.
func (db *DB) Payment(ctx context.Context, ref string) (payments.Record, error) {
	p, err := scanPayment(db.r.QueryRowContext(ctx, `SELECT `+paymentColumns+` FROM payments WHERE ref = $1`, ref))
	if errNoRows(err) {
		return p, errs.E(errs.NotFound, "err.payments.not_found", ref)
	}
	if err != nil {
		return p, fmt.Errorf("store.Payment: %w", err)
	}
	return p, nil
}

// GroupPayment returns the payment of a checkout group, or NotFound.
func (db *DB) GroupPayment(ctx context.Context, groupID int64) (payments.Record, error) {
	p, err := scanPayment(db.r.QueryRowContext(ctx, `SELECT `+paymentColumns+` FROM payments WHERE group_id = $1`, groupID))
	if errNoRows(err) {
		return p, errs.E(errs.NotFound, "err.payments.group_not_found", groupID)
	}
	if err != nil {
		return p, fmt.Errorf("store.GroupPayment: %w", err)
	}
	return p, nil
}

// PendingPayments lists the pending payments of a method at a service
// point (station cash), oldest first.
func (db *DB) PendingPayments(ctx context.Context, method payments.Method, pointID int64) ([]payments.Record, error) {
	out, err := queryAll(ctx, db.r, scanPayment, `SELECT `+paymentColumns+` FROM payments WHERE method = $1 AND point_id = $2 AND status = 'pending' ORDER BY created_at`, method, pointID)
	if err != nil {
		return nil, fmt.Errorf("store.PendingPayments: %w", err)
	}
	return out, nil
}

// ConfirmPayment marks the payment c.Ref paid and its group's pending
// orders paid, in one transaction. With c.Nonce set (a provider's
// notification) the nonce is recorded in the same transaction, and a nonce
// seen before is a Conflict (a replay) that changes nothing. Confirming a
// payment that is already paid (or paid late) changes nothing and reports
// Changed false, unless a provider's notice gives it another amount: that
// is a Conflict, and the notice is recorded with outcome
// NoticeAmountDiffers; the amount must equal the payment's (Invalid
// otherwise).
//
// A provider's notice for a payment that expired or was cancelled
// meanwhile (its orders cancelled, their stock released) is money the
// buyer has paid: it is recorded as paid_late, each order of the group is
// refunded its total (a pending refund, with the order's refunded amount
// and state and a history entry), and the refunds are returned for the
// caller to pay. An operator's confirmation of such a payment is a
// Conflict: the operator can hand the cash back.
func (db *DB) ConfirmPayment(ctx context.Context, c payments.Confirmation) (orders.Confirmed, error) {
	var out orders.Confirmed
	err := db.batch.doLate(ctx, func(ctx context.Context, tx *sql.Tx) error {
		out = orders.Confirmed{}
		now := micros(c.At)
		if c.Nonce != "" {
			res, err := tx.ExecContext(ctx, `INSERT INTO payment_notices (nonce, payment_ref, outcome, received_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (nonce) DO NOTHING`, c.Nonce, c.Ref, string(payments.Paid), now)
			if err != nil {
				return fmt.Errorf("store.ConfirmPayment: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return errs.E(errs.Conflict, "err.payments.replayed", c.Nonce)
			}
		}
		// Twice at most: a payment that closed between the read and the
		// update is read again and taken as late.
		for range 2 {
			p, err := scanPayment(tx.QueryRowContext(ctx, `SELECT `+paymentColumns+` FROM payments WHERE ref = $1`, c.Ref))
			if errNoRows(err) {
				return errs.E(errs.NotFound, "err.payments.not_found", c.Ref)
			}
			if err != nil {
				return fmt.Errorf("store.ConfirmPayment: %w", err)
			}
			switch {
			case (p.Status == payments.Paid || p.Status == payments.PaidLate) && c.Nonce != "" && c.Amount != p.Amount:
				// The provider says a paid payment had another amount: not
				// acknowledged as nothing new, but refused and flagged below.
				return errs.E(errs.Conflict, "err.payments.paid_amount_differs", c.Ref, int64(p.Amount), int64(c.Amount))
			case p.Status == payments.Paid || p.Status == payments.PaidLate:
				return nil
			case c.Amount != p.Amount:
				return errs.Field("amount", "err.payments.amount_differs", c.Ref, int64(p.Amount), int64(c.Amount))
			case p.Status != payments.Pending && (c.Nonce == "" || !p.Status.Closed()):
				return errs.E(errs.Conflict, "err.payments.closed", c.Ref, p.Status)
			case p.Status != payments.Pending:
				changed, refunds, err := confirmLate(ctx, tx, p, c, now)
				out = orders.Confirmed{Changed: changed, Late: true, Refunds: refunds}
				return err
			}
			ok, err := confirmPending(ctx, tx, db.dialect, p, c, now)
			if err != nil || ok {
				out.Changed = ok
				return err
			}
		}
		return nil
	})
	if errs.HasReason(err, "err.payments.paid_amount_differs") {
		// The refusal rolled the notice back with everything else; it is
		// recorded on its own, flagged for whoever checks the payments.
		_, ferr := db.w.ExecContext(ctx, `INSERT INTO payment_notices (nonce, payment_ref, outcome, received_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (nonce) DO UPDATE SET outcome = excluded.outcome`, c.Nonce, c.Ref, NoticeAmountDiffers, micros(c.At))
		if ferr != nil {
			return out, fmt.Errorf("store.ConfirmPayment: flagging notice %s: %w", c.Nonce, ferr)
		}
	}
	return out, err
}

// NoticeAmountDiffers is the outcome recorded for a provider's notice that
// gives a paid payment another amount than it was paid with.
const NoticeAmountDiffers = "amount_differs"

// NoticeOutcome returns the outcome recorded for the provider's notice
// with this nonce ("paid", NoticeAmountDiffers), or a NotFound error.
func (db *DB) NoticeOutcome(ctx context.Context, nonce string) (string, error) {
	var out string
	err := db.r.QueryRowContext(ctx, `SELECT outcome FROM payment_notices WHERE nonce = $1`, nonce).Scan(&out)
	if errNoRows(err) {
		return "", errs.E(errs.NotFound, "err.payments.notice_not_found", nonce)
	}
	if err != nil {
		return "", fmt.Errorf("store.NoticeOutcome: %w", err)
	}
	return out, nil
}

// confirmPending records a pending payment paid and posts its orders'
// sales; false means it was not pending any more.
func confirmPending(ctx context.Context, tx *sql.Tx, d dialect, p payments.Record, c payments.Confirmation, now int64) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE payments SET status = 'paid', trade_no = $2, paid_at = $3, confirmed_by = $4, updated_at = $3
WHERE id = $1 AND status = 'pending'`, p.ID, c.TradeNo, now, nullID(c.ActorID))
	if err != nil {
		return false, fmt.Errorf("store.ConfirmPayment: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT id FROM orders WHERE group_id = $1 AND status = $2`, p.GroupID, orders.PendingPayment)
	if err != nil {
		return false, fmt.Errorf("store.ConfirmPayment: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return false, fmt.Errorf("store.ConfirmPayment: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	paid := make([]paidOrder, 0, len(ids))
	for _, id := range ids {
		if err := moveOrder(ctx, tx, id, orders.PendingPayment, orders.Paid, c.ActorID, "payment "+c.Ref, "", "", now); err != nil {
			return false, err
		}
		paid = append(paid, paidOrder{id: id, at: c.At})
	}
	// The sales reach the ledger and the sales facts in the transaction
	// that records the payment, or not at all.
	return true, recordPaid(ctx, tx, d, paid)
}

// confirmLate records a payment of a closed checkout as paid late and a
// full refund of each of its orders. Nothing was sold, so nothing reaches
// the ledger: the refund returns money that never became a sale.
func confirmLate(ctx context.Context, tx *sql.Tx, p payments.Record, c payments.Confirmation, now int64) (bool, []orders.PendingRefund, error) {
	res, err := tx.ExecContext(ctx, `UPDATE payments SET status = 'paid_late', trade_no = $2, paid_at = $3, updated_at = $3
WHERE id = $1 AND status = $4`, p.ID, c.TradeNo, now, p.Status)
	if err != nil {
		return false, nil, fmt.Errorf("store.ConfirmPayment: late: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil, nil // recorded meanwhile
	}
	os, err := groupOrdersTx(ctx, tx, p.GroupID)
	if err != nil {
		return false, nil, err
	}
	var out []orders.PendingRefund
	var total int64
	for _, o := range os {
		total += int64(o.Total)
		if o.Total <= 0 {
			continue
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO refunds (order_id, amount, restock, reason, status, created_at)
VALUES ($1, $2, FALSE, $3, 'pending', $4) RETURNING id`, o.ID, o.Total, orders.LateNote+p.Ref, now).Scan(&id); err != nil {
			return false, nil, fmt.Errorf("store.ConfirmPayment: late refund: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE orders SET refunded = total, refund_state = $2, updated_at = $3 WHERE id = $1`,
			o.ID, orders.FullyRefunded, now); err != nil {
			return false, nil, fmt.Errorf("store.ConfirmPayment: late refund: %w", err)
		}
		if err := addEvent(ctx, tx, o.ID, o.Status, o.Status, 0, orders.LateNote+p.Ref, now); err != nil {
			return false, nil, err
		}
		out = append(out, orders.PendingRefund{ID: id, OrderID: o.ID, GroupID: p.GroupID, Amount: o.Total})
	}
	if total != int64(p.Amount) {
		return false, nil, fmt.Errorf("store.ConfirmPayment: late payment %s of %d fen covers orders of %d fen", p.Ref, p.Amount, total)
	}
	return true, out, nil
}

// CancelPending cancels a checkout group's unpaid orders, releasing what
// they reserved, and marks its payment with c.Status (expired on timeout,
// cancelled when the buyer cancels). It is a Conflict when the group has
// been paid meanwhile, or when one of its orders was shipped unpaid (to be
// paid on pick-up), and then nothing changes.
func (db *DB) CancelPending(ctx context.Context, groupID int64, c orders.Cancellation) error {
	return db.batch.do(ctx, func(ctx context.Context, tx *sql.Tx) error {
		return cancelPending(ctx, tx, groupID, c.ActorID, string(c.Status), c.Note, micros(c.At))
	})
}

func cancelPending(ctx context.Context, tx *sql.Tx, groupID int64, actorID int64, status, note string, now int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE payments SET status = $2, updated_at = $3 WHERE group_id = $1 AND status = 'pending'`, groupID, status, now)
	if err != nil {
		return fmt.Errorf("store.CancelPending: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.Conflict, "err.orders.not_awaiting_payment", groupID)
	}
	os, err := groupOrdersTx(ctx, tx, groupID)
	if err != nil {
		return err
	}
	for _, o := range os {
		if o.Status == orders.Shipped {
			// Shipped unpaid, to be paid on pick-up: it waits for its
			// buyer, and its payment stays open.
			return errs.E(errs.Conflict, "err.orders.shipped_unpaid", o.ID)
		}
		if o.Status != orders.PendingPayment {
			continue
		}
		if err := moveOrder(ctx, tx, o.ID, orders.PendingPayment, orders.Cancelled, actorID, note, "", "", now); err != nil {
			return err
		}
		for _, l := range o.Lines {
			if err := releaseLine(ctx, tx, o.BuyerID, l, l.Qty, true, now); err != nil {
				return err
			}
		}
	}
	var code string
	var buyer int64
	if err := tx.QueryRowContext(ctx, `SELECT coupon, buyer_id FROM checkout_groups WHERE id = $1`, groupID).Scan(&code, &buyer); err != nil {
		return fmt.Errorf("store.CancelPending: %w", err)
	}
	if code != "" {
		if err := useCoupon(ctx, tx, code, 0, buyer, -1); err != nil {
			return err
		}
	}
	return nil
}

// cancelPaid cancels a paid order that is not yet packed, after its full
// refund has been recorded by the caller in the same transaction: the units
// not refunded before go back to stock and to their flash sale (units
// refunded earlier were restocked then, or not, as the seller chose), and
// when every order of the checkout is now cancelled its coupon use is
// given back.
func cancelPaid(ctx context.Context, tx *sql.Tx, o orders.Order, actorID int64, note string, now int64) error {
	if err := moveOrder(ctx, tx, o.ID, orders.Paid, orders.Cancelled, actorID, note, "", "", now); err != nil {
		return err
	}
	for _, l := range o.Lines {
		if err := releaseLine(ctx, tx, o.BuyerID, l, l.Qty-l.RefundedQty, l.FlashSaleID != 0, now); err != nil {
			return err
		}
	}
	var open int
	var code string
	err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM orders WHERE group_id = $1 AND status <> $2), coupon
FROM checkout_groups WHERE id = $1`, o.GroupID, orders.Cancelled).Scan(&open, &code)
	if err != nil {
		return fmt.Errorf("store.cancelPaid: %w", err)
	}
	if open == 0 && code != "" {
		return useCoupon(ctx, tx, code, 0, o.BuyerID, -1)
	}
	return nil
}

func groupOrdersTx(ctx context.Context, tx *sql.Tx, groupID int64) ([]orders.Order, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+orderColumns+` FROM orders WHERE group_id = $1 ORDER BY id`, groupID)
	if err != nil {
		return nil, fmt.Errorf("store.groupOrders: %w", err)
	}
	return collectOrders(ctx, tx, rows)
}

// releaseLine gives back qty units of a line: to stock (goods) or to the
// day's capacity (tourism), and, when flash is set, to its flash sale and
// the buyer's count in it.
func releaseLine(ctx context.Context, tx *sql.Tx, buyerID int64, l orders.Line, qty int, flash bool, now int64) error {
	if qty <= 0 {
		return nil
	}
	var err error
	if l.Kind == catalog.Tourism {
		_, err = tx.ExecContext(ctx, `UPDATE bookings SET booked = booked - $3 WHERE variant_id = $1 AND booking_date = $2 AND booked >= $3`,
			l.VariantID, dayKey(l.BookingDate), qty)
	} else {
		if _, err = tx.ExecContext(ctx, `UPDATE variants SET stock = stock + $2 WHERE id = $1`, l.VariantID, qty); err == nil {
			_, err = tx.ExecContext(ctx, `UPDATE products SET total_stock = total_stock + $2 WHERE id = $1`, l.ProductID, qty)
		}
		if err == nil && l.ID != 0 {
			_, err = tx.ExecContext(ctx, `UPDATE order_lines SET restocked_qty = restocked_qty + $2 WHERE id = $1`, l.ID, qty)
		}
	}
	if err != nil {
		return fmt.Errorf("store.releaseLine: %w", err)
	}
	if flash && l.FlashSaleID != 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE flash_sales SET sold = sold - $2 WHERE id = $1 AND sold >= $2`, l.FlashSaleID, qty); err != nil {
			return fmt.Errorf("store.releaseLine: flash: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE flash_sale_buyers SET qty = qty - $3 WHERE sale_id = $1 AND buyer_id = $2 AND qty >= $3`,
			l.FlashSaleID, buyerID, qty); err != nil {
			return fmt.Errorf("store.releaseLine: flash buyer: %w", err)
		}
	}
	return nil
}

// DueGroups returns up to limit checkout groups with unpaid orders whose
// payment window closed before now.
func (db *DB) DueGroups(ctx context.Context, now time.Time, limit int) ([]int64, error) {
	ids, err := queryAll(ctx, db.r, scanOne[int64], fmt.Sprintf(`SELECT DISTINCT group_id FROM orders WHERE status = $1 AND expires_at <= $2 ORDER BY group_id LIMIT %d`, limit),
		orders.PendingPayment, micros(now))
	if err != nil {
		return nil, fmt.Errorf("store.DueGroups: %w", err)
	}
	return ids, nil
}
