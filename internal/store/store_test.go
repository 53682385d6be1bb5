package store_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/i18n"
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

func TestMigrationListsMatch(t *testing.T) {
	lite, err := store.Migrations("sqlite")
	if err != nil {
		t.Fatal(err)
	}
	pg, err := store.Migrations("postgres")
	if err != nil {
		t.Fatal(err)
	}
	names := func(ms []store.Migration) []string {
		var out []string
		for _, m := range ms {
			out = append(out, m.Name)
		}
		return out
	}
	if diff := cmp.Diff(names(lite), names(pg)); diff != "" {
		t.Errorf("sqlite and postgres migrations differ (-sqlite +postgres):\n%s", diff)
	}
	// Numbers are reserved per piece of work, so gaps are allowed while
	// one lands before another; two files may not share a number.
	for i, m := range lite {
		if i > 0 && m.Version <= lite[i-1].Version {
			t.Errorf("migration %s has version %d, after %s: numbers must rise", m.Name, m.Version, lite[i-1].Name)
		}
	}
}

func TestMigrateTwiceAppliesNothing(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		n, err := db.Migrate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("second Migrate applied %d migrations, want 0", n)
		}
		if err := db.CheckSchema(ctx); err != nil {
			t.Errorf("CheckSchema after migrating: %v", err)
		}
	})
}

func TestCheckSchemaRefusesStale(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "x.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.CheckSchema(ctx)
	if got, want := errs.CodeOf(err), errs.Conflict; got != want {
		t.Fatalf("CheckSchema on an empty database: code %q (%v), want %q", got, err, want)
	}
}

var (
	jilin   = region.Region{Code: "220000000000", Level: region.Province, Name: i18n.Text{Ko: "길림성", Zh: "吉林省", En: "Jilin"}}
	yanbian = region.Region{Code: "222400000000", Parent: "220000000000", Level: region.Prefecture, Name: i18n.Text{Ko: "연변", Zh: "延边", En: "Yanbian"}}
	yanji   = region.Region{Code: "222401000000", Parent: "222400000000", Level: region.County, Name: i18n.Text{Ko: "연길시", Zh: "延吉市", En: "Yanji"}}
	tumen   = region.Region{Code: "222402000000", Parent: "222400000000", Level: region.County, Name: i18n.Text{Ko: "도문시", Zh: "图们市", En: "Tumen"}}
	yilan   = region.Region{Code: "222401100000", Parent: "222401000000", Level: region.Town, Name: i18n.Text{Ko: "의란진", Zh: "依兰镇"}, Rural: true}
	laotou  = region.Region{Code: "222401100201", Parent: "222401100000", Level: region.Village, Name: i18n.Text{Ko: "로투촌", Zh: "老头村"}, Rural: true, Poor: true}
	yueqing = region.Region{Code: "222402100000", Parent: "222402000000", Level: region.Town, Name: i18n.Text{Ko: "월청진"}, Rural: true}
)

// seed writes a small hierarchy with an organization and a service point
// in each of two counties.
func seed(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	// Children before parents on purpose: the store orders them.
	if err := db.UpsertRegions(ctx, []region.Region{laotou, yilan, yueqing, tumen, yanji, yanbian, jilin}); err != nil {
		t.Fatalf("UpsertRegions: %v", err)
	}
	if err := db.UpsertOrganizations(ctx, []org.Organization{
		{Code: "yj-coop", Kind: org.Cooperative, Region: laotou.Code, Name: i18n.Text{Ko: "로투 합작사"}},
		{Code: "tm-ent", Kind: org.Enterprise, Region: tumen.Code, Name: i18n.Text{Zh: "图们企业"}, Leading: true},
	}); err != nil {
		t.Fatalf("UpsertOrganizations: %v", err)
	}
	if err := db.UpsertServicePoints(ctx, []network.ServicePoint{
		{Code: "yj-laotou", Kind: network.VillageStation, Region: laotou.Code, Name: i18n.Text{Ko: "로투 봉사점"}},
		{Code: "tm-yueqing", Kind: network.TownStation, Region: yueqing.Code, Name: i18n.Text{Ko: "월청 봉사소"}, Serves: []region.Code{yueqing.Code}},
	}); err != nil {
		t.Fatalf("UpsertServicePoints: %v", err)
	}
}

