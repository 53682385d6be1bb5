// Package api serves maeul's JSON API under /api/v1. Its OpenAPI 3
// document is served at /api/v1/openapi.json, and tests check real
// responses against it.
package api

import (
	_ "embed"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"

	"maeul/internal/app"
	"maeul/internal/errs"
	"maeul/internal/i18n"
)

//go:embed openapi.json
var openapiDoc []byte

// OpenAPI returns the OpenAPI document.
func OpenAPI() []byte { return openapiDoc }

// Deps are the services the API uses: the same set as the pages',
// assembled by internal/server.
type Deps = app.Services

// Handler holds the dependencies of every API handler.
type Handler struct {
	Deps
}

// New returns the API handler.
func New(d Deps) *Handler {
	return &Handler{Deps: d}
}

type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle adapts a handlerFunc, writing its error in the API's one error
// shape.
func (h *Handler) handle(fn handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := fn(w, r); err != nil {
			h.writeError(w, r, err)
		}
	})
}

// errorBody is the API's one error shape.
type errorBody struct {
	Error struct {
		Code errs.Code `json:"code"`
		// Reason is the refusal's stable message key, for programs.
		Reason string `json:"reason"`
		// Message is the refusal in the language of the request's
		// Accept-Language (English when it names none).
		Message string `json:"message"`
		Field   string `json:"field,omitempty"`
	} `json:"error"`
}

// WriteError writes err in the API's one error shape: what the server's
// own middleware uses to refuse a request before it reaches a handler.
func (h *Handler) WriteError(w http.ResponseWriter, r *http.Request, err error) {
	h.writeError(w, r, err)
}

func (h *Handler) writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := errs.CodeOf(err)
	if code == errs.Internal && errs.Abandoned(r.Context(), err) {
		h.Logger.Debug("api call abandoned", "method", r.Method, "path", r.URL.Path, "err", err)
		return
	}
	if code == errs.Internal {
		h.Logger.Error("api call failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if code == errs.Unavailable {
		h.Logger.Warn("api call unavailable", "method", r.Method, "path", r.URL.Path, "err", err)
		w.Header().Set("Retry-After", errs.RetryAfter)
	}
	var b errorBody
	b.Error.Code = code
	b.Error.Reason = errs.Reason(err)
	b.Error.Message = errs.MessageIn(err, h.Messages, apiLang(r))
	b.Error.Field = errs.FieldOf(err)
	writeJSON(w, code.HTTPStatus(), b)
}

// apiLang is the language of the API's messages: the request's
// Accept-Language, English when it names none of maeul's languages.
func apiLang(r *http.Request) i18n.Lang {
	if al := r.Header.Get("Accept-Language"); al != "" {
		for _, part := range strings.Split(al, ",") {
			tag, _, _ := strings.Cut(part, ";")
			if _, ok := i18n.Parse(tag); ok {
				return i18n.Match(al)
			}
		}
	}
	return i18n.En
}

// writeJSON writes v as JSON with the status.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// readJSON decodes a request body into v. A body that is not declared
// JSON (Content-Type application/json or …+json) is an UnsupportedMedia
// error; unknown fields, bodies over 1 MiB, anything after the one JSON
// value and text holding a NUL are Invalid errors.
func readJSON(r *http.Request, v any) error {
	if !isJSON(r.Header.Get("Content-Type")) {
		return errs.E(errs.UnsupportedMedia, "err.api.not_json", r.Header.Get("Content-Type"))
	}
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return errs.E(errs.Invalid, "err.api.bad_json", err.Error())
	}
	if _, err := dec.Token(); err != io.EOF {
		return errs.E(errs.Invalid, "err.api.trailing_json")
	}
	if hasNUL(reflect.ValueOf(v)) {
		return errs.E(errs.Invalid, "err.text.control", 0)
	}
	return nil
}

// isJSON reports whether a Content-Type names JSON.
func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}

// hasNUL reports whether any string reachable from v holds a NUL, which
// PostgreSQL cannot store or compare and SQLite would cut the text at.
// Other control characters are refused where text is stored, by the
// domain's rules.
func hasNUL(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String:
		return strings.IndexByte(v.String(), 0) >= 0
	case reflect.Pointer, reflect.Interface:
		return !v.IsNil() && hasNUL(v.Elem())
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() && hasNUL(v.Field(i)) {
				return true
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if hasNUL(v.Index(i)) {
				return true
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if hasNUL(it.Key()) || hasNUL(it.Value()) {
				return true
			}
		}
	}
	return false
}
