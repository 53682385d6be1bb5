package api

import (
	"net/http"

	"maeul/internal/photo"
	"maeul/internal/route"
)

// Routes registers every endpoint of the JSON API on mux.
func (h *Handler) Routes(mux route.Mux) {
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

	// The mall's catalog: cacheable reads with ETags.
	mux.Handle("GET /api/v1/categories", h.cacheable(h.categoryList))
	mux.Handle("GET /api/v1/products", h.cacheable(h.productList))
	mux.Handle("GET /api/v1/products/{code}", h.cacheable(h.productGet))
	mux.Handle("GET /api/v1/stores/{code}", h.cacheable(h.storeGet))
	mux.Handle("GET /api/v1/villages/{code}", h.cacheable(h.villageGet))

	// The seller back office's product management.
	mux.Handle("GET /api/v1/seller/products", h.cacheable(h.sellerProductList))
	mux.Handle("POST /api/v1/seller/products", h.handle(h.sellerProductCreate))
	mux.Handle("PUT /api/v1/seller/products/{code}", h.handle(h.sellerProductUpdate))
	mux.Handle("POST /api/v1/seller/products/{code}/hide", h.handle(h.sellerProductHide))
	mux.Handle("POST /api/v1/seller/products/{code}/show", h.handle(h.sellerProductShow))
	mux.Handle("POST /api/v1/seller/products/{code}/photos", route.MaxBody(photo.MaxUploadBytes+uploadSlack, h.handle(h.sellerPhotoAdd)))
	mux.Handle("DELETE /api/v1/seller/products/{code}/photos/{key}", h.handle(h.sellerPhotoRemove))

	// The sandbox wallet's notifications, where the wallet is switched on.
	if len(h.SandboxSecret) > 0 {
		mux.Handle("POST /api/v1/payments/sandbox/notify", h.handle(h.paymentNotify))
	}

	// Buying and selling. Calls that create orders or move money require an
	// Idempotency-Key (see idempotency.go).
	c := newCommerce(h)
	mux.Handle("GET /api/v1/cart", c.handle(c.cartGet))
	mux.Handle("POST /api/v1/cart/items", c.handle(c.cartAdd))
	mux.Handle("PUT /api/v1/cart/items/{sku}", c.handle(c.cartSet))
	mux.Handle("DELETE /api/v1/cart/items/{sku}", c.handle(c.cartRemove))
	mux.Handle("POST /api/v1/checkout", c.idempotent(c.checkoutCreate))
	mux.Handle("POST /api/v1/buy-now", c.soldOutFirst(c.idempotent(c.buyNow)))
	mux.Handle("GET /api/v1/checkouts/{id}", c.handle(c.checkoutGet))
	mux.Handle("GET /api/v1/orders", c.handle(c.orderList))
	mux.Handle("GET /api/v1/orders/{id}", c.handle(c.orderGet))
	mux.Handle("POST /api/v1/orders/{id}/cancel", c.idempotent(c.orderCancel))
	mux.Handle("POST /api/v1/orders/{id}/complete", c.handle(c.orderComplete))
	mux.Handle("GET /api/v1/orders/{id}/aftersales", c.handle(c.orderRequests))
	mux.Handle("POST /api/v1/orders/{id}/aftersales", c.handle(c.orderRequestCreate))
	mux.Handle("GET /api/v1/seller/aftersales", c.handle(c.sellerRequestList))
	mux.Handle("POST /api/v1/seller/aftersales/{id}/accept", c.idempotent(c.sellerRequestAccept))
	mux.Handle("POST /api/v1/seller/aftersales/{id}/refuse", c.handle(c.sellerRequestRefuse))
	mux.Handle("GET /api/v1/seller/orders", c.handle(c.sellerOrderList))
	mux.Handle("POST /api/v1/seller/orders/{id}/pack", c.handle(c.sellerOrderPack))
	mux.Handle("POST /api/v1/seller/orders/{id}/ship", c.handle(c.sellerOrderShip))
	mux.Handle("POST /api/v1/seller/orders/{id}/deliver", c.handle(c.sellerOrderDeliver))
	mux.Handle("POST /api/v1/seller/orders/{id}/refunds", c.idempotent(c.sellerOrderRefund))
	mux.Handle("GET /api/v1/station/payments", c.handle(c.stationPaymentList))
	mux.Handle("POST /api/v1/station/payments/{ref}/confirm", c.idempotent(c.stationPaymentConfirm))
	mux.Handle("GET /api/v1/promotions", c.cacheable(c.promotionList))
	mux.Handle("POST /api/v1/seller/flash-sales", c.handle(c.flashSaleCreate))
	mux.Handle("POST /api/v1/seller/special-prices", c.handle(c.specialPriceCreate))
	mux.Handle("POST /api/v1/seller/coupons", c.handle(c.couponCreate))

	// Impact: public figures (cacheable, aggregates only), the impact of an
	// order, households as disclosed, benefit links, dividends, payouts
	// and the auditor's reads. Payouts and dividend runs take an
	// Idempotency-Key.
	mux.Handle("GET /api/v1/impact/regions/{code}", h.cacheable(h.impactRegion))
	mux.Handle("GET /api/v1/impact/stores/{code}", h.cacheable(h.impactStore))
	mux.Handle("GET /api/v1/impact/products/{code}", h.cacheable(h.impactProduct))
	mux.Handle("GET /api/v1/orders/{id}/impact", h.handle(h.orderImpact))
	mux.Handle("GET /api/v1/checkouts/{id}/impact", h.handle(h.checkoutImpact))
	mux.Handle("GET /api/v1/households", h.handle(h.householdList))
	mux.Handle("GET /api/v1/households/{code}", h.handle(h.householdGet))
	mux.Handle("GET /api/v1/households/{code}/statement", h.handle(h.householdStatement))
	mux.Handle("GET /api/v1/households/{code}/payouts", h.handle(h.householdPayouts))
	mux.Handle("POST /api/v1/households/{code}/payouts", c.idempotent(h.householdPayout))
	mux.Handle("GET /api/v1/organizations/{code}/links", h.handle(h.linkList))
	mux.Handle("POST /api/v1/organizations/{code}/links", h.handle(h.linkCreate))
	mux.Handle("POST /api/v1/links/{id}/end", h.handle(h.linkEnd))
	mux.Handle("GET /api/v1/organizations/{code}/dividend-runs", h.handle(h.dividendRuns))
	mux.Handle("GET /api/v1/organizations/{code}/dividend-runs/{period}", h.handle(h.dividendPreview))
	mux.Handle("POST /api/v1/organizations/{code}/dividend-runs/{period}", c.idempotent(h.dividendExecute))
	mux.Handle("GET /api/v1/ledger/entries", h.handle(h.ledgerEntries))
	mux.Handle("GET /api/v1/ledger/verify", h.handle(h.ledgerVerify))
	mux.Handle("GET /api/v1/ledger/export", h.handle(h.ledgerExport))

	// The programme registers: titles, pairings, matchmaking events.
	mux.Handle("GET /api/v1/designations", h.handle(h.designationList))
	mux.Handle("POST /api/v1/designations", h.handle(h.designationCreate))
	mux.Handle("POST /api/v1/designations/{id}/revoke", h.handle(h.designationRevoke))
	mux.Handle("GET /api/v1/pairings", h.handle(h.pairingList))
	mux.Handle("POST /api/v1/pairings", h.handle(h.pairingCreate))
	mux.Handle("POST /api/v1/pairings/{id}/end", h.handle(h.pairingEnd))
	mux.Handle("GET /api/v1/events", h.handle(h.eventList))
	mux.Handle("GET /api/v1/events/{code}", h.handle(h.eventGet))
	mux.Handle("PUT /api/v1/events/{code}", h.handle(h.eventPut))
	mux.Handle("POST /api/v1/events/{code}/participants", h.handle(h.participantAdd))
	mux.Handle("POST /api/v1/events/{code}/deals", h.handle(h.dealCreate))
	mux.Handle("GET /api/v1/events/{code}/report", h.handle(h.eventReport))
	mux.Handle("GET /api/v1/programmes/{region}", h.handle(h.programmeReport))
	mux.Handle("GET /api/v1/coverage/{region}", h.handle(h.coverageReport))
	mux.Handle("GET /api/v1/van-runs", h.handle(h.vanRunList))
	mux.Handle("GET /api/v1/van-runs/{id}", h.handle(h.vanRunGet))

	// Parcels: the tracking timeline and a signed-in operator's scan.
	mux.Handle("GET /api/v1/parcels/{id}", h.handle(h.parcelGet))
	mux.Handle("GET /api/v1/orders/{id}/parcel", h.handle(h.orderParcel))
	mux.Handle("POST /api/v1/parcels/{id}/scans", h.handle(h.parcelScan))

	// Consignment batches: the public subset of one (its label's QR code
	// opens its page), and a station operator's list and record.
	mux.Handle("GET /api/v1/batches/{code}", h.handle(h.batchGet))
	mux.Handle("GET /api/v1/station/batches", h.handle(h.stationBatchList))
	mux.Handle("POST /api/v1/station/batches", h.handle(h.stationBatchCreate))

	// Machines: API keys for scanners, managed by the admins of their
	// service points.
	mux.Handle("GET /api/v1/api-keys", h.handle(h.apiKeyList))
	mux.Handle("POST /api/v1/api-keys", h.handle(h.apiKeyCreate))
	mux.Handle("POST /api/v1/api-keys/{id}/revoke", h.handle(h.apiKeyRevoke))
	// Scans in batches, from machines with a key (or operators).
	mux.Handle("POST /api/v1/scans", h.handle(h.scanCreate))

	mux.Handle("/api/", h.handle(func(w http.ResponseWriter, r *http.Request) error { return errNoRoute }))
}
