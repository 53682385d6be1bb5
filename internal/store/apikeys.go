package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/region"
)

var _ accounts.KeyStore = (*DB)(nil)

const keyColumns = `k.id, k.prefix, k.name, k.region_code, COALESCE(k.created_by, 0), k.created_at,
  COALESCE(k.revoked_at, 0), COALESCE(k.revoked_by, 0)`

func scanKey(sc rowScanner, extra ...any) (accounts.APIKey, error) {
	var k accounts.APIKey
	var created, revoked int64
	err := sc.Scan(append([]any{&k.ID, &k.Prefix, &k.Name, &k.Region, &k.CreatedBy, &created, &revoked, &k.RevokedBy}, extra...)...)
	k.CreatedAt = fromMicros(created)
	if revoked != 0 {
		k.RevokedAt = fromMicros(revoked)
	}
	return k, err
}

// CreateAPIKey stores a new key with its points and the hash of its whole
// key, in one transaction; a taken prefix is a Conflict error.
func (db *DB) CreateAPIKey(ctx context.Context, k accounts.APIKey, keyHash []byte) (int64, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return 0, fmt.Errorf("store.CreateAPIKey: %w", err)
	}
	defer tx.Rollback()
	var id int64
	err = tx.QueryRowContext(ctx, `
INSERT INTO api_keys (prefix, secret_hash, name, region_code, created_by, created_at)
VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		k.Prefix, keyHash, k.Name, string(k.Region), nullID(k.CreatedBy), micros(k.CreatedAt)).Scan(&id)
	if isUnique(err) {
		return 0, errs.E(errs.Conflict, "err.machines.key_prefix_taken")
	}
	if err != nil {
		return 0, fmt.Errorf("store.CreateAPIKey: %w", err)
	}
	for _, p := range k.Points {
		if _, err := tx.ExecContext(ctx, `INSERT INTO api_key_points (key_id, point_id) VALUES ($1, $2)`, id, p.ID); err != nil {
			return 0, fmt.Errorf("store.CreateAPIKey: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("store.CreateAPIKey: %w", err)
	}
	return id, nil
}

// APIKey returns one key with its points, or a NotFound error.
func (db *DB) APIKey(ctx context.Context, id int64) (accounts.APIKey, error) {
	k, err := scanKey(db.r.QueryRowContext(ctx, `SELECT `+keyColumns+` FROM api_keys k WHERE k.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return k, errs.E(errs.NotFound, "err.machines.key_not_found", id)
	}
	if err != nil {
		return k, fmt.Errorf("store.APIKey: %w", err)
	}
	ks := []accounts.APIKey{k}
	if err := db.loadKeyPoints(ctx, ks); err != nil {
		return k, err
	}
	return ks[0], nil
}

// APIKeyByPrefix returns the key with the prefix and its points, and the
// stored hash of its whole key, or a NotFound error. It runs on every
// request made with a key: two lookups by index.
func (db *DB) APIKeyByPrefix(ctx context.Context, prefix string) (accounts.APIKey, []byte, error) {
	var hash []byte
	k, err := scanKey(db.r.QueryRowContext(ctx, `SELECT `+keyColumns+`, k.secret_hash FROM api_keys k WHERE k.prefix = $1`, prefix), &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return k, nil, errs.E(errs.NotFound, "err.machines.key_not_found", prefix)
	}
	if err != nil {
		return k, nil, fmt.Errorf("store.APIKeyByPrefix: %w", err)
	}
	ks := []accounts.APIKey{k}
	if err := db.loadKeyPoints(ctx, ks); err != nil {
		return k, nil, err
	}
	return ks[0], hash, nil
}

// APIKeys lists the keys whose region lies within a region, newest first,
// with their points.
func (db *DB) APIKeys(ctx context.Context, within region.Code) ([]accounts.APIKey, error) {
	pattern := "%"
	if within != "" {
		pattern = likePrefix(within.Prefix())
	}
	ks, err := queryAll(ctx, db.r, func(r rowScanner) (accounts.APIKey, error) { return scanKey(r) },
		`SELECT `+keyColumns+` FROM api_keys k WHERE k.region_code LIKE $1 ESCAPE '\' ORDER BY k.created_at DESC, k.id DESC`, pattern)
	if err != nil {
		return nil, fmt.Errorf("store.APIKeys: %w", err)
	}
	return ks, db.loadKeyPoints(ctx, ks)
}

// loadKeyPoints fills in the points of ks, ordered by code, with one
// query.
func (db *DB) loadKeyPoints(ctx context.Context, ks []accounts.APIKey) error {
	if len(ks) == 0 {
		return nil
	}
	idx := map[int64]int{}
	var b sqlBuilder
	ids := make([]int64, len(ks))
	for i, k := range ks {
		idx[k.ID] = i
		ids[i] = k.ID
	}
	q := `SELECT kp.key_id, p.id, p.code, p.region_code, p.name_ko, p.name_zh, p.name_en
FROM api_key_points kp JOIN service_points p ON p.id = kp.point_id
WHERE kp.key_id IN ` + inList(&b, ids) + ` ORDER BY p.code`
	rows, err := db.r.QueryContext(ctx, q, b.args...)
	if err != nil {
		return fmt.Errorf("store.loadKeyPoints: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var keyID int64
		var p accounts.KeyPoint
		if err := rows.Scan(&keyID, &p.ID, &p.Code, &p.Region, &p.Name.Ko, &p.Name.Zh, &p.Name.En); err != nil {
			return fmt.Errorf("store.loadKeyPoints: %w", err)
		}
		k := &ks[idx[keyID]]
		k.Points = append(k.Points, p)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store.loadKeyPoints: %w", err)
	}
	return nil
}

// RevokeAPIKey marks a key revoked by a user (zero: the operator) at a
// moment, unless it is revoked already; an unknown key is NotFound.
func (db *DB) RevokeAPIKey(ctx context.Context, id, by int64, at time.Time) error {
	res, err := db.w.ExecContext(ctx, `UPDATE api_keys SET revoked_at = $2, revoked_by = $3 WHERE id = $1 AND revoked_at IS NULL`,
		id, micros(at), nullID(by))
	if err != nil {
		return fmt.Errorf("store.RevokeAPIKey: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("store.RevokeAPIKey: %w", err)
	} else if n == 0 {
		if _, err := db.APIKey(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// KeyPoints returns the service points with the codes, in the order of
// codes; an unknown code is an Invalid error about "points".
func (db *DB) KeyPoints(ctx context.Context, codes []string) ([]accounts.KeyPoint, error) {
	var b sqlBuilder
	q := `SELECT id, code, region_code, name_ko, name_zh, name_en FROM service_points WHERE status = 'open' AND code IN ` + inList(&b, codes)
	ps, err := queryAll(ctx, db.r, func(r rowScanner) (accounts.KeyPoint, error) {
		var p accounts.KeyPoint
		err := r.Scan(&p.ID, &p.Code, &p.Region, &p.Name.Ko, &p.Name.Zh, &p.Name.En)
		return p, err
	}, q, b.args...)
	if err != nil {
		return nil, fmt.Errorf("store.KeyPoints: %w", err)
	}
	byCode := map[string]accounts.KeyPoint{}
	for _, p := range ps {
		byCode[p.Code] = p
	}
	out := make([]accounts.KeyPoint, len(codes))
	for i, c := range codes {
		p, ok := byCode[c]
		if !ok {
			return nil, errs.Field("points", "err.network.point_not_found", c)
		}
		out[i] = p
	}
	return out, nil
}
