package accounts_test

import (
	"context"
	"os"
	"testing"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/demo"
	"maeul/internal/errs"
	"maeul/internal/network"
	"maeul/internal/org"
	"maeul/internal/region"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	storetest.Cleanup()
	os.Exit(code)
}

// fixture loads the demo data and returns the services and an actor per
// demo account, keyed by email.
type fixture struct {
	db     *store.DB
	accts  *accounts.Service
	orgs   *org.Service
	net    *network.Service
	actors map[string]accounts.Actor
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	accts := accounts.NewService(db)
	accts.Params = storetest.CheapHash
	return &fixture{db: db, accts: accts, orgs: &org.Service{Store: db}, net: &network.Service{Store: db}, actors: storetest.Demo(t, db)}
}

func wantCode(t *testing.T, what string, err error, want errs.Code) {
	t.Helper()
	if got := errs.CodeOf(err); got != want {
		t.Errorf("%s: code %q (%v), want %q", what, got, err, want)
	}
}

func TestCountyAdminStaysInItsCounty(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		yanji := f.actors["county-yanji@maeul.test"]
		own, err := db.Organization(ctx, "yj-coop")
		if err != nil {
			t.Fatal(err)
		}
		other, err := db.Organization(ctx, "tm-coop")
		if err != nil {
			t.Fatal(err)
		}

		// Reads.
		if _, err := f.orgs.ListOverseen(ctx, yanji, "222401000000", ""); err != nil {
			t.Errorf("Yanji admin listing Yanji organizations: %v", err)
		}
		_, err = f.orgs.ListOverseen(ctx, yanji, "222402000000", "")
		wantCode(t, "Yanji admin listing Tumen organizations", err, errs.Forbidden)
		_, err = f.net.ListOverseen(ctx, yanji, "222402100000")
		wantCode(t, "Yanji admin listing a Tumen town's service points", err, errs.Forbidden)
		_, err = f.accts.ListUsers(ctx, yanji, accounts.Filter{Within: "222424000000"})
		wantCode(t, "Yanji admin listing Wangqing accounts", err, errs.Forbidden)
		_, err = f.orgs.ListOverseen(ctx, yanji, "222400000000", "")
		wantCode(t, "Yanji admin listing the whole prefecture", err, errs.Forbidden)
		users, err := f.accts.ListUsers(ctx, yanji, accounts.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range users {
			if u.Email == "seller-dongxing@maeul.test" || u.Email == "station-dongxing@maeul.test" {
				t.Errorf("Yanji admin sees Wangqing account %s", u.Email)
			}
		}

		// Writes.
		own.Name.En = "Renamed by Yanji"
		if _, err := f.orgs.Update(ctx, yanji, own); err != nil {
			t.Errorf("Yanji admin updating a Yanji organization: %v", err)
		}
		other.Name.En = "Hijacked"
		_, err = f.orgs.Update(ctx, yanji, other)
		wantCode(t, "Yanji admin updating a Tumen organization", err, errs.Forbidden)
		moved := own
		moved.Region = "222402100201"
		_, err = f.orgs.Update(ctx, yanji, moved)
		wantCode(t, "Yanji admin moving its organization to Tumen", err, errs.Forbidden)
		if got, _ := db.Organization(ctx, "tm-coop"); got.Name.En == "Hijacked" {
			t.Error("the Tumen organization was changed")
		}
		if got, _ := db.Organization(ctx, "yj-coop"); got.Region != own.Region {
			t.Error("the Yanji organization was moved")
		}

		pt, err := db.ServicePoint(ctx, "tm-yueqing-station")
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.net.Update(ctx, yanji, pt)
		wantCode(t, "Yanji admin updating a Tumen station", err, errs.Forbidden)
		ownPt, err := db.ServicePoint(ctx, "yj-yilan-station")
		if err != nil {
			t.Fatal(err)
		}
		ownPt.Serves = append(ownPt.Serves, "222402100201")
		_, err = f.net.Update(ctx, yanji, ownPt)
		if errs.CodeOf(err) != errs.Forbidden && errs.CodeOf(err) != errs.Invalid {
			t.Errorf("Yanji admin making its station serve a Tumen village: %v, want forbidden or invalid", err)
		}

		_, err = f.accts.AddUser(ctx, yanji, accounts.NewUser{Email: "new-seller@x.test", Password: "password1", Role: accounts.Seller, OrgCode: "yj-farm"})
		if err != nil {
			t.Errorf("Yanji admin adding a Yanji seller: %v", err)
		}
		_, err = f.accts.AddUser(ctx, yanji, accounts.NewUser{Email: "evil-seller@x.test", Password: "password1", Role: accounts.Seller, OrgCode: "tm-farm"})
		wantCode(t, "Yanji admin adding a seller for a Tumen organization", err, errs.Forbidden)
		_, err = f.accts.AddUser(ctx, yanji, accounts.NewUser{Email: "admin2@x.test", Password: "password1", Role: accounts.CountyAdmin, Scope: "222401000000"})
		wantCode(t, "county admin creating a county admin", err, errs.Forbidden)
		_, err = f.accts.AddUser(ctx, yanji, accounts.NewUser{Email: "pa@x.test", Password: "password1", Role: accounts.PrefectureAdmin, Scope: "222400000000"})
		wantCode(t, "county admin creating a prefecture admin", err, errs.Forbidden)
	})
}

