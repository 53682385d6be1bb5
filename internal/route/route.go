// Package route is where the HTTP surfaces register their routes: each
// surface's Routes method takes a Mux, and the server passes a Table,
// which serves them through an http.ServeMux and remembers every pattern,
// so that the access-matrix test can hold each route against every role.
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

// Handle registers handler for pattern. It panics, as http.ServeMux does,
// when the pattern is malformed or conflicts with one already registered.
func (t *Table) Handle(pattern string, handler http.Handler) {
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
