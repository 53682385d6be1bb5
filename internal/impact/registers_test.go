package impact_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"maeul/internal/accounts"
	"maeul/internal/demo"
	"maeul/internal/errs"
	"maeul/internal/impact"
	"maeul/internal/region"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

// regToday is the tests' clock: 10:00 on 28 November 2026 in China.
var regToday = time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC)

type regFixture struct {
	db     *store.DB
	svc    *impact.Service
	now    time.Time
	actors map[string]accounts.Actor
}

// newRegFixture loads the demo data and names an actor per role: the demo
// accounts, a guest, the system, and the operator of a station that does
// not serve Dongxing village.
func newRegFixture(t *testing.T, db *store.DB) *regFixture {
	t.Helper()
	ctx := context.Background()
	accts := accounts.NewService(db)
	accts.Params = accounts.HashParams{Time: 1, MemKiB: 1024, Threads: 1}
	if err := demo.Load(ctx, db, accts); err != nil {
		t.Fatal(err)
	}
	f := &regFixture{db: db, now: regToday, actors: map[string]accounts.Actor{}}
	f.svc = &impact.Service{Store: db, Orgs: db, Points: db, Regions: db, Products: db, Now: func() time.Time { return f.now }}
	names := map[string]string{
		"prefecture@maeul.test": "prefecture admin", "county-wangqing@maeul.test": "own county admin",
		"county-yanji@maeul.test": "other county admin", "seller-dongxing@maeul.test": "seller",
		"seller-yanji@maeul.test": "other seller", "station-dongxing@maeul.test": "serving operator",
		"auditor@maeul.test": "auditor", "shopper@maeul.test": "shopper",
	}
	for email, name := range names {
		u, _, err := db.UserByEmail(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		f.actors[name] = accounts.Actor{User: u}
	}
	pt, err := db.ServicePoint(ctx, "yj-laotou-vstation")
	if err != nil {
		t.Fatal(err)
	}
	f.actors["other operator"] = accounts.Actor{User: accounts.User{ID: 90001, Role: accounts.StationOperator, ServicePointID: pt.ID}}
	f.actors["guest"] = accounts.Actor{}
	f.actors["system"] = accounts.SystemActor
	return f
}

// dongxingHousehold lives in Dongxing village, Wangqing county, which the
// demo's Dongxing station serves.
var dongxingHousehold = impact.Household{
	Code: "T-DX-1", Village: "222424100201", Members: 4, HeadName: "김순희", IDNumber: "222424196001071234",
	Phone: "13800001234", BankAccount: "6228480000001234567", Status: impact.Poor,
}

func (f *regFixture) register(t *testing.T, hs ...impact.Household) {
	t.Helper()
	if err := f.svc.SaveHouseholds(context.Background(), accounts.SystemActor, hs); err != nil {
		t.Fatalf("SaveHouseholds: %v", err)
	}
}

func (f *regFixture) household(t *testing.T, code string) impact.Household {
	t.Helper()
	h, err := f.db.Household(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func wantErrCode(t *testing.T, what string, err error, want errs.Code) {
	t.Helper()
	if got := errs.CodeOf(err); got != want {
		t.Errorf("%s: code %q (%v), want %q", what, got, err, want)
	}
}

// wantField checks that err is a refusal about the named field, of the
// given code, whose message contains msg.
// wantField checks that err is a refusal with the code, about the field,
// for the reason key, and that its English text names each of args.
func wantField(t *testing.T, what string, err error, code errs.Code, field, key string, args ...string) {
	t.Helper()
	var e *errs.Error
	if !errors.As(err, &e) {
		t.Errorf("%s: %v, want a %s error on %s", what, err, code, field)
		return
	}
	if e.Code != code || e.Field != field || e.Key != key {
		t.Errorf("%s: %s error on %q for %s (%q); want %s on %q for %s", what, e.Code, e.Field, e.Key, e.Error(), code, field, key)
	}
	for _, a := range args {
		if !strings.Contains(e.Error(), a) {
			t.Errorf("%s: %q does not name %q", what, e.Error(), a)
		}
	}
}

func TestHouseholdPersonalDataPerRole(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newRegFixture(t, db)
		f.register(t, dongxingHousehold)
		full := f.household(t, "T-DX-1")
		contact := full
		contact.IDNumber, contact.BankAccount = "2224**********1234", ""
		masked := contact
		masked.HeadName, masked.Phone = "", "138******34"
		tests := []struct {
			role string
			want impact.Household
			code errs.Code // of the refusal, when there is one
		}{
			{"prefecture admin", full, ""},
			{"own county admin", full, ""},
			{"other county admin", impact.Household{}, errs.Forbidden},
			{"serving operator", contact, ""},
			{"other operator", impact.Household{}, errs.Forbidden},
			{"auditor", masked, ""},
			{"seller", impact.Household{}, errs.Forbidden},
			{"shopper", impact.Household{}, errs.Forbidden},
			{"guest", impact.Household{}, errs.Unauthorized},
		}
		for _, tt := range tests {
			by := f.actors[tt.role]
			got, err := f.svc.Household(ctx, by, "T-DX-1")
			if tt.code != "" {
				wantErrCode(t, tt.role+" reading the household", err, tt.code)
				if got != (impact.Household{}) {
					t.Errorf("%s was refused but got %+v", tt.role, got)
				}
			} else if err != nil {
				t.Errorf("%s reading the household: %v", tt.role, err)
			} else if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s sees (-want +got):\n%s", tt.role, diff)
			}

			// The village's list shows the household the same way, or not
			// at all.
			list, err := f.svc.Households(ctx, by, impact.HouseholdQuery{Within: "222424100201"})
			switch {
			case tt.role == "other county admin" || tt.role == "seller" || tt.role == "shopper":
				wantErrCode(t, tt.role+" listing the village", err, errs.Forbidden)
			case tt.role == "guest":
				wantErrCode(t, tt.role+" listing the village", err, errs.Unauthorized)
			case err != nil:
				t.Errorf("%s listing the village: %v", tt.role, err)
			}
			var inList *impact.Household
			for i, h := range list {
				if h.Village != "222424100201" {
					t.Errorf("%s: listing Dongxing returned a household of %s", tt.role, h.Village)
				}
				if h.ID == full.ID {
					inList = &list[i]
				}
			}
			if tt.code != "" && inList != nil {
				t.Errorf("%s sees the household in the list: %+v", tt.role, *inList)
			}
			if tt.code == "" && (inList == nil || *inList != tt.want) {
				t.Errorf("%s: the list shows %v, want %+v", tt.role, inList, tt.want)
			}
		}

		// The public sees counts only.
		sum, err := f.svc.RegisterSummary(ctx, "222424100201")
		if err != nil {
			t.Fatal(err)
		}
		all, _ := db.Households(ctx, impact.HouseholdFilter{Within: "222424100201"})
		persons := 0
		for _, h := range all {
			persons += h.Members
		}
		if sum.Households != len(all) || sum.Persons != persons || sum.Villages != 1 || sum.Poor+sum.Lifted != sum.Households {
			t.Errorf("RegisterSummary(Dongxing) = %+v; want %d households, %d persons, 1 village", sum, len(all), persons)
		}
	})
}

