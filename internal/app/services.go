// Package app names everything maeul's HTTP surfaces depend on: the
// domain services, whose methods hold the rules, and the stores they read
// where no rule applies. The pages (internal/web) and the JSON API
// (internal/api) take the same Services, which internal/server assembles
// in one place; every dependency is a typed field, so the compiler, not a
// runtime type assertion, says what a handler can use.
package app

import (
	"context"
	"log/slog"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/aftersales"
	"maeul/internal/catalog"
	"maeul/internal/consignment"
	"maeul/internal/i18n"
	"maeul/internal/impact"
	"maeul/internal/importer"
	"maeul/internal/network"
	"maeul/internal/orders"
	"maeul/internal/org"
	"maeul/internal/parcels"
	"maeul/internal/programme"
	"maeul/internal/promo"
	"maeul/internal/region"
	"maeul/internal/stats"
	"maeul/internal/vans"
)

// Services are the dependencies of the pages and the API. A read that
// needs a permission rule goes through the service that owns the rule;
// the stores are for reads anyone may make (regions, organizations,
// service points, the catalog on show).
type Services struct {
	Accounts *accounts.Service
	// Keys is the API keys of machines: created, listed and revoked by
	// admins, authenticating scanners.
	Keys    *accounts.KeyService
	Orgs    *org.Service
	Network *network.Service
	// Catalog is the product catalog's rules.
	Catalog *catalog.Service
	// Orders is the order rules: carts, checkout, fulfilment, refunds.
	Orders *orders.Service
	// AfterSales is the rules of refund and return requests.
	AfterSales *aftersales.Service
	// Promo is the rules for managing promotions.
	Promo *promo.Service
	// Impact is the impact ledger's rules: households, links, dividends,
	// payouts, statements and figures.
	Impact *impact.Service
	// Consignment keeps the batches of produce households leave at
	// stations for sale.
	Consignment *consignment.Service
	// Programme keeps the programme registers: titles, pairings and
	// matchmaking events.
	Programme *programme.Service
	// Parcels is the logistics rules: parcels, their routes and scans,
	// pick-up codes.
	Parcels *parcels.Service
	// Stats keeps the statistics: sales facts, reported figures and the
	// register of products listed on outside platforms.
	Stats *stats.Service
	// Vans keeps the delivery vans and their runs.
	Vans *vans.Service

	Regions  region.Store
	OrgStore org.Store
	Points   network.Store
	Products catalog.Store
	// Ledger checks the whole impact ledger for the auditor.
	Ledger impact.LedgerVerifier
	// Imports records the imports a seller uploads.
	Imports importer.Store
	// Idempotency keeps the API's idempotency keys.
	Idempotency IdempotencyStore

	// Messages renders refusals and pages in the request's language.
	Messages *i18n.Catalog
	Logger   *slog.Logger
	Now      func() time.Time

	// Home is the prefecture the storefront presents.
	Home region.Code
	// SecureCookies marks cookies Secure, for deployments behind HTTPS.
	SecureCookies bool
	// CacheTTL is how long the storefront serves what it read from the
	// database (see internal/web/cache.go): the default when zero, no
	// caching when negative.
	CacheTTL time.Duration
	// SandboxSecret signs the sandbox wallet's notifications; empty when
	// the wallet is off, and then its notification endpoint is not served.
	SandboxSecret []byte
}

// IdempotencyStore keeps the API's idempotency keys and the responses
// they were answered with (see internal/api/idempotency.go for the rules).
type IdempotencyStore interface {
	// ReserveIdempotencyKey reserves actor's key for a request, reporting
	// false when the key is taken (by any request) and not yet expired.
	ReserveIdempotencyKey(ctx context.Context, actor, key, requestHash string, now time.Time, ttl, lease time.Duration) (bool, error)
	// IdempotentResponse returns what a reserved key's request was
	// answered with; status 0 means it is still running. An unknown key
	// is a NotFound error.
	IdempotentResponse(ctx context.Context, actor, key string) (requestHash string, status int, body []byte, err error)
	// SaveIdempotentResponse keeps a finished request's answer.
	SaveIdempotentResponse(ctx context.Context, actor, key string, status int, body []byte) error
	// ReleaseIdempotencyKey forgets a key, so that a retry runs again.
	ReleaseIdempotencyKey(ctx context.Context, actor, key string) error
	// PurgeIdempotencyKeys deletes the keys reserved before a moment and
	// returns how many.
	PurgeIdempotencyKeys(ctx context.Context, before time.Time) (int64, error)
}
