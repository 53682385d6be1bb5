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
	mux.Handle("GET /search", h.handle(h.search))
	mux.Handle("GET /categories/{code}", h.handle(h.category))
	mux.Handle("GET /products/{code}", h.handle(h.product))
	mux.Handle("GET /stores/{code}", h.handle(h.storePage))
	mux.Handle("GET /villages/{code}", h.handle(h.village))
	mux.Handle("GET /counties/{code}", h.handle(h.county))
	mux.Handle("GET /photos/{name}", h.handle(h.photoServe))

	// The seller back office.
	mux.Handle("GET /seller", h.handle(h.sellerDashboard))
	mux.Handle("GET /seller/products/new", h.handle(h.sellerProductNew))
	mux.Handle("POST /seller/products", h.handle(h.sellerProductCreate))
	mux.Handle("GET /seller/products/{code}", h.handle(h.sellerProductEdit))
	mux.Handle("POST /seller/products/{code}", h.handle(h.sellerProductUpdate))
	mux.Handle("POST /seller/products/{code}/visibility", h.handle(h.sellerProductVisibility))
	mux.Handle("POST /seller/products/{code}/photos", h.handle(h.sellerPhotoUpload))
	mux.Handle("POST /seller/products/{code}/photos/{key}/remove", h.handle(h.sellerPhotoRemove))
	mux.Handle("GET /seller/import", h.handle(h.sellerImportForm))
	mux.Handle("POST /seller/import", h.handle(h.sellerImport))
	mux.Handle("GET /seller/store", h.handle(h.sellerStoreForm))
	mux.Handle("POST /seller/store", h.handle(h.sellerStoreSave))
	mux.Handle("POST /seller/store/cover", h.handle(h.sellerStoreCover))
	mux.Handle("GET /station/listings", h.handle(h.stationListings))

	// Administration.
	mux.Handle("GET /admin/{$}", h.handle(h.adminHome))
	mux.Handle("GET /admin/regions/{code}", h.handle(h.adminRegion))
	mux.Handle("GET /admin/organizations/{code}", h.handle(h.adminOrgForm))
	mux.Handle("POST /admin/organizations/{code}", h.handle(h.adminOrgUpdate))
	mux.Handle("GET /admin/users", h.handle(h.adminUsers))
	mux.Handle("POST /admin/users", h.handle(h.adminUserCreate))

	mux.Handle("/", h.handle(h.notFound))
}
