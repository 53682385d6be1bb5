package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/money"
	"maeul/internal/network"
	"maeul/internal/orders"
	"maeul/internal/org"
	"maeul/internal/programme"
	"maeul/internal/region"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

// A prefecture of the tests' own, apart from the demo's: two counties,
// a town with two villages (one poor) in the first, a poor village in
// the second.
const (
	pgPref     = region.Code("229900000000")
	pgCounty   = region.Code("229901000000")
	pgTown     = region.Code("229901001000")
	pgVillageA = region.Code("229901001001")
	pgVillageB = region.Code("229901001002")
	pgCounty2  = region.Code("229902000000")
	pgTown2    = region.Code("229902001000")
	pgVillageC = region.Code("229902001001")
)

// seedProgrammes stores the tests' prefecture with its organizations and a
// station.
func seedProgrammes(t testing.TB, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	rs := []region.Region{
		{Code: "220000000000", Level: region.Province, Name: i18n.Text{Ko: "길림성"}},
		{Code: pgPref, Parent: "220000000000", Level: region.Prefecture, Name: i18n.Text{Ko: "시험주"}},
		{Code: pgCounty, Parent: pgPref, Level: region.County, Name: i18n.Text{Ko: "가현"}, Poor: true},
		{Code: pgTown, Parent: pgCounty, Level: region.Town, Name: i18n.Text{Ko: "가진"}, Rural: true},
		{Code: pgVillageA, Parent: pgTown, Level: region.Village, Name: i18n.Text{Ko: "가촌"}, Rural: true, Poor: true},
		{Code: pgVillageB, Parent: pgTown, Level: region.Village, Name: i18n.Text{Ko: "나촌"}, Rural: true},
		{Code: pgCounty2, Parent: pgPref, Level: region.County, Name: i18n.Text{Ko: "나현"}},
		{Code: pgTown2, Parent: pgCounty2, Level: region.Town, Name: i18n.Text{Ko: "나진"}, Rural: true},
		{Code: pgVillageC, Parent: pgTown2, Level: region.Village, Name: i18n.Text{Ko: "다촌"}, Rural: true, Poor: true},
	}
	if err := db.UpsertRegions(ctx, rs); err != nil {
		t.Fatal(err)
	}
	if err := db.UpsertOrganizations(ctx, []org.Organization{
		{Code: "pg-ent", Kind: org.Enterprise, Region: pgVillageA, Name: i18n.Text{Ko: "가기업"}},
		{Code: "pg-ent2", Kind: org.Enterprise, Region: pgCounty, Name: i18n.Text{Ko: "나기업"}},
		{Code: "pg-park", Kind: org.Park, Region: pgCounty, Name: i18n.Text{Ko: "가단지"}},
		{Code: "pg-base", Kind: org.Base, Region: pgCounty2, Name: i18n.Text{Ko: "나기지"}},
		{Code: "pg-store", Kind: org.VillageStore, Region: pgVillageA, Name: i18n.Text{Ko: "가촌 상점"}},
	}); err != nil {
		t.Fatal(err)
	}
	if err := db.UpsertServicePoints(ctx, []network.ServicePoint{
		{Code: "pg-station", Kind: network.TownStation, Region: pgTown, Name: i18n.Text{Ko: "가진 봉사소"}},
		{Code: "pg-express", Kind: network.ExpressPoint, Region: pgTown, Name: i18n.Text{Ko: "가진 택배"}},
	}); err != nil {
		t.Fatal(err)
	}
}

func programmeService(db *store.DB, now func() time.Time) *programme.Service {
	return &programme.Service{Store: db, Regions: db, Orgs: db, Points: db, Now: now}
}

// countsOf turns rows into "level/kind" → count.
func countsOf(rows []programme.DesignationRow) map[string]int {
	out := map[string]int{}
	for _, r := range rows {
		if r.Count > 0 {
			out[string(r.Level)+"/"+string(r.SubjectKind)] = r.Count
		}
	}
	return out
}