func TestPrefectureAdminAndAuditor(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		pref := f.actors["prefecture@maeul.test"]
		aud := f.actors["auditor@maeul.test"]
		tm, _ := db.Organization(ctx, "tm-coop")
		tm.Name.En = "Set by the prefecture"
		if _, err := f.orgs.Update(ctx, pref, tm); err != nil {
			t.Errorf("prefecture admin updating a Tumen organization: %v", err)
		}
		if _, err := f.accts.AddUser(ctx, pref, accounts.NewUser{Email: "c@x.test", Password: "password1", Role: accounts.CountyAdmin, Scope: "222402000000"}); err != nil {
			t.Errorf("prefecture admin adding a county admin: %v", err)
		}
		_, err := f.accts.AddUser(ctx, pref, accounts.NewUser{Email: "c2@x.test", Password: "password1", Role: accounts.CountyAdmin, Scope: "222501000000"})
		if c := errs.CodeOf(err); c != errs.Forbidden && c != errs.Invalid {
			t.Errorf("prefecture admin adding a county admin outside Yanbian: %v", err)
		}
		if _, err := f.orgs.ListOverseen(ctx, aud, "222402000000", ""); err != nil {
			t.Errorf("auditor reading Tumen organizations: %v", err)
		}
		_, err = f.orgs.Update(ctx, aud, tm)
		wantCode(t, "auditor updating an organization", err, errs.Forbidden)
		_, err = f.accts.ListUsers(ctx, aud, accounts.Filter{})
		wantCode(t, "auditor listing accounts", err, errs.Forbidden)
	})
}

func TestSellerTouchesOnlyItsOrganization(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		seller := f.actors["seller-dongxing@maeul.test"]
		own, _ := db.Organization(ctx, "wq-dongxing-store")
		other, _ := db.Organization(ctx, "wq-coop")

		own.Name.En = "Dongxing Direct"
		own.Kind = org.Enterprise // a seller may not change its kind …
		own.Leading = true        // … nor make itself a leading enterprise
		got, err := f.orgs.Update(ctx, seller, own)
		if err != nil {
			t.Fatalf("seller updating its own organization: %v", err)
		}
		if got.Name.En != "Dongxing Direct" || got.Kind != org.VillageStore || got.Leading {
			t.Errorf("after the seller's update: %+v; want the new name only", got)
		}
		other.Name.En = "Hijacked"
		_, err = f.orgs.Update(ctx, seller, other)
		wantCode(t, "seller updating another organization", err, errs.Forbidden)
		_, err = f.orgs.ListOverseen(ctx, seller, "222424000000", "")
		wantCode(t, "seller reading the county's organizations", err, errs.Forbidden)
		_, err = f.accts.ListUsers(ctx, seller, accounts.Filter{Within: "222424000000"})
		wantCode(t, "seller listing accounts", err, errs.Forbidden)
		_, err = f.accts.AddUser(ctx, seller, accounts.NewUser{Email: "s2@x.test", Password: "password1", Role: accounts.Seller, OrgCode: "wq-dongxing-store"})
		wantCode(t, "seller adding a seller", err, errs.Forbidden)

		op := f.actors["station-dongxing@maeul.test"]
		pt, _ := db.ServicePoint(ctx, "wq-dongxing-vstation")
		_, err = f.net.Update(ctx, op, pt)
		wantCode(t, "station operator changing the registry", err, errs.Forbidden)
		_, err = f.orgs.Update(ctx, accounts.Actor{}, own)
		wantCode(t, "guest updating an organization", err, errs.Unauthorized)
	})
}