func TestHouseholdListScopes(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newRegFixture(t, db)
		count := func(within string) int {
			hs, err := db.Households(ctx, impact.HouseholdFilter{Within: regionCode(within)})
			if err != nil {
				t.Fatal(err)
			}
			return len(hs)
		}
		tests := []struct {
			role, within string
			want         int
		}{
			{"prefecture admin", "", count("222400")},
			{"own county admin", "", count("222424")},
			{"own county admin", "222400", count("222424")}, // narrowed to its county
			{"auditor", "222401", count("222401")},
			{"serving operator", "", count("222424100201")}, // the villages its station serves
			{"other operator", "222424100201", 0},
		}
		for _, tt := range tests {
			hs, err := f.svc.Households(ctx, f.actors[tt.role], impact.HouseholdQuery{Within: regionCode(tt.within)})
			if err != nil {
				t.Errorf("%s listing %q: %v", tt.role, tt.within, err)
				continue
			}
			if len(hs) != tt.want {
				t.Errorf("%s listing %q: %d households, want %d", tt.role, tt.within, len(hs), tt.want)
			}
		}
		if tests[0].want < 150 {
			t.Errorf("the demo registers %d households, want 150 or more", tests[0].want)
		}
		page, err := f.svc.Households(ctx, f.actors["prefecture admin"], impact.HouseholdQuery{Limit: 10})
		if err != nil || len(page) != 10 {
			t.Fatalf("first page: %d, %v", len(page), err)
		}
		next, err := f.svc.Households(ctx, f.actors["prefecture admin"], impact.HouseholdQuery{Limit: 10, After: page[9].Code})
		if err != nil || len(next) != 10 || next[0].Code <= page[9].Code {
			t.Errorf("second page starts at %v, %v; want after %s", next, err, page[9].Code)
		}
	})
}

