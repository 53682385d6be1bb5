package store_test

import (
	"context"
	"strings"
	"testing"

	"maeul/internal/catalog"
	"maeul/internal/i18n"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

// TestSearchRanksByRelevance searches the demo catalog in each script and
// checks the order: what the buyer named comes first, a match in the name
// before one in the category or description, a whole word before a word
// inside a longer one.
func TestSearchRanksByRelevance(t *testing.T) {
	inName := func(lang i18n.Lang, w string) func(catalog.Summary) bool {
		return func(s catalog.Summary) bool { return strings.Contains(strings.ToLower(s.Name.In(lang)), w) }
	}
	inCategory := func(code string) func(catalog.Summary) bool {
		return func(s catalog.Summary) bool { return s.Category == code }
	}
	wordInName := func(w string) func(catalog.Summary) bool {
		return func(s catalog.Summary) bool {
			for _, f := range strings.FieldsFunc(strings.ToLower(s.Name.En), func(r rune) bool { return r == ' ' || r == ',' || r == '\'' }) {
				if f == w {
					return true
				}
			}
			return false
		}
	}
	and := func(a, b func(catalog.Summary) bool) func(catalog.Summary) bool {
		return func(s catalog.Summary) bool { return a(s) && b(s) }
	}
	tests := []struct {
		q string
		// first is true of the first result; every result that ahead is
		// true of comes before every one it is false of.
		first, ahead func(catalog.Summary) bool
	}{
		{"rice", and(inCategory("grains-rice"), wordInName("rice")), inCategory("grains-rice")},
		{"rice", wordInName("rice"), wordInName("rice")},
		{"Rice", inCategory("grains-rice"), inName(i18n.En, "rice")},
		{"사과배", inCategory("fruit-apple-pear"), inName(i18n.Ko, "사과배")},
		{"사과배", inCategory("fruit-apple-pear"), inCategory("fruit-apple-pear")},
		{"苹果梨", inCategory("fruit-apple-pear"), inName(i18n.Zh, "苹果梨")},
		{"apple-pear", inCategory("fruit-apple-pear"), inName(i18n.En, "apple-pear")},
		{"木耳", inName(i18n.Zh, "木耳"), inName(i18n.Zh, "木耳")},
		{"黑木耳", inName(i18n.Zh, "黑木耳"), inName(i18n.Zh, "黑木耳")},
		{"흑목이버섯", inName(i18n.Ko, "흑목이버섯"), inName(i18n.Ko, "흑목이버섯")},
		{"wood-ear", inName(i18n.En, "wood-ear"), inName(i18n.En, "wood-ear")},
		{"大米", inCategory("grains-rice"), inName(i18n.Zh, "大米")},
		{"입쌀", inCategory("grains-rice"), inName(i18n.Ko, "입쌀")},
		// A whole word outranks the same letters inside a longer one.
		{"honey", wordInName("honey"), wordInName("honey")},
		{"pine nuts", inName(i18n.En, "pine nut"), inName(i18n.En, "pine nut")},
	}
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		storetest.Demo(t, db)
		for _, tt := range tests {
			page, err := db.Search(ctx, catalog.Query{Text: tt.q, Limit: 100})
			if err != nil {
				t.Fatalf("Search(%q): %v", tt.q, err)
			}
			if len(page.Items) == 0 {
				t.Errorf("Search(%q) found nothing", tt.q)
				continue
			}
			if got := page.Items[0]; !tt.first(got) {
				t.Errorf("Search(%q) first = %s %q (%s), want another", tt.q, got.Code, got.Name.En, got.Category)
			}
			behind := ""
			for _, s := range page.Items {
				switch {
				case !tt.ahead(s) && behind == "":
					behind = s.Code
				case tt.ahead(s) && behind != "":
					t.Errorf("Search(%q): %s %q comes after %s, want before", tt.q, s.Code, s.Name.En, behind)
				}
			}
		}
	})
}

// TestSearchPagesAcrossTheRankBound: with the ranking bounded to a few
// candidates, paging through a broad search by relevance still lists
// every match once, the ranked ones first.
func TestSearchPagesAcrossTheRankBound(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		storetest.Demo(t, db)
		db.SetRankBound(7)
		seen := map[string]int{}
		q := catalog.Query{Text: "rice", Limit: 5}
		var total, pages int
		for {
			page, err := db.Search(ctx, q)
			if err != nil {
				t.Fatalf("Search page %d: %v", pages+1, err)
			}
			total = page.Total
			for _, s := range page.Items {
				seen[s.Code]++
			}
			pages++
			if page.NextCursor == "" || pages > 100 {
				break
			}
			q.Cursor = page.NextCursor
		}
		if len(seen) != total {
			t.Errorf("paged through %d distinct products, want the total %d", len(seen), total)
		}
		for code, n := range seen {
			if n != 1 {
				t.Errorf("%s listed %d times", code, n)
			}
		}
		if total <= 7 {
			t.Errorf("only %d matches: the test does not cross the bound", total)
		}
	})
}
