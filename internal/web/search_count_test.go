package web_test

import (
	"context"
	"html"
	"testing"

	"maeul/internal/bench"
	"maeul/internal/catalog"
)

// TestSearchShowsABoundedCount: a search matching more products than the
// storefront counts says "1,000+" in each language, and the API gives
// the bound with total_capped; one matching fewer gives its exact count.
func TestSearchShowsABoundedCount(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *shop) {
		ctx := context.Background()
		// Every generated product's description says where it is "from".
		if _, err := bench.GenerateProducts(ctx, s.env.DB, catalog.ListingCountBound+300, 1, nil); err != nil {
			t.Fatal(err)
		}
		c := s.env.Client()
		for lang, want := range map[string]string{"ko": "상품 1,000개 이상", "zh": "1,000+ 件商品", "en": "1,000+ products"} {
			c.Lang = lang
			body := html.UnescapeString(get(t, c, "/search?q=from", 200))
			wantIn(t, "search in "+lang, body, `<p class="count" role="status">`+want+`</p>`)
		}
		c.Lang = "en"
		narrow := html.UnescapeString(get(t, c, "/search?q="+fixtureMark, 200))
		wantIn(t, "a narrow search", narrow, `<p class="count" role="status">`)
		wantNotIn(t, "a narrow search", narrow, `+ products`)

		var page struct {
			Total       int  `json:"total"`
			TotalCapped bool `json:"total_capped"`
		}
		c.JSON("GET", "/api/v1/products?q=from", nil, &page)
		if page.Total != catalog.ListingCountBound || !page.TotalCapped {
			t.Errorf("GET /api/v1/products?q=from: total %d, total_capped %v; want %d, true", page.Total, page.TotalCapped, catalog.ListingCountBound)
		}
		page.Total, page.TotalCapped = 0, false
		c.JSON("GET", "/api/v1/products?q="+fixtureMark, nil, &page)
		if page.Total == 0 || page.Total >= catalog.ListingCountBound {
			t.Errorf("GET /api/v1/products?q=%s: total %d, total_capped %v; want an exact count", fixtureMark, page.Total, page.TotalCapped)
		}
	})
}
