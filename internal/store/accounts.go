package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/region"
)

var _ accounts.Store = (*DB)(nil)

const userColumns = `u.id, u.email, u.name, u.role, COALESCE(u.scope_code, ''), COALESCE(u.org_id, 0),
  COALESCE(u.service_point_id, 0), u.lang, u.created_at, u.disabled`

func scanUser(sc interface{ Scan(...any) error }, extra ...any) (accounts.User, error) {
	var u accounts.User
	var created int64
	dest := append([]any{&u.ID, &u.Email, &u.Name, &u.Role, &u.Scope, &u.OrgID, &u.ServicePointID, &u.Lang, &created, &u.Disabled}, extra...)
	err := sc.Scan(dest...)
	u.CreatedAt = fromMicros(created)
	return u, err
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// CreateUser stores a new user; a taken email is a Conflict error.
func (db *DB) CreateUser(ctx context.Context, u accounts.User, passwordHash string) (int64, error) {
	var scope any
	if u.Scope != "" {
		scope = string(u.Scope)
	}
	var id int64
	err := db.w.QueryRowContext(ctx, `
INSERT INTO users (email, name, password_hash, role, scope_code, org_id, service_point_id, lang, disabled, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		u.Email, u.Name, passwordHash, u.Role, scope, nullID(u.OrgID), nullID(u.ServicePointID), u.Lang, u.Disabled,
		micros(db.now())).Scan(&id)
	if isUnique(err) {
		return 0, errs.InField("email", errs.E(errs.Conflict, "err.accounts.email_taken"))
	}
	if isForeignKey(err) {
		return 0, errs.Field("scope", "err.region.not_found", u.Scope)
	}
	if err != nil {
		return 0, fmt.Errorf("store.CreateUser: %w", err)
	}
	return id, nil
}

// User returns one user, or a NotFound error.
func (db *DB) User(ctx context.Context, id int64) (accounts.User, error) {
	u, err := scanUser(db.r.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return u, errs.E(errs.NotFound, "err.accounts.user_not_found", id)
	}
	if err != nil {
		return u, fmt.Errorf("store.User: %w", err)
	}
	return u, nil
}

// UserByEmail returns a user and its password hash, or a NotFound error.
func (db *DB) UserByEmail(ctx context.Context, email string) (accounts.User, string, error) {
	var hash string
	u, err := scanUser(db.r.QueryRowContext(ctx, `SELECT `+userColumns+`, u.password_hash FROM users u WHERE u.email = $1`, email), &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return u, "", errs.E(errs.NotFound, "err.accounts.email_not_found", email)
	}
	if err != nil {
		return u, "", fmt.Errorf("store.UserByEmail: %w", err)
	}
	return u, hash, nil
}

// Users lists users ordered by email. With f.Within set, only users scoped
// inside that region or attached to an organization or service point
// located there are listed.
func (db *DB) Users(ctx context.Context, f accounts.Filter) ([]accounts.User, error) {
	pattern := "%"
	if f.Within != "" {
		pattern = likePrefix(f.Within.Prefix())
	}
	q := `SELECT ` + userColumns + ` FROM users u
LEFT JOIN organizations o ON o.id = u.org_id
LEFT JOIN service_points p ON p.id = u.service_point_id
WHERE ($1 = '%' OR u.scope_code LIKE $1 ESCAPE '\' OR o.region_code LIKE $1 ESCAPE '\' OR p.region_code LIKE $1 ESCAPE '\')
  AND ($2 = '' OR u.role = $2)
ORDER BY u.email`
	if f.Limit > 0 {
		q += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	out, err := queryAll(ctx, db.r, func(r rowScanner) (accounts.User, error) { return scanUser(r) }, q, pattern, string(f.Role))
	if err != nil {
		return nil, fmt.Errorf("store.Users: %w", err)
	}
	return out, nil
}

// SetUserLang remembers a user's language.
func (db *DB) SetUserLang(ctx context.Context, id int64, l i18n.Lang) error {
	if _, err := db.w.ExecContext(ctx, `UPDATE users SET lang = $2 WHERE id = $1 AND lang <> $2`, id, l); err != nil {
		return fmt.Errorf("store.SetUserLang: %w", err)
	}
	return nil
}

// OrgRegion returns the id and region of the organization with code, or
// a NotFound error.
func (db *DB) OrgRegion(ctx context.Context, code string) (int64, region.Code, error) {
	o, err := db.Organization(ctx, code)
	return o.ID, o.Region, err
}

// ServicePointRegion returns the id and region of the point with code, or
// a NotFound error.
func (db *DB) ServicePointRegion(ctx context.Context, code string) (int64, region.Code, error) {
	var id int64
	var c region.Code
	err := db.r.QueryRowContext(ctx, `SELECT id, region_code FROM service_points WHERE code = $1`, code).Scan(&id, &c)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", errs.E(errs.NotFound, "err.network.point_not_found", code)
	}
	if err != nil {
		return 0, "", fmt.Errorf("store.ServicePointRegion: %w", err)
	}
	return id, c, nil
}

// CreateSession stores a session.
func (db *DB) CreateSession(ctx context.Context, s accounts.Session) error {
	_, err := db.w.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
		s.TokenHash, s.UserID, micros(s.CreatedAt), micros(s.ExpiresAt))
	if err != nil {
		return fmt.Errorf("store.CreateSession: %w", err)
	}
	return nil
}

// SessionUser returns the user of an unexpired session, or an
// Unauthorized error.
func (db *DB) SessionUser(ctx context.Context, tokenHash []byte, now time.Time) (accounts.User, error) {
	u, err := scanUser(db.r.QueryRowContext(ctx, `SELECT `+userColumns+` FROM sessions s JOIN users u ON u.id = s.user_id
WHERE s.token_hash = $1 AND s.expires_at > $2`, tokenHash, micros(now)))
	if errors.Is(err, sql.ErrNoRows) {
		return u, errs.E(errs.Unauthorized, "err.accounts.session_expired")
	}
	if err != nil {
		return u, fmt.Errorf("store.SessionUser: %w", err)
	}
	return u, nil
}

// DeleteSession ends a session.
func (db *DB) DeleteSession(ctx context.Context, tokenHash []byte) error {
	if _, err := db.w.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash); err != nil {
		return fmt.Errorf("store.DeleteSession: %w", err)
	}
	return nil
}

// UpdateSignInAttempts passes fn the attempts of each key, locked for the
// transaction (an upsert that changes nothing takes the row's lock on
// PostgreSQL; SQLite has one writer), and stores what fn returns. Keys are
// locked in sorted order so that concurrent updates cannot deadlock.
func (db *DB) UpdateSignInAttempts(ctx context.Context, keys []string, now time.Time, fn func([]accounts.Attempts) ([]accounts.Attempts, error)) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("store.UpdateSignInAttempts: %w", err)
	}
	defer tx.Rollback()
	order := make([]int, len(keys))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return keys[order[a]] < keys[order[b]] })
	as := make([]accounts.Attempts, len(keys))
	for _, i := range order {
		var last, next int64
		err := tx.QueryRowContext(ctx, `INSERT INTO sign_in_attempts (key, failures, last_at, next_at) VALUES ($1, 0, 0, 0)
ON CONFLICT (key) DO UPDATE SET failures = sign_in_attempts.failures
RETURNING failures, last_at, next_at`, keys[i]).Scan(&as[i].Failures, &last, &next)
		if err != nil {
			return fmt.Errorf("store.UpdateSignInAttempts: %w", err)
		}
		if last != 0 {
			as[i].LastAt = fromMicros(last)
		}
		if next != 0 {
			as[i].NextAt = fromMicros(next)
		}
	}
	as, err = fn(as)
	if err != nil {
		return err
	}
	for i, k := range keys {
		a := as[i]
		var last, next int64
		if !a.LastAt.IsZero() {
			last = micros(a.LastAt)
		}
		if !a.NextAt.IsZero() {
			next = micros(a.NextAt)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE sign_in_attempts SET failures = $2, last_at = $3, next_at = $4 WHERE key = $1`,
			k, a.Failures, last, next); err != nil {
			return fmt.Errorf("store.UpdateSignInAttempts: %w", err)
		}
	}
	day := micros(now.Add(-24 * time.Hour))
	if _, err := tx.ExecContext(ctx, `DELETE FROM sign_in_attempts WHERE last_at < $1 AND next_at < $1`, day); err != nil {
		return fmt.Errorf("store.UpdateSignInAttempts: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store.UpdateSignInAttempts: %w", err)
	}
	return nil
}
