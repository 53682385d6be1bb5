package servertest

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"maeul/internal/api"
)

var (
	docOnce   sync.Once
	docRouter routers.Router
	docErr    error
)

// openapiRouter loads and validates the OpenAPI document once.
func openapiRouter() (routers.Router, error) {
	docOnce.Do(func() {
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromData(api.OpenAPI())
		if err != nil {
			docErr = err
			return
		}
		if err := doc.Validate(context.Background()); err != nil {
			docErr = err
			return
		}
		// Match any host: the test server's port changes every run.
		doc.Servers = openapi3.Servers{{URL: "/api/v1"}}
		docRouter, docErr = legacy.NewRouter(doc)
	})
	return docRouter, docErr
}

// validatingTransport checks every /api/v1 response against the OpenAPI
// document: the route must be documented and the body must match the
// schema of its status.
type validatingTransport struct {
	t    testing.TB
	next http.RoundTripper
}

func newValidatingTransport(t testing.TB, next http.RoundTripper) http.RoundTripper {
	return &validatingTransport{t: t, next: next}
}

func (v *validatingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := v.next.RoundTrip(req)
	if err != nil || !strings.HasPrefix(req.URL.Path, "/api/v1/") {
		return resp, err
	}
	router, err := openapiRouter()
	if err != nil {
		v.t.Errorf("OpenAPI document is invalid: %v", err)
		return resp, nil
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	// Route lookup uses the path only.
	lookup := req.Clone(context.Background())
	lookup.URL.Scheme, lookup.URL.Host, lookup.Host = "", "", ""
	route, params, err := router.FindRoute(lookup)
	if err != nil {
		if resp.StatusCode != http.StatusNotFound {
			v.t.Errorf("OpenAPI: %s %s is not documented (status %d): %v", req.Method, req.URL.Path, resp.StatusCode, err)
		}
		return resp, nil
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: req, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
		},
		Status:  resp.StatusCode,
		Header:  resp.Header,
		Body:    io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		v.t.Errorf("OpenAPI: %s %s → %d does not match the document: %v\nbody: %s", req.Method, req.URL.Path, resp.StatusCode, err, body)
	}
	return resp, nil
}
