package importer_test

import (
	"context"
	"strings"
	"testing"

	"maeul/internal/accounts"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

// listingsOf returns a product's listings as "channel url" lines.
func listingsOf(t *testing.T, db *store.DB, code string) string {
	t.Helper()
	ctx := context.Background()
	p, err := db.Product(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	ls, err := db.ProductListings(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, l := range ls {
		b.WriteString(string(l.Channel) + " " + l.URL + "\n")
	}
	return b.String()
}

func TestImportListings(t *testing.T) {
	h := "product_code,channel,url\n"
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		importDemo(t, db, "regions", "organizations", "stations", "products")
		ctx := context.Background()
		good := h + "yj-cold-noodles,tmall,https://detail.tmall.com/item.htm?id=1\nyj-cold-noodles,jd,https://item.jd.com/1.html\n"
		if _, err := newStatsImporter(db).Import(ctx, "listings", "l.csv", strings.NewReader(good)); err != nil {
			t.Fatal(err)
		}
		if got, want := listingsOf(t, db, "yj-cold-noodles"), "jd https://item.jd.com/1.html\ntmall https://detail.tmall.com/item.htm?id=1\n"; got != want {
			t.Errorf("listings:\n%s\nwant\n%s", got, want)
		}
		// A row replaces its product's link on the channel.
		if _, err := newStatsImporter(db).Import(ctx, "listings", "l.csv", strings.NewReader(h+"yj-cold-noodles,jd,https://item.jd.com/2.html\n")); err != nil {
			t.Fatal(err)
		}
		if got := listingsOf(t, db, "yj-cold-noodles"); !strings.Contains(got, "jd https://item.jd.com/2.html\n") || strings.Contains(got, "1.html") {
			t.Errorf("after replacing: %s", got)
		}
		yj, _ := db.Organization(ctx, "yj-enterprise")
		seller := accounts.Actor{User: accounts.User{ID: 7, Role: accounts.Seller, OrgID: yj.ID}}
		tests := []struct {
			name, file string
			actor      accounts.Actor
			want       string
		}{
			{"a bad link", h + "yj-cold-noodles,jd,ftp://x\n", accounts.SystemActor, "bad.csv:2: column url: err.stats.url 500"},
			{"the platform itself", h + "yj-cold-noodles,platform,https://x.cn/\n", accounts.SystemActor, "bad.csv:2: column channel: err.stats.channel platform"},
			{"an unknown product", h + "nope,jd,https://x.cn/\n", accounts.SystemActor, "bad.csv:2: column product_code: err.stats.no_product nope"},
			{"twice", h + "yj-cold-noodles,jd,https://x.cn/\nyj-cold-noodles,JD,https://y.cn/\n", accounts.SystemActor, "bad.csv:3: column channel: err.importer.same_listing 2"},
			{"another seller's product", h + "wq-dongxing-eggs,jd,https://x.cn/\n", seller, "bad.csv:2: column product_code: err.accounts.forbidden"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				im := newStatsImporter(db)
				im.Actor = tt.actor
				_, err := im.Import(ctx, "listings", "bad.csv", strings.NewReader(tt.file))
				if got := reasons(err); err == nil || !strings.Contains(got, tt.want) {
					t.Errorf("got %v (%q), want %s", err, got, tt.want)
				}
			})
		}
		// The seller lists its own products.
		im := newStatsImporter(db)
		im.Actor = seller
		if _, err := im.Import(ctx, "listings", "l.csv", strings.NewReader(h+"yj-rice-gift-box,suning,https://product.suning.com/1.html\n")); err != nil {
			t.Errorf("the seller listing its own product: %v", err)
		}
	})
}
