package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/impact"
	"maeul/internal/region"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

var bailong = region.Region{Code: "222402100201", Parent: "222402100000", Level: region.Village, Name: i18n.Text{Ko: "백룡촌"}, Rural: true, Poor: true}

// registerHouseholds seeds two villages (Laotou in Yanji, Bailong in
// Tumen) and three households.
func registerHouseholds(t *testing.T, db *store.DB) []impact.Household {
	t.Helper()
	ctx := context.Background()
	seed(t, db)
	if err := db.UpsertRegions(ctx, []region.Region{bailong}); err != nil {
		t.Fatal(err)
	}
	hs := []impact.Household{
		{Code: "LT-01", Village: laotou.Code, Members: 4, HeadName: "김철수", IDNumber: "222401198001010012", Phone: "13800001111", BankAccount: "6228480000000000001", Status: impact.Poor},
		{Code: "LT-02", Village: laotou.Code, Members: 2, HeadName: "리순희", IDNumber: "22240119800202002X", Status: impact.Lifted, LiftedYear: 2019},
		{Code: "BL-01", Village: bailong.Code, Members: 5, HeadName: "박영호", IDNumber: "222402197001010011", Phone: "13900002222", Status: impact.Poor},
	}
	if err := db.UpsertHouseholds(ctx, hs); err != nil {
		t.Fatalf("UpsertHouseholds: %v", err)
	}
	for i := range hs {
		h, err := db.Household(ctx, hs[i].Code)
		if err != nil {
			t.Fatal(err)
		}
		hs[i].ID = h.ID
	}
	return hs
}

func TestHouseholdRegisterStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		hs := registerHouseholds(t, db)
		for _, want := range hs {
			got, err := db.HouseholdByID(ctx, want.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("HouseholdByID(%d) (-want +got):\n%s", want.ID, diff)
			}
		}
		if _, err := db.Household(ctx, "NOPE"); !errs.Is(err, errs.NotFound) {
			t.Errorf("Household of an unknown code: %v, want not_found", err)
		}
		if _, err := db.HouseholdByID(ctx, 999999); !errs.Is(err, errs.NotFound) {
			t.Errorf("HouseholdByID of an unknown id: %v, want not_found", err)
		}

		codesOf := func(f impact.HouseholdFilter) []string {
			t.Helper()
			got, err := db.Households(ctx, f)
			if err != nil {
				t.Fatalf("Households(%+v): %v", f, err)
			}
			out := []string{}
			for _, h := range got {
				out = append(out, h.Code)
			}
			return out
		}
		tests := []struct {
			name string
			f    impact.HouseholdFilter
			want []string
		}{
			{"all, by code", impact.HouseholdFilter{}, []string{"BL-01", "LT-01", "LT-02"}},
			{"within Yanji", impact.HouseholdFilter{Within: yanji.Code}, []string{"LT-01", "LT-02"}},
			{"within a village", impact.HouseholdFilter{Within: bailong.Code}, []string{"BL-01"}},
			{"within the prefecture", impact.HouseholdFilter{Within: yanbian.Code}, []string{"BL-01", "LT-01", "LT-02"}},
			{"lifted", impact.HouseholdFilter{Status: impact.Lifted}, []string{"LT-02"}},
			{"poor in Yanji", impact.HouseholdFilter{Within: yanji.Code, Status: impact.Poor}, []string{"LT-01"}},
			{"by codes", impact.HouseholdFilter{Codes: []string{"LT-02", "BL-01", "NOPE"}}, []string{"BL-01", "LT-02"}},
			{"by ids", impact.HouseholdFilter{IDs: []int64{hs[0].ID, hs[2].ID}}, []string{"BL-01", "LT-01"}},
			{"by ID numbers", impact.HouseholdFilter{IDNumbers: []string{"22240119800202002X"}}, []string{"LT-02"}},
			{"an empty list selects none", impact.HouseholdFilter{Codes: []string{}}, []string{}},
			{"after a code", impact.HouseholdFilter{After: "BL-01"}, []string{"LT-01", "LT-02"}},
			{"limited", impact.HouseholdFilter{Limit: 2}, []string{"BL-01", "LT-01"}},
			{"inside any of a village and a town", impact.HouseholdFilter{WithinAny: []region.Code{laotou.Code, bailong.Parent}}, []string{"BL-01", "LT-01", "LT-02"}},
			{"inside any of one village", impact.HouseholdFilter{WithinAny: []region.Code{bailong.Code}}, []string{"BL-01"}},
			{"inside any, within and limited", impact.HouseholdFilter{Within: yanbian.Code, WithinAny: []region.Code{bailong.Code, laotou.Code}, After: "BL-01", Limit: 1}, []string{"LT-01"}},
			{"inside any of no region selects none", impact.HouseholdFilter{WithinAny: []region.Code{}}, []string{}},
		}
		for _, tt := range tests {
			if diff := cmp.Diff(tt.want, codesOf(tt.f)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.name, diff)
			}
		}

		sum, err := db.RegisterSummary(ctx, yanji.Code)
		if err != nil {
			t.Fatal(err)
		}
		if want := (impact.RegisterSummary{Within: yanji.Code, Households: 2, Persons: 6, Poor: 1, Lifted: 1, Villages: 1}); sum != want {
			t.Errorf("RegisterSummary(Yanji) = %+v, want %+v", sum, want)
		}
		if sum, err := db.RegisterSummary(ctx, ""); err != nil || sum.Households != 3 || sum.Persons != 11 || sum.Villages != 2 {
			t.Errorf("RegisterSummary(everywhere) = %+v, %v", sum, err)
		}
		if sum, err := db.RegisterSummary(ctx, tumen.Code); err != nil || sum.Households != 1 {
			t.Errorf("RegisterSummary(Tumen) = %+v, %v", sum, err)
		}

		// An update by code; unchanged households are left alone.
		lifted := hs[0]
		lifted.Status, lifted.LiftedYear, lifted.Phone = impact.Lifted, 2020, "13800003333"
		if err := db.UpsertHouseholds(ctx, []impact.Household{lifted, hs[1], hs[2]}); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.Household(ctx, "LT-01"); got != lifted {
			t.Errorf("after the update: %+v, want %+v", got, lifted)
		}

		// An unknown village fails the whole batch.
		orphan := impact.Household{Code: "XX-01", Village: "222402100299", Members: 1, HeadName: "없음", IDNumber: "222402197001010038", Status: impact.Poor}
		moved := hs[2]
		moved.Members = 6
		err = db.UpsertHouseholds(ctx, []impact.Household{moved, orphan})
		if !errs.Is(err, errs.Invalid) {
			t.Fatalf("UpsertHouseholds with an unknown village: %v, want invalid", err)
		}
		if got, _ := db.Household(ctx, "BL-01"); got.Members != 5 {
			t.Errorf("a failed batch changed BL-01: %+v", got)
		}
		if _, err := db.Household(ctx, "XX-01"); !errs.Is(err, errs.NotFound) {
			t.Errorf("a failed batch stored XX-01: %v", err)
		}

		// So does a head who heads another household already.
		twice := impact.Household{Code: "BL-02", Village: bailong.Code, Members: 2, HeadName: "김철수", IDNumber: hs[0].IDNumber, Status: impact.Poor}
		err = db.UpsertHouseholds(ctx, []impact.Household{moved, twice})
		if !errs.Is(err, errs.Conflict) {
			t.Fatalf("UpsertHouseholds with another household's head: %v, want conflict", err)
		}
		if got, _ := db.Household(ctx, "BL-01"); got.Members != 5 {
			t.Errorf("a failed batch changed BL-01: %+v", got)
		}
	})
}

