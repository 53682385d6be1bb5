package store_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/demo"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/importer"
	"maeul/internal/money"
	"maeul/internal/photo"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

// loadReference imports the demo regions, organizations and stations.
func loadReference(t *testing.T, db *store.DB) {
	t.Helper()
	im := &importer.Importer{Store: db, Actor: accounts.SystemActor}
	for _, k := range []string{"regions", "organizations", "stations"} {
		b, err := demo.File(k + ".csv")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := im.Apply(context.Background(), k, k+".csv", bytes.NewReader(b)); err != nil {
			t.Fatal(err)
		}
	}
}

func orgID(t *testing.T, db *store.DB, code string) int64 {
	t.Helper()
	o, err := db.Organization(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	return o.ID
}

func testProducts(t *testing.T, db *store.DB) []catalog.Product {
	expiry := time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC)
	v := func(sku, name string, yuan float64, stock int) catalog.Variant {
		return catalog.Variant{SKU: sku, Name: i18n.Text{Ko: name, En: name}, Price: money.Fen(yuan * 100), Stock: stock}
	}
	return []catalog.Product{
		{Code: "tm-apple-pear", OrgID: orgID(t, db, "tm-coop"), Category: "fruit-apple-pear", Origin: "222402100201", Kind: catalog.Goods,
			Name:        i18n.Text{Ko: "도문 사과배", Zh: "图们苹果梨", En: "Tumen Apple-pear"},
			Description: i18n.Text{En: "Crisp and sweet apple pears from the Bailong village orchards."},
			Variants:    []catalog.Variant{v("TM-AP-5", "5 kg", 39.80, 10), v("TM-AP-10", "10 kg", 69, 0)}},
		{Code: "wq-wood-ear", OrgID: orgID(t, db, "wq-dongxing-store"), Category: "forest-mushroom", Origin: "222424100201", Kind: catalog.Goods,
			Name:   i18n.Text{Ko: "동흥촌 흑목이버섯", Zh: "东兴村黑木耳", En: "Dongxing black wood-ear fungus"},
			Labels: []catalog.Label{catalog.PovertyAlleviation, catalog.GeographicIndication}, CertNo: "FP2024-222424-0001", CertExpiry: expiry,
			Variants: []catalog.Variant{v("WQ-WE-250", "250 g", 28, 40)}},
		{Code: "yj-rice", OrgID: orgID(t, db, "yj-enterprise"), Category: "grains-rice", Origin: "222401100202", Kind: catalog.Goods,
			Name:     i18n.Text{Ko: "연변 입쌀", Zh: "延边大米", En: "Yanbian rice"},
			Variants: []catalog.Variant{v("YJ-RICE-5", "5 kg", 59, 3), v("YJ-RICE-10", "10 kg", 109, 5)}},
		{Code: "at-pine-nuts", OrgID: orgID(t, db, "at-enterprise"), Category: "forest-nuts", Origin: "222426100201", Kind: catalog.Goods,
			Name: i18n.Text{Ko: "장백산 잣", Zh: "长白山松子", En: "Changbai pine nuts"}, Hidden: true,
			Variants: []catalog.Variant{v("AT-PN-500", "500 g", 88, 7)}},
	}
}

func saveTestProducts(t *testing.T, db *store.DB) []catalog.Product {
	t.Helper()
	ps := testProducts(t, db)
	chs := make([]catalog.Change, len(ps))
	for i, p := range ps {
		chs[i] = catalog.Change{OrgID: p.OrgID, Action: "save", At: time.Now()}
	}
	if _, err := db.SaveProducts(context.Background(), ps, chs); err != nil {
		t.Fatalf("SaveProducts: %v", err)
	}
	return ps
}

func codes(p catalog.Page) []string {
	out := []string{}
	for _, s := range p.Items {
		out = append(out, s.Code)
	}
	return out
}

