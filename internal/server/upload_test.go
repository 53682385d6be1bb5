package server_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"testing"

	"maeul/internal/server/servertest"
	"maeul/internal/web"
)

// TestUploadsLeaveNoTemporaryFiles posts forms with a file larger than
// what is kept in memory to every route that takes uploads, and to one
// that takes none, as allowed and refused actors: whatever the answer, no
// temporary file may stay behind.
func TestUploadsLeaveNoTemporaryFiles(t *testing.T) {
	env := servertest.Start(t, "sqlite")
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	session := func(email string) *http.Cookie {
		c := env.Client()
		c.SignIn(email)
		u, _ := url.Parse(env.URL)
		for _, k := range c.HTTP.Jar.Cookies(u) {
			if k.Name == web.SessionCookie {
				return k
			}
		}
		t.Fatalf("no session cookie for %s", email)
		return nil
	}
	seller := session("seller-dongxing@maeul.test")
	other := session("seller-yanji@maeul.test")
	var guest *http.Cookie
	const mib = 1 << 20
	tests := []struct {
		name   string
		c      *http.Cookie
		path   string
		field  string
		size   int
		status int
	}{
		{"a file that is no photo", seller, "/seller/products/wq-dongxing-eggs/photos", "photo", 3 * mib, http.StatusUnprocessableEntity},
		{"a photo over the limit", seller, "/seller/products/wq-dongxing-eggs/photos", "photo", 9 * mib, http.StatusRequestEntityTooLarge},
		{"another seller's product", other, "/seller/products/wq-dongxing-eggs/photos", "photo", 3 * mib, http.StatusForbidden},
		{"an import that is no CSV", seller, "/seller/import", "file", 3 * mib, http.StatusUnprocessableEntity},
		{"a store cover that is no photo", seller, "/seller/store/cover", "cover", 3 * mib, http.StatusUnprocessableEntity},
		{"a file posted to sign in", guest, "/signin", "file", 3 * mib, http.StatusUnauthorized},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		fw, err := mw.CreateFormFile(tt.field, "upload.bin")
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(bytes.Repeat([]byte("not a photo, not a csv\n"), tt.size/23))
		mw.Close()
		// A server of its own for each request: Close waits for the
		// handler to return, and the files are removed as it returns,
		// which may be after the client has its answer.
		hs := httptest.NewServer(env.Server)
		req, err := http.NewRequest(http.MethodPost, hs.URL+tt.path, &b)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Origin", hs.URL)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		if tt.c != nil {
			req.AddCookie(tt.c)
		}
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		hs.Close()
		if resp.StatusCode != tt.status {
			t.Errorf("%s: status %d, want %d", tt.name, resp.StatusCode, tt.status)
		}
		files, err := filepath.Glob(filepath.Join(tmp, "multipart-*"))
		if err != nil {
			t.Fatal(err)
		}
		if len(files) > 0 {
			t.Errorf("%s: %d temporary files left behind", tt.name, len(files))
		}
	}
}
