package server_test

import (
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"maeul/internal/server/servertest"
)

// TestPagesCarryAContentSecurityPolicy: every page forbids inline scripts
// and styles and foreign sources, and no page of the shop has any inline
// script, event handler or style for the policy to block: the few scripts
// are one static file served from the binary.
func TestPagesCarryAContentSecurityPolicy(t *testing.T) {
	env := servertest.Start(t, "sqlite")
	shopper := env.Client()
	shopper.SignIn("shopper@maeul.test")
	inline := regexp.MustCompile(`<script>|<script [^>]*>[^<]|<style|\son[a-z]+=|\sstyle=`)
	script := regexp.MustCompile(`<script src="(/static/app\.[0-9a-f]+\.js)" defer></script>`)
	var appJS string
	for _, path := range []string{"/", "/products/wq-dongxing-eggs", "/search?q=rice", "/cart", "/signin", "/account"} {
		r := shopper.Get(path)
		if r.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d", path, r.StatusCode)
			continue
		}
		csp := r.Header.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("GET %s: Content-Security-Policy %q lacks %q", path, csp, want)
			}
		}
		if m := inline.FindString(r.Body); m != "" {
			t.Errorf("GET %s: the page has %q, which the policy blocks", path, m)
		}
		if m := script.FindStringSubmatch(r.Body); m == nil {
			t.Errorf("GET %s: no app.js script", path)
		} else {
			appJS = m[1]
		}
	}
	if appJS != "" {
		r := env.Client().Get(appJS)
		if r.StatusCode != http.StatusOK || !strings.Contains(r.Header.Get("Content-Type"), "javascript") || !strings.Contains(r.Body, "data-ends") {
			t.Errorf("GET %s: %d %s", appJS, r.StatusCode, r.Header.Get("Content-Type"))
		}
	}
}

// TestTemplatesHaveNoInlineScriptOrStyle: no template of any web package
// holds what the Content-Security-Policy blocks: an inline script or style
// element, an event-handler attribute or a style attribute. Scripts go in
// static/app.js, styles in static/style.css.
func TestTemplatesHaveNoInlineScriptOrStyle(t *testing.T) {
	inline := regexp.MustCompile(`<script>|<script [^>]*>[^<]|<style|\son[a-z]+=|\sstyle=`)
	n := 0
	err := filepath.WalkDir("../web", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		n++
		for i, line := range strings.Split(string(b), "\n") {
			if m := inline.FindString(line); m != "" {
				t.Errorf("%s:%d: %q is blocked by the Content-Security-Policy", p, i+1, m)
			}
		}
		return nil
	})
	if err != nil || n < 20 {
		t.Fatalf("read %d templates: %v", n, err)
	}
}
