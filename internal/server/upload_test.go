package server_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"testing"

	"maeul/internal/server/servertest"
)

// TestUploadsLeaveNoTemporaryFiles posts forms with a file larger than
// what is kept in memory to every route that takes uploads, and to one
// that takes none, as allowed and refused actors: whatever the answer, no
// temporary file may stay behind.
func TestUploadsLeaveNoTemporaryFiles(t *testing.T) {
	env := servertest.Start(t, "sqlite")
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	seller := env.Client()
	seller.SignIn("seller-dongxing@maeul.test")
	other := env.Client()
	other.SignIn("seller-yanji@maeul.test")
	guest := env.Client()
	const mib = 1 << 20
	tests := []struct {
		name   string
		c      *servertest.Client
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
		r := tt.c.Do(http.MethodPost, tt.path, &b, "Content-Type", mw.FormDataContentType(),
			"Origin", env.URL, "Sec-Fetch-Site", "same-origin")
		wantStatus(t, tt.name, r, tt.status)
		files, err := filepath.Glob(filepath.Join(tmp, "multipart-*"))
		if err != nil {
			t.Fatal(err)
		}
		if len(files) > 0 {
			t.Errorf("%s: %d temporary files left behind", tt.name, len(files))
		}
	}
}