func TestRegions(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seed(t, db)
		got, err := db.Region(ctx, laotou.Code)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(laotou, got); diff != "" {
			t.Errorf("Region (-want +got):\n%s", diff)
		}
		if _, err := db.Region(ctx, "222499000000"); !errs.Is(err, errs.NotFound) {
			t.Errorf("Region of an unknown code: %v, want not_found", err)
		}
		kids, err := db.Children(ctx, yanbian.Code)
		if err != nil {
			t.Fatal(err)
		}
		if len(kids) != 2 || kids[0].Code != yanji.Code || kids[1].Code != tumen.Code {
			t.Fatalf("Children(yanbian) = %+v, want Yanji then Tumen", kids)
		}
		if got, want := [3]int{kids[0].Children, kids[0].Organizations, kids[0].ServicePoints}, [3]int{1, 1, 1}; got != want {
			t.Errorf("Yanji counts (children, orgs, points) = %v, want %v", got, want)
		}
		top, err := db.Children(ctx, "")
		if err != nil || len(top) != 1 || top[0].Code != jilin.Code {
			t.Errorf("Children(\"\") = %+v, %v; want Jilin", top, err)
		}
		path, err := db.Path(ctx, laotou.Code)
		if err != nil {
			t.Fatal(err)
		}
		var codes []region.Code
		for _, r := range path {
			codes = append(codes, r.Code)
		}
		if diff := cmp.Diff([]region.Code{jilin.Code, yanbian.Code, yanji.Code, yilan.Code, laotou.Code}, codes); diff != "" {
			t.Errorf("Path (-want +got):\n%s", diff)
		}
		missing, err := db.MissingRegions(ctx, []region.Code{yanji.Code, "222499000000", "222498000000", yanji.Code})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]region.Code{"222498000000", "222499000000"}, missing); diff != "" {
			t.Errorf("MissingRegions (-want +got):\n%s", diff)
		}
	})
}

func TestUpsertRegionsUnknownParentWritesNothing(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		orphan := region.Region{Code: "222499000000", Parent: "222400000000", Level: region.County, Name: i18n.Text{Ko: "없음"}}
		err := db.UpsertRegions(ctx, []region.Region{jilin, orphan})
		if !errs.Is(err, errs.Invalid) {
			t.Fatalf("UpsertRegions with a missing parent: %v, want invalid", err)
		}
		if _, err := db.Region(ctx, jilin.Code); !errs.Is(err, errs.NotFound) {
			t.Errorf("Jilin was written although the batch failed: %v", err)
		}
	})
}

func TestOrganizationsAndPoints(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seed(t, db)
		os, err := db.Organizations(ctx, org.Filter{Within: yanji.Code})
		if err != nil {
			t.Fatal(err)
		}
		if len(os) != 1 || os[0].Code != "yj-coop" {
			t.Errorf("Organizations within Yanji = %+v, want only yj-coop", os)
		}
		all, err := db.Organizations(ctx, org.Filter{})
		if err != nil || len(all) != 2 {
			t.Errorf("Organizations() = %d, %v; want 2", len(all), err)
		}
		ent, err := db.Organizations(ctx, org.Filter{Kind: org.Enterprise})
		if err != nil || len(ent) != 1 || !ent[0].Leading {
			t.Errorf("Organizations(kind enterprise) = %+v, %v; want tm-ent, leading", ent, err)
		}
		o := os[0]
		o.Name.En = "Laotou Co-op"
		if err := db.UpdateOrganization(ctx, o); err != nil {
			t.Fatal(err)
		}
		got, err := db.Organization(ctx, "yj-coop")
		if err != nil || got.Name.En != "Laotou Co-op" {
			t.Errorf("after UpdateOrganization: %+v, %v", got, err)
		}
		p, err := db.ServicePoint(ctx, "yj-laotou")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]region.Code{laotou.Code}, p.Serves); diff != "" {
			t.Errorf("default served list (-want +got):\n%s", diff)
		}
		p.Serves = []region.Code{laotou.Code, yilan.Code}
		if err := db.UpdateServicePoint(ctx, p); err != nil {
			t.Fatal(err)
		}
		ps, err := db.ServicePoints(ctx, network.Filter{Within: yanji.Code})
		if err != nil || len(ps) != 1 || len(ps[0].Serves) != 2 {
			t.Errorf("ServicePoints within Yanji = %+v, %v; want one serving two regions", ps, err)
		}
		if _, err := db.ServicePoint(ctx, "nope"); !errs.Is(err, errs.NotFound) {
			t.Errorf("unknown service point: %v, want not_found", err)
		}
	})
}

