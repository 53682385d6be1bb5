package impact_test

import (
	"context"
	"testing"
	"time"

	"maeul/internal/errs"
	"maeul/internal/impact"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// linkHouseholds registers, besides the demo's, a poor and a lifted
// household in Dongxing (Wangqing) and a poor one in Laotou (Yanji).
func linkHouseholds(t *testing.T, f *regFixture) {
	t.Helper()
	f.register(t, dongxingHousehold,
		impact.Household{Code: "T-DX-L", Village: "222424100201", Members: 2, HeadName: "최영남", IDNumber: "222424196001231234", Status: impact.Lifted, LiftedYear: 2019},
		impact.Household{Code: "T-YJ-1", Village: "222401100201", Members: 3, HeadName: "정춘자", IDNumber: "22240119800202002X", Status: impact.Poor},
	)
}

func TestLinkRules(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newRegFixture(t, db)
		linkHouseholds(t, f)
		seller := f.actors["seller"]
		today := date("2026-11-28")

		millet := impact.NewLink{HouseholdCode: "T-DX-1", OrgCode: "wq-dongxing-store", Kind: impact.Supplier, SKU: "WQ-DX-MILLET-5", PerUnit: 300, ValidFrom: today}
		l, err := f.svc.CreateLink(ctx, seller, millet)
		if err != nil {
			t.Fatalf("the seller linking a household to its millet: %v", err)
		}
		v, _ := db.VariantBySKU(ctx, "WQ-DX-MILLET-5")
		if l.Kind != impact.Supplier || l.ProductID != v.ID || l.VariantID != v.Variants[0].ID || l.PerUnit != 300 || !l.ValidFrom.Equal(today) || !l.ValidTo.IsZero() {
			t.Errorf("stored link = %+v", l)
		}
		again, err := f.svc.CreateLink(ctx, seller, millet)
		if err != nil || again.ID != l.ID {
			t.Errorf("recording the same link again: %+v, %v; want link %d unchanged", again, err, l.ID)
		}
		changed := millet
		changed.PerUnit = 310
		_, err = f.svc.CreateLink(ctx, seller, changed)
		wantField(t, "the same link with other terms", err, errs.Conflict, "per_unit_fen", "err.impact.link_other_terms")

		tests := []struct {
			name        string
			by          string
			edit        func(nl *impact.NewLink)
			code        errs.Code
			field, want string
		}{
			{"another seller", "other seller", nil, errs.Forbidden, "", ""},
			{"another county's admin", "other county admin", nil, errs.Forbidden, "", ""},
			{"a station operator", "serving operator", nil, errs.Forbidden, "", ""},
			{"an auditor", "auditor", nil, errs.Forbidden, "", ""},
			{"a shopper", "shopper", nil, errs.Forbidden, "", ""},
			{"a guest", "guest", nil, errs.Unauthorized, "", ""},
			{"unknown organization", "system", func(nl *impact.NewLink) { nl.OrgCode = "nobody" }, errs.Invalid, "org_code", "err.impact.org_not_found"},
			{"unregistered household", "seller", func(nl *impact.NewLink) { nl.HouseholdCode = "T-NONE" }, errs.Invalid, "household_code", "err.impact.household_not_registered"},
			{"unknown SKU", "seller", func(nl *impact.NewLink) { nl.SKU = "WQ-NOPE" }, errs.Invalid, "sku", "err.impact.sku_not_found"},
			{"unknown product", "seller", func(nl *impact.NewLink) { nl.SKU = "product:wq-nope" }, errs.Invalid, "sku", "err.impact.product_not_found"},
			{"another organization's product", "seller", func(nl *impact.NewLink) { nl.SKU = "YJ-LT-EGG-30" }, errs.Invalid, "sku", "err.impact.not_org_product"},
			{"supplier without a product", "seller", func(nl *impact.NewLink) { nl.SKU = "" }, errs.Invalid, "sku", "err.impact.supplier_sku"},
			{"supplier with percent and amount", "seller", func(nl *impact.NewLink) { nl.PercentBP = 1000 }, errs.Invalid, "percent", "err.impact.supplier_terms"},
			{"member of an enterprise", "own county admin", func(nl *impact.NewLink) {
				*nl = impact.NewLink{HouseholdCode: "T-DX-1", OrgCode: "wq-enterprise", Kind: impact.Member, Shares: 2, ValidFrom: today}
			}, errs.Invalid, "kind", "err.impact.no_members_kind"},
			{"pool of an enterprise", "own county admin", func(nl *impact.NewLink) {
				*nl = impact.NewLink{OrgCode: "wq-enterprise", Kind: impact.Pool, PercentBP: 500, ValidFrom: today}
			}, errs.Invalid, "kind", "err.impact.no_members_kind"},
			{"household of another county", "own county admin", func(nl *impact.NewLink) {
				*nl = impact.NewLink{HouseholdCode: "T-YJ-1", OrgCode: "wq-dongxing-store", Kind: impact.Member, Shares: 1, ValidFrom: today}
			}, errs.Invalid, "household_code", "err.impact.link_other_county"},
			{"a second pool", "seller", func(nl *impact.NewLink) {
				*nl = impact.NewLink{OrgCode: "wq-dongxing-store", Kind: impact.Pool, PercentBP: 300, ValidFrom: today}
			}, errs.Invalid, "valid_from", "err.impact.link_overlap_open"},
			{"more than the price", "seller", func(nl *impact.NewLink) {
				*nl = impact.NewLink{HouseholdCode: "T-DX-1", OrgCode: "wq-dongxing-store", Kind: impact.Supplier, SKU: "product:wq-dongxing-eggs", PercentBP: 9500, ValidFrom: today}
			}, errs.Invalid, "percent", "err.impact.links_over"},
			{"ending before it starts", "seller", func(nl *impact.NewLink) { nl.ValidFrom, nl.ValidTo = date("2027-01-10"), date("2027-01-09") }, errs.Invalid, "valid_to", "err.impact.link_ends_before"},
		}
		for _, tt := range tests {
			nl := millet
			nl.HouseholdCode = "T-DX-L"
			if tt.edit != nil {
				tt.edit(&nl)
			}
			before, _ := db.Links(ctx, impact.LinkFilter{})
			_, err := f.svc.CreateLink(ctx, f.actors[tt.by], nl)
			if tt.field == "" {
				wantErrCode(t, tt.name, err, tt.code)
			} else {
				wantField(t, tt.name, err, tt.code, tt.field, tt.want)
			}
			if after, _ := db.Links(ctx, impact.LinkFilter{}); len(after) != len(before) {
				t.Errorf("%s: a refused link was stored (%d links → %d)", tt.name, len(before), len(after))
			}
		}
		// The same household and variant twice may not overlap.
		dup := millet
		dup.ValidFrom = date("2027-03-01")
		_, err = f.svc.CreateLink(ctx, seller, dup)
		wantField(t, "overlapping the same link", err, errs.Invalid, "valid_from", "err.impact.link_overlap_open", "2026-11-28")

		// The 100% is checked on every day a link is in force, links that
		// start later included.
		half := impact.NewLink{HouseholdCode: "T-DX-1", OrgCode: "wq-dongxing-store", Kind: impact.Supplier, SKU: "product:wq-dongxing-millet", PercentBP: 5000, ValidFrom: today}
		first, err := f.svc.CreateLink(ctx, seller, half)
		if err != nil {
			t.Fatalf("a 50%% supplier link: %v", err)
		}
		later := impact.NewLink{HouseholdCode: "T-DX-L", OrgCode: "wq-dongxing-store", Kind: impact.Supplier, SKU: "product:wq-dongxing-millet", PercentBP: 4700, ValidFrom: date("2027-01-01")}
		_, err = f.svc.CreateLink(ctx, seller, later)
		wantField(t, "a link that would pass 100% from 2027-01-01", err, errs.Invalid, "percent", "err.impact.links_over", "2027-01-01", "wq-dongxing-store", "of the price of WQ-DX-MILLET-")
		// Once the first link ends the day before, the later one fits.
		if _, err := f.svc.EndLink(ctx, seller, first.ID, date("2026-12-31")); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.CreateLink(ctx, seller, later); err != nil {
			t.Errorf("a link starting after the other ends: %v", err)
		}

		// Ending a link.
		_, err = f.svc.EndLink(ctx, f.actors["other seller"], l.ID, today)
		wantErrCode(t, "another seller ending the link", err, errs.Forbidden)
		_, err = f.svc.EndLink(ctx, seller, l.ID, date("2026-11-27"))
		wantField(t, "ending a link in the past", err, errs.Invalid, "valid_to", "err.impact.link_end_past")
		ended, err := f.svc.EndLink(ctx, seller, l.ID, today)
		if err != nil || !ended.ValidTo.Equal(today) {
			t.Fatalf("ending the link today: %+v, %v", ended, err)
		}
		if !ended.LiveOn(regToday) || ended.LiveOn(regToday.AddDate(0, 0, 1)) {
			t.Errorf("a link ending today is in force today only: %+v", ended)
		}
		f.now = regToday.AddDate(0, 0, 2)
		_, err = f.svc.EndLink(ctx, seller, l.ID, f.now)
		wantField(t, "moving the end of an ended link", err, errs.Invalid, "valid_to", "err.impact.link_ended", "2026-11-28")
		// Re-recording the ended link as it is changes nothing; moving its
		// end through a batch is refused like EndLink.
		millet.ValidTo = today
		if again, err := f.svc.CreateLink(ctx, seller, millet); err != nil || again.ID != l.ID {
			t.Errorf("recording the ended link as it is: %+v, %v", again, err)
		}
		millet.ValidTo = time.Time{}
		_, err = f.svc.CreateLink(ctx, seller, millet)
		wantField(t, "reopening an ended link", err, errs.Invalid, "valid_to", "err.impact.link_ended", "2026-11-28")
	})
}

