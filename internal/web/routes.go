package web

import "net/http"

// Routes registers every page of the HTML surface on mux.
func (h *Handler) Routes(mux *http.ServeMux) {
	mux.Handle("GET /static/", h.static)

	mux.Handle("GET /{$}", h.handle(h.home))
	mux.Handle("GET /lang/{lang}", h.handle(h.langSet))

	mux.Handle("GET /signin", h.handle(h.signinForm))
	mux.Handle("POST /signin", h.handle(h.signin))
	mux.Handle("GET /signup", h.handle(h.signupForm))
	mux.Handle("POST /signup", h.handle(h.signup))
	mux.Handle("POST /signout", h.handle(h.signout))
	mux.Handle("GET /account", h.handle(h.account))

	// The mall's storefront.

	// The seller back office.

	// Administration.
	mux.Handle("GET /admin/{$}", h.handle(h.adminHome))
	mux.Handle("GET /admin/regions/{code}", h.handle(h.adminRegion))
	mux.Handle("GET /admin/organizations/{code}", h.handle(h.adminOrgForm))
	mux.Handle("POST /admin/organizations/{code}", h.handle(h.adminOrgUpdate))
	mux.Handle("GET /admin/users", h.handle(h.adminUsers))
	mux.Handle("POST /admin/users", h.handle(h.adminUserCreate))

	mux.Handle("/", h.handle(h.notFound))
}