func TestUsersAndSessions(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seed(t, db)
		coop, err := db.Organization(ctx, "yj-coop")
		if err != nil {
			t.Fatal(err)
		}
		id, err := db.CreateUser(ctx, accounts.User{Email: "s@x.test", Name: "S", Role: accounts.Seller, OrgID: coop.ID, Lang: i18n.Zh}, "hash")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateUser(ctx, accounts.User{Email: "s@x.test", Name: "S2", Role: accounts.Shopper, Lang: i18n.Ko}, "h"); !errs.Is(err, errs.Conflict) {
			t.Errorf("duplicate email: %v, want conflict", err)
		}
		if _, err := db.CreateUser(ctx, accounts.User{Email: "a@x.test", Name: "A", Role: accounts.CountyAdmin, Scope: tumen.Code, Lang: i18n.Ko}, "h"); err != nil {
			t.Fatal(err)
		}
		u, hash, err := db.UserByEmail(ctx, "s@x.test")
		if err != nil || hash != "hash" || u.ID != id || u.OrgID != coop.ID || u.Lang != i18n.Zh {
			t.Errorf("UserByEmail = %+v, %q, %v", u, hash, err)
		}
		inYanji, err := db.Users(ctx, accounts.Filter{Within: yanji.Code})
		if err != nil || len(inYanji) != 1 || inYanji[0].Email != "s@x.test" {
			t.Errorf("Users within Yanji = %+v, %v; want the seller only", inYanji, err)
		}
		now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
		tok := []byte("0123456789abcdef0123456789abcdef")
		if err := db.CreateSession(ctx, accounts.Session{TokenHash: tok, UserID: id, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if got, err := db.SessionUser(ctx, tok, now.Add(time.Minute)); err != nil || got.ID != id {
			t.Errorf("SessionUser = %+v, %v", got, err)
		}
		if _, err := db.SessionUser(ctx, tok, now.Add(2*time.Hour)); !errs.Is(err, errs.Unauthorized) {
			t.Errorf("expired session: %v, want unauthorized", err)
		}
		if err := db.DeleteSession(ctx, tok); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SessionUser(ctx, tok, now); !errs.Is(err, errs.Unauthorized) {
			t.Errorf("deleted session: %v, want unauthorized", err)
		}
		keys := []string{"email:s@x.test", "client:1.2.3.4"}
		later := now.Add(time.Minute)
		err = db.UpdateSignInAttempts(ctx, keys, now, func(as []accounts.Attempts) ([]accounts.Attempts, error) {
			if as[0] != (accounts.Attempts{}) || as[1] != (accounts.Attempts{}) {
				t.Errorf("first attempts = %+v, want none", as)
			}
			as[0] = accounts.Attempts{Failures: 1, LastAt: now, NextAt: later}
			as[1] = accounts.Attempts{Failures: 2, LastAt: now}
			return as, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		refusal := errs.E(errs.TooMany, "err.accounts.sign_in_wait", 60)
		err = db.UpdateSignInAttempts(ctx, keys, now, func(as []accounts.Attempts) ([]accounts.Attempts, error) {
			want := []accounts.Attempts{{Failures: 1, LastAt: now, NextAt: later}, {Failures: 2, LastAt: now}}
			if len(as) != 2 || !as[0].LastAt.Equal(now) || !as[0].NextAt.Equal(later) || as[0].Failures != 1 ||
				as[1].Failures != 2 || !as[1].NextAt.IsZero() {
				t.Errorf("stored attempts = %+v, want %+v", as, want)
			}
			as[0].Failures = 99
			return nil, refusal
		})
		if err != refusal {
			t.Errorf("a refusing update returned %v, want the refusal itself", err)
		}
		err = db.UpdateSignInAttempts(ctx, keys[:1], now.Add(25*time.Hour), func(as []accounts.Attempts) ([]accounts.Attempts, error) {
			if as[0].Failures != 1 {
				t.Errorf("after a refused update: %d failures, want 1", as[0].Failures)
			}
			return as, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		err = db.UpdateSignInAttempts(ctx, keys[1:], now.Add(25*time.Hour), func(as []accounts.Attempts) ([]accounts.Attempts, error) {
			if as[0].Failures != 0 {
				t.Errorf("a day later: %d failures, want them dropped", as[0].Failures)
			}
			return as, nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
