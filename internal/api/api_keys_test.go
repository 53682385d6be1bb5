package api_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"maeul/internal/server"
	"maeul/internal/server/servertest"
	"maeul/internal/store/storetest"
)

// syncBuffer is a log destination the server's goroutines share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type apiKeyCreated struct {
	Key struct {
		ID        int64  `json:"id"`
		Prefix    string `json:"prefix"`
		RevokedAt string `json:"revoked_at"`
	} `json:"key"`
	Token string `json:"token"`
}

// createKey creates an API key for points as the admin c is signed in as.
func createKey(t *testing.T, c *servertest.Client, name string, points ...string) apiKeyCreated {
	t.Helper()
	var k apiKeyCreated
	r := c.JSON(http.MethodPost, "/api/v1/api-keys", map[string]any{"name": name, "points": points}, &k)
	if r.StatusCode != http.StatusCreated || k.Token == "" {
		t.Fatalf("creating a key: %d %s", r.StatusCode, r.Body)
	}
	return k
}

// TestAPIKeysOverHTTP: a county admin creates a key, lists it, the key
// authenticates a machine (which is not a user), and once revoked it is
// answered 401; nothing of it is logged, even at debug level.
func TestAPIKeysOverHTTP(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			var logs syncBuffer
			env := servertest.Start(t, engine, func(cfg *server.Config) {
				cfg.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			})
			admin := env.Client()
			admin.SignInAPI("county-wangqing@maeul.test")
			k := createKey(t, admin, "SF Express scanners", "wq-dongxing-vstation")

			var list struct {
				Items []struct {
					Prefix string `json:"prefix"`
					Points []struct {
						Code string `json:"code"`
					} `json:"points"`
				} `json:"items"`
			}
			r := admin.JSON(http.MethodGet, "/api/v1/api-keys", nil, &list)
			if r.StatusCode != 200 || len(list.Items) != 1 || list.Items[0].Prefix != k.Key.Prefix || len(list.Items[0].Points) != 1 {
				t.Errorf("listing the keys: %d %s", r.StatusCode, r.Body)
			}
			if strings.Contains(r.Body, k.Token[16:]) {
				t.Errorf("the list shows the key's secret")
			}

			machine := env.Client()
			machine.Token = k.Token
			wantError(t, "a machine listing keys", machine.JSON(http.MethodGet, "/api/v1/api-keys", nil, nil), 403, "forbidden")
			if r := machine.JSON(http.MethodGet, "/api/v1/regions", nil, nil); r.StatusCode != 200 {
				t.Errorf("a machine reading what anyone may: %d %s", r.StatusCode, r.Body)
			}
			forged := env.Client()
			forged.Token = k.Token[:len(k.Token)-2] + "xx"
			wantError(t, "a key with a wrong secret", forged.JSON(http.MethodGet, "/api/v1/api-keys", nil, nil), 401, "unauthorized")

			other := env.Client()
			other.SignInAPI("county-yanji@maeul.test")
			wantError(t, "another county's admin revoking", other.JSON(http.MethodPost, "/api/v1/api-keys/"+itoa(k.Key.ID)+"/revoke", nil, nil), 403, "forbidden")
			var revoked apiKeyCreated
			r = admin.JSON(http.MethodPost, "/api/v1/api-keys/"+itoa(k.Key.ID)+"/revoke", nil, &revoked.Key)
			if r.StatusCode != 200 || revoked.Key.RevokedAt == "" {
				t.Errorf("revoking: %d %s", r.StatusCode, r.Body)
			}
			r = machine.JSON(http.MethodGet, "/api/v1/api-keys", nil, nil)
			wantError(t, "a revoked key", r, 401, "unauthorized")
			if !strings.Contains(r.Body, `"reason":"err.machines.key_revoked"`) {
				t.Errorf("a revoked key's refusal: %s", r.Body)
			}

			if l := logs.String(); !strings.Contains(l, "/api/v1/api-keys") {
				t.Errorf("the requests were not logged; is the logger the server's? %.300s", l)
			} else if strings.Contains(l, k.Token[16:]) {
				t.Errorf("the logs hold the key's secret")
			}
		})
	}
}
