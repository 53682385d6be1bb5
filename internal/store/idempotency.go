package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"maeul/internal/errs"
)

// Idempotency keys. A client that creates orders or moves money sends a key
// of its choosing; the API reserves (actor, key) before running the call
// (status 0: in progress), so that two identical requests never both run,
// then keeps the call's status and body to answer repeats with. The
// reservation and the outcome are separate transactions on purpose: the
// call in between commits its own work. A reservation is a lease: a
// request that never finished (the server was killed, the database went
// away before its outcome was kept) holds its key only until the lease
// ends, and then a retry runs.

// ReserveIdempotencyKey reserves key for actor and a request whose hash is
// requestHash until now plus lease, and reports whether it did: false
// means the key is held by an earlier request (finished, or still running
// within its lease), which IdempotentResponse returns. A key reserved
// before now minus ttl has expired, and one still in progress after its
// lease was abandoned: either is dropped and reserved afresh.
func (db *DB) ReserveIdempotencyKey(ctx context.Context, actor, key, requestHash string, now time.Time, ttl, lease time.Duration) (bool, error) {
	var reserved bool
	err := db.batch.do(ctx, func(ctx context.Context, tx *sql.Tx) error {
		reserved = false
		if _, err := tx.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE actor = $1 AND key = $2 AND (created_at < $3 OR status = 0 AND lease_until <= $4)`,
			actor, key, micros(now.Add(-ttl)), micros(now)); err != nil {
			return fmt.Errorf("store.ReserveIdempotencyKey: %w", err)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO idempotency_keys (actor, key, request_hash, status, body, created_at, lease_until)
VALUES ($1, $2, $3, 0, $4, $5, $6) ON CONFLICT (actor, key) DO NOTHING`, actor, key, requestHash, []byte{}, micros(now), micros(now.Add(lease)))
		if err != nil {
			return fmt.Errorf("store.ReserveIdempotencyKey: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("store.ReserveIdempotencyKey: %w", err)
		}
		reserved = n == 1
		return nil
	})
	return reserved, err
}

// IdempotentResponse returns what is kept for actor's key: the hash of the
// request that reserved it, and the status and body of its response
// (status 0 while that request runs). A key not held is NotFound.
func (db *DB) IdempotentResponse(ctx context.Context, actor, key string) (requestHash string, status int, body []byte, err error) {
	err = db.r.QueryRowContext(ctx, `SELECT request_hash, status, body FROM idempotency_keys WHERE actor = $1 AND key = $2`,
		actor, key).Scan(&requestHash, &status, &body)
	if errNoRows(err) {
		return "", 0, nil, errs.E(errs.NotFound, "err.store.idempotency_key", key)
	}
	if err != nil {
		return "", 0, nil, fmt.Errorf("store.IdempotentResponse: %w", err)
	}
	return requestHash, status, body, nil
}

// SaveIdempotentResponse keeps the status and body of the request that
// reserved actor's key, for repeats to replay. A key that is not reserved
// (expired and taken again meanwhile) is left alone.
func (db *DB) SaveIdempotentResponse(ctx context.Context, actor, key string, status int, body []byte) error {
	if body == nil {
		body = []byte{}
	}
	return db.batch.do(ctx, func(ctx context.Context, tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE idempotency_keys SET status = $3, body = $4 WHERE actor = $1 AND key = $2 AND status = 0`,
			actor, key, status, body); err != nil {
			return fmt.Errorf("store.SaveIdempotentResponse: %w", err)
		}
		return nil
	})
}

// ReleaseIdempotencyKey drops the reservation of actor's key, when the
// request that holds it failed in a way worth retrying; a finished key is
// kept.
func (db *DB) ReleaseIdempotencyKey(ctx context.Context, actor, key string) error {
	return db.batch.do(ctx, func(ctx context.Context, tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE actor = $1 AND key = $2 AND status = 0`, actor, key); err != nil {
			return fmt.Errorf("store.ReleaseIdempotencyKey: %w", err)
		}
		return nil
	})
}

// PurgeIdempotencyKeys deletes the keys reserved before before and returns
// how many it deleted.
func (db *DB) PurgeIdempotencyKeys(ctx context.Context, before time.Time) (int64, error) {
	res, err := db.w.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE created_at < $1`, micros(before))
	if err != nil {
		return 0, fmt.Errorf("store.PurgeIdempotencyKeys: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}
