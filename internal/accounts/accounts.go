// Package accounts holds users, their roles and scopes, sessions and API
// tokens, and the permission rules every other domain asks before acting.
package accounts

import (
	"context"
	"net/mail"
	"strings"
	"time"

	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/region"
	"maeul/internal/text"
)

// Role is what a user does on the platform.
type Role string

// The roles.
const (
	Shopper         Role = "shopper"
	Seller          Role = "seller"           // acts for one organization
	StationOperator Role = "station_operator" // acts for one service point
	CountyAdmin     Role = "county_admin"     // scoped to one county
	PrefectureAdmin Role = "prefecture_admin" // scoped to one prefecture
	Auditor         Role = "auditor"          // reads, never writes
)

// Roles lists every role in display order.
var Roles = []Role{Shopper, Seller, StationOperator, CountyAdmin, PrefectureAdmin, Auditor}

// ParseRole returns the role named s, or an Invalid error.
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	for _, x := range Roles {
		if x == r {
			return r, nil
		}
	}
	return "", errs.E(errs.Invalid, "err.accounts.unknown_role", s)
}

// User is an account.
type User struct {
	ID    int64
	Email string
	Name  string
	Role  Role
	// Scope is the region an admin or auditor oversees: a county for a
	// county admin, a prefecture for a prefecture admin, optionally one for
	// an auditor (empty: everything).
	Scope region.Code
	// OrgID is the organization a seller acts for; ServicePointID the point
	// a station operator works at. Zero when the role has none.
	OrgID          int64
	ServicePointID int64
	Lang           i18n.Lang
	CreatedAt      time.Time
	Disabled       bool
}

// NormalizeEmail lower-cases and trims an address and checks its form.
func NormalizeEmail(s string) (string, error) {
	e := strings.ToLower(strings.TrimSpace(s))
	a, err := mail.ParseAddress(e)
	if err != nil || a.Address != e || !strings.Contains(e, "@") {
		return "", errs.Field("email", "err.accounts.email", s)
	}
	return e, nil
}

// Validate checks that the role's scope and attachments fit together.
func (u User) Validate() error {
	if err := text.Check("name", u.Name, text.MaxName, false); err != nil {
		return err
	}
	switch u.Role {
	case CountyAdmin:
		if u.Scope == "" || u.Scope.Level() != region.County {
			return errs.Field("scope", "err.accounts.county_admin_scope")
		}
	case PrefectureAdmin:
		if u.Scope == "" || u.Scope.Level() != region.Prefecture {
			return errs.Field("scope", "err.accounts.prefecture_admin_scope")
		}
	case Seller:
		if u.OrgID == 0 {
			return errs.Field("org", "err.accounts.seller_org")
		}
	case StationOperator:
		if u.ServicePointID == 0 {
			return errs.Field("org", "err.accounts.operator_point")
		}
	case Shopper, Auditor:
	default:
		return errs.Field("role", "err.accounts.unknown_role", u.Role)
	}
	if u.Role != Seller && u.OrgID != 0 {
		return errs.Field("org", "err.accounts.org_not_seller")
	}
	if u.Role != StationOperator && u.ServicePointID != 0 {
		return errs.Field("org", "err.accounts.point_not_operator")
	}
	return nil
}

// Session is a signed-in browser or API client.
type Session struct {
	TokenHash []byte
	UserID    int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Filter selects users.
type Filter struct {
	Within region.Code // only users attached to or scoped inside this region
	Role   Role
	Limit  int
}

// Store is what account rules need from storage.
type Store interface {
	// CreateUser stores a new user and returns its id; a taken email is a
	// Conflict error.
	CreateUser(ctx context.Context, u User, passwordHash string) (int64, error)
	// User returns one user, or a NotFound error.
	User(ctx context.Context, id int64) (User, error)
	// UserByEmail returns a user and its password hash, or a NotFound error.
	UserByEmail(ctx context.Context, email string) (User, string, error)
	// Users lists users ordered by email.
	Users(ctx context.Context, f Filter) ([]User, error)
	// SetUserLang remembers a user's language.
	SetUserLang(ctx context.Context, id int64, l i18n.Lang) error

	// OrgRegion returns the id and region of the organization with code.
	OrgRegion(ctx context.Context, code string) (int64, region.Code, error)
	// ServicePointRegion returns the id and region of the point with code.
	ServicePointRegion(ctx context.Context, code string) (int64, region.Code, error)

	// CreateSession stores a session (cookie or API token).
	CreateSession(ctx context.Context, s Session) error
	// SessionUser returns the user of an unexpired session, or an
	// Unauthorized error.
	SessionUser(ctx context.Context, tokenHash []byte, now time.Time) (User, error)
	// DeleteSession ends a session; ending an unknown one is not an error.
	DeleteSession(ctx context.Context, tokenHash []byte) error

	// UpdateSignInAttempts passes fn the sign-in attempts of each key (the
	// zero Attempts for a key without any), held against every concurrent
	// update of the same keys, and stores what fn returns, in the order of
	// keys. When fn fails nothing changes and its error is returned.
	// Records untouched for a day are dropped as of now.
	UpdateSignInAttempts(ctx context.Context, keys []string, now time.Time, fn func([]Attempts) ([]Attempts, error)) error
}