func TestSignInRateLimitAndSessions(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
		f.accts.Now = func() time.Time { return now }

		token, u, err := f.accts.SignIn(ctx, "Shopper@maeul.test ", demo.Password, "10.0.0.1")
		if err != nil || u.Role != accounts.Shopper {
			t.Fatalf("SignIn = %+v, %v", u, err)
		}
		a, err := f.accts.Authenticate(ctx, token)
		if err != nil || a.ID != u.ID {
			t.Errorf("Authenticate = %+v, %v", a, err)
		}
		_, _, err = f.accts.SignIn(ctx, "nobody@maeul.test", demo.Password, "10.0.0.1")
		wantCode(t, "unknown email", err, errs.Unauthorized)
		for i := 0; i < accounts.MaxFailuresPerEmail; i++ {
			_, _, err = f.accts.SignIn(ctx, "auditor@maeul.test", "wrong password", "10.0.0.2")
			wantCode(t, "wrong password", err, errs.Unauthorized)
		}
		_, _, err = f.accts.SignIn(ctx, "auditor@maeul.test", demo.Password, "10.0.0.3")
		wantCode(t, "right password at once after too many failures", err, errs.TooMany)
		now = now.Add(accounts.FirstSignInDelay)
		if _, _, err := f.accts.SignIn(ctx, "auditor@maeul.test", demo.Password, "10.0.0.3"); err != nil {
			t.Errorf("sign-in after the delay: %v", err)
		}
		if err := f.accts.SignOut(ctx, token); err != nil {
			t.Fatal(err)
		}
		_, err = f.accts.Authenticate(ctx, token)
		wantCode(t, "signed-out token", err, errs.Unauthorized)
		now = now.Add(accounts.SessionLifetime)
		tok2, _, _ := f.accts.SignIn(ctx, "shopper@maeul.test", demo.Password, "10.0.0.1")
		now = now.Add(accounts.SessionLifetime + time.Minute)
		_, err = f.accts.Authenticate(ctx, tok2)
		wantCode(t, "expired session", err, errs.Unauthorized)
	})
}

func TestUserValidation(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		sys := accounts.SystemActor
		tests := []struct {
			name string
			nu   accounts.NewUser
			want errs.Code
		}{
			{"bad email", accounts.NewUser{Email: "not an email", Password: "password1", Role: accounts.Shopper}, errs.Invalid},
			{"short password", accounts.NewUser{Email: "a@x.test", Password: "short", Role: accounts.Shopper}, errs.Invalid},
			{"taken email", accounts.NewUser{Email: "SHOPPER@maeul.test", Password: "password1", Role: accounts.Shopper}, errs.Conflict},
			{"county admin with a town scope", accounts.NewUser{Email: "b@x.test", Password: "password1", Role: accounts.CountyAdmin, Scope: region.Code("222401100000")}, errs.Invalid},
			{"seller without org", accounts.NewUser{Email: "c@x.test", Password: "password1", Role: accounts.Seller}, errs.Invalid},
			{"seller of unknown org", accounts.NewUser{Email: "d@x.test", Password: "password1", Role: accounts.Seller, OrgCode: "nope"}, errs.NotFound},
			{"operator of unknown point", accounts.NewUser{Email: "e@x.test", Password: "password1", Role: accounts.StationOperator, PointCode: "nope"}, errs.NotFound},
		}
		for _, tt := range tests {
			_, err := f.accts.AddUser(ctx, sys, tt.nu)
			wantCode(t, tt.name, err, tt.want)
		}
		u, err := f.accts.SignUp(ctx, accounts.NewUser{Email: "guest@x.test", Password: "password1", Role: accounts.PrefectureAdmin, Scope: "222400000000"})
		if err != nil || u.Role != accounts.Shopper || u.Scope != "" {
			t.Errorf("SignUp asking for admin = %+v, %v; want a plain shopper", u, err)
		}
	})
}
