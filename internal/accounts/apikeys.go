package accounts

import (
	"context"
	"crypto/sha256"
	"slices"
	"strings"
	"time"

	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/region"
)

// An API key is the credential of a machine — a carrier's scanner, a
// logistics centre's sorting system — that posts scans through /api/v1.
// A key reads
//
//	mk_<prefix>_<secret>
//
// where the prefix (KeyPrefixLen lower-case hex digits) is the visible key
// id it is looked up by, and the secret is 32 random bytes in unpadded
// base64url. Only the SHA-256 of the whole key is stored, so the key is
// shown once, when it is created, and a database leak leaks no working
// key. A key may scan at its service points only, and stops working the
// moment it is revoked.
const (
	// KeyTag starts every API key, telling it apart from a session token.
	KeyTag = "mk_"
	// KeyPrefixLen is the length of a key's visible id.
	KeyPrefixLen = 12
	// MaxKeyPoints is the most service points one key may scan at.
	MaxKeyPoints = 200
)

// APIKey is a machine's key as it is kept: everything but its secret.
type APIKey struct {
	ID int64
	// Prefix is the key's visible id, the part of the key after "mk_"
	// and before the secret.
	Prefix string
	// Name says whose machine it is ("SF Express, Wangqing scanners").
	Name string
	// Region is where its admins are: the county of its points, or the
	// prefecture (province) when they lie in several counties
	// (prefectures). The admins of Region manage the key.
	Region region.Code
	// Points are the service points the key may scan at, by code.
	Points    []KeyPoint
	CreatedBy int64 // zero when created by the command-line operator
	CreatedAt time.Time
	// RevokedAt is zero while the key works.
	RevokedAt time.Time
	RevokedBy int64
}

// Revoked reports whether the key no longer works.
func (k APIKey) Revoked() bool { return !k.RevokedAt.IsZero() }

// KeyPoint is a service point a key may scan at.
type KeyPoint struct {
	ID     int64
	Code   string
	Region region.Code
	Name   i18n.Text
}

// Machine is the actor of a request made with an API key: it may scan at
// its key's service points and nothing else a guest may not do.
type Machine struct {
	KeyID int64
	// Prefix is the key's visible id, recorded as the device of its scans.
	Prefix string
	// Points are the ids of the key's service points, in order, and
	// Codes their codes, in order.
	Points []int64
	Codes  []string
}

// Covers reports whether the machine's key may scan at the point.
func (m *Machine) Covers(pointID int64) bool {
	if m == nil {
		return false
	}
	_, ok := slices.BinarySearch(m.Points, pointID)
	return ok
}

// CoversCode reports whether the machine's key may scan at the point with
// the code.
func (m *Machine) CoversCode(code string) bool {
	if m == nil {
		return false
	}
	_, ok := slices.BinarySearch(m.Codes, code)
	return ok
}

func newMachine(k APIKey) *Machine {
	m := &Machine{KeyID: k.ID, Prefix: k.Prefix}
	for _, p := range k.Points {
		m.Points = append(m.Points, p.ID)
		m.Codes = append(m.Codes, p.Code)
	}
	slices.Sort(m.Points)
	slices.Sort(m.Codes)
	return m
}

// ScansAt reports whether the actor may record a scan (a hand-over of a
// parcel) at the service point with the given id located in the given
// region: a machine whose key covers the point, and whoever works at it
// (its operators and the region's admins).
func (a Actor) ScansAt(pointID int64, pointRegion region.Code) bool {
	if a.Machine != nil {
		return a.Machine.Covers(pointID)
	}
	return a.WorksAt(pointID, pointRegion)
}

// KeyHash is what is stored of an API key: the SHA-256 of the whole key.
func KeyHash(key string) []byte {
	h := sha256.Sum256([]byte(key))
	return h[:]
}

// IsAPIKey reports whether a bearer credential has the form of an API key,
// mk_<prefix>_<secret>, rather than of a session token (random base64url,
// which takes that form by a chance of about one in 10^14).
func IsAPIKey(token string) bool { return keyPrefix(token) != "" }

// keyPrefix returns the visible id of an API key, or "" when the key is
// not of the form mk_<prefix>_<secret>.
func keyPrefix(key string) string {
	rest, ok := strings.CutPrefix(key, KeyTag)
	if !ok {
		return ""
	}
	prefix, secret, ok := strings.Cut(rest, "_")
	if !ok || len(prefix) != KeyPrefixLen || secret == "" {
		return ""
	}
	for _, r := range prefix {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f') {
			return ""
		}
	}
	return prefix
}

// keyRegion is the region whose admins manage a key scanning at points:
// the smallest county, prefecture or province holding them all.
func keyRegion(points []KeyPoint) region.Code {
	for _, l := range []region.Level{region.County, region.Prefecture, region.Province} {
		c := points[0].Region.Ancestor(l)
		if c == "" {
			continue
		}
		all := true
		for _, p := range points[1:] {
			all = all && p.Region.Within(c)
		}
		if all {
			return c
		}
	}
	return ""
}

// KeyStore is what the API key rules need from storage.
type KeyStore interface {
	// CreateAPIKey stores a new key with its points and the hash of its
	// whole key and returns its id; a taken prefix is a Conflict error.
	CreateAPIKey(ctx context.Context, k APIKey, keyHash []byte) (int64, error)
	// APIKey returns one key with its points, or a NotFound error.
	APIKey(ctx context.Context, id int64) (APIKey, error)
	// APIKeyByPrefix returns the key with the prefix and its points, and
	// the stored hash of its whole key, or a NotFound error.
	APIKeyByPrefix(ctx context.Context, prefix string) (APIKey, []byte, error)
	// APIKeys lists the keys whose region lies within a region, newest
	// first, with their points.
	APIKeys(ctx context.Context, within region.Code) ([]APIKey, error)
	// RevokeAPIKey marks a key revoked by a user (zero: the operator) at a
	// moment, unless it is revoked already. An unknown key is NotFound.
	RevokeAPIKey(ctx context.Context, id, by int64, at time.Time) error
	// KeyPoints returns the service points with the codes, in the order of
	// codes; an unknown code is an Invalid error about "points".
	KeyPoints(ctx context.Context, codes []string) ([]KeyPoint, error)
}

var (
	errKeyUnknown = errs.E(errs.Unauthorized, "err.machines.key_unknown")
	errKeyRevoked = errs.E(errs.Unauthorized, "err.machines.key_revoked")
)
