package bench

import "testing"

// TestOverLimitReadsTheReason: the load tool tells the per-buyer limit
// from other refusals by the API's reason, whatever language the message
// is in.
func TestOverLimitReadsTheReason(t *testing.T) {
	tests := []struct {
		body string
		want bool
	}{
		{`{"error":{"code":"conflict","reason":"err.promo.flash_limit","message":"限时秒杀每人限购5件。","field":"qty"}}`, true},
		{`{"error":{"code":"invalid","reason":"err.promo.flash_limit_bought","message":"타임 특가는 1인 5개까지입니다(이미 5개 구매).","field":"qty"}}`, true},
		{`{"error":{"code":"conflict","reason":"err.promo.flash_over","message":"The flash sale has sold out or ended (not per buyer).","field":"qty"}}`, false},
		{`not json`, false},
	}
	for _, tt := range tests {
		if got := overLimit([]byte(tt.body)); got != tt.want {
			t.Errorf("overLimit(%s) = %v, want %v", tt.body, got, tt.want)
		}
	}
}
