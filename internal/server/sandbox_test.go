package server_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"maeul/internal/server"
	"maeul/internal/server/servertest"
	"maeul/internal/store/storetest"
)

// TestSandboxWalletOnlyWhereAsked: without Sandbox the wallet's pay pages
// and notification endpoint do not exist and checkout does not offer it;
// with it, a secret is required.
func TestSandboxWalletOnlyWhereAsked(t *testing.T) {
	env := servertest.Start(t, "sqlite", func(c *server.Config) { c.Sandbox, c.SandboxSecret = false, nil })
	for _, p := range env.Server.Routes() {
		if strings.Contains(p, "sandbox") {
			t.Errorf("route %q is served with the sandbox off", p)
		}
	}
	c := env.Client()
	c.Lang = "en"
	wantStatus(t, "the pay page", c.Get("/sandbox/pay/x"), http.StatusNotFound)
	r := c.Do(http.MethodPost, "/api/v1/payments/sandbox/notify", strings.NewReader("{}"), "Content-Type", "application/json")
	wantStatus(t, "the notification endpoint", r, http.StatusNotFound)

	c.SignIn("shopper@maeul.test")
	r = c.PostForm("/cart/add", map[string][]string{"product": {"wq-dongxing-eggs"}, "sku": {"WQ-DX-EGG-30"}, "qty": {"1"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("adding to the cart: status %d", r.StatusCode)
	}
	r = c.Get("/checkout")
	wantStatus(t, "checkout", r, http.StatusOK)
	if strings.Contains(r.Body, `value="sandbox"`) {
		t.Error("checkout offers the sandbox wallet with the sandbox off")
	}
	wantBody(t, "checkout", r, `value="station_cash"`)

	on := servertest.Start(t, "sqlite")
	if !slices.Contains(on.Server.Routes(), "GET /sandbox/pay/{ref}") {
		t.Error("the sandbox's pay page is not served with the sandbox on")
	}

	db := storetest.Open(t, "sqlite")
	if _, err := server.New(server.Config{DB: db, Sandbox: true}); err == nil {
		t.Error("server.New started the sandbox wallet without a secret")
	}
}
