package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"maeul/internal/catalog"
	"maeul/internal/i18n"
	"maeul/internal/money"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

// TestSearchCountsUpToTheBound: a listing asked to count up to a bound
// gives the bound and says more match when more do, and the exact count
// otherwise, with text and without, in every order.
func TestSearchCountsUpToTheBound(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		storetest.Demo(t, db)
		for _, q := range []catalog.Query{
			{Text: "rice"},
			{Text: "rice", Sort: catalog.ByPriceAsc},
			{Category: "grains"},
			{Category: "grains-rice", Sort: catalog.ByNewest},
			{},
		} {
			exact, err := db.Search(ctx, q)
			if err != nil {
				t.Fatalf("Search(%+v): %v", q, err)
			}
			if exact.TotalCapped || exact.Total < 3 {
				t.Fatalf("Search(%+v) without a bound: total %d, capped %v; want at least 3, not capped", q, exact.Total, exact.TotalCapped)
			}
			for _, bound := range []int{exact.Total - 1, exact.Total, exact.Total + 1} {
				bq := q
				bq.CountBound = bound
				got, err := db.Search(ctx, bq)
				if err != nil {
					t.Fatalf("Search(%+v): %v", bq, err)
				}
				want, capped := exact.Total, false
				if bound < exact.Total {
					want, capped = bound, true
				}
				if got.Total != want || got.TotalCapped != capped {
					t.Errorf("Search(%+v) = total %d, capped %v; want %d, %v", bq, got.Total, got.TotalCapped, want, capped)
				}
				if len(got.Items) != len(exact.Items) {
					t.Errorf("Search(%+v) lists %d items, want %d as without a bound", bq, len(got.Items), len(exact.Items))
				}
			}
		}
	})
}

// TestSearchRanksTheBestBeyondTheBound: when more products match than a
// search ranks, the ones it ranks are found by name first and by whole
// word first, so the best match still leads however many newer, weaker
// matches there are.
func TestSearchRanksTheBestBeyondTheBound(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		storetest.Demo(t, db)
		org := orgID(t, db, "yj-enterprise")
		add := func(code, name, description string) {
			t.Helper()
			p := catalog.Product{Code: code, OrgID: org, Category: "processed", Origin: "222401100202", Kind: catalog.Goods,
				Name: i18n.Text{Ko: name, Zh: name, En: name}, Description: i18n.Text{En: description},
				Variants: []catalog.Variant{{SKU: strings.ToUpper(code), Name: i18n.Text{En: "1"}, Price: money.Yuan(10), Stock: 5}}}
			if _, err := db.SaveProducts(ctx, []catalog.Product{p}, []catalog.Change{{OrgID: org, Action: "save", At: time.Now()}}); err != nil {
				t.Fatal(err)
			}
		}
		// The best matches first (the oldest), then many weaker ones.
		add("t-quince-word", "Wild quince", "Picked in the hills, sliced and dried in the sun for the winter months, "+strings.Repeat("sweet ", 20))
		add("t-zelkova-name", "Zelkova bowl", "Turned from one block of wood")
		for i := range 6 {
			add(fmt.Sprintf("t-quincepaste-%d", i), fmt.Sprintf("Quincepaste %d", i), "A paste")
			add(fmt.Sprintf("t-zelkova-desc-%d", i), fmt.Sprintf("Bowl %d", i), "zelkova")
		}
		db.SetRankBound(3)
		for _, tt := range []struct{ q, want string }{
			{"quince", "t-quince-word"},   // the whole word before newer names that start with it
			{"zelkova", "t-zelkova-name"}, // the name before newer descriptions
		} {
			page, err := db.Search(ctx, catalog.Query{Text: tt.q, Limit: 5})
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Items) == 0 || page.Items[0].Code != tt.want {
				var got []string
				for _, s := range page.Items {
					got = append(got, s.Code)
				}
				t.Errorf("Search(%q) = %v, want %s first", tt.q, got, tt.want)
			}
			if page.Total != 7 {
				t.Errorf("Search(%q) total = %d, want 7", tt.q, page.Total)
			}
		}
	})
}
