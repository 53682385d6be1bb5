package web

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"maeul/internal/catalog"
	"maeul/internal/i18n"
)

// The home page shows the promotion and special-price sections, with the
// countdown, only when there is something in them (the promotions arrive
// with checkout; until then homePromotions returns none).
func TestHomePromotionSections(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	st, err := loadAssets()
	if err != nil {
		t.Fatal(err)
	}
	ts, err := loadTemplates(cat, st)
	if err != nil {
		t.Fatal(err)
	}
	ends := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	item := promoItem{Summary: catalog.Summary{Code: "p1", Name: i18n.Text{En: "Wood-ear"}, Kind: catalog.Goods, MinPrice: 5000, MaxPrice: 5000, Stock: 9}, Price: 3990}
	special := item.Summary
	special.Sale = catalog.Sale{Price: 3990, List: 5000, Ends: ends}
	tests := []struct {
		name      string
		data      homeData
		want, not []string
	}{
		{"none", homeData{}, nil, []string{"data-ends", "Special prices", "<script>"}},
		{"promotion", homeData{Promotions: []promotion{{Name: i18n.Text{En: "Harvest week"}, EndsAt: ends, Items: []promoItem{item}}}},
			[]string{"Harvest week", `data-ends="2026-12-01T10:00:00Z"`, "2026-12-01 18:00", "¥39.90", "<s class=\"was\">¥50.00</s>"}, []string{"Special prices"}},
		{"special prices", homeData{SpecialPrices: []catalog.Summary{special}}, []string{"Special prices", "¥39.90", "<s class=\"was\">¥50.00</s>", "until 2026-12-01 18:00", `href="/specials"`}, []string{"data-ends"}},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		if err := ts.pages["home"].ExecuteTemplate(&b, "layout.html", page{Lang: i18n.En, Data: tt.data}); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		for _, s := range tt.want {
			if !strings.Contains(b.String(), s) {
				t.Errorf("%s: home lacks %q", tt.name, s)
			}
		}
		for _, s := range tt.not {
			if strings.Contains(b.String(), s) {
				t.Errorf("%s: home has %q", tt.name, s)
			}
		}
	}
}
