package web

import "maeul/internal/route"

// Routes registers every page of the HTML surface on mux.
func (h *Handler) Routes(mux route.Mux) {
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
	mux.Handle("GET /specials", h.handle(h.specials))
	mux.Handle("GET /events", h.handle(h.eventList))
	mux.Handle("GET /events/{code}", h.handle(h.event))

	// Buying.
	mux.Handle("GET /cart", h.handle(h.cartPage))
	mux.Handle("POST /cart/add", h.handle(h.cartAdd))
	mux.Handle("POST /cart/set", h.handle(h.cartSet))
	mux.Handle("GET /checkout", h.handle(h.checkoutPage))
	mux.Handle("POST /checkout", h.handle(h.checkoutSubmit))
	mux.Handle("GET /checkout/paid/{ref}", h.handle(h.checkoutPaid))
	mux.Handle("GET /orders", h.handle(h.orderList))
	mux.Handle("GET /orders/{id}", h.handle(h.order))
	mux.Handle("GET /orders/{id}/receipt", h.handle(h.orderReceipt))
	mux.Handle("POST /orders/{id}/cancel", h.handle(h.orderCancel))
	mux.Handle("POST /orders/{id}/complete", h.handle(h.orderComplete))
	mux.Handle("POST /orders/{id}/aftersales", route.MaxBody(maxRequestBody, h.handle(h.orderAskRefund)))
	mux.Handle("GET /seller/aftersales", h.handle(h.sellerAfterSales))
	mux.Handle("POST /seller/aftersales/{id}", h.handle(h.afterSalesDecide))
	mux.Handle("GET /seller/orders", h.handle(h.sellerOrders))
	mux.Handle("GET /seller/orders/{id}", h.handle(h.sellerOrderView))
	mux.Handle("POST /seller/orders/{id}/pack", h.handle(h.sellerOrderPack))
	mux.Handle("POST /seller/orders/{id}/ship", h.handle(h.sellerOrderShip))
	mux.Handle("POST /seller/orders/{id}/deliver", h.handle(h.sellerOrderDeliver))
	mux.Handle("POST /seller/orders/{id}/refund", h.handle(h.sellerOrderRefund))
	mux.Handle("GET /seller/promotions", h.handle(h.sellerPromotions))
	mux.Handle("POST /seller/promotions/{kind}", h.handle(h.sellerPromotionCreate))
	mux.Handle("GET /station/payments", h.handle(h.stationPayments))
	mux.Handle("POST /station/payments/{ref}/confirm", h.handle(h.stationPaymentConfirm))
	mux.Handle("POST /station/pickups/{id}/deliver", h.handle(h.stationPickupDeliver))

	// The seller back office.
	mux.Handle("GET /seller", h.handle(h.sellerDashboard))
	mux.Handle("GET /seller/products/new", h.handle(h.sellerProductNew))
	mux.Handle("POST /seller/products", h.handle(h.sellerProductCreate))
	mux.Handle("GET /seller/products/{code}", h.handle(h.sellerProductEdit))
	mux.Handle("POST /seller/products/{code}", h.handle(h.sellerProductUpdate))
	mux.Handle("POST /seller/products/{code}/visibility", h.handle(h.sellerProductVisibility))
	mux.Handle("POST /seller/products/{code}/photos", route.MaxBody(maxPhotoRequest, h.handle(h.sellerPhotoUpload)))
	mux.Handle("POST /seller/products/{code}/photos/{key}/remove", h.handle(h.sellerPhotoRemove))
	mux.Handle("GET /seller/import", h.handle(h.sellerImportForm))
	mux.Handle("POST /seller/import", route.MaxBody(maxImportRequest, h.handle(h.sellerImport)))
	mux.Handle("GET /seller/store", h.handle(h.sellerStoreForm))
	mux.Handle("POST /seller/store", h.handle(h.sellerStoreSave))
	mux.Handle("POST /seller/store/cover", route.MaxBody(maxPhotoRequest, h.handle(h.sellerStoreCover)))
	mux.Handle("GET /station/listings", h.handle(h.stationListings))

	// Administration.
	mux.Handle("GET /admin/{$}", h.handle(h.adminHome))
	mux.Handle("GET /admin/regions/{code}", h.handle(h.adminRegion))
	mux.Handle("GET /admin/organizations/{code}", h.handle(h.adminOrgForm))
	mux.Handle("POST /admin/organizations/{code}", h.handle(h.adminOrgUpdate))
	mux.Handle("GET /admin/users", h.handle(h.adminUsers))
	mux.Handle("POST /admin/users", h.handle(h.adminUserCreate))
	mux.Handle("GET /admin/aftersales", h.handle(h.adminAfterSales))
	mux.Handle("POST /admin/aftersales/{id}", h.handle(h.afterSalesDecide))

	// Impact.
	mux.Handle("GET /impact", h.handle(h.impactHome))
	mux.Handle("GET /impact/regions/{code}", h.handle(h.impactRegion))
	mux.Handle("GET /impact/stores/{code}", h.handle(h.impactStore))
	mux.Handle("GET /admin/households", h.handle(h.householdList))
	mux.Handle("GET /station/households", h.handle(h.stationHouseholds))
	mux.Handle("GET /households/{code}", h.handle(h.householdStatement))
	mux.Handle("POST /households/{code}/payouts", h.handle(h.householdPayout))
	mux.Handle("GET /seller/links", h.handle(h.sellerLinks))
	mux.Handle("POST /seller/links", h.handle(h.sellerLinkCreate))
	mux.Handle("POST /seller/links/{id}/end", h.handle(h.sellerLinkEnd))
	mux.Handle("GET /seller/dividends", h.handle(h.sellerDividends))
	mux.Handle("POST /seller/dividends", h.handle(h.sellerDividendsExecute))
	mux.Handle("GET /audit/ledger", h.handle(h.auditorLedger))
	mux.Handle("GET /audit/ledger.csv", h.handle(h.auditorExport))
	mux.Handle("GET /audit/verify", h.handle(h.auditorVerify))
	mux.Handle("GET /audit/{$}", sectionHome("/audit/ledger"))

	mux.Handle("/", h.handle(h.notFound))
}
