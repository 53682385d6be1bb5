package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"maeul/internal/aftersales"
	"maeul/internal/errs"
	"maeul/internal/orders"
	"maeul/internal/photo"
)

var _ aftersales.Store = (*DB)(nil)

// CreateRequest stores an after-sales request with its lines and photos
// in one transaction. An order with an open request already is a
// Conflict (the unique index on open requests), and nothing is written.
func (db *DB) CreateRequest(ctx context.Context, r aftersales.Request, photos []*photo.Processed) (int64, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return 0, fmt.Errorf("store.CreateRequest: %w", err)
	}
	defer tx.Rollback()
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO aftersales_requests (order_id, org_id, buyer_id, kind, reason, note, status, due_at, created_at)
VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8) RETURNING id`,
		r.OrderID, r.OrgID, r.BuyerID, string(r.Kind), string(r.Reason), r.Note, micros(r.DueAt), micros(r.CreatedAt)).Scan(&id)
	if isUnique(err) {
		return 0, errs.E(errs.Conflict, "err.aftersales.open_exists", r.OrderID)
	}
	if err != nil {
		return 0, fmt.Errorf("store.CreateRequest: %w", err)
	}
	for _, l := range r.Lines {
		if _, err := tx.ExecContext(ctx, `INSERT INTO aftersales_lines (request_id, line_id, qty) VALUES ($1, $2, $3)`, id, l.LineID, l.Qty); err != nil {
			return 0, fmt.Errorf("store.CreateRequest: line: %w", err)
		}
	}
	for i, p := range photos {
		if err := db.storePhoto(ctx, tx, p); err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO aftersales_photos (request_id, photo_key, position) VALUES ($1, $2, $3)
ON CONFLICT (request_id, photo_key) DO NOTHING`, id, p.Key, i+1); err != nil {
			return 0, fmt.Errorf("store.CreateRequest: photo: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("store.CreateRequest: %w", err)
	}
	return id, nil
}

// requestColumns are a request's columns, its table named r.
const requestColumns = `r.id, r.order_id, r.org_id, r.buyer_id, r.kind, r.reason, r.note, r.status, r.answer, COALESCE(r.decided_by, 0),
  r.by_admin, r.restock, COALESCE(r.refund_id, 0), r.due_at, r.created_at, r.decided_at`

func scanRequest(s rowScanner) (aftersales.Request, error) {
	var r aftersales.Request
	var kind, reason, status string
	var due, created, decided int64
	err := s.Scan(&r.ID, &r.OrderID, &r.OrgID, &r.BuyerID, &kind, &reason, &r.Note, &status, &r.Answer, &r.DecidedBy, &r.ByAdmin,
		&r.Restock, &r.RefundID, &due, &created, &decided)
	r.Kind, r.Reason, r.Status = aftersales.Kind(kind), aftersales.Reason(reason), aftersales.Status(status)
	r.DueAt, r.CreatedAt = fromMicros(due), fromMicros(created)
	if decided != 0 {
		r.DecidedAt = fromMicros(decided)
	}
	return r, err
}

// Request returns an after-sales request with its lines and photos; an
// unknown id is NotFound.
func (db *DB) Request(ctx context.Context, id int64) (aftersales.Request, error) {
	rs, err := queryAll(ctx, db.r, scanRequest, `SELECT `+requestColumns+` FROM aftersales_requests r WHERE r.id = $1`, id)
	if err != nil {
		return aftersales.Request{}, fmt.Errorf("store.Request: %w", err)
	}
	if len(rs) == 0 {
		return aftersales.Request{}, errs.E(errs.NotFound, "err.aftersales.not_found", id)
	}
	if err := loadRequestParts(ctx, db.r, rs); err != nil {
		return aftersales.Request{}, err
	}
	return rs[0], nil
}

