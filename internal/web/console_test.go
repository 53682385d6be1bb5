package web

import (
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"maeul/internal/errs"
	"maeul/internal/i18n"
)

func TestConsoleRendersInTheLayout(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	h, err := New(Deps{Messages: cat, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	files := fstest.MapFS{
		"templates/_row.html":   {Data: []byte(`{{define "row"}}<td>{{shout .}}</td>{{end}}`)},
		"templates/things.html": {Data: []byte(`{{define "content"}}<table><tr>{{template "row" .Data}}</tr></table><p>{{t .Lang "nav.home"}}</p>{{end}}`)},
	}
	c, err := h.NewConsole(files, template.FuncMap{"shout": strings.ToUpper})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /things", c.Handle(func(w http.ResponseWriter, r *http.Request) error {
		return c.Render(w, r, http.StatusOK, "things", Page{Title: "Things", Data: "wood-ear"})
	}))
	mux.Handle("GET /refused", c.Handle(func(w http.ResponseWriter, r *http.Request) error {
		return errs.E(errs.Forbidden, "err.internal")
	}))
	srv := WithLang(mux)

	get := func(path string) (*http.Response, string) {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		b, _ := io.ReadAll(rec.Result().Body)
		return rec.Result(), string(b)
	}
	res, body := get("/things?lang=zh")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /things = %d", res.StatusCode)
	}
	for _, want := range []string{"<td>WOOD-EAR</td>", "<p>首页</p>", "<title>", `lang="zh"`} {
		if !strings.Contains(body, want) {
			t.Errorf("console page lacks %q", want)
		}
	}
	if got := res.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control = %q, want no-store", got)
	}
	res, body = get("/refused?lang=ko")
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("GET /refused = %d, want 403", res.StatusCode)
	}
	if want := cat.T(i18n.Ko, "err.internal"); !strings.Contains(body, want) {
		t.Errorf("error page lacks the Korean message %q", want)
	}

	if _, err := h.NewConsole(fstest.MapFS{"templates/home.html": {Data: []byte(`{{define "content"}}{{end}}`)}}, nil); err == nil {
		t.Error("a console page named like a web page was accepted")
	}
	if _, err := h.NewConsole(files, template.FuncMap{"fen": strings.ToUpper}); err == nil {
		t.Error("a console function named like a shared one was accepted")
	}
}
