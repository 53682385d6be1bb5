package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"maeul/internal/errs"
	"maeul/internal/orders"
	"maeul/internal/parcels"
	"maeul/internal/payments"
)

// CountTry passes fn the wrong pick-up codes counted at a parcel, the
// count's row locked for the transaction (an upsert that changes nothing
// takes the row's lock on PostgreSQL; SQLite has one writer), so that
// concurrent tries are judged one after the other; it counts one more
// when fn says so, and returns fn's error after committing.
func (db *DB) CountTry(ctx context.Context, parcelID int64, at time.Time, fn func(tries int) (bool, error)) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("store.CountTry: %w", err)
	}
	defer tx.Rollback()
	var tries int
	if err := tx.QueryRowContext(ctx, `INSERT INTO parcel_code_tries (parcel_id, tries, last_at) VALUES ($1, 0, $2)
ON CONFLICT (parcel_id) DO UPDATE SET tries = parcel_code_tries.tries
RETURNING tries`, parcelID, micros(at)).Scan(&tries); err != nil {
		return fmt.Errorf("store.CountTry: %w", err)
	}
	wrong, refusal := fn(tries)
	if wrong {
		if _, err := tx.ExecContext(ctx, `UPDATE parcel_code_tries SET tries = tries + 1, last_at = $2 WHERE parcel_id = $1`, parcelID, micros(at)); err != nil {
			return fmt.Errorf("store.CountTry: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store.CountTry: %w", err)
	}
	return refusal
}

// Tries returns the wrong codes counted at the parcels, by id; parcels
// without any are left out.
func (db *DB) Tries(ctx context.Context, parcelIDs []int64) (map[int64]int, error) {
	out := map[int64]int{}
	for ids := range chunks(parcelIDs, 500) {
		var b sqlBuilder
		rows, err := db.r.QueryContext(ctx, `SELECT parcel_id, tries FROM parcel_code_tries WHERE tries > 0 AND parcel_id IN `+inList(&b, ids), b.args...)
		if err != nil {
			return nil, fmt.Errorf("store.Tries: %w", err)
		}
		for rows.Next() {
			var id int64
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store.Tries: %w", err)
			}
			out[id] = n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("store.Tries: %w", err)
		}
	}
	return out, nil
}

// ClearTries forgets the tries counted at a parcel.
func (db *DB) ClearTries(ctx context.Context, parcelID int64) error {
	return db.batch.do(ctx, func(ctx context.Context, tx *sql.Tx) error {
		return clearTries(ctx, tx, parcelID)
	})
}

func clearTries(ctx context.Context, tx *sql.Tx, parcelID int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM parcel_code_tries WHERE parcel_id = $1`, parcelID); err != nil {
		return fmt.Errorf("store.ClearTries: %w", err)
	}
	return nil
}

// OrderPayment returns the payment of an order's checkout.
func (db *DB) OrderPayment(ctx context.Context, orderID int64) (payments.Record, error) {
	p, err := scanPayment(db.r.QueryRowContext(ctx, `SELECT `+paymentColumns+` FROM payments WHERE group_id = (SELECT group_id FROM orders WHERE id = $1)`, orderID))
	if errNoRows(err) {
		return p, errs.E(errs.NotFound, "err.orders.not_found", orderID)
	}
	if err != nil {
		return p, fmt.Errorf("store.OrderPayment: %w", err)
	}
	return p, nil
}

// HandOver records a parcel handed to its buyer at its pick-up station
// (see parcels.Counter.HandOver) in one transaction. The parcel's row is
// changed first: a concurrent hand-over of the same parcel waits for it
// (PostgreSQL's row lock; SQLite's one writer) and then finds it handed
// over, so the payment and the sale's postings are written once.
func (db *DB) HandOver(ctx context.Context, h parcels.Handing) (bool, error) {
	repeated := false
	err := db.batch.doLate(ctx, func(ctx context.Context, tx *sql.Tx) error {
		repeated = false
		now := micros(h.At)
		p := h.Parcel
		res, err := tx.ExecContext(ctx, `UPDATE parcels SET state = $3, version = version + 1, updated_at = $4
WHERE id = $1 AND version = $2 AND state = 'at_pickup'`, p.ID, p.Version, parcels.HandedOver, now)
		if err != nil {
			return fmt.Errorf("store.HandOver: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var state parcels.State
			if err := tx.QueryRowContext(ctx, `SELECT state FROM parcels WHERE id = $1`, p.ID).Scan(&state); err != nil {
				return fmt.Errorf("store.HandOver: %w", err)
			}
			if state == parcels.HandedOver {
				repeated = true
				return nil
			}
			return errs.E(errs.Conflict, "err.parcels.changed_meanwhile")
		}
		pay, err := scanPayment(tx.QueryRowContext(ctx, `SELECT `+paymentColumns+` FROM payments WHERE group_id = (SELECT group_id FROM orders WHERE id = $1)`, p.OrderID))
		if err != nil {
			return fmt.Errorf("store.HandOver: %w", err)
		}
		if err := parcels.CheckCash(pay, h.Cash); err != nil {
			return err
		}
		if pay.Status == payments.Pending {
			if err := payOnPickup(ctx, tx, db.dialect, pay, h.ByUser, h.At); err != nil {
				return err
			}
		}
		if err := deliverOrder(ctx, tx, p.ID, p.OrderID, h.ByUser, now); err != nil {
			return err
		}
		return clearTries(ctx, tx, p.ID)
	})
	return repeated, err
}

// payOnPickup records cash paid on pick-up: the payment is paid, and each
// shipped order of its checkout (there is one) gets the payment in its
// history, its sale posted to the impact ledger and its sales facts, as
// confirmPending does for a payment made before shipping.
func payOnPickup(ctx context.Context, tx *sql.Tx, d dialect, p payments.Record, byUser int64, at time.Time) error {
	now := micros(at)
	res, err := tx.ExecContext(ctx, `UPDATE payments SET status = 'paid', trade_no = 'cash', paid_at = $2, confirmed_by = $3, updated_at = $2
WHERE id = $1 AND status = 'pending'`, p.ID, now, nullID(byUser))
	if err != nil {
		return fmt.Errorf("store.HandOver: payment: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.Conflict, "err.payments.closed", p.Ref, p.Status)
	}
	os, err := groupOrdersTx(ctx, tx, p.GroupID)
	if err != nil {
		return err
	}
	var paid []paidOrder
	for _, o := range os {
		if o.Status != orders.Shipped {
			continue
		}
		if err := addEvent(ctx, tx, o.ID, o.Status, o.Status, byUser, "payment "+p.Ref, now); err != nil {
			return err
		}
		paid = append(paid, paidOrder{id: o.ID, at: at})
	}
	// The sale reaches the ledger and the sales facts in this transaction.
	return recordPaid(ctx, tx, d, paid)
}
