package demo_test

import (
	"context"
	"os"
	"testing"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/demo"
	"maeul/internal/org"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	storetest.Cleanup()
	os.Exit(code)
}

// counts fingerprints what the demo wrote.
type counts struct {
	products, villageStoresSelling, counties, changes int
}

func count(t *testing.T, db *store.DB) counts {
	t.Helper()
	ctx := context.Background()
	var c counts
	page, err := db.Search(ctx, catalog.Query{WithHidden: true, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	c.products = page.Total
	stores, err := db.Organizations(ctx, org.Filter{Kind: org.VillageStore})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stores {
		if p, _ := db.Search(ctx, catalog.Query{OrgID: s.ID, Limit: 1}); p.Total > 0 {
			c.villageStoresSelling++
		}
	}
	kids, _ := db.Children(ctx, "222400000000")
	for _, k := range kids {
		if p, _ := db.Search(ctx, catalog.Query{Within: k.Code, Limit: 1}); p.Total > 0 {
			c.counties++
		}
	}
	p, _ := db.Product(ctx, "wq-dongxing-eggs")
	chs, _ := db.Changes(ctx, p.ID)
	c.changes = len(chs)
	return c
}

func TestLoadTwiceChangesNothing(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		accts := accounts.NewService(db)
		accts.Params = accounts.HashParams{Time: 1, MemKiB: 1024, Threads: 1}
		if err := demo.Load(context.Background(), db, accts); err != nil {
			t.Fatal(err)
		}
		first := count(t, db)
		if first.products < 120 || first.villageStoresSelling < 20 || first.counties != 8 {
			t.Errorf("demo catalog = %+v; want ≥120 products, ≥20 village stores selling, all 8 counties", first)
		}
		if err := demo.Load(context.Background(), db, accts); err != nil {
			t.Fatal(err)
		}
		if again := count(t, db); again != first {
			t.Errorf("loading twice changed the data: %+v → %+v", first, again)
		}
		o, _ := db.Organization(context.Background(), "wq-dongxing-store")
		if o.Story.Ko == "" || o.Story.Zh == "" || o.Story.En == "" {
			t.Errorf("Dongxing store story = %+v", o.Story)
		}
	})
}
