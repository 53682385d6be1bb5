package accounts

import (
	"strings"
	"testing"
)

func TestHashAndVerify(t *testing.T) {
	p := HashParams{Time: 1, MemKiB: 1024, Threads: 1}
	h, err := HashPassword("correct horse", p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Errorf("hash %q lacks the PHC argon2id prefix", h)
	}
	h2, _ := HashPassword("correct horse", p)
	if h == h2 {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	for pw, want := range map[string]bool{"correct horse": true, "correct hors": false, "": false} {
		got, err := VerifyPassword(pw, h)
		if err != nil || got != want {
			t.Errorf("VerifyPassword(%q) = %v, %v; want %v", pw, got, err, want)
		}
	}
	if _, err := VerifyPassword("x", "$2a$10$notargon"); err == nil {
		t.Error("VerifyPassword accepted a bcrypt hash")
	}
}

func TestCheckPassword(t *testing.T) {
	if err := CheckPassword("short"); err == nil {
		t.Error("a 5-character password was accepted")
	}
	if err := CheckPassword("비밀번호여덟자다"); err != nil {
		t.Errorf("an 8-character Korean password was refused: %v", err)
	}
}

// BenchmarkHashPassword measures the cost of one sign-in's hash with the
// default parameters (docs/benchmarks.md).
func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		if _, err := HashPassword("correct horse battery", DefaultHashParams); err != nil {
			b.Fatal(err)
		}
	}
}