func TestLinksShowHouseholdsPerRole(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newRegFixture(t, db)
		linkHouseholds(t, f)
		o, _ := db.Organization(ctx, "wq-dongxing-store")
		if _, err := f.svc.CreateLink(ctx, f.actors["seller"], impact.NewLink{HouseholdCode: "T-DX-1", OrgCode: o.Code, Kind: impact.Supplier,
			SKU: "product:wq-dongxing-millet", PercentBP: 1250, ValidFrom: date("2026-11-01")}); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			role string
			code errs.Code
			see  impact.Disclosure
		}{
			{"seller", "", impact.Hidden},
			{"own county admin", "", impact.Full},
			{"prefecture admin", "", impact.Full},
			{"auditor", "", impact.Masked},
			{"other county admin", errs.Forbidden, 0},
			{"other seller", errs.Forbidden, 0},
			{"shopper", errs.Forbidden, 0},
			{"guest", errs.Unauthorized, 0},
		}
		for _, tt := range tests {
			views, err := f.svc.Links(ctx, f.actors[tt.role], o.ID)
			if tt.code != "" {
				wantErrCode(t, tt.role+" listing the links", err, tt.code)
				continue
			}
			if err != nil {
				t.Fatalf("%s listing the links: %v", tt.role, err)
			}
			var found bool
			for _, v := range views {
				if v.Kind == impact.Pool && v.Household != (impact.Household{}) {
					t.Errorf("%s: a pool link shows a household: %+v", tt.role, v.Household)
				}
				if v.HouseholdID != f.household(t, "T-DX-1").ID || v.Kind != impact.Supplier {
					continue
				}
				found = true
				// Whoever sees the links sees the household's code, by
				// which links are recorded; the rest as disclosed.
				want := f.household(t, "T-DX-1").Disclose(tt.see)
				want.Code = "T-DX-1"
				if v.Household != want {
					t.Errorf("%s sees the household as %+v, want %+v", tt.role, v.Household, want)
				}
				if tt.see == impact.Hidden && (v.Household.HeadName != "" || v.Household.IDNumber != "" || v.Household.Phone != "" || v.Household.BankAccount != "") {
					t.Errorf("%s sees the household's personal data: %+v", tt.role, v.Household)
				}
				if v.ProductCode != "wq-dongxing-millet" || v.SKU != "" || v.PercentBP != 1250 {
					t.Errorf("%s: link view %+v", tt.role, v)
				}
			}
			if !found {
				t.Errorf("%s: the new link is not listed", tt.role)
			}
		}
	})
}