func wantErrCode(t *testing.T, what string, err error, code errs.Code) {
	t.Helper()
	if got := errs.CodeOf(err); got != code {
		t.Errorf("%s: got %v (%s), want %s", what, err, got, code)
	}
}

func TestDesignationCountsRollUpAndRevoke(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedProgrammes(t, db)
		svc := programmeService(db, func() time.Time { return time.Date(2023, 3, 1, 4, 0, 0, 0, time.UTC) })
		sys := accounts.SystemActor
		titles := []programme.NewDesignation{
			{SubjectKind: programme.County, SubjectCode: string(pgCounty), Level: programme.National, Title: "电子商务进农村综合示范县", Year: 2019},
			{SubjectKind: programme.Town, SubjectCode: string(pgTown), Level: programme.Provincial, Title: "电商示范镇", Year: 2020},
			{SubjectKind: programme.Village, SubjectCode: string(pgVillageA), Level: programme.Prefecture, Title: "电商示范村", Year: 2021},
			{SubjectKind: programme.Village, SubjectCode: string(pgVillageB), Level: programme.Prefecture, Title: "电商示范村", Year: 2021},
			{SubjectKind: programme.Enterprise, SubjectCode: "pg-ent", Level: programme.Provincial, Title: "电商示范企业", Year: 2020},
			{SubjectKind: programme.Park, SubjectCode: "pg-park", Level: programme.National, Title: "电商示范园区", Year: 2021},
			{SubjectKind: programme.Base, SubjectCode: "pg-base", Level: programme.Provincial, Title: "电商示范基地", Year: 2021},
			{SubjectKind: programme.Station, SubjectCode: "pg-station", Level: programme.Prefecture, Title: "示范服务站", Year: 2022},
		}
		ids, err := svc.RecordDesignations(ctx, sys, titles)
		if err != nil {
			t.Fatal(err)
		}
		// Recording them again changes nothing.
		again, err := svc.RecordDesignations(ctx, sys, titles)
		if err != nil || !cmp.Equal(again, ids) {
			t.Errorf("recorded again: %v, %v; want the same ids %v", again, err, ids)
		}
		all, _ := db.Designations(ctx, programme.DesignationFilter{})
		if len(all) != len(titles) {
			t.Errorf("stored %d titles, want %d", len(all), len(titles))
		}

		end2022 := day("2022-12-31")
		for _, tc := range []struct {
			within region.Code
			on     time.Time
			want   map[string]int
		}{
			{pgCounty, end2022, map[string]int{"national/county": 1, "national/park": 1, "provincial/town": 1,
				"provincial/enterprise": 1, "prefecture/village": 2, "prefecture/station": 1}},
			{pgTown, end2022, map[string]int{"provincial/town": 1, "provincial/enterprise": 1, "prefecture/village": 2, "prefecture/station": 1}},
			{pgVillageA, end2022, map[string]int{"prefecture/village": 1, "provincial/enterprise": 1}},
			{pgPref, end2022, map[string]int{"national/county": 1, "national/park": 1, "provincial/town": 1, "provincial/base": 1,
				"provincial/enterprise": 1, "prefecture/village": 2, "prefecture/station": 1}},
			{"220000000000", end2022, map[string]int{"national/county": 1, "national/park": 1, "provincial/town": 1, "provincial/base": 1,
				"provincial/enterprise": 1, "prefecture/village": 2, "prefecture/station": 1}},
			{pgCounty, day("2020-12-31"), map[string]int{"national/county": 1, "provincial/town": 1, "provincial/enterprise": 1}},
			{pgCounty2, end2022, map[string]int{"provincial/base": 1}},
		} {
			rows, err := svc.DesignationCounts(ctx, sys, tc.within, tc.on.Year(), tc.on)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, countsOf(rows)); diff != "" {
				t.Errorf("counts in %s on %s (-want +got):\n%s", tc.within, tc.on.Format(time.DateOnly), diff)
			}
		}

		// A revoked title stops counting from its date.
		ent := ids[4]
		if _, err := svc.RevokeDesignation(ctx, sys, ent, day("2022-06-01"), "经营异常"); err != nil {
			t.Fatal(err)
		}
		for on, want := range map[string]int{"2022-05-31": 1, "2022-06-01": 0, "2022-12-31": 0} {
			rows, err := svc.DesignationCounts(ctx, sys, pgVillageA, 2022, day(on))
			if err != nil {
				t.Fatal(err)
			}
			if got := countsOf(rows)["provincial/enterprise"]; got != want {
				t.Errorf("enterprise titles in village A on %s = %d, want %d", on, got, want)
			}
		}
		// Awarded in a year still counts the revoked one.
		rows, _ := svc.DesignationCounts(ctx, sys, pgCounty, 2020, day("2022-12-31"))
		for _, r := range rows {
			if r.Level == programme.Provincial && r.SubjectKind == programme.Enterprise && (r.Count != 0 || r.Awarded != 1) {
				t.Errorf("2020 enterprise row: %+v; want 0 counted, 1 awarded", r)
			}
		}
		_, err = svc.RevokeDesignation(ctx, sys, ent, day("2022-07-01"), "again")
		wantErrCode(t, "revoking twice", err, errs.Conflict)
		_, err = svc.RevokeDesignation(ctx, sys, ids[0], day("2018-12-31"), "too early")
		wantErrCode(t, "revoking before the year conferred", err, errs.Invalid)
		_, err = svc.RevokeDesignation(ctx, sys, ids[0], day("2022-12-31"), " ")
		wantErrCode(t, "revoking without a reason", err, errs.Invalid)
		// Re-importing a revoked title leaves it revoked.
		if _, err := svc.RecordDesignations(ctx, sys, titles[4:5]); err != nil {
			t.Fatal(err)
		}
		if d, _ := db.Designation(ctx, ent); d.RevokedOn.IsZero() {
			t.Error("recording a revoked title again reinstated it")
		}

		// Subjects must be stored and of their kind.
		for _, nd := range []programme.NewDesignation{
			{SubjectKind: programme.Cooperative, SubjectCode: "pg-ent", Level: programme.National, Title: "x", Year: 2020},
			{SubjectKind: programme.County, SubjectCode: string(pgTown), Level: programme.National, Title: "x", Year: 2020},
			{SubjectKind: programme.Station, SubjectCode: "pg-express", Level: programme.National, Title: "x", Year: 2020},
			{SubjectKind: programme.Enterprise, SubjectCode: "nope", Level: programme.National, Title: "x", Year: 2020},
			{SubjectKind: programme.Enterprise, SubjectCode: "pg-ent", Level: programme.National, Title: "x", Year: 2024},
		} {
			_, err := svc.RecordDesignation(ctx, sys, nd)
			wantErrCode(t, "title for "+nd.SubjectCode, err, errs.Invalid)
		}

		// County admins act in their county, auditors only read.
		county2 := accounts.Actor{User: accounts.User{ID: 990, Role: accounts.CountyAdmin, Scope: pgCounty2}}
		_, err = svc.RecordDesignation(ctx, county2, programme.NewDesignation{SubjectKind: programme.Village, SubjectCode: string(pgVillageA),
			Level: programme.Prefecture, Title: "y", Year: 2022})
		wantErrCode(t, "county admin titling another county's village", err, errs.Forbidden)
		_, err = svc.DesignationCounts(ctx, county2, pgCounty, 2022, end2022)
		wantErrCode(t, "county admin reading another county", err, errs.Forbidden)
		auditor := accounts.Actor{User: accounts.User{ID: 990, Role: accounts.Auditor, Scope: pgPref}}
		if _, err := svc.DesignationCounts(ctx, auditor, pgCounty, 2022, end2022); err != nil {
			t.Errorf("auditor reading: %v", err)
		}
		_, err = svc.RevokeDesignation(ctx, auditor, ids[0], end2022, "no")
		wantErrCode(t, "auditor revoking", err, errs.Forbidden)

		// The public page of a subject shows its titles in force.
		got, err := svc.SubjectTitles(ctx, programme.Enterprise, "pg-ent")
		if err != nil || len(got) != 0 {
			t.Errorf("revoked enterprise's badges: %v, %v", got, err)
		}
		got, err = svc.SubjectTitles(ctx, programme.Village, string(pgVillageA))
		if err != nil || len(got) != 1 || got[0].Title != "电商示范村" {
			t.Errorf("village A's badges: %+v, %v", got, err)
		}
	})
}

