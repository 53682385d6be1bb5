package accounts_test

import (
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

// TestAPIKeyLifecycle creates a key as a county admin, authenticates with
// it, and revokes it, on both engines.
func TestAPIKeyLifecycle(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		now := time.Date(2026, 3, 1, 2, 3, 4, 0, time.UTC)
		keys := &accounts.KeyService{Store: db, Now: func() time.Time { return now }}
		wangqing := f.actors["county-wangqing@maeul.test"]
		station, err := db.ServicePoint(ctx, "wq-dongxing-vstation")
		if err != nil {
			t.Fatal(err)
		}

		k, token, err := keys.Create(ctx, wangqing, accounts.NewKey{Name: " SF Express scanners ", Points: []string{"wq-dongxing-vstation", "wq-dongxing-vstation"}})
		if err != nil {
			t.Fatal(err)
		}
		if !regexp.MustCompile(`^mk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$`).MatchString(token) {
			t.Errorf("token %q is not of the form mk_<12 hex>_<43 base64url>", token)
		}
		if token[3:15] != k.Prefix {
			t.Errorf("token %q does not carry the prefix %q", token, k.Prefix)
		}
		if k.Name != "SF Express scanners" || k.Region != "222424000000" || k.CreatedBy != wangqing.ID {
			t.Errorf("key: %+v", k)
		}

		got, err := keys.List(ctx, wangqing, "")
		if err != nil {
			t.Fatal(err)
		}
		want := []accounts.APIKey{{ID: k.ID, Prefix: k.Prefix, Name: "SF Express scanners", Region: "222424000000", CreatedBy: wangqing.ID, CreatedAt: now,
			Points: []accounts.KeyPoint{{ID: station.ID, Code: station.Code, Region: station.Region, Name: station.Name}}}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("List (-want +got):\n%s", diff)
		}

		a, err := keys.Authenticate(ctx, token)
		if err != nil {
			t.Fatal(err)
		}
		if a.SignedIn() || a.Machine == nil || a.Machine.KeyID != k.ID || a.Machine.Prefix != k.Prefix {
			t.Fatalf("actor of the key: %+v", a)
		}
		if !a.ScansAt(station.ID, station.Region) {
			t.Errorf("the key may not scan at its own point")
		}
		other, err := db.ServicePoint(ctx, "wq-dongguang-express")
		if err != nil {
			t.Fatal(err)
		}
		if a.ScansAt(other.ID, other.Region) || a.Machine.CoversCode(other.Code) {
			t.Errorf("the key may scan at %s, which is not its point", other.Code)
		}
		if !a.Machine.CoversCode(station.Code) {
			t.Errorf("the key does not cover its own point's code")
		}
		if err := a.Require(false, "act.list_api_keys"); errs.CodeOf(err) != errs.Forbidden {
			t.Errorf("a machine refused: %v, want Forbidden (it is no guest to send to sign in)", err)
		}

		// Keys that do not match.
		for _, bad := range []string{"", "mk_", token[:len(token)-1] + "x", "mk_" + k.Prefix + "_", "mk_ffffffffffff_" + token[16:], token + "x"} {
			_, err := keys.Authenticate(ctx, bad)
			if errs.Reason(err) != "err.machines.key_unknown" {
				t.Errorf("Authenticate(%q): %v, want err.machines.key_unknown", bad, err)
			}
		}

		// Revoking stops the key at once; revoking again changes nothing.
		wantCode(t, "Yanji's admin revoking a Wangqing key", func() error { _, err := keys.Revoke(ctx, f.actors["county-yanji@maeul.test"], k.ID); return err }(), errs.Forbidden)
		wantCode(t, "a guest revoking", func() error { _, err := keys.Revoke(ctx, accounts.Actor{}, k.ID); return err }(), errs.Unauthorized)
		wantCode(t, "the key revoking itself", func() error { _, err := keys.Revoke(ctx, a, k.ID); return err }(), errs.Forbidden)
		wantCode(t, "revoking an unknown key", func() error { _, err := keys.Revoke(ctx, wangqing, k.ID+100); return err }(), errs.NotFound)
		now = now.Add(time.Hour)
		r, err := keys.Revoke(ctx, wangqing, k.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !r.RevokedAt.Equal(now) || r.RevokedBy != wangqing.ID {
			t.Errorf("revoked key: %+v", r)
		}
		_, err = keys.Authenticate(ctx, token)
		if errs.CodeOf(err) != errs.Unauthorized || errs.Reason(err) != "err.machines.key_revoked" {
			t.Errorf("a revoked key: %v, want Unauthorized err.machines.key_revoked", err)
		}
		now = now.Add(time.Hour)
		again, err := keys.Revoke(ctx, f.actors["prefecture@maeul.test"], k.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !again.RevokedAt.Equal(r.RevokedAt) || again.RevokedBy != wangqing.ID {
			t.Errorf("revoking twice changed the record: %+v", again)
		}
	})
}

// TestAPIKeyRules: who may create and list keys, for which points.
func TestAPIKeyRules(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		keys := &accounts.KeyService{Store: db, Now: time.Now}
		create := func(by string, nk accounts.NewKey) error {
			_, _, err := keys.Create(ctx, f.actors[by], nk)
			return err
		}
		dongxing := []string{"wq-dongxing-vstation"}
		tests := []struct {
			what  string
			by    string
			key   accounts.NewKey
			code  errs.Code
			field string
		}{
			{"a seller", "seller-dongxing@maeul.test", accounts.NewKey{Name: "x", Points: dongxing}, errs.Forbidden, ""},
			{"the station's operator", "station-dongxing@maeul.test", accounts.NewKey{Name: "x", Points: dongxing}, errs.Forbidden, ""},
			{"an auditor", "auditor@maeul.test", accounts.NewKey{Name: "x", Points: dongxing}, errs.Forbidden, ""},
			{"another county's admin", "county-yanji@maeul.test", accounts.NewKey{Name: "x", Points: dongxing}, errs.Forbidden, ""},
			{"points of two counties by a county admin", "county-yanji@maeul.test", accounts.NewKey{Name: "x", Points: []string{"yj-center", "wq-dongxing-vstation"}}, errs.Forbidden, ""},
			{"no name", "county-wangqing@maeul.test", accounts.NewKey{Name: " ", Points: dongxing}, errs.Invalid, "name"},
			{"no point", "county-wangqing@maeul.test", accounts.NewKey{Name: "x"}, errs.Invalid, "points"},
			{"an unknown point", "county-wangqing@maeul.test", accounts.NewKey{Name: "x", Points: []string{"no-such-point"}}, errs.Invalid, "points"},
			{"a candidate point", "county-yanji@maeul.test", accounts.NewKey{Name: "x", Points: []string{"yj-yanming-vstation"}}, errs.Invalid, "points"},
		}
		for _, tt := range tests {
			err := create(tt.by, tt.key)
			if errs.CodeOf(err) != tt.code || errs.FieldOf(err) != tt.field {
				t.Errorf("%s: %v (field %q), want %s about %q", tt.what, err, errs.FieldOf(err), tt.code, tt.field)
			}
		}

		// The prefecture's admin may give one key points in two counties;
		// it is then the prefecture's to manage.
		k, _, err := keys.Create(ctx, f.actors["prefecture@maeul.test"], accounts.NewKey{Name: "carrier", Points: []string{"yj-center", "wq-dongxing-vstation"}})
		if err != nil {
			t.Fatal(err)
		}
		if k.Region != "222400000000" {
			t.Errorf("a key of two counties belongs to %s, want the prefecture", k.Region)
		}
		if _, err := keys.Revoke(ctx, f.actors["county-wangqing@maeul.test"], k.ID); errs.CodeOf(err) != errs.Forbidden {
			t.Errorf("a county admin revoking the prefecture's key: %v, want Forbidden", err)
		}
		for who, want := range map[string]int{"county-wangqing@maeul.test": 0, "prefecture@maeul.test": 1, "auditor@maeul.test": 1} {
			ks, err := keys.List(ctx, f.actors[who], "")
			if err != nil || len(ks) != want {
				t.Errorf("%s lists %d keys (%v), want %d", who, len(ks), err, want)
			}
		}
		for _, who := range []string{"seller-dongxing@maeul.test", "station-dongxing@maeul.test", "shopper@maeul.test"} {
			if _, err := keys.List(ctx, f.actors[who], ""); errs.CodeOf(err) != errs.Forbidden {
				t.Errorf("%s listing keys: %v, want Forbidden", who, err)
			}
		}
		if _, err := keys.List(ctx, f.actors["county-yanji@maeul.test"], "222424000000"); errs.CodeOf(err) != errs.Forbidden {
			t.Errorf("Yanji's admin listing Wangqing's keys: %v, want Forbidden", err)
		}
	})
}
