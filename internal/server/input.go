package server

import (
	"mime"
	"net/http"
	"net/url"
	"strings"

	"maeul/internal/route"
	"maeul/internal/text"
)

// checkInput refuses, with refuse, a request whose path, query or
// URL-encoded form holds something that is not text: invalid UTF-8, a NUL
// or another control character (a form value may hold tabs and line
// breaks). It runs before any handler, so that no such value reaches a
// database: PostgreSQL fails on a NUL or invalid UTF-8 and SQLite would
// store them. Lengths and the other rules of each field are the domain's.
// A multipart form's values are left to its handler; its files are
// checked by what reads them (the import, the photo decoder). A URL-encoded
// form is read here within route.DefaultMaxBody, the limit its route
// would apply (uploads, the routes with larger limits, are multipart).
func checkInput(next http.Handler, refuse func(http.ResponseWriter, *http.Request, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := text.Check("path", r.URL.Path, len(r.URL.Path), false); err != nil {
			refuse(w, r, err)
			return
		}
		if q, err := url.ParseQuery(r.URL.RawQuery); err == nil {
			if err := checkValues(q, false); err != nil {
				refuse(w, r, err)
				return
			}
		}
		if r.Method == http.MethodPost || r.Method == http.MethodPut || r.Method == http.MethodPatch {
			if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/x-www-form-urlencoded" {
				// Read within the routes' limit on forms, as a handler would;
				// a form that does not parse (too large, malformed) is its
				// handler's to refuse, as it finds no values.
				r.Body = http.MaxBytesReader(w, r.Body, route.DefaultMaxBody)
				if r.ParseForm() == nil {
					if err := checkValues(r.PostForm, true); err != nil {
						refuse(w, r, err)
						return
					}
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// checkValues checks every name and value of a query or form as text,
// naming the field it refuses.
func checkValues(vs url.Values, multiline bool) error {
	for k, list := range vs {
		name := strings.ToValidUTF8(k, "?")
		if err := text.Check(name, k, len(k), false); err != nil {
			return err
		}
		for _, v := range list {
			if err := text.Check(name, v, len(v), multiline); err != nil {
				return err
			}
		}
	}
	return nil
}
