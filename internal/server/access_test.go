package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/aftersales"
	"maeul/internal/consignment"
	"maeul/internal/demo"
	"maeul/internal/impact"
	"maeul/internal/orders"
	"maeul/internal/programme"
	"maeul/internal/server/servertest"
	"maeul/internal/store"
	"maeul/internal/vans"
)

// The access matrix holds every route of both surfaces against every
// role. Its columns are the roles, in this order:
//
//	guest     not signed in
//	shopper   a buyer with orders of store A (canteen@)
//	sellerA   the Dongxing village store, Wangqing county (A)
//	sellerB   Yanbian Rice Industry, Yanji city (B)
//	station   the Dongxing village station, Wangqing
//	countyA   Wangqing's county admin
//	countyB   Yanji's county admin
//	pref      the prefecture admin
//	auditor   the prefecture's auditor
//
// and each cell is what that role gets:
//
//   - let through: 2xx, or a redirect other than to sign in
//     r  the request itself refused: 400, 409, 422 (bodies are empty or
//     minimal, so a role let through is often refused for what it sent;
//     rows whose handlers read the body before the permission rule carry
//     a body that passes, so that the rule is what answers)
//     s  sent to sign in: 401, or a redirect to /signin
//     f  forbidden: 403
//     n  not found: 404
//
// Paths name the demo's records by placeholder ({order} and so on, see
// accessFixtures). Bodies are empty forms or "{}": the matrix checks who
// gets past the permission rules, not what a valid request does. A route
// may have several rows (its own record and another's).
var roles = []struct{ name, email string }{
	{"guest", ""},
	{"shopper", "canteen@maeul.test"},
	{"sellerA", "seller-dongxing@maeul.test"},
	{"sellerB", "seller-yanji@maeul.test"},
	{"station", "station-dongxing@maeul.test"},
	{"countyA", "county-wangqing@maeul.test"},
	{"countyB", "county-yanji@maeul.test"},
	{"pref", "prefecture@maeul.test"},
	{"auditor", "auditor@maeul.test"},
}

type accessRow struct {
	want    string // one cell per role, separated by spaces
	pattern string // the route, exactly as registered
	path    string // the request's path and query, with placeholders
	// body is the request's form or JSON; {email} and {password} are the
	// role's (a guest's are an unknown account's), {today} is today in China.
	body string
	// fresh sends each role's request on a session of its own (signing out
	// would end the one the other rows use).
	fresh bool
}

