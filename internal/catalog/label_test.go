package catalog_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/impact"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

// TestPovertyLabelNeedsALink proves the label's second condition: a
// product carries the poverty-alleviation label only while a live benefit
// link ties it to a poor household.
func TestPovertyLabelNeedsALink(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		now := today
		clock := func() time.Time { return now }
		imp := &impact.Service{Store: db, Orgs: db, Points: db, Regions: db, Products: db, Now: clock}
		svc := &catalog.Service{Store: db, Orgs: db, Points: db, Links: imp, Now: clock}
		admin := f.actors["county-wangqing@maeul.test"]
		refused := func(what string, err error) {
			t.Helper()
			var e *errs.Error
			if !errors.As(err, &e) || e.Code != errs.Invalid || e.Field != "labels" || !errs.HasReason(err, "err.catalog.label_needs_link") {
				t.Errorf("%s: %v; want it refused on labels for want of a benefit link", what, err)
			}
		}

		// An enterprise has no members: only a supplier link can tie its
		// product, and there is none for a new product.
		p := f.product(t, "wq-ent-pine-honey", "wq-enterprise", "222424100201")
		p.Labels = []catalog.Label{catalog.PovertyAlleviation}
		p.CertNo, p.CertExpiry = "FP2026-222424-0901", time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC)
		_, err := svc.Save(ctx, admin, p)
		refused("a new product with the label and no link", err)
		if _, err := db.Product(ctx, p.Code); !errs.Is(err, errs.NotFound) {
			t.Fatalf("the refused product was stored: %v", err)
		}

		// Listed without the label, then linked, it may carry it.
		plain := p
		plain.Labels, plain.CertNo, plain.CertExpiry = nil, "", time.Time{}
		if _, err := svc.Save(ctx, admin, plain); err != nil {
			t.Fatalf("the product without the label: %v", err)
		}
		if err := imp.SaveHouseholds(ctx, accounts.SystemActor, []impact.Household{{Code: "T-PINE-1", Village: "222424100201", Members: 3,
			HeadName: "윤영호", IDNumber: "222424196001311234", Status: impact.Poor}}); err != nil {
			t.Fatal(err)
		}
		link, err := imp.CreateLink(ctx, admin, impact.NewLink{HouseholdCode: "T-PINE-1", OrgCode: "wq-enterprise", Kind: impact.Supplier,
			SKU: "product:wq-ent-pine-honey", PerUnit: 300, ValidFrom: impact.Day(now)})
		if err != nil {
			t.Fatal(err)
		}
		saved, err := svc.Save(ctx, admin, p)
		if err != nil {
			t.Fatalf("the linked product with the label: %v", err)
		}
		if !saved.Has(catalog.PovertyAlleviation) {
			t.Errorf("saved without the label: %+v", saved.Labels)
		}

		// Once the link has ended, the label is refused again: on saving,
		// and on showing the product again.
		if _, err := imp.EndLink(ctx, admin, link.ID, impact.Day(now)); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Save(ctx, admin, p); err != nil {
			t.Errorf("on the link's last day: %v", err)
		}
		now = now.AddDate(0, 0, 1)
		p.Name.En = "Wild pine-blossom honey"
		_, err = svc.Save(ctx, admin, p)
		refused("the day after the link ended", err)
		if err := svc.SetHidden(ctx, admin, saved.ID, true); err != nil {
			t.Fatalf("hiding it: %v", err)
		}
		refused("showing it again", svc.SetHidden(ctx, admin, saved.ID, false))
		if _, err := svc.Save(ctx, admin, plain); err != nil {
			t.Errorf("dropping the label: %v", err)
		}

		// A village store's members tie its new products at once.
		eggs := f.product(t, "wq-dx-duck-eggs", "wq-dongxing-store", "222424100201")
		eggs.Labels = []catalog.Label{catalog.PovertyAlleviation}
		eggs.CertNo, eggs.CertExpiry = "FP2026-222424-0902", time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC)
		if _, err := svc.Save(ctx, f.actors["seller-dongxing@maeul.test"], eggs); err != nil {
			t.Errorf("a village store with poor members listing with the label: %v", err)
		}
	})
}
