package api_test

import (
	"math"
	"net/http"
	"testing"
	"time"

	"maeul/internal/server/servertest"

	"maeul/internal/store/storetest"
)

// TestQuantitiesBounded: a stock, a flash sale's cap and per-buyer limit, a
// coupon's value, minimum spend and limits beyond what a business could mean
// are field errors on both engines, never a 500 (PostgreSQL's INTEGER
// columns end at 2^31) nor a stored value that later arithmetic overflows.
func TestQuantitiesBounded(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine)
			seller := signedIn(t, env, "seller-dongxing@maeul.test")
			hour := time.Now().UTC().Add(time.Hour)
			tests := []struct {
				name, path string
				body       map[string]any
				field      string
			}{
				{"stock of 2^63-1", "/api/v1/seller/products",
					product("bounded", "fruit", map[string]string{"ko": "배"}, 1000, math.MaxInt64, nil), "stock"},
				{"stock just over the bound", "/api/v1/seller/products",
					product("bounded", "fruit", map[string]string{"ko": "배"}, 1000, 1_000_001, nil), "stock"},
				{"flash sale cap of 2^31", "/api/v1/seller/flash-sales",
					map[string]any{"sku": eggs30, "price_fen": 3990, "ends_at": hour, "cap": 1 << 31, "per_buyer": 2}, "cap"},
				{"flash sale per-buyer limit of 2^31", "/api/v1/seller/flash-sales",
					map[string]any{"sku": eggs30, "price_fen": 3990, "ends_at": hour, "cap": 5, "per_buyer": 1 << 31}, "per_buyer"},
				{"coupon worth 2^63-1 fen", "/api/v1/seller/coupons",
					map[string]any{"code": "HUGE", "amount_off_fen": math.MaxInt64, "ends_at": hour}, "amount_off_fen"},
				{"coupon minimum spend of 2^63-1 fen", "/api/v1/seller/coupons",
					map[string]any{"code": "HUGE", "amount_off_fen": 100, "min_spend_fen": math.MaxInt64, "ends_at": hour}, "min_spend_fen"},
				{"coupon uses of 2^31", "/api/v1/seller/coupons",
					map[string]any{"code": "HUGE", "amount_off_fen": 100, "total_limit": 1 << 31, "ends_at": hour}, "total_limit"},
				{"coupon uses per buyer of 2^31", "/api/v1/seller/coupons",
					map[string]any{"code": "HUGE", "amount_off_fen": 100, "per_buyer": 1 << 31, "ends_at": hour}, "per_buyer"},
			}
			for _, tt := range tests {
				wantField(t, tt.name, send(t, seller, http.MethodPost, tt.path, tt.body, nil), 422, "invalid", tt.field)
			}
		})
	}
}
