package api

import "net/http"

// Routes registers every endpoint of the JSON API on mux.
func (h *Handler) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "public, max-age=300")
		w.Write(openapiDoc)
	})

	mux.Handle("POST /api/v1/sessions", h.handle(h.sessionCreate))
	mux.Handle("DELETE /api/v1/sessions/current", h.handle(h.sessionDelete))
	mux.Handle("GET /api/v1/me", h.handle(h.me))

	mux.Handle("GET /api/v1/regions", h.handle(h.regionList))
	mux.Handle("GET /api/v1/regions/{code}", h.handle(h.regionGet))

	mux.Handle("GET /api/v1/organizations", h.handle(h.orgList))
	mux.Handle("GET /api/v1/organizations/{code}", h.handle(h.orgGet))
	mux.Handle("PATCH /api/v1/organizations/{code}", h.handle(h.orgUpdate))

	mux.Handle("GET /api/v1/service-points", h.handle(h.pointList))
	mux.Handle("GET /api/v1/service-points/{code}", h.handle(h.pointGet))
	mux.Handle("PATCH /api/v1/service-points/{code}", h.handle(h.pointUpdate))

	mux.Handle("GET /api/v1/users", h.handle(h.userList))
	mux.Handle("POST /api/v1/users", h.handle(h.userCreate))

	mux.Handle("/api/", h.handle(func(w http.ResponseWriter, r *http.Request) error { return errNoRoute }))
}