func TestPovertyLinked(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newRegFixture(t, db)
		linkHouseholds(t, f)
		ent, _ := db.Organization(ctx, "wq-enterprise")
		shop, _ := db.Organization(ctx, "wq-dongxing-store")
		gift, _ := db.Product(ctx, "wq-wood-ear-gift-box")
		plain, _ := db.Product(ctx, "wq-black-wood-ear")
		check := func(what string, orgID, productID int64, at time.Time, want bool) {
			t.Helper()
			got, err := f.svc.PovertyLinked(ctx, orgID, productID, at)
			if err != nil || got != want {
				t.Errorf("%s: PovertyLinked = %v, %v; want %v", what, got, err, want)
			}
		}
		check("a new product of a village store with poor members", shop.ID, 0, regToday, true)
		check("a new product of an enterprise", ent.ID, 0, regToday, false)
		check("the enterprise's product with a demo supplier link", ent.ID, gift.ID, regToday, true)
		check("the enterprise's product without links", ent.ID, plain.ID, regToday, false)

		admin := f.actors["own county admin"]
		if _, err := f.svc.CreateLink(ctx, admin, impact.NewLink{HouseholdCode: "T-DX-L", OrgCode: "wq-enterprise", Kind: impact.Supplier,
			SKU: "product:wq-black-wood-ear", PerUnit: 200, ValidFrom: date("2026-11-01")}); err != nil {
			t.Fatal(err)
		}
		check("supplied by a household lifted out of poverty", ent.ID, plain.ID, regToday, false)
		if _, err := f.svc.CreateLink(ctx, admin, impact.NewLink{HouseholdCode: "T-DX-1", OrgCode: "wq-enterprise", Kind: impact.Supplier,
			SKU: "product:wq-black-wood-ear", PerUnit: 200, ValidFrom: date("2026-12-01")}); err != nil {
			t.Fatal(err)
		}
		check("before a poor household's link starts", ent.ID, plain.ID, regToday, false)
		check("once it has started", ent.ID, plain.ID, time.Date(2026, 12, 1, 0, 30, 0, 0, time.UTC), true)
		// 30 November 16:30 UTC is already 1 December in China.
		check("at midnight in China", ent.ID, plain.ID, time.Date(2026, 11, 30, 16, 30, 0, 0, time.UTC), true)
	})
}