func TestCatalogSaveAndRead(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadReference(t, db)
		cats, err := db.Categories(ctx)
		if err != nil || len(cats) < 20 || cats[0].Code != "grains" {
			t.Fatalf("Categories = %d, %v", len(cats), err)
		}
		saveTestProducts(t, db)
		p, err := db.Product(ctx, "wq-wood-ear")
		if err != nil {
			t.Fatal(err)
		}
		if !p.Has(catalog.PovertyAlleviation) || p.CertExpiry.Year() != 2028 || len(p.Variants) != 1 || p.Variants[0].Price != 2800 {
			t.Errorf("Product = %+v", p)
		}
		// Update: rename a variant, drop the other, add a new one.
		ap, _ := db.Product(ctx, "tm-apple-pear")
		ap.Variants = []catalog.Variant{ap.Variants[0], {SKU: "TM-AP-2", Name: i18n.Text{Ko: "2 kg"}, Price: 1990, Stock: 4}}
		ap.Variants[0].Stock = 8
		if _, err := db.SaveProducts(ctx, []catalog.Product{ap}, []catalog.Change{{OrgID: ap.OrgID, Action: "save", At: time.Now()}}); err != nil {
			t.Fatal(err)
		}
		got, _ := db.Product(ctx, "tm-apple-pear")
		var skus []string
		for _, v := range got.Variants {
			skus = append(skus, v.SKU)
		}
		if diff := cmp.Diff([]string{"TM-AP-5", "TM-AP-2"}, skus); diff != "" {
			t.Errorf("variants after update (-want +got):\n%s", diff)
		}
		if got.ID != ap.ID || got.TotalStock() != 12 {
			t.Errorf("after update: id %d (was %d), stock %d", got.ID, ap.ID, got.TotalStock())
		}
		// A SKU of another product is a conflict, and nothing is written.
		rice, _ := db.Product(ctx, "yj-rice")
		rice.Variants = append(rice.Variants, catalog.Variant{SKU: "TM-AP-5", Name: i18n.Text{Ko: "x"}, Price: 100, Stock: 1})
		rice.Name.En = "Renamed"
		_, err = db.SaveProducts(ctx, []catalog.Product{rice}, []catalog.Change{{OrgID: rice.OrgID, Action: "save", At: time.Now()}})
		if !errs.Is(err, errs.Conflict) {
			t.Errorf("stealing a SKU: %v, want conflict", err)
		}
		if r, _ := db.Product(ctx, "yj-rice"); r.Name.En != "Yanbian rice" {
			t.Errorf("a refused save renamed the product to %q", r.Name.En)
		}
		// A product code of another seller is a conflict.
		steal := testProducts(t, db)[0]
		steal.OrgID = orgID(t, db, "yj-coop")
		steal.Variants = []catalog.Variant{{SKU: "NEW-1", Name: i18n.Text{Ko: "x"}, Price: 100, Stock: 1}}
		if _, err := db.SaveProducts(ctx, []catalog.Product{steal}, []catalog.Change{{OrgID: steal.OrgID, Action: "save", At: time.Now()}}); !errs.Is(err, errs.Conflict) {
			t.Errorf("taking another seller's product code: %v, want conflict", err)
		}
		if _, err := db.Product(ctx, "nope"); !errs.Is(err, errs.NotFound) {
			t.Errorf("unknown product: %v", err)
		}
		chs, err := db.Changes(ctx, ap.ID)
		if err != nil || len(chs) != 2 {
			t.Errorf("Changes = %+v, %v; want 2", chs, err)
		}
	})
}

func TestSearchFindsAcrossLanguagesAndScripts(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadReference(t, db)
		saveTestProducts(t, db)
		tests := []struct {
			q    string
			want []string
		}{
			{"사과배", []string{"tm-apple-pear"}},
			{"苹果梨", []string{"tm-apple-pear"}},
			{"apple pear", []string{"tm-apple-pear"}},
			{"Apple-Pear", []string{"tm-apple-pear"}},
			{"木耳", []string{"wq-wood-ear"}},
			{"목이버섯", []string{"wq-wood-ear"}},
			{"목이", []string{"wq-wood-ear"}},
			{"梨", []string{"tm-apple-pear"}},
			{"wood", []string{"wq-wood-ear"}},
			{"延边大米", []string{"yj-rice"}},
			{"과일", []string{"tm-apple-pear"}}, // the parent category's Korean name
			{"동광", []string{"wq-wood-ear"}},   // the seller's brand
			{"松子", []string{}},                // hidden
			{"banana", []string{}},
			{"!!", []string{}},
		}
		for _, tt := range tests {
			page, err := db.Search(ctx, catalog.Query{Text: tt.q})
			if err != nil {
				t.Fatalf("Search(%q): %v", tt.q, err)
			}
			if diff := cmp.Diff(tt.want, codes(page)); diff != "" {
				t.Errorf("Search(%q) (-want +got):\n%s", tt.q, diff)
			}
			if page.Total != len(tt.want) {
				t.Errorf("Search(%q).Total = %d, want %d", tt.q, page.Total, len(tt.want))
			}
		}
	})
}

