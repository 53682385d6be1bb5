package accounts

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"maeul/internal/errs"
	"maeul/internal/region"
	"maeul/internal/text"
)

// KeyService carries out the API key rules over a KeyStore.
type KeyService struct {
	Store KeyStore
	Now   func() time.Time
}

// NewKey is the input for creating an API key.
type NewKey struct {
	Name string
	// Points are the codes of the service points the key may scan at.
	Points []string
}

// Create makes a key for the points on behalf of by, who must administer
// every one of them (a county admin its county's, a prefecture admin its
// prefecture's), and returns it with the whole key, which is never shown
// again. A guest is Unauthorized, anyone else without that right
// Forbidden; a missing name, no point, too many or an unknown one are
// Invalid.
func (s *KeyService) Create(ctx context.Context, by Actor, nk NewKey) (APIKey, string, error) {
	if err := by.Require(by.IsAdmin() && by.Machine == nil, "act.create_api_key"); err != nil {
		return APIKey{}, "", err
	}
	name := strings.TrimSpace(nk.Name)
	if name == "" {
		return APIKey{}, "", errs.Field("name", "err.machines.key_name")
	}
	if err := text.Check("name", name, text.MaxName, false); err != nil {
		return APIKey{}, "", err
	}
	codes := make([]string, 0, len(nk.Points))
	for _, c := range nk.Points {
		if c = strings.TrimSpace(c); c != "" && !slices.Contains(codes, c) {
			codes = append(codes, c)
		}
	}
	if len(codes) == 0 {
		return APIKey{}, "", errs.Field("points", "err.machines.key_points")
	}
	if len(codes) > MaxKeyPoints {
		return APIKey{}, "", errs.Field("points", "err.machines.key_too_many_points", MaxKeyPoints)
	}
	points, err := s.Store.KeyPoints(ctx, codes)
	if err != nil {
		return APIKey{}, "", err
	}
	for _, p := range points {
		if err := by.Require(by.Administers(p.Region), "act.give_key_point", p.Code); err != nil {
			return APIKey{}, "", err
		}
	}
	k := APIKey{Name: name, Points: points, Region: keyRegion(points), CreatedBy: by.ID, CreatedAt: s.Now().UTC()}
	var key string
	// A prefix of 48 random bits is taken again only by a rare accident;
	// a second draw settles it.
	for try := 0; ; try++ {
		var prefix, secret [32]byte
		if _, err := rand.Read(prefix[:KeyPrefixLen/2]); err != nil {
			return APIKey{}, "", fmt.Errorf("accounts.KeyService.Create: %w", err)
		}
		if _, err := rand.Read(secret[:]); err != nil {
			return APIKey{}, "", fmt.Errorf("accounts.KeyService.Create: %w", err)
		}
		k.Prefix = hex.EncodeToString(prefix[:KeyPrefixLen/2])
		key = KeyTag + k.Prefix + "_" + base64.RawURLEncoding.EncodeToString(secret[:])
		k.ID, err = s.Store.CreateAPIKey(ctx, k, KeyHash(key))
		if err == nil || !errs.Is(err, errs.Conflict) || try == 2 {
			break
		}
	}
	if err != nil {
		return APIKey{}, "", fmt.Errorf("accounts.KeyService.Create: %w", err)
	}
	return k, key, nil
}

// List returns the keys managed within a region (by's scope when empty),
// newest first, for those who oversee it (its admins and auditors); others
// are Forbidden.
func (s *KeyService) List(ctx context.Context, by Actor, within region.Code) ([]APIKey, error) {
	if within == "" {
		within = by.Scope
	}
	if err := by.Require(by.Machine == nil && (within != "" && by.Oversees(within) || by.System), "act.list_api_keys"); err != nil {
		return nil, err
	}
	return s.Store.APIKeys(ctx, within)
}

// Revoke stops a key from working at once, on behalf of an admin of the
// key's region; revoking a revoked key changes nothing. Others are
// Forbidden (a guest Unauthorized); an unknown key is NotFound.
func (s *KeyService) Revoke(ctx context.Context, by Actor, id int64) (APIKey, error) {
	k, err := s.Store.APIKey(ctx, id)
	if err != nil {
		return APIKey{}, err
	}
	if err := by.Require(by.Machine == nil && by.Administers(k.Region), "act.revoke_api_key", k.Prefix); err != nil {
		return APIKey{}, err
	}
	if !k.Revoked() {
		if err := s.Store.RevokeAPIKey(ctx, id, by.ID, s.Now().UTC()); err != nil {
			return APIKey{}, fmt.Errorf("accounts.KeyService.Revoke: %w", err)
		}
	}
	return s.Store.APIKey(ctx, id)
}

// Authenticate returns the machine actor of an API key. A key that is
// malformed, unknown or whose secret does not match is Unauthorized
// (err.machines.key_unknown), a revoked one Unauthorized too
// (err.machines.key_revoked). The key itself appears in no error.
func (s *KeyService) Authenticate(ctx context.Context, key string) (Actor, error) {
	prefix := keyPrefix(key)
	if prefix == "" {
		return Actor{}, errKeyUnknown
	}
	k, hash, err := s.Store.APIKeyByPrefix(ctx, prefix)
	if errs.Is(err, errs.NotFound) {
		return Actor{}, errKeyUnknown
	}
	if err != nil {
		return Actor{}, fmt.Errorf("accounts.KeyService.Authenticate: %w", err)
	}
	if subtle.ConstantTimeCompare(KeyHash(key), hash) != 1 {
		return Actor{}, errKeyUnknown
	}
	if k.Revoked() {
		return Actor{}, errKeyRevoked
	}
	return Actor{Machine: newMachine(k)}, nil
}
