package browsertest

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The steps that today's pages do not need yet (a select, a file upload)
// work on a page made for them.
func TestHarnessFormSteps(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<!doctype html><html lang="en"><title>form</title><main>
<form id="product" method="post" action="/products" enctype="multipart/form-data">
  <input name="name" required>
  <select name="unit"><option value="kg">kg</option><option value="box">box</option></select>
  <input type="file" name="photo" accept="image/*">
  <button>Add</button>
</form></main></html>`)
	})
	mux.HandleFunc("POST /products", func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		f, fh, err := r.FormFile("photo")
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		defer f.Close()
		data, _ := io.ReadAll(f)
		fmt.Fprintf(w, `<!doctype html><main><p id="got">%s|%s|%s|%d</p></main>`,
			html.EscapeString(r.FormValue("name")), html.EscapeString(r.FormValue("unit")), html.EscapeString(fh.Filename), len(data))
	})
	hs := httptest.NewServer(mux)
	t.Cleanup(hs.Close)

	photo := filepath.Join(t.TempDir(), "mogi.jpg")
	if err := os.WriteFile(photo, []byte("not really a jpeg"), 0o644); err != nil {
		t.Fatal(err)
	}
	b := New(t, hs.URL, Mobile())
	b.Run(
		Open("/"),
		Fill("input[name=name]", "黑木耳 500g"),
		Choose("select[name=unit]", "box"),
		HasValue("select[name=unit]", "box"),
		SetFiles("input[name=photo]", photo),
		Submit("#product"),
		AtPath("/products"),
		HasText("#got", "黑木耳 500g|box|mogi.jpg|17"),
	)
	if got := b.Text("#got"); got != "黑木耳 500g|box|mogi.jpg|17" {
		t.Errorf("Text(#got) = %q", got)
	}
}

// A failing step says what the page shows instead.
func TestHarnessFailureMessages(t *testing.T) {
	t.Parallel()
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<!doctype html><html lang="ko"><h1>연길시</h1><select name="s"><option value="a">a</option></select><img id="broken" src="/no.png" alt=""></html>`)
	}))
	t.Cleanup(hs.Close)
	b := New(t, hs.URL)
	b.Run(Open("/"))
	tests := []struct {
		step Step
		want string
	}{
		{HasText("h1", "延吉市"), `h1 should contain "延吉市", but h1 shows "연길시"`},
		{HasText("h2", "x"), `h2 should contain "x", but no element matches h2`},
		{LacksText("h1", "연길"), `h1 should not contain "연길", but h1 shows "연길시"`},
		{HasAttr("html", "lang", "zh"), `html should have lang="zh", but html has lang="ko"`},
		{AtPath("/signin"), `the page should be /signin, but the page is /`},
		{Count("h1", 2), `2 elements should match h1, but 1 match h1`},
		{Click("#nope"), `click #nope: no element matches #nope`},
		{Choose("select[name=s]", "b"), `select[name=s] has no option "b"`},
		{ImageLoaded("#broken"), `#broken should show a loaded image, but #broken did not load "`},
	}
	for _, tt := range tests {
		ctx, cancel := context.WithTimeout(b.Context(), 500*time.Millisecond)
		err := chromedp.Do(ctx, tt.step)
		cancel()
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("error = %v, want it to contain %s", err, tt.want)
		}
	}
}
