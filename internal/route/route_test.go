package route_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"maeul/internal/route"
)

type ctxKey struct{}

// derive is middleware of the kind the server runs before its routes: it
// hands the route a copy of the request.
func derive(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, "derived")))
	})
}

// multipartBody returns a form with one file of n bytes.
func multipartBody(t *testing.T, n int) (*bytes.Buffer, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, err := mw.CreateFormFile("file", "big.bin")
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(bytes.Repeat([]byte{'x'}, n))
	mw.Close()
	return &b, mw.FormDataContentType()
}

func spilled(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "multipart-*"))
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestMultipartFilesAreRemovedBehindDerivingMiddleware(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	table := route.NewTable()
	var sawFile bool
	handler := func(status int) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if err := r.ParseMultipartForm(1 << 10); err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			sawFile = len(spilled(t, tmp)) > 0
			w.WriteHeader(status)
		})
	}
	table.Handle("POST /accepted", route.MaxBody(4<<20, handler(http.StatusOK)))
	table.Handle("POST /refused", route.MaxBody(4<<20, handler(http.StatusForbidden)))
	table.HandleFunc("POST /panics", func(w http.ResponseWriter, r *http.Request) {
		r.ParseMultipartForm(1 << 10)
		panic(http.ErrAbortHandler)
	})
	for _, path := range []string{"/accepted", "/refused", "/panics"} {
		// A server per request: Close waits for the handler to return,
		// and the files are removed as it returns, which may be after the
		// client has its answer.
		srv := httptest.NewServer(derive(table))
		body, ct := multipartBody(t, 512<<10)
		resp, err := http.Post(srv.URL+path, ct, body)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		srv.Close()
		if path != "/panics" && !sawFile {
			t.Errorf("POST %s: the form was not spilled to a file; the test proves nothing", path)
		}
		if files := spilled(t, tmp); len(files) > 0 {
			t.Errorf("POST %s left %d temporary files: %v", path, len(files), files)
		}
	}
}

func TestBodiesAreBoundedPerRoute(t *testing.T) {
	table := route.NewTable()
	read := func(w http.ResponseWriter, r *http.Request) {
		n, err := io.Copy(io.Discard, r.Body)
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "too large", http.StatusRequestEntityTooLarge)
			return
		}
		fmt.Fprint(w, n)
	}
	table.HandleFunc("POST /form", read)
	table.Handle("POST /upload", route.MaxBody(3<<20, http.HandlerFunc(read)))
	srv := httptest.NewServer(derive(table))
	defer srv.Close()
	tests := []struct {
		path string
		size int
		want int
	}{
		{"/form", route.DefaultMaxBody, http.StatusOK},
		{"/form", route.DefaultMaxBody + 1, http.StatusRequestEntityTooLarge},
		{"/upload", 3 << 20, http.StatusOK},
		{"/upload", 3<<20 + 1, http.StatusRequestEntityTooLarge},
	}
	for _, tt := range tests {
		resp, err := http.Post(srv.URL+tt.path, "application/octet-stream", strings.NewReader(strings.Repeat("x", tt.size)))
		if err != nil {
			t.Fatalf("POST %s with %d bytes: %v", tt.path, tt.size, err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.want {
			t.Errorf("POST %s with %d bytes: status %d, want %d", tt.path, tt.size, resp.StatusCode, tt.want)
		}
	}
}
