package catalog_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"strings"
	"testing"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	storetest.Cleanup()
	os.Exit(code)
}

var today = time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)

type fixture struct {
	db     *store.DB
	svc    *catalog.Service
	actors map[string]accounts.Actor
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	actors := storetest.Demo(t, db)
	return &fixture{db: db, svc: &catalog.Service{Store: db, Orgs: db, Points: db, Now: func() time.Time { return today }}, actors: actors}
}

func (f *fixture) product(t *testing.T, code, orgCode, origin string) catalog.Product {
	t.Helper()
	o, err := f.db.Organization(context.Background(), orgCode)
	if err != nil {
		t.Fatal(err)
	}
	return catalog.Product{
		Code: code, OrgID: o.ID, Category: "eggs-poultry", Origin: "222424100201", Kind: catalog.Goods,
		Name:     i18n.Text{Ko: "토닭알", Zh: "土鸡蛋", En: "Free-range eggs"},
		Variants: []catalog.Variant{{SKU: strings.ToUpper(code) + "-30", Name: i18n.Text{Ko: "30개"}, Price: 4500, Stock: 20}},
	}
}

func wantCode(t *testing.T, what string, err error, want errs.Code) {
	t.Helper()
	if got := errs.CodeOf(err); got != want {
		t.Errorf("%s: code %q (%v), want %q", what, got, err, want)
	}
}

func TestSellersAndStationsActOnlyWhereAllowed(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		seller := f.actors["seller-dongxing@maeul.test"]
		other := f.actors["seller-yanji@maeul.test"]
		station := f.actors["station-dongxing@maeul.test"]
		yanjiAdmin := f.actors["county-yanji@maeul.test"]

		p := f.product(t, "wq-dx-eggs", "wq-dongxing-store", "222424100201")
		saved, err := f.svc.Save(ctx, seller, p)
		if err != nil {
			t.Fatalf("seller saving its own product: %v", err)
		}
		if saved.ListedVia != 0 {
			t.Errorf("ListedVia = %d for a seller's own listing", saved.ListedVia)
		}
		p.Name.En = "Hijacked eggs"
		_, err = f.svc.Save(ctx, other, p)
		wantCode(t, "another seller editing it", err, errs.Forbidden)
		wantCode(t, "another seller hiding it", f.svc.SetHidden(ctx, other, saved.ID, true), errs.Forbidden)
		_, err = f.svc.Save(ctx, yanjiAdmin, p)
		wantCode(t, "another county's admin editing it", err, errs.Forbidden)
		_, err = f.svc.Save(ctx, accounts.Actor{}, p)
		wantCode(t, "a guest editing it", err, errs.Unauthorized)
		// A seller cannot list in another organization's name either.
		q := f.product(t, "wq-coop-eggs", "wq-coop", "222424100201")
		_, err = f.svc.Save(ctx, seller, q)
		wantCode(t, "seller listing for another organization", err, errs.Forbidden)
		_, err = f.svc.SellerProducts(ctx, other, saved.OrgID, catalog.Query{})
		wantCode(t, "another seller listing its back office", err, errs.Forbidden)

		// The Dongxing station serves Dongxing village: it may list for the
		// village store there, and the listing says so.
		s := f.product(t, "wq-dx-greens", "wq-dongxing-store", "222424100201")
		s.Category = "vegetables"
		got, err := f.svc.Save(ctx, station, s)
		if err != nil {
			t.Fatalf("station listing for a served village store: %v", err)
		}
		pt, _ := db.ServicePoint(ctx, "wq-dongxing-vstation")
		if got.ListedVia != pt.ID {
			t.Errorf("ListedVia = %d, want the station %d", got.ListedVia, pt.ID)
		}
		chs, _ := db.Changes(ctx, got.ID)
		if len(chs) != 1 || chs[0].ActorID != station.ID || chs[0].PointID != pt.ID || chs[0].OrgID != got.OrgID {
			t.Errorf("change record = %+v; want the operator acting via its station for the store", chs)
		}
		// … and an edit by the seller keeps the note.
		got.Name.En = "Village greens"
		if again, err := f.svc.Save(ctx, seller, got); err != nil || again.ListedVia != pt.ID {
			t.Errorf("seller editing a station listing: ListedVia %d, %v", again.ListedVia, err)
		}
		// Not for a cooperative or enterprise, even in its village …
		c := f.product(t, "wq-coop-eggs2", "wq-coop", "222424100201")
		_, err = f.svc.Save(ctx, station, c)
		wantCode(t, "station listing for a cooperative", err, errs.Forbidden)
		// … nor for a village store in a village it does not serve.
		x := f.product(t, "wq-xw-eggs", "wq-xiaowangqing-store", "222424100202")
		x.Origin = "222424100202"
		_, err = f.svc.Save(ctx, station, x)
		wantCode(t, "station listing for an unserved village", err, errs.Forbidden)
		// The county admin may act for its county's sellers.
		wq := f.actors["county-wangqing@maeul.test"]
		if _, err := f.svc.Save(ctx, wq, x); err != nil {
			t.Errorf("county admin listing for its county's store: %v", err)
		}
		orgs, err := f.svc.OrgsServedBy(ctx, station)
		if err != nil || len(orgs) == 0 {
			t.Errorf("OrgsServedBy = %v, %v", orgs, err)
		}
		for _, o := range orgs {
			if !strings.HasPrefix(string(o.Region), "222424100201") {
				t.Errorf("station offered %s in %s", o.Code, o.Region)
			}
		}
	})
}