var accessMatrix = []accessRow{
	//      guest
	//      | shopper
	//      | | sellerA
	//      | | | sellerB
	//      | | | | station
	//      | | | | | countyA
	//      | | | | | | countyB
	//      | | | | | | | pref
	//      | | | | | | | | auditor
	{want: "+ + + + + + + + +", pattern: "GET /healthz", path: "/healthz"},
	{want: "+ + + + + + + + +", pattern: "GET /api/v1/openapi.json", path: "/api/v1/openapi.json"},
	{want: "s + + + + + + + +", pattern: "POST /api/v1/sessions", path: "/api/v1/sessions", body: `{"email":"{email}","password":"{password}"}`},
	{want: "s + + + + + + + +", pattern: "DELETE /api/v1/sessions/current", path: "/api/v1/sessions/current", fresh: true},
	{want: "s + + + + + + + +", pattern: "GET /api/v1/me", path: "/api/v1/me"},
	{want: "+ + + + + + + + +", pattern: "GET /api/v1/regions", path: "/api/v1/regions"},
	{want: "+ + + + + + + + +", pattern: "GET /api/v1/regions/{code}", path: "/api/v1/regions/222424000000"},
	{want: "+ + + + + + + + +", pattern: "GET /api/v1/organizations", path: "/api/v1/organizations"},
	{want: "+ + + + + + + + +", pattern: "GET /api/v1/organizations/{code}", path: "/api/v1/organizations/wq-dongxing-store"},
	{want: "s f + f f + f + f", pattern: "PATCH /api/v1/organizations/{code}", path: "/api/v1/organizations/wq-dongxing-store"},
	{want: "+ + + + + + + + +", pattern: "GET /api/v1/service-points", path: "/api/v1/service-points"},
	{want: "+ + + + + + + + +", pattern: "GET /api/v1/service-points/{code}", path: "/api/v1/service-points/wq-dongxing-vstation"},
	{want: "s f f f f + f + f", pattern: "PATCH /api/v1/service-points/{code}", path: "/api/v1/service-points/wq-dongxing-vstation"},
	{want: "s f f f f + + + f", pattern: "GET /api/v1/users", path: "/api/v1/users"},
	{want: "s f f f f + f r f", pattern: "POST /api/v1/users", path: "/api/v1/users", body: `{"email":"matrix@maeul.test","password":"password1","role":"seller","org_code":"wq-dongxing-store"}`},
	{want: "+ + + + + + + + +", pattern: "GET /api/v1/categories", path: "/api/v1/categories"},
	{want: "+ + + + + + + + +", pattern: "GET /api/v1/products", path: "/api/v1/products"},
	{want: "+ + + + + + + + +", pattern: "GET /api/v1/products/{code}", path: "/api/v1/products/wq-dongxing-eggs"},
	{want: "+ + + + + + + + +", pattern: "GET /api/v1/stores/{code}", path: "/api/v1/stores/wq-dongxing-store"},
	{want: "+ + + + + + + + +", pattern: "GET /api/v1/villages/{code}", path: "/api/v1/villages/222424100201"},
	{want: "s r + + r r r r r", pattern: "GET /api/v1/seller/products", path: "/api/v1/seller/products"},
	{want: "s f + f + + f + f", pattern: "GET /api/v1/seller/products", path: "/api/v1/seller/products?org=wq-dongxing-store"},
	{want: "s r r r r r r r r", pattern: "POST /api/v1/seller/products", path: "/api/v1/seller/products"},
	{want: "s r r r r r r r r", pattern: "POST /api/v1/seller/products", path: "/api/v1/seller/products?org=wq-dongxing-store"},
	{want: "s f r f r r f r f", pattern: "PUT /api/v1/seller/products/{code}", path: "/api/v1/seller/products/wq-dongxing-eggs"},
	{want: "s f + f + + f + f", pattern: "POST /api/v1/seller/products/{code}/hide", path: "/api/v1/seller/products/wq-dongxing-millet/hide"},
	{want: "s f + f + + f + f", pattern: "POST /api/v1/seller/products/{code}/show", path: "/api/v1/seller/products/wq-dongxing-millet/show"},
	{want: "s f r f r r f r f", pattern: "POST /api/v1/seller/products/{code}/photos", path: "/api/v1/seller/products/wq-dongxing-eggs/photos"},
	{want: "s f n f n n f n f", pattern: "DELETE /api/v1/seller/products/{code}/photos/{key}", path: "/api/v1/seller/products/wq-dongxing-eggs/photos/nokey"},
	{want: "s s s s s s s s s", pattern: "POST /api/v1/payments/sandbox/notify", path: "/api/v1/payments/sandbox/notify"},
	{want: "s + + + + + + + +", pattern: "GET /api/v1/cart", path: "/api/v1/cart"},
	{want: "s r r r r r r r r", pattern: "POST /api/v1/cart/items", path: "/api/v1/cart/items"},
	{want: "s r r r r r r r r", pattern: "PUT /api/v1/cart/items/{sku}", path: "/api/v1/cart/items/WQ-DX-EGG-30"},
	{want: "s + + + + + + + +", pattern: "DELETE /api/v1/cart/items/{sku}", path: "/api/v1/cart/items/WQ-DX-EGG-30"},
	{want: "s r r r r r r r r", pattern: "POST /api/v1/checkout", path: "/api/v1/checkout"},
	{want: "s r r r r r r r r", pattern: "POST /api/v1/buy-now", path: "/api/v1/buy-now"},
	{want: "s + n n n n n n n", pattern: "GET /api/v1/checkouts/{id}", path: "/api/v1/checkouts/{checkout}"},
	{want: "s + + + + + + + +", pattern: "GET /api/v1/orders", path: "/api/v1/orders"},
	{want: "s + + n n + n + +", pattern: "GET /api/v1/orders/{id}", path: "/api/v1/orders/{order}"},
	{want: "s + r f f r f r f", pattern: "POST /api/v1/orders/{id}/cancel", path: "/api/v1/orders/{order}/cancel"},
	{want: "s r r f f r f r f", pattern: "POST /api/v1/orders/{id}/complete", path: "/api/v1/orders/{order}/complete"},
	{want: "s + + n n + n + +", pattern: "GET /api/v1/orders/{id}/aftersales", path: "/api/v1/orders/{order}/aftersales"},
	{want: "s r n n n n n n n", pattern: "POST /api/v1/orders/{id}/aftersales", path: "/api/v1/orders/{order}/aftersales"},
	{want: "s r + + r r r r r", pattern: "GET /api/v1/seller/aftersales", path: "/api/v1/seller/aftersales"},
	{want: "s f + f f + f + +", pattern: "GET /api/v1/seller/aftersales", path: "/api/v1/seller/aftersales?org=wq-dongxing-store"},
	// A note with a control character is refused after the permission
	// rule, so that no role's request refunds the fixture.
	{want: "s n r n n r n r f", pattern: "POST /api/v1/seller/aftersales/{id}/accept", path: "/api/v1/seller/aftersales/{request}/accept", body: `{"note":"\u0001"}`},
	{want: "s n r n n r n r f", pattern: "POST /api/v1/seller/aftersales/{id}/refuse", path: "/api/v1/seller/aftersales/{request}/refuse"},
	{want: "s r + + r r r r r", pattern: "GET /api/v1/seller/orders", path: "/api/v1/seller/orders"},
	{want: "s f + f f + f + +", pattern: "GET /api/v1/seller/orders", path: "/api/v1/seller/orders?org=wq-dongxing-store"},
	{want: "s f r f f r f r f", pattern: "POST /api/v1/seller/orders/{id}/pack", path: "/api/v1/seller/orders/{order}/pack"},
	{want: "s f r f f r f r f", pattern: "POST /api/v1/seller/orders/{id}/ship", path: "/api/v1/seller/orders/{order}/ship"},
	{want: "s f r f f r f r f", pattern: "POST /api/v1/seller/orders/{id}/deliver", path: "/api/v1/seller/orders/{order}/deliver"},
	{want: "s f r f f r f r f", pattern: "POST /api/v1/seller/orders/{id}/refunds", path: "/api/v1/seller/orders/{order}/refunds"},
	{want: "s r r r + r r r r", pattern: "GET /api/v1/station/payments", path: "/api/v1/station/payments"},
	{want: "s f f f + + f + f", pattern: "GET /api/v1/station/payments", path: "/api/v1/station/payments?point=wq-dongxing-vstation"},
	{want: "s f f f + + f + f", pattern: "POST /api/v1/station/payments/{ref}/confirm", path: "/api/v1/station/payments/{cashref}/confirm"},
	{want: "+ + + + + + + + +", pattern: "GET /api/v1/batches/{code}", path: "/api/v1/batches/{batch}"},
	{want: "s f f f + f f f f", pattern: "GET /api/v1/station/batches", path: "/api/v1/station/batches"},
	{want: "s f f f r f f f f", pattern: "POST /api/v1/station/batches", path: "/api/v1/station/batches"},
	{want: "+ + + + + + + + +", pattern: "GET /api/v1/promotions", path: "/api/v1/promotions"},
	{want: "s r r r r r r r r", pattern: "POST /api/v1/seller/flash-sales", path: "/api/v1/seller/flash-sales"},
	{want: "s r r r r r r r r", pattern: "POST /api/v1/seller/flash-sales", path: "/api/v1/seller/flash-sales?org=wq-dongxing-store"},
	{want: "s r r r r r r r r", pattern: "POST /api/v1/seller/special-prices", path: "/api/v1/seller/special-prices"},
	{want: "s r r r r r r r r", pattern: "POST /api/v1/seller/special-prices", path: "/api/v1/seller/special-prices?org=wq-dongxing-store"},
	{want: "s f r r f f f r f", pattern: "POST /api/v1/seller/coupons", path: "/api/v1/seller/coupons"},
	{want: "s f r r f f f r f", pattern: "POST /api/v1/seller/coupons", path: "/api/v1/seller/coupons?org=wq-dongxing-store"},
	{want: "+ + + + + + + + +", pattern: "GET /api/v1/impact/regions/{code}", path: "/api/v1/impact/regions/222424000000"},
	{want: "+ + + + + + + + +", pattern: "GET /api/v1/impact/stores/{code}", path: "/api/v1/impact/stores/wq-dongxing-store"},
	{want: "+ + + + + + + + +", pattern: "GET /api/v1/impact/products/{code}", path: "/api/v1/impact/products/wq-dongxing-eggs"},
	{want: "s + + n n + n + +", pattern: "GET /api/v1/orders/{id}/impact", path: "/api/v1/orders/{order}/impact"},
	{want: "s + + n n + n + +", pattern: "GET /api/v1/checkouts/{id}/impact", path: "/api/v1/checkouts/{checkout}/impact"},
	{want: "s f f f + + + + +", pattern: "GET /api/v1/households", path: "/api/v1/households"},
	{want: "s f f f + + f + +", pattern: "GET /api/v1/households/{code}", path: "/api/v1/households/222424100201-01"},
	{want: "s f f f + + f + +", pattern: "GET /api/v1/households/{code}/statement", path: "/api/v1/households/222424100201-01/statement"},
	{want: "s f f f + + f + +", pattern: "GET /api/v1/households/{code}/payouts", path: "/api/v1/households/222424100201-01/payouts"},
	{want: "s f f f + f f f f", pattern: "POST /api/v1/households/{code}/payouts", path: "/api/v1/households/222424100201-01/payouts", body: `{"amount_fen":1,"method":"cash","reference":"matrix"}`},
	{want: "s f + f f + f + +", pattern: "GET /api/v1/organizations/{code}/links", path: "/api/v1/organizations/wq-dongxing-store/links"},
	{want: "s f r f f r f r f", pattern: "POST /api/v1/organizations/{code}/links", path: "/api/v1/organizations/wq-dongxing-store/links", body: `{"kind":"member","household_code":"222424100201-01","shares":1,"valid_from":"{today}"}`},
	{want: "s f + f f + f + f", pattern: "POST /api/v1/links/{id}/end", path: "/api/v1/links/{link}/end", body: `{"last_day":"2099-12-31"}`},
	{want: "s f + f f + f + +", pattern: "GET /api/v1/organizations/{code}/dividend-runs", path: "/api/v1/organizations/wq-dongxing-store/dividend-runs"},
	{want: "s f + f f + f + +", pattern: "GET /api/v1/organizations/{code}/dividend-runs/{period}", path: "/api/v1/organizations/wq-dongxing-store/dividend-runs/{period}"},
	{want: "s f + f f + f f f", pattern: "POST /api/v1/organizations/{code}/dividend-runs/{period}", path: "/api/v1/organizations/wq-dongxing-store/dividend-runs/{period}"},
	{want: "s f f f f f f + +", pattern: "GET /api/v1/ledger/entries", path: "/api/v1/ledger/entries"},
	{want: "s f f f f f f + +", pattern: "GET /api/v1/ledger/verify", path: "/api/v1/ledger/verify"},
	{want: "s f f f f f f + +", pattern: "GET /api/v1/ledger/export", path: "/api/v1/ledger/export"},
	{want: "s f f f f + + + +", pattern: "GET /api/v1/designations", path: "/api/v1/designations"},
	{want: "s f f f f + f + f", pattern: "POST /api/v1/designations", path: "/api/v1/designations", body: `{"subject_kind":"county","subject_code":"222424000000","level":"prefecture","title":"matrix","year":2025}`},
	{want: "s f f f f + f r f", pattern: "POST /api/v1/designations/{id}/revoke", path: "/api/v1/designations/{designation}/revoke", body: `{"revoked_on":"{today}","reason":"matrix"}`},
	{want: "s f f f f + + + +", pattern: "GET /api/v1/pairings", path: "/api/v1/pairings"},
	{want: "s f f f f + f + f", pattern: "POST /api/v1/pairings", path: "/api/v1/pairings", body: `{"org_code":"wq-enterprise","village_code":"222424100202","since":"2025-01-01"}`},
	{want: "s f f f f + f r f", pattern: "POST /api/v1/pairings/{id}/end", path: "/api/v1/pairings/{pairing}/end", body: `{"until":"2099-12-31"}`},
	{want: "+ + + + + + + + +", pattern: "GET /api/v1/events", path: "/api/v1/events"},
	{want: "+ + + + + + + + +", pattern: "GET /api/v1/events/{code}", path: "/api/v1/events/wq-matchmaking-autumn"},
	{want: "s f f f f + f + f", pattern: "PUT /api/v1/events/{code}", path: "/api/v1/events/matrix-event", body: `{"region_code":"222424000000","name":{"ko":"x","zh":"x","en":"x"},"place":{"ko":"x","zh":"x","en":"x"},"starts":"2030-01-01T09:00:00+08:00","ends":"2030-01-02T18:00:00+08:00"}`},
	{want: "s f f f f r f r f", pattern: "POST /api/v1/events/{code}/participants", path: "/api/v1/events/wq-matchmaking-autumn/participants"},
	{want: "s f f f f r f r f", pattern: "POST /api/v1/events/{code}/deals", path: "/api/v1/events/wq-matchmaking-autumn/deals"},
	{want: "s f f f f + f + +", pattern: "GET /api/v1/events/{code}/report", path: "/api/v1/events/wq-matchmaking-autumn/report"},
	{want: "s f f f f + f + +", pattern: "GET /api/v1/programmes/{region}", path: "/api/v1/programmes/222424000000"},
	{want: "s f f f f + f + +", pattern: "GET /api/v1/coverage/{region}", path: "/api/v1/coverage/222424000000?choose=2"},
	{want: "s f f f + + + + +", pattern: "GET /api/v1/van-runs", path: "/api/v1/van-runs"},
	{want: "s f f f + + f + +", pattern: "GET /api/v1/van-runs", path: "/api/v1/van-runs?region=222424&date=2026-01-01"},
	{want: "s f f f f + f + +", pattern: "GET /api/v1/van-runs/{id}", path: "/api/v1/van-runs/{vanrun}"},
	{want: "s f f f f + + + +", pattern: "GET /api/v1/api-keys", path: "/api/v1/api-keys"},
	{want: "s f f f f + f + +", pattern: "GET /api/v1/api-keys", path: "/api/v1/api-keys?region=222424"},
	{want: "s f f f f + f + f", pattern: "POST /api/v1/api-keys", path: "/api/v1/api-keys", body: `{"name":"matrix","points":["wq-dongxing-vstation"]}`},
	{want: "s f f f f + f + f", pattern: "POST /api/v1/api-keys/{id}/revoke", path: "/api/v1/api-keys/{apikey}/revoke"},
	{want: "s r r r r r r r r", pattern: "POST /api/v1/scans", path: "/api/v1/scans"},
	{want: "s + + n + + n + +", pattern: "GET /api/v1/parcels/{id}", path: "/api/v1/parcels/{parcel}"},
	{want: "s + + n + + n + +", pattern: "GET /api/v1/orders/{id}/parcel", path: "/api/v1/orders/{parcelorder}/parcel"},
	{want: "s f f f + + f + f", pattern: "POST /api/v1/parcels/{id}/scans", path: "/api/v1/parcels/{parcel}/scans", body: `{"scan_id":"matrix-1","node":"wq-dongxing-vstation"}`},
	{want: "n n n n n n n n n", pattern: "/api/", path: "/api/v1/no-such-thing"},
	{want: "s s s s s s s s s", pattern: "GET /sandbox/pay/{ref}", path: "/sandbox/pay/{payref}"},
	{want: "s s s s s s s s s", pattern: "POST /sandbox/pay/{ref}", path: "/sandbox/pay/{payref}"},
	{want: "s f f f f + + + +", pattern: "GET /admin/stats", path: "/admin/stats"},
	{want: "s f f f f + f + +", pattern: "GET /admin/stats", path: "/admin/stats?region=222424"},
	{want: "s f f f f + + + +", pattern: "GET /admin/stats/export", path: "/admin/stats/export?format=csv&table=trend"},
	{want: "s f f f f + + + +", pattern: "GET /admin/stats/report", path: "/admin/stats/report"},
	{want: "s f f f f + + + f", pattern: "GET /admin/stats/import", path: "/admin/stats/import"},
	{want: "s f f f f r r r f", pattern: "POST /admin/stats/import", path: "/admin/stats/import"},
	{want: "s f + + f f f f f", pattern: "GET /seller/sales", path: "/seller/sales"},
	{want: "s f r r f f f f f", pattern: "POST /seller/sales", path: "/seller/sales"},
	{want: "s f f f f + + + +", pattern: "GET /admin/coverage", path: "/admin/coverage"},
	{want: "s f f f f + f + +", pattern: "GET /admin/coverage", path: "/admin/coverage?region=222424&choose=2"},
	{want: "s f f f + + + + +", pattern: "GET /admin/van-runs", path: "/admin/van-runs"},
	{want: "s f f f + + f + +", pattern: "GET /admin/van-runs", path: "/admin/van-runs?region=222424&date=2026-01-01"},
	{want: "s f f f f + f + f", pattern: "POST /admin/van-runs/plan", path: "/admin/van-runs/plan", body: "base=wq-dongguang-express"},
	{want: "s f f f f + f + +", pattern: "GET /admin/van-runs/{id}", path: "/admin/van-runs/{vanrun}"},
	{want: "s f f f f + f + f", pattern: "POST /admin/van-runs/{id}/parcels/{parcel}/deliver", path: "/admin/van-runs/{vanrun}/parcels/{vanparcel}/deliver"},
	{want: "s f f f f + f + f", pattern: "POST /admin/van-runs/{id}/parcels/{parcel}/back", path: "/admin/van-runs/{vanrun}/parcels/{vanparcel2}/back", body: "outcome=undelivered&note=matrix"},
	{want: "s f f f f + + + +", pattern: "GET /admin/api-keys", path: "/admin/api-keys"},
	{want: "s f f f f + f + +", pattern: "GET /admin/api-keys", path: "/admin/api-keys?region=222424"},
	{want: "s f f f f + f + f", pattern: "POST /admin/api-keys", path: "/admin/api-keys?region=222424", body: "name=matrix-web&point=wq-dongxing-vstation"},
	{want: "s f f f f + f + f", pattern: "POST /admin/api-keys/{id}/revoke", path: "/admin/api-keys/{apikey}/revoke?region=222424"},
	{want: "s f f f f + + + +", pattern: "GET /admin/programmes", path: "/admin/programmes"},
	{want: "s f f f f + + + +", pattern: "GET /admin/programmes/export", path: "/admin/programmes/export"},
	{want: "s f f f f + + + +", pattern: "GET /admin/programmes/titles", path: "/admin/programmes/titles"},
	{want: "s f f f f + f + f", pattern: "POST /admin/programmes/titles", path: "/admin/programmes/titles", body: "subject_kind=county&subject_code=222424000000&level=prefecture&title=matrix-web&year=2025"},
	{want: "s f f f f r f r f", pattern: "POST /admin/programmes/titles/{id}/revoke", path: "/admin/programmes/titles/{designation}/revoke", body: "revoked_on={today}&reason=matrix"},
	{want: "s f f f f + + + +", pattern: "GET /admin/programmes/pairings", path: "/admin/programmes/pairings"},
	{want: "s f f f f + f + f", pattern: "POST /admin/programmes/pairings", path: "/admin/programmes/pairings", body: "org_code=wq-enterprise&village_code=222424100203&since=2025-01-01"},
	{want: "s f f f f r f r f", pattern: "POST /admin/programmes/pairings/{id}/end", path: "/admin/programmes/pairings/{pairing}/end", body: "until=2099-12-31"},
	{want: "s f f f f + + + +", pattern: "GET /admin/programmes/events", path: "/admin/programmes/events"},
	{want: "s f f f f + f + f", pattern: "POST /admin/programmes/events", path: "/admin/programmes/events", body: "code=matrix-web-event&region_code=222424000000&name_ko=x&name_zh=x&name_en=x&place_ko=x&place_zh=x&place_en=x&starts=2030-01-01T09:00&ends=2030-01-02T18:00"},
	{want: "s f f f f + f + +", pattern: "GET /admin/programmes/events/{code}", path: "/admin/programmes/events/wq-matchmaking-autumn"},
	{want: "s f f f f + f + +", pattern: "GET /admin/programmes/events/{code}/export", path: "/admin/programmes/events/wq-matchmaking-autumn/export"},
	{want: "s f f f f r f r f", pattern: "POST /admin/programmes/events/{code}/participants", path: "/admin/programmes/events/wq-matchmaking-autumn/participants"},
	{want: "s f f f f + f r f", pattern: "POST /admin/programmes/events/{code}/participants/{id}/remove", path: "/admin/programmes/events/wq-matchmaking-autumn/participants/{participant}/remove"},
	{want: "s f f f f r f r f", pattern: "POST /admin/programmes/events/{code}/deals", path: "/admin/programmes/events/wq-matchmaking-autumn/deals", body: "seller=wq-dongxing-store&buyer=yj-enterprise&goods=eggs&amount=100"},
	{want: "+ + + + + + + + +", pattern: "GET /static/", path: "/static/logo.svg"},
	{want: "+ + + + + + + + +", pattern: "GET /{$}", path: "/"},
	{want: "+ + + + + + + + +", pattern: "GET /lang/{lang}", path: "/lang/en"},
	{want: "+ + + + + + + + +", pattern: "GET /signin", path: "/signin"},
	{want: "s + + + + + + + +", pattern: "POST /signin", path: "/signin", body: "email={email}&password={password}"},
	{want: "+ + + + + + + + +", pattern: "GET /signup", path: "/signup"},
	{want: "r r r r r r r r r", pattern: "POST /signup", path: "/signup"},
	{want: "+ + + + + + + + +", pattern: "POST /signout", path: "/signout", fresh: true},
	{want: "s + + + + + + + +", pattern: "GET /account", path: "/account"},
	{want: "+ + + + + + + + +", pattern: "GET /search", path: "/search"},
	{want: "+ + + + + + + + +", pattern: "GET /categories/{code}", path: "/categories/eggs-poultry"},
	{want: "+ + + + + + + + +", pattern: "GET /products/{code}", path: "/products/wq-dongxing-eggs"},
	{want: "+ + + + + + + + +", pattern: "GET /stores/{code}", path: "/stores/wq-dongxing-store"},
	{want: "+ + + + + + + + +", pattern: "GET /villages/{code}", path: "/villages/222424100201"},
	{want: "+ + + + + + + + +", pattern: "GET /counties/{code}", path: "/counties/222424000000"},
	{want: "n n n n n n n n n", pattern: "GET /photos/{name}", path: "/photos/nosuchphoto.jpg"},
	{want: "+ + + + + + + + +", pattern: "GET /specials", path: "/specials"},
	{want: "+ + + + + + + + +", pattern: "GET /events", path: "/events"},
	{want: "+ + + + + + + + +", pattern: "GET /events/{code}", path: "/events/wq-matchmaking-autumn"},
	{want: "+ + + + + + + + +", pattern: "GET /cart", path: "/cart"},
	{want: "n n n n n n n n n", pattern: "POST /cart/add", path: "/cart/add"},
	{want: "r r r r r r r r r", pattern: "POST /cart/set", path: "/cart/set"},
	{want: "s + + + + + + + +", pattern: "GET /checkout", path: "/checkout"},
	{want: "s r r r r r r r r", pattern: "POST /checkout", path: "/checkout"},
	{want: "s + n n n n n n n", pattern: "GET /checkout/paid/{ref}", path: "/checkout/paid/{payref}"},
	{want: "s + + + + + + + +", pattern: "GET /orders", path: "/orders"},
	{want: "s + n n n n n n n", pattern: "GET /orders/{id}", path: "/orders/{order}"},
	{want: "s + + n n + n + +", pattern: "GET /orders/{id}/receipt", path: "/orders/{order}/receipt"},
	{want: "s r n n n n n n n", pattern: "POST /orders/{id}/cancel", path: "/orders/{order}/cancel"},
	{want: "s r n n n n n n n", pattern: "POST /orders/{id}/complete", path: "/orders/{order}/complete"},
	{want: "s r n n n n n n n", pattern: "POST /orders/{id}/aftersales", path: "/orders/{order}/aftersales"},
	{want: "s f + + r r r r r", pattern: "GET /seller/aftersales", path: "/seller/aftersales"},
	{want: "s f + f f + f + +", pattern: "GET /seller/aftersales", path: "/seller/aftersales?org=wq-dongxing-store"},
	// A refusal without a reason is refused after the permission rule.
	{want: "s n r n n r n r f", pattern: "POST /seller/aftersales/{id}", path: "/seller/aftersales/{request}", body: "op=refuse"},
	{want: "s f + + r r r r r", pattern: "GET /seller/orders", path: "/seller/orders"},
	{want: "s f + f f + f + +", pattern: "GET /seller/orders", path: "/seller/orders?org=wq-dongxing-store"},
	{want: "s n + n n + n + +", pattern: "GET /seller/orders/{id}", path: "/seller/orders/{order}"},
	{want: "s n + n n + n + +", pattern: "GET /seller/orders/{id}", path: "/seller/orders/{order}?org=wq-dongxing-store"},
	{want: "s n r n n r n r f", pattern: "POST /seller/orders/{id}/pack", path: "/seller/orders/{order}/pack"},
	{want: "s n r n n r n r f", pattern: "POST /seller/orders/{id}/pack", path: "/seller/orders/{order}/pack?org=wq-dongxing-store"},
	{want: "s n r n n r n r f", pattern: "POST /seller/orders/{id}/ship", path: "/seller/orders/{order}/ship"},
	{want: "s n r n n r n r f", pattern: "POST /seller/orders/{id}/ship", path: "/seller/orders/{order}/ship?org=wq-dongxing-store"},
	{want: "s n r n n r n r f", pattern: "POST /seller/orders/{id}/deliver", path: "/seller/orders/{order}/deliver"},
	{want: "s n r n n r n r f", pattern: "POST /seller/orders/{id}/deliver", path: "/seller/orders/{order}/deliver?org=wq-dongxing-store"},
	{want: "s n r n n r n r r", pattern: "POST /seller/orders/{id}/refund", path: "/seller/orders/{order}/refund", body: "op=refund&reason=matrix"},
	{want: "s n r n n r n r r", pattern: "POST /seller/orders/{id}/refund", path: "/seller/orders/{order}/refund?org=wq-dongxing-store", body: "op=refund&reason=matrix"},
	{want: "s f + + r r r r r", pattern: "GET /seller/promotions", path: "/seller/promotions"},
	{want: "s f + f f + f + f", pattern: "GET /seller/promotions", path: "/seller/promotions?org=wq-dongxing-store"},
	{want: "s f r r r r r r r", pattern: "POST /seller/promotions/{kind}", path: "/seller/promotions/flash"},
	{want: "s f r f f r f r f", pattern: "POST /seller/promotions/{kind}", path: "/seller/promotions/flash?org=wq-dongxing-store"},
	{want: "s r r r + r r r r", pattern: "GET /station/payments", path: "/station/payments"},
	{want: "s f f f + + f + f", pattern: "GET /station/payments", path: "/station/payments?point=wq-dongxing-vstation"},
	{want: "s f f f + + f + f", pattern: "POST /station/payments/{ref}/confirm", path: "/station/payments/{cashref}/confirm"},
	{want: "s f f f + f f f f", pattern: "GET /station/batches", path: "/station/batches"},
	{want: "s f f f + f f f f", pattern: "GET /station/batches/new", path: "/station/batches/new"},
	{want: "s f f f r f f f f", pattern: "POST /station/batches", path: "/station/batches"},
	{want: "s f f f + + f + f", pattern: "GET /station/batches/{code}/receipt", path: "/station/batches/{batch}/receipt"},
	{want: "s f f f + + f + f", pattern: "GET /station/batches/{code}/label", path: "/station/batches/{batch}/label"},
	{want: "+ + + + + + + + +", pattern: "GET /batches/{code}", path: "/batches/{batch}"},
	{want: "+ + + + + + + + +", pattern: "GET /batches/{code}/qr.png", path: "/batches/{batch}/qr.png"},
	{want: "s f r f r r f r f", pattern: "POST /station/pickups/{id}/deliver", path: "/station/pickups/{pickup}/deliver"},
	{want: "s f + + + r r r r", pattern: "GET /seller", path: "/seller"},
	{want: "s f + f + + f + f", pattern: "GET /seller", path: "/seller?org=wq-dongxing-store"},
	{want: "s f + + r r r r r", pattern: "GET /seller/products/new", path: "/seller/products/new"},
	{want: "s f + f + + f + f", pattern: "GET /seller/products/new", path: "/seller/products/new?org=wq-dongxing-store"},
	{want: "s f r r r r r r r", pattern: "POST /seller/products", path: "/seller/products"},
	{want: "s f r f r r f r f", pattern: "POST /seller/products", path: "/seller/products?org=wq-dongxing-store"},
	{want: "s f + f + + f + f", pattern: "GET /seller/products/{code}", path: "/seller/products/wq-dongxing-eggs"},
	{want: "s f + f + + f + f", pattern: "GET /seller/products/{code}", path: "/seller/products/wq-dongxing-eggs?org=wq-dongxing-store"},
	{want: "s f r f r r f r f", pattern: "POST /seller/products/{code}", path: "/seller/products/wq-dongxing-eggs"},
	{want: "s f r f r r f r f", pattern: "POST /seller/products/{code}", path: "/seller/products/wq-dongxing-eggs?org=wq-dongxing-store"},
	{want: "s f + f + + f + f", pattern: "POST /seller/products/{code}/visibility", path: "/seller/products/wq-dongxing-millet/visibility"},
	{want: "s f + f + + f + f", pattern: "POST /seller/products/{code}/visibility", path: "/seller/products/wq-dongxing-millet/visibility?org=wq-dongxing-store"},
	{want: "s f r f r r f r f", pattern: "POST /seller/products/{code}/photos", path: "/seller/products/wq-dongxing-eggs/photos"},
	{want: "s f r f r r f r f", pattern: "POST /seller/products/{code}/photos", path: "/seller/products/wq-dongxing-eggs/photos?org=wq-dongxing-store"},
	{want: "s f n f n n f n f", pattern: "POST /seller/products/{code}/photos/{key}/remove", path: "/seller/products/wq-dongxing-eggs/photos/nokey/remove"},
	{want: "s f n f n n f n f", pattern: "POST /seller/products/{code}/photos/{key}/remove", path: "/seller/products/wq-dongxing-eggs/photos/nokey/remove?org=wq-dongxing-store"},
	{want: "s f + + r r r r r", pattern: "GET /seller/import", path: "/seller/import"},
	{want: "s f + f + + f + f", pattern: "GET /seller/import", path: "/seller/import?org=wq-dongxing-store"},
	{want: "s f r r r r r r r", pattern: "POST /seller/import", path: "/seller/import"},
	{want: "s f r f r r f r f", pattern: "POST /seller/import", path: "/seller/import?org=wq-dongxing-store"},
	{want: "s f + + r r r r r", pattern: "GET /seller/store", path: "/seller/store"},
	{want: "s f + f + + f + f", pattern: "GET /seller/store", path: "/seller/store?org=wq-dongxing-store"},
	{want: "s f + + r r r r r", pattern: "POST /seller/store", path: "/seller/store"},
	{want: "s f + f + + f + f", pattern: "POST /seller/store", path: "/seller/store?org=wq-dongxing-store"},
	{want: "s f r r r r r r r", pattern: "POST /seller/store/cover", path: "/seller/store/cover"},
	{want: "s f r f r r f r f", pattern: "POST /seller/store/cover", path: "/seller/store/cover?org=wq-dongxing-store"},
	{want: "s f f f + f f f f", pattern: "GET /station/listings", path: "/station/listings"},
	{want: "s f f f + f f f f", pattern: "GET /station/listings", path: "/station/listings?point=wq-dongxing-vstation"},
	{want: "s r r r + r r r r", pattern: "GET /station/{$}", path: "/station/"},
	{want: "s f f f + + f + f", pattern: "GET /station/{$}", path: "/station/?point=wq-dongxing-vstation"},
	{want: "s f f f + f f f f", pattern: "GET /station/buy", path: "/station/buy"},
	{want: "s f f f r f f f f", pattern: "POST /station/buy/cart", path: "/station/buy/cart"},
	{want: "s f f f r f f f f", pattern: "POST /station/buy", path: "/station/buy"},
	{want: "s n n n n n n n n", pattern: "POST /station/parcels/{id}/hand-over", path: "/station/parcels/999999/hand-over"},
	{want: "s n n n n n n n n", pattern: "POST /station/parcels/{id}/unlock", path: "/station/parcels/999999/unlock"},
	{want: "s f f f f + + + +", pattern: "GET /admin/{$}", path: "/admin/"},
	{want: "s f f f f + f + +", pattern: "GET /admin/regions/{code}", path: "/admin/regions/222424000000"},
	{want: "s f + f f + f + +", pattern: "GET /admin/organizations/{code}", path: "/admin/organizations/wq-dongxing-store"},
	{want: "s f r f f r f r f", pattern: "POST /admin/organizations/{code}", path: "/admin/organizations/wq-dongxing-store"},
	{want: "s f f f f + + + f", pattern: "GET /admin/users", path: "/admin/users"},
	{want: "s f f f f + f r f", pattern: "POST /admin/users", path: "/admin/users", body: "role=seller&attach=wq-dongxing-store&email=matrix-web@maeul.test&password=password1"},
	{want: "s f f f f + + + f", pattern: "GET /admin/aftersales", path: "/admin/aftersales"},
	{want: "s f + + f + + + +", pattern: "GET /admin/parcels/held", path: "/admin/parcels/held"},
	{want: "s f + + f + f + +", pattern: "GET /admin/parcels/held", path: "/admin/parcels/held?region=222424&hours=24"},
	{want: "s f + + f + + + +", pattern: "GET /seller/parcels/held", path: "/seller/parcels/held"},
	{want: "s n r n n r n r f", pattern: "POST /admin/aftersales/{id}", path: "/admin/aftersales/{request}", body: "op=refuse"},
	{want: "+ + + + + + + + +", pattern: "GET /impact", path: "/impact"},
	{want: "+ + + + + + + + +", pattern: "GET /impact/regions/{code}", path: "/impact/regions/222424000000"},
	{want: "+ + + + + + + + +", pattern: "GET /impact/stores/{code}", path: "/impact/stores/wq-dongxing-store"},
	{want: "s f f f + + + + +", pattern: "GET /admin/households", path: "/admin/households"},
	{want: "s f f f + f f f f", pattern: "GET /station/households", path: "/station/households"},
	{want: "s f f f + f f f f", pattern: "GET /station/households", path: "/station/households?point=wq-dongxing-vstation"},
	{want: "s f f f + + f + +", pattern: "GET /households/{code}", path: "/households/222424100201-01"},
	{want: "s f f f + f f f f", pattern: "POST /households/{code}/payouts", path: "/households/222424100201-01/payouts", body: "amount=0.01&method=cash&reference=matrix-web"},
	{want: "s f + + r r r r r", pattern: "GET /seller/links", path: "/seller/links"},
	{want: "s f + f f + f + +", pattern: "GET /seller/links", path: "/seller/links?org=wq-dongxing-store"},
	{want: "s f r r r r r r r", pattern: "POST /seller/links", path: "/seller/links", body: "household=222424100201-02&kind=member&shares=1&valid_from={today}"},
	{want: "s f r f f r f r f", pattern: "POST /seller/links", path: "/seller/links?org=wq-dongxing-store", body: "household=222424100201-02&kind=member&shares=1&valid_from={today}"},
	{want: "s f + f r r r r r", pattern: "POST /seller/links/{id}/end", path: "/seller/links/{link}/end", body: "last_day=2099-12-31"},
	{want: "s f + f f + f + f", pattern: "POST /seller/links/{id}/end", path: "/seller/links/{link}/end?org=wq-dongxing-store", body: "last_day=2099-12-31"},
	{want: "s f + + r r r r r", pattern: "GET /seller/dividends", path: "/seller/dividends"},
	{want: "s f + f f + f + +", pattern: "GET /seller/dividends", path: "/seller/dividends?org=wq-dongxing-store"},
	{want: "s f + r r r r r r", pattern: "POST /seller/dividends", path: "/seller/dividends"},
	{want: "s f + f f + f f f", pattern: "POST /seller/dividends", path: "/seller/dividends?org=wq-dongxing-store"},
	{want: "s f f f f f f + +", pattern: "GET /audit/ledger", path: "/audit/ledger"},
	{want: "s f f f f f f + +", pattern: "GET /audit/ledger.csv", path: "/audit/ledger.csv"},
	{want: "s f f f f f f + +", pattern: "GET /audit/verify", path: "/audit/verify"},
	{want: "+ + + + + + + + +", pattern: "GET /audit/{$}", path: "/audit/"},
	{want: "n n n n n n n n n", pattern: "/", path: "/no/such/page"},
}