func hhDate(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestBenefitLinkStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadReference(t, db)
		saveTestProducts(t, db)
		if err := db.UpsertHouseholds(ctx, []impact.Household{
			{Code: "BL-01", Village: bailong.Code, Members: 5, HeadName: "박영호", IDNumber: "222402197001010011", Status: impact.Poor},
		}); err != nil {
			t.Fatal(err)
		}
		h, _ := db.Household(ctx, "BL-01")
		coop := orgID(t, db, "tm-coop")
		pear, err := db.Product(ctx, "tm-apple-pear")
		if err != nil {
			t.Fatal(err)
		}
		ls := []impact.Link{
			{HouseholdID: h.ID, OrgID: coop, Kind: impact.Supplier, ProductID: pear.ID, VariantID: pear.Variants[1].ID, PerUnit: 250,
				ValidFrom: hhDate("2026-01-01"), ValidTo: hhDate("2026-06-30")},
			{HouseholdID: h.ID, OrgID: coop, Kind: impact.Member, Shares: 3, ValidFrom: hhDate("2025-01-01")},
			{OrgID: coop, Kind: impact.Pool, PercentBP: 500, ValidFrom: hhDate("2025-01-01")},
		}
		ids, err := db.SaveLinks(ctx, ls)
		if err != nil {
			t.Fatalf("SaveLinks: %v", err)
		}
		for i := range ls {
			ls[i].ID = ids[i]
			got, err := db.Link(ctx, ids[i])
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(ls[i], got); diff != "" {
				t.Errorf("Link(%d) (-want +got):\n%s", ids[i], diff)
			}
		}
		if _, err := db.Link(ctx, 999999); !errs.Is(err, errs.NotFound) {
			t.Errorf("Link of an unknown id: %v, want not_found", err)
		}

		idsOf := func(f impact.LinkFilter) []int64 {
			t.Helper()
			got, err := db.Links(ctx, f)
			if err != nil {
				t.Fatalf("Links(%+v): %v", f, err)
			}
			out := []int64{}
			for _, l := range got {
				out = append(out, l.ID)
			}
			return out
		}
		china := time.FixedZone("CST", 8*3600)
		tests := []struct {
			name string
			f    impact.LinkFilter
			want []int64
		}{
			{"the organization's", impact.LinkFilter{OrgID: coop}, ids},
			{"another organization's", impact.LinkFilter{OrgID: orgID(t, db, "yj-coop")}, []int64{}},
			{"members", impact.LinkFilter{OrgID: coop, Kind: impact.Member}, ids[1:2]},
			{"the household's", impact.LinkFilter{HouseholdID: h.ID}, ids[:2]},
			{"the product's", impact.LinkFilter{ProductID: pear.ID}, ids[:1]},
			{"in force on its first day", impact.LinkFilter{OrgID: coop, LiveOn: hhDate("2026-01-01")}, ids},
			{"in force on its last day", impact.LinkFilter{OrgID: coop, LiveOn: time.Date(2026, 6, 30, 23, 59, 0, 0, china)}, ids},
			{"not the day after", impact.LinkFilter{OrgID: coop, LiveOn: time.Date(2026, 7, 1, 0, 0, 0, 0, china)}, ids[1:]},
			{"not the day before", impact.LinkFilter{OrgID: coop, LiveOn: hhDate("2025-12-31")}, ids[1:]},
			{"before any", impact.LinkFilter{OrgID: coop, LiveOn: hhDate("2024-12-31")}, []int64{}},
		}
		for _, tt := range tests {
			if diff := cmp.Diff(tt.want, idsOf(tt.f)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.name, diff)
			}
		}

		// Of a stored link only the end changes.
		end := ls[1]
		end.ValidTo, end.Shares = hhDate("2026-12-31"), 99
		if got, err := db.SaveLinks(ctx, []impact.Link{end}); err != nil || got[0] != end.ID {
			t.Fatalf("SaveLinks of a stored link: %v, %v", got, err)
		}
		want := ls[1]
		want.ValidTo = hhDate("2026-12-31")
		if got, _ := db.Link(ctx, end.ID); got != want {
			t.Errorf("after moving the end: %+v, want %+v", got, want)
		}

		// A bad link fails the whole batch.
		before := idsOf(impact.LinkFilter{})
		fresh := impact.Link{HouseholdID: h.ID, OrgID: coop, Kind: impact.Member, Shares: 1, ValidFrom: hhDate("2027-01-01")}
		for _, bad := range []struct {
			name string
			l    impact.Link
			code errs.Code
		}{
			{"an unknown household", impact.Link{HouseholdID: 999999, OrgID: coop, Kind: impact.Member, Shares: 1, ValidFrom: hhDate("2027-01-01")}, errs.Invalid},
			{"an unknown link", impact.Link{ID: 999999, OrgID: coop, Kind: impact.Pool, PercentBP: 1, ValidFrom: hhDate("2027-01-01")}, errs.NotFound},
		} {
			_, err := db.SaveLinks(ctx, []impact.Link{fresh, bad.l})
			if !errs.Is(err, bad.code) {
				t.Errorf("SaveLinks with %s: %v, want %s", bad.name, err, bad.code)
			}
			if diff := cmp.Diff(before, idsOf(impact.LinkFilter{})); diff != "" {
				t.Errorf("SaveLinks with %s wrote links (-before +after):\n%s", bad.name, diff)
			}
		}
	})
}