// TestStationHouseholdPages pages through the register as the operator of
// a station that serves two of the villages of Yanji, whose households lie
// between those of villages it does not serve in code order: each page is
// full until the last, and the pages hold every served household once and
// no other.
func TestStationHouseholdPages(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newRegFixture(t, db)
		pt, err := db.ServicePoint(ctx, "yj-yilan-station")
		if err != nil {
			t.Fatal(err)
		}
		if len(pt.Serves) < 2 {
			t.Fatalf("yj-yilan-station serves %v, want two villages or more", pt.Serves)
		}
		// Of every three households, one lives in the second village the
		// station serves, two in a Yanji village it does not.
		served, unserved := pt.Serves[1], region.Code("222401100203")
		if pt.ServesRegion(unserved) {
			t.Fatalf("yj-yilan-station serves %s", unserved)
		}
		var hs []impact.Household
		for i := range 30 {
			h := impact.Household{Code: fmt.Sprintf("YJ-P-%02d", i), Village: unserved, Members: 1 + i%4,
				HeadName: fmt.Sprintf("가구주 %d", i), IDNumber: idWithSerial(t, 500+i), Status: impact.Poor}
			if i%3 == 1 {
				h.Village = served
			}
			hs = append(hs, h)
		}
		f.register(t, hs...)

		all, err := db.Households(ctx, impact.HouseholdFilter{Within: "222401000000"})
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, h := range all {
			if pt.ServesRegion(h.Village) {
				want = append(want, h.Code)
			}
		}
		if len(want) < 12 || len(all)-len(want) < 20 {
			t.Fatalf("Yanji has %d households, %d of them served: want more of both", len(all), len(want))
		}

		op := accounts.Actor{User: accounts.User{ID: 90002, Role: accounts.StationOperator, ServicePointID: pt.ID}}
		const limit = 3
		var got []string
		seen := map[string]bool{}
		after := ""
		for n := 0; ; n++ {
			if n > len(all) {
				t.Fatalf("still paging after %d pages", n)
			}
			page, err := f.svc.Households(ctx, op, impact.HouseholdQuery{After: after, Limit: limit})
			if err != nil {
				t.Fatalf("page %d after %q: %v", n+1, after, err)
			}
			if len(page) > limit {
				t.Fatalf("page %d holds %d households, more than %d", n+1, len(page), limit)
			}
			for _, h := range page {
				if seen[h.Code] {
					t.Errorf("page %d repeats %s", n+1, h.Code)
				}
				seen[h.Code] = true
				got = append(got, h.Code)
				if h.HeadName == "" || h.BankAccount != "" {
					t.Errorf("the station sees %s as %+v", h.Code, h)
				}
			}
			if len(page) < limit {
				break
			}
			after = page[len(page)-1].Code
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("the station's pages (-want +got):\n%s", diff)
		}
	})
}

func regionCode(s string) region.Code {
	if s == "" {
		return ""
	}
	c, _ := region.ParseCode(s)
	return c
}