// accessFixtures finds the demo records the matrix's placeholders name.
func accessFixtures(t *testing.T, env *servertest.Env) map[string]string {
	t.Helper()
	ctx := context.Background()
	db := env.DB
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("access fixtures: %s: %v", what, err)
		}
	}
	f := map[string]string{}
	storeA, err := db.Organization(ctx, "wq-dongxing-store")
	must("store A", err)
	buyer, _, err := db.UserByEmail(ctx, "canteen@maeul.test")
	must("shopper", err)
	os, err := db.Orders(ctx, orders.Filter{BuyerID: buyer.ID, OrgID: storeA.ID})
	must("orders", err)
	if len(os) == 0 {
		t.Fatal("access fixtures: the shopper has no order of store A")
	}
	f["order"] = strconv.FormatInt(os[0].ID, 10)
	now := time.Now()
	req, err := db.CreateRequest(ctx, aftersales.Request{
		OrderID: os[0].ID, OrgID: storeA.ID, BuyerID: buyer.ID, Kind: aftersales.RefundOnly, Reason: aftersales.Damaged,
		Lines: []aftersales.Line{{LineID: os[0].Lines[0].ID, Qty: 1}}, Status: aftersales.Open, DueAt: now.Add(time.Hour), CreatedAt: now,
	}, nil)
	must("after-sales request", err)
	f["request"] = strconv.FormatInt(req, 10)
	f["checkout"] = strconv.FormatInt(os[0].GroupID, 10)
	pay, err := db.GroupPayment(ctx, os[0].GroupID)
	must("payment", err)
	f["payref"] = pay.Ref
	station, err := db.ServicePoint(ctx, "wq-dongxing-vstation")
	must("station", err)
	picked, err := db.Orders(ctx, orders.Filter{PointID: station.ID})
	must("pickups", err)
	if len(picked) == 0 {
		t.Fatal("access fixtures: no order picked up at the Dongxing station")
	}
	f["pickup"] = strconv.FormatInt(picked[0].ID, 10)
	cash, err := db.GroupPayment(ctx, picked[0].GroupID)
	must("cash payment", err)
	f["cashref"] = cash.Ref
	batches, err := db.Batches(ctx, consignment.Filter{PointID: station.ID, Limit: 1})
	must("batches", err)
	if len(batches) == 0 {
		t.Fatal("access fixtures: the Dongxing station has no consignment batch")
	}
	f["batch"] = batches[0].Code
	links, err := db.Links(ctx, impact.LinkFilter{OrgID: storeA.ID})
	must("links", err)
	if len(links) == 0 {
		t.Fatal("access fixtures: store A has no benefit link")
	}
	f["link"] = strconv.FormatInt(links[0].ID, 10)
	runs, err := db.DividendRuns(ctx, storeA.ID)
	must("dividend runs", err)
	if len(runs) == 0 {
		t.Fatal("access fixtures: store A has no dividend run")
	}
	f["period"] = runs[0].Period
	ds, err := db.Designations(ctx, programme.DesignationFilter{Within: "222424000000"})
	must("designations", err)
	if len(ds) == 0 {
		t.Fatal("access fixtures: Wangqing has no designation")
	}
	f["designation"] = strconv.FormatInt(ds[0].ID, 10)
	ps, err := db.Pairings(ctx, programme.PairingFilter{Within: "222424000000"})
	must("pairings", err)
	if len(ps) == 0 {
		t.Fatal("access fixtures: Wangqing has no pairing")
	}
	f["pairing"] = strconv.FormatInt(ps[0].ID, 10)
	ev, err := db.Event(ctx, "wq-matchmaking-autumn")
	must("event", err)
	parts, err := db.Participants(ctx, ev.ID)
	must("participants", err)
	if len(parts) == 0 {
		t.Fatal("access fixtures: the Wangqing event has no participant")
	}
	f["participant"] = strconv.FormatInt(parts[0].ID, 10)
	vanRunFixtures(t, db, f)
	key, err := db.CreateAPIKey(ctx, accounts.APIKey{Prefix: "0123456789ab", Name: "matrix", Region: station.Region.County(),
		Points: []accounts.KeyPoint{{ID: station.ID}}, CreatedAt: time.Now()}, accounts.KeyHash("matrix"))
	must("API key", err)
	f["apikey"] = strconv.FormatInt(key, 10)
	parcelOrder := shipPickupParcel(t, env)
	parcel, err := db.ParcelForOrder(ctx, parcelOrder)
	must("parcel", err)
	f["parcel"] = strconv.FormatInt(parcel.ID, 10)
	f["parcelorder"] = strconv.FormatInt(parcelOrder, 10)
	return f
}