func TestPairingsCountDistinctVillages(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedProgrammes(t, db)
		svc := programmeService(db, func() time.Time { return time.Date(2023, 3, 1, 4, 0, 0, 0, time.UTC) })
		sys := accounts.SystemActor
		ps := []programme.NewPairing{
			{OrgCode: "pg-ent", VillageCode: pgVillageA, Since: day("2021-03-01")},
			{OrgCode: "pg-ent2", VillageCode: pgVillageA, Since: day("2021-06-01"), Until: day("2022-05-31")},
			{OrgCode: "pg-ent2", VillageCode: pgVillageC, Since: day("2022-01-01"), Until: day("2022-03-31")},
		}
		ids, err := svc.SavePairings(ctx, sys, ps)
		if err != nil {
			t.Fatal(err)
		}
		again, err := svc.SavePairings(ctx, sys, ps)
		if err != nil || !cmp.Equal(ids, again) {
			t.Errorf("saved again: %v, %v; want %v", again, err, ids)
		}
		for _, tc := range []struct {
			within      region.Code
			first, last string
			want        int
		}{
			{pgPref, "2021-07-01", "2021-07-01", 1}, // village A, paired twice, counts once
			{pgPref, "2022-02-01", "2022-02-01", 2},
			{pgPref, "2022-06-01", "2022-06-01", 1},
			{pgPref, "2021-01-01", "2021-02-28", 0},
			{pgPref, "2022-01-01", "2022-12-31", 2},
			{pgCounty, "2022-01-01", "2022-12-31", 1},
			{pgCounty2, "2022-04-01", "2022-12-31", 0},
		} {
			got, err := db.PairedVillages(ctx, tc.within, day(tc.first), day(tc.last))
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("paired villages in %s from %s to %s = %d, want %d", tc.within, tc.first, tc.last, got, tc.want)
			}
		}
		un, err := db.UnpairedPoorVillages(ctx, pgPref, day("2022-06-01"))
		if err != nil || len(un) != 1 || un[0].Code != pgVillageC {
			t.Errorf("unpaired poor villages on 2022-06-01: %+v, %v; want village C", un, err)
		}

		// Overlapping pairings of one enterprise and village are refused;
		// a later one is fine once the first has ended.
		_, err = svc.RecordPairing(ctx, sys, programme.NewPairing{OrgCode: "pg-ent2", VillageCode: pgVillageA, Since: day("2022-05-01")})
		wantErrCode(t, "overlapping pairing", err, errs.Conflict)
		if _, err := svc.RecordPairing(ctx, sys, programme.NewPairing{OrgCode: "pg-ent2", VillageCode: pgVillageA, Since: day("2022-06-01")}); err != nil {
			t.Errorf("a pairing after the first ended: %v", err)
		}
		_, err = svc.RecordPairing(ctx, sys, programme.NewPairing{OrgCode: "pg-store", VillageCode: pgVillageB, Since: day("2022-01-01")})
		wantErrCode(t, "pairing a village store", err, errs.Invalid)
		_, err = svc.RecordPairing(ctx, sys, programme.NewPairing{OrgCode: "pg-ent", VillageCode: pgTown, Since: day("2022-01-01")})
		wantErrCode(t, "pairing a town", err, errs.Invalid)

		p, err := svc.EndPairing(ctx, sys, ids[0], day("2022-12-31"))
		if err != nil || !p.Until.Equal(day("2022-12-31")) {
			t.Errorf("ended: %+v, %v", p, err)
		}
		_, err = svc.EndPairing(ctx, sys, ids[0], day("2023-01-31"))
		wantErrCode(t, "ending twice", err, errs.Conflict)
		_, err = svc.EndPairing(ctx, sys, ids[2], day("2021-01-01"))
		wantErrCode(t, "ending an ended pairing", err, errs.Conflict)
	})
}

