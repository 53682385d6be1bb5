// Package route is where the HTTP surfaces register their routes: each
// surface's Routes method takes a Mux, and the server passes a Table,
// which serves them through an http.ServeMux and remembers every pattern,
// so that the access-matrix test can hold each route against every role.
// The table bounds every route's request body (DefaultMaxBody unless the
// route declares more with MaxBody) and removes the temporary files of a
// multipart form once the route's handler returns.
package route

import (
	"net/http"
	"slices"
	"sync"
)

// Mux registers routes with Go 1.22 patterns ("METHOD /path/{param}").
// *http.ServeMux and *Table satisfy it.
type Mux interface {
	Handle(pattern string, handler http.Handler)
	HandleFunc(pattern string, handler func(http.ResponseWriter, *http.Request))
}

// Table is an http.ServeMux that lists the patterns registered on it.
type Table struct {
	mux      *http.ServeMux
	mu       sync.Mutex
	patterns []string
}

var _ Mux = (*Table)(nil)

// NewTable returns an empty table.
func NewTable() *Table { return &Table{mux: http.NewServeMux()} }

// Handle registers handler for pattern, its body bounded to DefaultMaxBody
// unless handler comes from MaxBody. It panics, as http.ServeMux does,
// when the pattern is malformed or conflicts with one already registered.
func (t *Table) Handle(pattern string, handler http.Handler) {
	if _, ok := handler.(bounded); !ok {
		handler = bounded{limit: DefaultMaxBody, next: handler}
	}
	t.mux.Handle(pattern, handler)
	t.mu.Lock()
	t.patterns = append(t.patterns, pattern)
	t.mu.Unlock()
}

// HandleFunc registers a handler function for pattern.
func (t *Table) HandleFunc(pattern string, handler func(http.ResponseWriter, *http.Request)) {
	t.Handle(pattern, http.HandlerFunc(handler))
}

// Patterns returns every registered pattern in the order of registration.
func (t *Table) Patterns() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return slices.Clone(t.patterns)
}

// Pattern returns the pattern of the route that serves r, or "" when
// none does.
func (t *Table) Pattern(r *http.Request) string {
	_, p := t.mux.Handler(r)
	return p
}

// ServeHTTP dispatches the request to the handler whose pattern matches.
func (t *Table) ServeHTTP(w http.ResponseWriter, r *http.Request) { t.mux.ServeHTTP(w, r) }

// DefaultMaxBody is the most a request body may hold on a route that
// declares no other limit: forms and JSON documents.
const DefaultMaxBody = 1 << 20

// MaxBody declares that the route served by h takes bodies of up to limit
// bytes (an upload). Reading past the limit fails with an
// *http.MaxBytesError.
func MaxBody(limit int64, h http.Handler) http.Handler { return bounded{limit: limit, next: h} }

// bounded serves one route: it cuts the body off at limit and, when the
// handler has parsed a multipart form from the request, removes the
// form's temporary files as the handler returns, whatever it answered.
// The server removes only those of the request it read from the
// connection, and middleware hands the routes derived requests, so
// without this the files of every large upload would stay on disk.
type bounded struct {
	limit int64
	next  http.Handler
}

func (b bounded) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Body != nil && r.Body != http.NoBody {
		r.Body = http.MaxBytesReader(w, r.Body, b.limit)
	}
	defer func() {
		if r.MultipartForm != nil {
			r.MultipartForm.RemoveAll()
		}
	}()
	b.next.ServeHTTP(w, r)
}
