package store_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"os"
	"strings"
	"testing"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

// TestAPIKeyStoredHashed: what is stored of a key is its SHA-256; neither
// the whole key nor its secret is in any column, nor, on SQLite, anywhere
// in the database's files.
func TestAPIKeyStoredHashed(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		actors := storetest.Demo(t, db)
		keys := &accounts.KeyService{Store: db, Now: time.Now}
		k, token, err := keys.Create(ctx, actors["county-wangqing@maeul.test"], accounts.NewKey{Name: "scanner", Points: []string{"wq-dongxing-vstation"}})
		if err != nil {
			t.Fatal(err)
		}
		secret := token[len(accounts.KeyTag)+accounts.KeyPrefixLen+1:]
		if len(secret) != 43 {
			t.Fatalf("secret %q of token %q", secret, token)
		}
		rows, err := queryStrings(ctx, db.SQLForTest(), `SELECT * FROM api_keys`)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1 {
			t.Fatalf("%d rows in api_keys, want 1", len(rows))
		}
		sum := sha256.Sum256([]byte(token))
		var hashed bool
		for _, v := range rows[0] {
			if strings.Contains(v, secret) {
				t.Errorf("api_keys holds the key's secret in a column: %q", v)
			}
			hashed = hashed || v == string(sum[:])
		}
		if !hashed {
			t.Errorf("no column of api_keys holds the key's SHA-256: %q", rows[0])
		}
		_, hash, err := db.APIKeyByPrefix(ctx, k.Prefix)
		if err != nil || !bytes.Equal(hash, sum[:]) {
			t.Errorf("APIKeyByPrefix: hash %x (%v), want %x", hash, err, sum)
		}
		if path := db.PathForTest(); path != "" {
			for _, f := range []string{path, path + "-wal"} {
				b, err := os.ReadFile(f)
				if err != nil && !os.IsNotExist(err) {
					t.Fatal(err)
				}
				if bytes.Contains(b, []byte(secret)) {
					t.Errorf("%s holds the key's secret", f)
				}
				if f == path+"-wal" && !bytes.Contains(b, []byte(k.Prefix)) && !bytes.Contains(mustRead(t, path), []byte(k.Prefix)) {
					t.Errorf("the key's prefix is in neither file: is the search right?")
				}
			}
		}
	})
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