func TestSaveHouseholdRules(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newRegFixture(t, db)
		f.register(t, dongxingHousehold)

		// Who may register households.
		who := []struct {
			role string
			code errs.Code
		}{
			{"own county admin", ""}, {"prefecture admin", ""}, {"system", ""},
			{"other county admin", errs.Forbidden}, {"seller", errs.Forbidden}, {"serving operator", errs.Forbidden},
			{"auditor", errs.Forbidden}, {"shopper", errs.Forbidden}, {"guest", errs.Unauthorized},
		}
		for i, w := range who {
			h := impact.Household{Code: "T-WHO-" + string(rune('A'+i)), Village: "222424100202", Members: 2, HeadName: "리영호",
				IDNumber: idWithSerial(t, i), Status: impact.Poor}
			_, err := f.svc.SaveHousehold(ctx, f.actors[w.role], h)
			if w.code == "" && err != nil {
				t.Errorf("%s registering a household in Wangqing: %v", w.role, err)
			}
			if w.code != "" {
				wantErrCode(t, w.role+" registering a household in Wangqing", err, w.code)
				if _, err := db.Household(ctx, h.Code); !errs.Is(err, errs.NotFound) {
					t.Errorf("%s: a refused household was stored (%v)", w.role, err)
				}
			}
		}

		// What is refused, and where.
		wangqing := f.actors["own county admin"]
		bad := []struct {
			name        string
			edit        func(h *impact.Household)
			code        errs.Code
			field, want string
		}{
			{"bad check digit", func(h *impact.Household) { h.IDNumber = "222424196001071235" }, errs.Invalid, "id_number", "err.impact.id_check"},
			{"17 characters", func(h *impact.Household) { h.IDNumber = "22242419600107123" }, errs.Invalid, "id_number", "err.impact.id_length"},
			{"unknown village", func(h *impact.Household) { h.Village = "222424100299" }, errs.Invalid, "village_code", "err.impact.village_not_found"},
			{"a town", func(h *impact.Household) { h.Village = "222424100000" }, errs.Invalid, "village_code", "err.impact.not_village_code"},
			{"lifted without year", func(h *impact.Household) { h.Status = impact.Lifted }, errs.Invalid, "lifted_year", "err.impact.lifted_year_missing"},
			{"poor with a year", func(h *impact.Household) { h.LiftedYear = 2019 }, errs.Invalid, "lifted_year", "err.impact.lifted_year_poor"},
			{"unknown status", func(h *impact.Household) { h.Status = "rich" }, errs.Invalid, "status", "err.impact.status_unknown"},
			{"no members", func(h *impact.Household) { h.Members = 0 }, errs.Invalid, "members", "err.impact.members_range"},
			{"bad phone", func(h *impact.Household) { h.Phone = "call me" }, errs.Invalid, "phone", "err.impact.phone"},
			{"bad code", func(h *impact.Household) { h.Code = "T DX 2" }, errs.Invalid, "code", "err.impact.household_code"},
			{"head of another household", func(h *impact.Household) { h.IDNumber = dongxingHousehold.IDNumber }, errs.Conflict, "id_number", "err.impact.id_number_taken"},
		}
		for _, tt := range bad {
			h := impact.Household{Code: "T-DX-2", Village: "222424100201", Members: 3, HeadName: "박영숙", IDNumber: "22242419700101001" + "4", Status: impact.Poor}
			tt.edit(&h)
			_, err := f.svc.SaveHousehold(ctx, wangqing, h)
			wantField(t, tt.name, err, tt.code, tt.field, tt.want)
		}
		if _, err := db.Household(ctx, "T-DX-2"); !errs.Is(err, errs.NotFound) {
			t.Errorf("a refused household was stored: %v", err)
		}

		// A county admin may not move a household into another county, nor
		// the other county's admin take it.
		moved := dongxingHousehold
		moved.Village = "222401100201"
		_, err := f.svc.SaveHousehold(ctx, wangqing, moved)
		wantErrCode(t, "Wangqing's admin moving a household to Yanji", err, errs.Forbidden)
		_, err = f.svc.SaveHousehold(ctx, f.actors["other county admin"], moved)
		wantErrCode(t, "Yanji's admin taking a Wangqing household", err, errs.Forbidden)

		// Lifting a household out of poverty is an update by code.
		lifted := dongxingHousehold
		lifted.Status, lifted.LiftedYear = impact.Lifted, 2020
		got, err := f.svc.SaveHousehold(ctx, wangqing, lifted)
		if err != nil {
			t.Fatal(err)
		}
		lifted.ID = got.ID
		if diff := cmp.Diff(lifted, got); diff != "" {
			t.Errorf("after the update (-want +got):\n%s", diff)
		}

		// A batch is all or nothing, and names every refused household.
		err = f.svc.SaveHouseholds(ctx, wangqing, []impact.Household{
			{Code: "T-B-1", Village: "222424100201", Members: 2, HeadName: "한", IDNumber: "222424196001151234", Status: impact.Poor},
			{Code: "T-B-2", Village: "222424100201", Members: 2, HeadName: "강", IDNumber: "222424196001151235", Status: impact.Poor},
			{Code: "T-B-3", Village: "222424100201", Members: 2, HeadName: "조", IDNumber: "222424196001151234", Status: impact.Poor},
		})
		var be *impact.BatchError
		if !errors.As(err, &be) || len(be.Rows) != 2 || be.Rows[0].Index != 1 || be.Rows[1].Index != 2 {
			t.Fatalf("batch with two bad households: %v; want a BatchError naming items 2 and 3", err)
		}
		if _, err := db.Household(ctx, "T-B-1"); !errs.Is(err, errs.NotFound) {
			t.Errorf("a refused batch stored its good household: %v", err)
		}
	})
}

// idWithSerial returns a valid identity card number of a Wangqing head
// born on 1 January 1980, with serial n.
func idWithSerial(t *testing.T, n int) string {
	t.Helper()
	s := "22242419800101" + string(rune('0'+n/100%10)) + string(rune('0'+n/10%10)) + string(rune('0'+n%10))
	for _, c := range "0123456789X" {
		if impact.ValidIDNumber(s+string(c)) == nil {
			return s + string(c)
		}
	}
	t.Fatalf("no check character for %s", s)
	return ""
}