// vanRunFixtures finds the demo's van run from Dongguang town's express
// end-point ({vanrun}) and two of its parcels still on the van
// ({vanparcel}, {vanparcel2}).
func vanRunFixtures(t *testing.T, db *store.DB, f map[string]string) {
	t.Helper()
	ctx := context.Background()
	runs, err := db.Runs(ctx, vans.Filter{Within: "222424000000"})
	if err != nil {
		t.Fatalf("access fixtures: van runs: %v", err)
	}
	for _, r := range runs {
		if r.Van.Code != "wq-dongguang-van" {
			continue
		}
		full, err := db.Run(ctx, r.ID)
		if err != nil {
			t.Fatalf("access fixtures: van run: %v", err)
		}
		var pending []string
		for _, s := range full.Stops {
			for _, l := range s.Parcels {
				if l.Outcome == vans.Pending {
					pending = append(pending, strconv.FormatInt(l.ParcelID, 10))
				}
			}
		}
		if len(pending) < 2 {
			t.Fatalf("access fixtures: the demo's van run has %d parcels on the van, want 2", len(pending))
		}
		f["vanrun"], f["vanparcel"], f["vanparcel2"] = strconv.FormatInt(r.ID, 10), pending[0], pending[1]
		return
	}
	t.Fatal("access fixtures: no demo van run from Dongguang town")
}

