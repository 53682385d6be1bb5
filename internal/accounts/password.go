package accounts

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"maeul/internal/errs"
)

// HashParams are the argon2id cost parameters. The defaults follow the
// OWASP minimum (19 MiB, two passes) and cost about 53 ms a hash on the
// 2-core development machine (see docs/benchmarks.md); 64 MiB took 1.4 s
// there under load.
type HashParams struct {
	Time    uint32
	MemKiB  uint32
	Threads uint8
}

// DefaultHashParams are used for new passwords.
var DefaultHashParams = HashParams{Time: 2, MemKiB: 19 * 1024, Threads: 1}

// MinPasswordLen is the shortest password accepted, in characters.
const MinPasswordLen = 8

// CheckPassword returns an Invalid error for a password that is too short
// or too long.
func CheckPassword(pw string) error {
	n := utf8.RuneCountInString(pw)
	if n < MinPasswordLen {
		return errs.Field("password", "err.accounts.password_short", MinPasswordLen)
	}
	if len(pw) > 1024 {
		return errs.Field("password", "err.accounts.password_long", 1024)
	}
	return nil
}

// HashPassword returns the PHC-style encoding of an argon2id hash of pw
// with a fresh random salt.
func HashPassword(pw string, p HashParams) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("accounts.HashPassword: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.MemKiB, p.Threads, 32)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.MemKiB, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifyPassword reports whether pw matches the encoded hash, comparing in
// constant time. A malformed encoding is an error.
func VerifyPassword(pw, encoded string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, fmt.Errorf("accounts.VerifyPassword: not an argon2id hash")
	}
	var version int
	var p HashParams
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, fmt.Errorf("accounts.VerifyPassword: unsupported version %q", parts[2])
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.MemKiB, &p.Time, &p.Threads); err != nil {
		return false, fmt.Errorf("accounts.VerifyPassword: bad parameters %q: %w", parts[3], err)
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false, fmt.Errorf("accounts.VerifyPassword: bad salt: %w", err)
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil {
		return false, fmt.Errorf("accounts.VerifyPassword: bad key: %w", err)
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.MemKiB, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}