// Requests lists the after-sales requests f selects with their lines and
// photos: newest first, or, for escalated ones (f.DueBy set), oldest
// deadline first.
func (db *DB) Requests(ctx context.Context, f aftersales.Filter) ([]aftersales.Request, error) {
	var b sqlBuilder
	if f.OrderID != 0 {
		b.where("r.order_id = " + b.arg(f.OrderID))
	}
	if f.OrgID != 0 {
		b.where("r.org_id = " + b.arg(f.OrgID))
	}
	if f.BuyerID != 0 {
		b.where("r.buyer_id = " + b.arg(f.BuyerID))
	}
	if f.Open {
		b.where("r.status = 'open'")
	}
	order := "r.created_at DESC, r.id DESC"
	if !f.DueBy.IsZero() {
		b.where("r.due_at <= " + b.arg(micros(f.DueBy)))
		order = "r.due_at, r.id"
	}
	from := "aftersales_requests r"
	if f.Within != "" {
		from += " JOIN organizations o ON o.id = r.org_id"
		b.where(`o.region_code LIKE ` + b.arg(likePrefix(f.Within.Prefix())) + ` ESCAPE '\'`)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	limit = min(limit, 500)
	rs, err := queryAll(ctx, db.r, scanRequest, fmt.Sprintf(`SELECT %s FROM %s%s ORDER BY %s LIMIT %d`, requestColumns, from, b.whereSQL(), order, limit), b.args...)
	if err != nil {
		return nil, fmt.Errorf("store.Requests: %w", err)
	}
	if err := loadRequestParts(ctx, db.r, rs); err != nil {
		return nil, err
	}
	return rs, nil
}

// loadRequestParts fills in the lines and photos of requests with two
// queries.
func loadRequestParts(ctx context.Context, q querier, rs []aftersales.Request) error {
	if len(rs) == 0 {
		return nil
	}
	var b sqlBuilder
	idx := map[int64]int{}
	ids := make([]int64, len(rs))
	for i, r := range rs {
		idx[r.ID], ids[i] = i, r.ID
	}
	in := inList(&b, ids)
	type part struct {
		request int64
		line    aftersales.Line
		photo   aftersales.Photo
	}
	lines, err := queryAll(ctx, q, func(s rowScanner) (part, error) {
		var p part
		return p, s.Scan(&p.request, &p.line.LineID, &p.line.Qty)
	}, `SELECT request_id, line_id, qty FROM aftersales_lines WHERE request_id IN `+in+` ORDER BY request_id, line_id`, b.args...)
	if err != nil {
		return fmt.Errorf("store.requestLines: %w", err)
	}
	for _, p := range lines {
		rs[idx[p.request]].Lines = append(rs[idx[p.request]].Lines, p.line)
	}
	photos, err := queryAll(ctx, q, func(s rowScanner) (part, error) {
		var p part
		return p, s.Scan(&p.request, &p.photo.Key, &p.photo.Width)
	}, `SELECT a.request_id, a.photo_key, p.width FROM aftersales_photos a JOIN photos p ON p.key = a.photo_key
WHERE a.request_id IN `+in+` ORDER BY a.request_id, a.position`, b.args...)
	if err != nil {
		return fmt.Errorf("store.requestPhotos: %w", err)
	}
	for _, p := range photos {
		rs[idx[p.request]].Photos = append(rs[idx[p.request]].Photos, p.photo)
	}
	return nil
}

// CountRequests counts a store's open requests and those of them whose
// deadline has passed at now.
func (db *DB) CountRequests(ctx context.Context, orgID int64, now time.Time) (aftersales.Counts, error) {
	var c aftersales.Counts
	err := db.r.QueryRowContext(ctx, `SELECT count(*), COALESCE(sum(CASE WHEN due_at <= $2 THEN 1 ELSE 0 END), 0)
FROM aftersales_requests WHERE org_id = $1 AND status = 'open'`, orgID, micros(now)).Scan(&c.Open, &c.Escalated)
	if err != nil {
		return c, fmt.Errorf("store.CountRequests: %w", err)
	}
	return c, nil
}

// AcceptRequest records a request's acceptance and the refund it pays in
// one transaction, the refund exactly as Refund records it (lines, order
// totals, stock, the ledger's reversal); see aftersales.Store.
func (db *DB) AcceptRequest(ctx context.Context, d aftersales.Decision, e orders.RefundEntry) (int64, error) {
	var id int64
	err := db.batch.doLate(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var orderID int64
		if err := tx.QueryRowContext(ctx, `SELECT order_id FROM aftersales_requests WHERE id = $1`, d.RequestID).Scan(&orderID); err != nil {
			if err == sql.ErrNoRows {
				return errs.E(errs.NotFound, "err.aftersales.not_found", d.RequestID)
			}
			return fmt.Errorf("store.AcceptRequest: %w", err)
		}
		if err := decide(ctx, tx, d); err != nil {
			return err
		}
		var err error
		if id, err = refund(ctx, tx, db.dialect, orderID, e.Plan, e.Restock, false, e.ActorID, e.Reason, micros(e.At)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE aftersales_requests SET refund_id = $2 WHERE id = $1`, d.RequestID, id); err != nil {
			return fmt.Errorf("store.AcceptRequest: %w", err)
		}
		return nil
	})
	return id, err
}

// RefuseRequest records a request's refusal, provided it is still open
// (a Conflict otherwise).
func (db *DB) RefuseRequest(ctx context.Context, d aftersales.Decision) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("store.RefuseRequest: %w", err)
	}
	defer tx.Rollback()
	if err := decide(ctx, tx, d); err != nil {
		return err
	}
	return tx.Commit()
}

// decide closes an open request as d says; one no longer open is a
// Conflict.
func decide(ctx context.Context, tx *sql.Tx, d aftersales.Decision) error {
	res, err := tx.ExecContext(ctx, `UPDATE aftersales_requests SET status = $2, answer = $3, restock = $4, decided_by = $5, by_admin = $6, decided_at = $7
WHERE id = $1 AND status = 'open'`, d.RequestID, string(d.Status), d.Answer, d.Restock, nullID(d.ActorID), d.ByAdmin, micros(d.At))
	if err != nil {
		return fmt.Errorf("store.decide: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.Conflict, "err.aftersales.decided_meanwhile", d.RequestID)
	}
	return nil
}