func TestSearchFiltersSortsAndPages(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadReference(t, db)
		saveTestProducts(t, db)
		tests := []struct {
			name string
			q    catalog.Query
			want []string
		}{
			{"price ascending", catalog.Query{Sort: catalog.ByPriceAsc}, []string{"wq-wood-ear", "tm-apple-pear", "yj-rice"}},
			{"price descending", catalog.Query{Sort: catalog.ByPriceDesc}, []string{"yj-rice", "tm-apple-pear", "wq-wood-ear"}},
			{"parent category", catalog.Query{Category: "fruit"}, []string{"tm-apple-pear"}},
			{"leaf category", catalog.Query{Category: "forest-mushroom"}, []string{"wq-wood-ear"}},
			{"county", catalog.Query{Within: "222424000000"}, []string{"wq-wood-ear"}},
			{"label", catalog.Query{Label: catalog.PovertyAlleviation}, []string{"wq-wood-ear"}},
			{"price range", catalog.Query{MinPrice: 3000, MaxPrice: 6000, Sort: catalog.ByPriceAsc}, []string{"tm-apple-pear", "yj-rice"}},
			{"farm direct", catalog.Query{FarmDirect: true}, []string{"wq-wood-ear"}},
			{"with hidden", catalog.Query{WithHidden: true, Sort: catalog.ByPriceAsc}, []string{"wq-wood-ear", "tm-apple-pear", "yj-rice", "at-pine-nuts"}},
			{"text and filter", catalog.Query{Text: "梨", Within: "222401000000"}, []string{}},
		}
		for _, tt := range tests {
			page, err := db.Search(ctx, tt.q)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			if diff := cmp.Diff(tt.want, codes(page)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.name, diff)
			}
		}
		// SkipTotal lists the same products without counting them.
		counted, _ := db.Search(ctx, catalog.Query{Sort: catalog.ByPriceAsc})
		skipped, err := db.Search(ctx, catalog.Query{Sort: catalog.ByPriceAsc, SkipTotal: true})
		if err != nil || counted.Total != 3 || skipped.Total != 0 || !cmp.Equal(codes(counted), codes(skipped)) {
			t.Errorf("SkipTotal: %v; total %d (counted: %d), products %v (counted: %v)", err, skipped.Total, counted.Total, codes(skipped), codes(counted))
		}
		// Out of stock: set the rice to zero.
		rice, _ := db.Product(ctx, "yj-rice")
		for i := range rice.Variants {
			rice.Variants[i].Stock = 0
		}
		db.SaveProducts(ctx, []catalog.Product{rice}, []catalog.Change{{OrgID: rice.OrgID, Action: "save", At: time.Now()}})
		page, _ := db.Search(ctx, catalog.Query{InStock: true, Sort: catalog.ByPriceAsc})
		if diff := cmp.Diff([]string{"wq-wood-ear", "tm-apple-pear"}, codes(page)); diff != "" {
			t.Errorf("in stock (-want +got):\n%s", diff)
		}
		// Walk every sort one item at a time with cursors.
		for _, sort := range []catalog.Sort{catalog.ByPriceAsc, catalog.ByPriceDesc, catalog.ByNewest, catalog.ByRelevance} {
			q := catalog.Query{Sort: sort, Limit: 1}
			if sort == catalog.ByRelevance {
				q.Text = "kg"
			}
			all, _ := db.Search(ctx, catalog.Query{Sort: sort, Text: q.Text, Limit: 100})
			var walked []string
			for i := 0; i < 10; i++ {
				p, err := db.Search(ctx, q)
				if err != nil {
					t.Fatalf("%s page %d: %v", sort, i, err)
				}
				walked = append(walked, codes(p)...)
				if p.NextCursor == "" {
					break
				}
				q.Cursor = p.NextCursor
			}
			if diff := cmp.Diff(codes(all), walked); diff != "" || len(walked) == 0 {
				t.Errorf("paging by %s (-all +walked):\n%s", sort, diff)
			}
		}
		if _, err := db.Search(ctx, catalog.Query{Sort: catalog.ByPriceAsc, Cursor: "garbage"}); !errs.Is(err, errs.Invalid) {
			t.Errorf("bad cursor: %v, want invalid", err)
		}
	})
}

func TestPhotos(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadReference(t, db)
		saveTestProducts(t, db)
		img := image.NewRGBA(image.Rect(0, 0, 800, 600))
		for y := 0; y < 600; y++ {
			for x := 0; x < 800; x++ {
				img.Set(x, y, color.RGBA{uint8(x), uint8(y), 90, 255})
			}
		}
		var buf bytes.Buffer
		png.Encode(&buf, img)
		pr, err := photo.Process(&buf, photo.MaxUploadBytes)
		if err != nil {
			t.Fatal(err)
		}
		p, _ := db.Product(ctx, "yj-rice")
		ch := catalog.Change{OrgID: p.OrgID, Action: "add_photo", At: time.Now()}
		for i := 0; i < 2; i++ { // twice: the second changes nothing
			if err := db.SavePhoto(ctx, p.ID, pr, ch); err != nil {
				t.Fatal(err)
			}
		}
		got, _ := db.Product(ctx, "yj-rice")
		if len(got.Photos) != 1 || got.Photos[0].Key != pr.Key || got.Photos[0].Width != 800 {
			t.Errorf("photos = %+v", got.Photos)
		}
		b, err := db.PhotoRendition(ctx, pr.Key, 640)
		if err != nil || len(b) < 100 || b[0] != 0xFF || b[1] != 0xD8 {
			t.Errorf("rendition 640: %d bytes, %v", len(b), err)
		}
		if _, err := db.PhotoRendition(ctx, pr.Key, 1280); !errs.Is(err, errs.NotFound) {
			t.Errorf("rendition wider than the original: %v, want not found", err)
		}
		page, _ := db.Search(ctx, catalog.Query{Text: "rice"})
		if len(page.Items) != 1 || page.Items[0].Photo != pr.Key {
			t.Errorf("summary photo = %+v", page.Items)
		}
		if err := db.RemovePhoto(ctx, p.ID, pr.Key, ch); err != nil {
			t.Fatal(err)
		}
		if err := db.RemovePhoto(ctx, p.ID, pr.Key, ch); !errs.Is(err, errs.NotFound) {
			t.Errorf("removing twice: %v", err)
		}
	})
}