// accessClient is one role's browser and API client: cookies for pages,
// a bearer token for /api/.
type accessClient struct {
	http  *http.Client
	token string
}

func newAccessClient(t *testing.T, env *servertest.Env, email string) *accessClient {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &accessClient{http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if email == "" {
		return c
	}
	form := url.Values{"email": {email}, "password": {demo.Password}}
	resp, err := c.http.Post(env.URL+"/signin", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in as %s: status %d", email, resp.StatusCode)
	}
	resp, err = c.http.Post(env.URL+"/api/v1/sessions", "application/json",
		strings.NewReader(fmt.Sprintf(`{"email":%q,"password":%q}`, email, demo.Password)))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	_, tok, ok := strings.Cut(string(b), `"token":"`)
	if !ok {
		t.Fatalf("API sign-in as %s: status %d, body %s", email, resp.StatusCode, b)
	}
	c.token, _, _ = strings.Cut(tok, `"`)
	return c
}

var accessKeys atomic.Int64

// do sends method path as the role would, with an empty body, and
// returns the response's status and Location.
func (c *accessClient) do(t *testing.T, env *servertest.Env, method, path, content string) (int, string) {
	t.Helper()
	var body io.Reader
	api := strings.HasPrefix(path, "/api/")
	if method != http.MethodGet {
		if content == "" && api {
			content = "{}"
		}
		body = strings.NewReader(content)
	}
	req, err := http.NewRequest(method, env.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if method != http.MethodGet {
		req.Header.Set("Origin", env.URL)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if api {
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Idempotency-Key", "access-"+strconv.FormatInt(accessKeys.Add(1), 10))
		}
	}
	if api && c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Location")
}

// cell is the matrix's name for a response, or its status when it has
// none (a 5xx, say), which matches no cell.
func cell(status int, location string) string {
	switch {
	case status == http.StatusUnauthorized, status/100 == 3 && strings.HasPrefix(location, "/signin"):
		return "s"
	case status == http.StatusForbidden:
		return "f"
	case status == http.StatusNotFound:
		return "n"
	case status/100 == 2, status/100 == 3:
		return "+"
	case status == http.StatusBadRequest, status == http.StatusConflict, status == http.StatusUnprocessableEntity:
		return "r"
	}
	return strconv.Itoa(status)
}

func TestAccessMatrix(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *servertest.Env) {
		// Every route has a row, and every row a route.
		routes := env.Server.Routes()
		rowed := map[string]bool{}
		for _, row := range accessMatrix {
			rowed[row.pattern] = true
			if !slices.Contains(routes, row.pattern) {
				t.Errorf("the access matrix has a row for %q, which is not a route: remove it (internal/server/access_test.go)", row.pattern)
			}
		}
		for _, p := range routes {
			if !rowed[p] {
				t.Errorf("route %q has no row in the access matrix: add one to accessMatrix in internal/server/access_test.go saying what each role gets", p)
			}
		}

		fixtures := accessFixtures(t, env)
		clients := make([]*accessClient, len(roles))
		for i, r := range roles {
			clients[i] = newAccessClient(t, env, r.email)
		}
		for _, row := range accessMatrix {
			method, _, ok := strings.Cut(row.pattern, " ")
			if !ok {
				method = http.MethodGet // a pattern without a method serves them all
			}
			path := row.path
			for k, v := range fixtures {
				path = strings.ReplaceAll(path, "{"+k+"}", v)
			}
			if got := env.Server.Route(method, path); got != row.pattern {
				t.Errorf("%s %s is served by %q, not by its row's route %q", method, path, got, row.pattern)
			}
			want := strings.Fields(row.want)
			got := make([]string, len(roles))
			for i, r := range roles {
				c := clients[i]
				if row.fresh {
					c = newAccessClient(t, env, r.email)
				}
				email := r.email
				if email == "" {
					email = "nobody@maeul.test"
				}
				body := strings.NewReplacer("{email}", email, "{password}", demo.Password,
					"{today}", programme.Day(time.Now()).Format(time.DateOnly)).Replace(row.body)
				status, loc := c.do(t, env, method, path, body)
				got[i] = cell(status, loc)
				if len(want) == len(roles) && got[i] != want[i] {
					t.Errorf("%s %s as %s: %d %s (%s), want %s", method, path, r.name, status, loc, got[i], want[i])
				}
			}
			if len(want) != len(roles) {
				t.Errorf("%s %s: the row has %d cells, want one per role; each role gets %q now: check that this is right and put it in the row",
					method, row.path, len(want), strings.Join(got, " "))
			}
		}
	})
}