// TestProgrammeSales checks the platform sales an event and a pairing
// count: within the event's days in China and of its sellers only; of
// the paired enterprise's products from its village while paired.
func TestProgrammeSales(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		// The event's days are 2025-03-10 and 11 in China.
		w := newLedgerWorld(t, db, time.Date(2025, 3, 1, 2, 0, 0, 0, time.UTC))
		svc := programmeService(db, func() time.Time { return w.now })
		sys := accounts.SystemActor
		// An enterprise of Wangqing with a product from Dongxing and one from
		// Xiaowangqing, paired with Dongxing from 2025-03-05.
		if err := db.UpsertOrganizations(ctx, []org.Organization{{Code: "pg-wq-ent", Kind: org.Enterprise, Region: "222424000000",
			Name: i18n.Text{Ko: "시험 기업"}}}); err != nil {
			t.Fatal(err)
		}
		ent, _ := db.Organization(ctx, "pg-wq-ent")
		var entProducts []catalog.Product
		for _, p := range []catalog.Product{
			{Code: "pg-dx-rice", Origin: dongxing, Variants: []catalog.Variant{{SKU: "PG-DX-RICE", Name: i18n.Text{Ko: "5kg"}, Price: 5000, Stock: 1000}}},
			{Code: "pg-xw-rice", Origin: xiaowangqing, Variants: []catalog.Variant{{SKU: "PG-XW-RICE", Name: i18n.Text{Ko: "5kg"}, Price: 7000, Stock: 1000}}},
		} {
			p.OrgID, p.Kind, p.Category, p.Name = ent.ID, catalog.Goods, "grains-rice", i18n.Text{Ko: p.Code}
			if _, err := db.SaveProducts(ctx, []catalog.Product{p}, []catalog.Change{{OrgID: ent.ID, Action: "test", At: w.now}}); err != nil {
				t.Fatal(err)
			}
			got, err := db.Product(ctx, p.Code)
			if err != nil {
				t.Fatal(err)
			}
			entProducts = append(entProducts, got)
		}
		if _, err := svc.RecordPairing(ctx, sys, programme.NewPairing{OrgCode: "pg-wq-ent", VillageCode: dongxing, Since: day("2025-03-05")}); err != nil {
			t.Fatal(err)
		}
		start := time.Date(2025, 3, 10, 1, 0, 0, 0, time.UTC) // 09:00 in China
		e, err := svc.SaveEvent(ctx, sys, programme.Event{Code: "pg-fair", Region: "222424000000", Name: i18n.Text{Ko: "시험 박람회"},
			Place: i18n.Text{Ko: "왕청"}, Starts: start, Ends: start.Add(32 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.AddParticipants(ctx, sys, e, []programme.NewParticipant{
			{Kind: programme.OrgParticipant, Code: "lt-store", Role: programme.Seller},
			{Kind: programme.VillageParticipant, Code: string(dongxing), Role: programme.Seller},
			{Kind: programme.OrgParticipant, Code: "yj-enterprise", Role: programme.Buyer},
			{Kind: programme.PointParticipant, Code: "wq-dongxing-vstation", Role: programme.Organizer},
		}); err != nil {
			t.Fatal(err)
		}
		eggs := orders.CartItem{VariantID: w.products[0].Variants[0].ID, Qty: 1}    // lt-store, Dongxing: 29.90
		millet := orders.CartItem{VariantID: w.products[1].Variants[0].ID, Qty: 2}  // lt-store, Dongxing: 25.00
		dxRice := orders.CartItem{VariantID: entProducts[0].Variants[0].ID, Qty: 1} // pg-wq-ent, Dongxing: 50.00
		xwRice := orders.CartItem{VariantID: entProducts[1].Variants[0].ID, Qty: 1} // pg-wq-ent, Xiaowangqing: 70.00
		china := func(d string, hh, mm int) time.Time {
			return day(d).Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute - 8*time.Hour)
		}
		buyAt := func(at time.Time, items ...orders.CartItem) {
			w.now = at
			w.buy(t, w.buyers[0], items...)
		}
		buyAt(china("2025-03-04", 12, 0), dxRice)         // before the pairing
		buyAt(china("2025-03-09", 23, 59), eggs)          // the day before the event
		buyAt(china("2025-03-10", 0, 30), eggs)           // its first day, before it opens: counts
		buyAt(china("2025-03-10", 10, 0), millet, dxRice) // during it: millet (seller) and the Dongxing rice (village seller)
		buyAt(china("2025-03-11", 11, 0), xwRice)         // during it, not a participating seller's
		buyAt(china("2025-03-11", 23, 50), eggs)          // its last day, after it closed: counts
		buyAt(china("2025-03-12", 0, 10), eggs)           // the day after

		rep, err := svc.EventReport(ctx, sys, "pg-fair")
		if err != nil {
			t.Fatal(err)
		}
		if want := money.Fen(2990 + 2500 + 5000 + 2990); rep.Sales != want {
			t.Errorf("event sales = %s, want %s", rep.Sales, want)
		}
		if rep.Subjects != 4 || !rep.From.Equal(china("2025-03-10", 0, 0)) || !rep.To.Equal(china("2025-03-12", 0, 0)) {
			t.Errorf("report: %d subjects, window %s to %s", rep.Subjects, rep.From, rep.To)
		}

		// The organizer (the Dongxing station's operator) records a deal.
		var seller, buyer int64
		for _, p := range rep.Participants {
			switch {
			case p.Code == "lt-store":
				seller = p.ID
			case p.Code == "yj-enterprise":
				buyer = p.ID
			}
		}
		operator := w.actors["station-dongxing@maeul.test"]
		d, err := svc.RecordDeal(ctx, operator, e, programme.NewDeal{SellerID: seller, BuyerID: buyer, Amount: 1_200_000, Goods: "잣 200kg", Ref: "C-1"})
		if err != nil {
			t.Fatal(err)
		}
		again, err := svc.RecordDeal(ctx, operator, e, programme.NewDeal{SellerID: seller, BuyerID: buyer, Amount: 1_200_000, Goods: "잣 200kg", Ref: "C-1"})
		if err != nil || again.ID != d.ID {
			t.Errorf("the same contract again: %+v, %v", again, err)
		}
		_, err = svc.RecordDeal(ctx, w.actors["seller-yanji@maeul.test"], e, programme.NewDeal{SellerID: seller, BuyerName: "x", Amount: 100, Goods: "x"})
		wantErrCode(t, "a buyer recording a deal", err, errs.Forbidden)
		_, err = svc.RecordDeal(ctx, operator, e, programme.NewDeal{SellerID: buyer, BuyerName: "x", Amount: 100, Goods: "x"})
		wantErrCode(t, "a deal sold by a buyer", err, errs.Invalid)
		rep, err = svc.EventReport(ctx, operator, "pg-fair")
		if err != nil {
			t.Fatal(err)
		}
		if rep.DealsTotal != 1_200_000 || rep.Total != rep.Sales+1_200_000 || len(rep.Deals) != 1 || rep.Deals[0].Seller.Ko == "" {
			t.Errorf("report with the deal: %+v", rep)
		}

		// The pairing counts the Dongxing rice sold while paired: not the
		// one before, nor the Xiaowangqing rice.
		sales, err := db.PairedSales(ctx, "222424000000", programme.DayStart(day("2025-01-01")), programme.DayStart(day("2026-01-01")))
		if err != nil {
			t.Fatal(err)
		}
		if len(sales) != 1 || sales[0].Sales != 5000 {
			t.Errorf("paired sales = %+v, want one pairing with 50.00", sales)
		}
	})
}