func TestBadProductsAreRefused(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		seller := f.actors["seller-dongxing@maeul.test"]
		tests := []struct {
			name  string
			edit  func(p *catalog.Product)
			field string
		}{
			{"negative price", func(p *catalog.Product) { p.Variants[0].Price = -100 }, "price"},
			{"zero price", func(p *catalog.Product) { p.Variants[0].Price = 0 }, "price"},
			{"negative stock", func(p *catalog.Product) { p.Variants[0].Stock = -1 }, "stock"},
			{"unknown category", func(p *catalog.Product) { p.Category = "spaceships" }, "category"},
			{"no variants", func(p *catalog.Product) { p.Variants = nil }, "variants"},
			{"bad code", func(p *catalog.Product) { p.Code = "Bad Code" }, "product_code"},
			{"bad sku", func(p *catalog.Product) { p.Variants[0].SKU = "lower" }, "sku"},
			{"no name", func(p *catalog.Product) { p.Name = i18n.Text{} }, "name_ko"},
			{"origin outside the county", func(p *catalog.Product) { p.Origin = "222401100201" }, "origin_code"},
			{"origin a county", func(p *catalog.Product) { p.Origin = "222424000000" }, "origin_code"},
			{"label without certificate", func(p *catalog.Product) { p.Labels = []catalog.Label{catalog.PovertyAlleviation} }, "cert_no"},
			{"expired certificate", func(p *catalog.Product) {
				p.Labels = []catalog.Label{catalog.PovertyAlleviation}
				p.CertNo, p.CertExpiry = "FP2020-1", time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
			}, "cert_expiry"},
		}
		for _, tt := range tests {
			p := f.product(t, "wq-dx-bad", "wq-dongxing-store", "222424100201")
			tt.edit(&p)
			_, err := f.svc.Save(ctx, seller, p)
			var e *errs.Error
			if !errs.Is(err, errs.Invalid) || !asErr(err, &e) || e.Field != tt.field {
				t.Errorf("%s: %v, want invalid on field %s", tt.name, err, tt.field)
			}
		}
		if _, err := db.Product(ctx, "wq-dx-bad"); !errs.Is(err, errs.NotFound) {
			t.Errorf("a refused product was stored: %v", err)
		}
		// A certificate valid through today is fine.
		p := f.product(t, "wq-dx-ok", "wq-dongxing-store", "222424100201")
		p.Labels = []catalog.Label{catalog.PovertyAlleviation}
		p.CertNo, p.CertExpiry = "FP2026-9", time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
		if _, err := f.svc.Save(ctx, seller, p); err != nil {
			t.Errorf("certificate expiring today: %v", err)
		}
	})
}

func asErr(err error, target **errs.Error) bool {
	e, ok := err.(*errs.Error)
	if ok {
		*target = e
		return true
	}
	if pe, ok := err.(catalog.ProductErrors); ok && len(pe) > 0 {
		return asErr(pe[0].Err, target)
	}
	return false
}

func TestPhotoUploadRules(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		seller := f.actors["seller-dongxing@maeul.test"]
		p, err := f.svc.Save(ctx, seller, f.product(t, "wq-dx-eggs", "wq-dongxing-store", "222424100201"))
		if err != nil {
			t.Fatal(err)
		}
		img := image.NewRGBA(image.Rect(0, 0, 400, 300))
		for i := range img.Pix {
			img.Pix[i] = uint8(i * 7)
		}
		img.Set(0, 0, color.White)
		var buf bytes.Buffer
		png.Encode(&buf, img)
		if _, err := f.svc.AddPhoto(ctx, f.actors["seller-yanji@maeul.test"], p.ID, bytes.NewReader(buf.Bytes())); !errs.Is(err, errs.Forbidden) {
			t.Errorf("another seller's photo: %v", err)
		}
		if _, err := f.svc.AddPhoto(ctx, seller, p.ID, strings.NewReader("not an image at all")); !errs.Is(err, errs.Invalid) {
			t.Errorf("a text file as photo: %v", err)
		}
		ph, err := f.svc.AddPhoto(ctx, seller, p.ID, bytes.NewReader(buf.Bytes()))
		if err != nil || ph.Width != 400 {
			t.Fatalf("photo upload: %+v, %v", ph, err)
		}
		got, _ := db.ProductByID(ctx, p.ID)
		if len(got.Photos) != 1 {
			t.Errorf("photos after upload = %d", len(got.Photos))
		}
	})
}
