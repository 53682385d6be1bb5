package importer_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/importer"
	"maeul/internal/programme"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

func newProgrammeImporter(db *store.DB) *importer.Importer {
	im := newImporter(db)
	im.Programme = &programme.Service{Store: db, Regions: db, Orgs: db, Points: db}
	return im
}

// registersOf returns what the programme registers hold.
func registersOf(t *testing.T, db *store.DB) ([]programme.Designation, []programme.Pairing) {
	t.Helper()
	ctx := context.Background()
	ds, err := db.Designations(ctx, programme.DesignationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	ps, err := db.Pairings(ctx, programme.PairingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return ds, ps
}

const (
	goodDesignations = "subject_kind,subject_code,level,title,year\n" +
		"county,222424,national,电子商务进农村综合示范县,2019\n" +
		"village,222424100201,provincial,电商示范村,2020\n" +
		"enterprise,wq-enterprise,prefecture,电商示范企业,2021\n" +
		"station,wq-dongxing-vstation,prefecture,示范服务站,2021\n"
	goodPairings = "org_code,village_code,since,until\n" +
		"wq-enterprise,222424100201,2020-03-01,\n" +
		"yj-enterprise,222424100201,2021-01-01,2021-12-31\n"
)

func TestImportProgrammeRegistersTwice(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		importDemo(t, db, "regions", "organizations", "stations")
		ctx := context.Background()
		for kind, file := range map[string]string{"designations": goodDesignations, "pairings": goodPairings} {
			n, err := newProgrammeImporter(db).Import(ctx, kind, kind+".csv", strings.NewReader(file))
			if err != nil || n != strings.Count(file, "\n")-1 {
				t.Fatalf("import %s: %d, %v", kind, n, err)
			}
		}
		ds, ps := registersOf(t, db)
		if len(ds) != 4 || len(ps) != 2 {
			t.Fatalf("stored %d titles and %d pairings, want 4 and 2", len(ds), len(ps))
		}
		if ds[len(ds)-1].SubjectCode != "222424000000" {
			t.Errorf("a county written short is stored as %q", ds[len(ds)-1].SubjectCode)
		}
		for kind, file := range map[string]string{"designations": goodDesignations, "pairings": goodPairings} {
			if _, err := newProgrammeImporter(db).Import(ctx, kind, kind+".csv", strings.NewReader(file)); err != nil {
				t.Fatalf("import %s again: %v", kind, err)
			}
		}
		ds2, ps2 := registersOf(t, db)
		if diff := cmp.Diff(ds, ds2); diff != "" {
			t.Errorf("re-importing changed the titles (-before +after):\n%s", diff)
		}
		if diff := cmp.Diff(ps, ps2); diff != "" {
			t.Errorf("re-importing changed the pairings (-before +after):\n%s", diff)
		}
		// A row may end a pairing that lasts.
		ended := strings.Replace(goodPairings, "2020-03-01,\n", "2020-03-01,2022-06-30\n", 1)
		if _, err := newProgrammeImporter(db).Import(ctx, "pairings", "p.csv", strings.NewReader(ended)); err != nil {
			t.Fatal(err)
		}
		if p, _ := db.Pairing(ctx, ps[0].ID); p.Until.Format("2006-01-02") != "2022-06-30" {
			t.Errorf("the pairing's last day is %v after importing one", p.Until)
		}
		// Only the operator imports registers.
		im := newProgrammeImporter(db)
		im.Actor = accounts.Actor{User: accounts.User{ID: 9, Role: accounts.PrefectureAdmin, Scope: "222400000000"}}
		if _, err := im.Import(ctx, "designations", "d.csv", strings.NewReader(goodDesignations)); !errs.Is(err, errs.Forbidden) {
			t.Errorf("an admin importing: %v, want forbidden", err)
		}
	})
}

func TestBadProgrammeFiles(t *testing.T) {
	dh := "subject_kind,subject_code,level,title,year\n"
	ph := "org_code,village_code,since,until\n"
	tests := []struct {
		name, kind, file string
		want             []string // substrings of the problems as reasons() lists them, in order
	}{
		{"missing column", "designations", "subject_kind,subject_code,level,title\n", []string{"bad.csv:1: column year: err.importer.column_missing"}},
		{"unknown kind", "designations", dh + "city,222424,national,x,2019\n", []string{"bad.csv:2: column subject_kind: err.programme.subject_kind city"}},
		{"unknown level", "designations", dh + "county,222424,county,x,2019\n", []string{"bad.csv:2: column level: err.programme.level county"}},
		{"bad year", "designations", dh + "county,222424,national,x,19\n", []string{"bad.csv:2: column year: err.importer.year_digits 19"}},
		{"future year", "designations", dh + "county,222424,national,x,2999\n", []string{"bad.csv:2: column year: err.programme.year 2999 1990 "}},
		{"empty title", "designations", dh + "county,222424,national,,2019\n", []string{"bad.csv:2: column title: err.importer.empty"}},
		{"subject of another kind", "designations", dh + "county,222424100201,national,x,2019\nenterprise,wq-coop,national,x,2019\n",
			[]string{"bad.csv:2: column subject_code: err.programme.subject_level 222424100201 level.village programme.kind.county",
				"bad.csv:3: column subject_code: err.programme.subject_org_kind wq-coop org.kind.cooperative programme.kind.enterprise"}},
		{"unknown subject", "designations", dh + "village,222424100299,national,x,2019\nbase,nope,national,x,2019\n",
			[]string{"bad.csv:2: column subject_code: err.programme.no_region 222424100299", "bad.csv:3: column subject_code: err.programme.no_org nope"}},
		{"express point is no station", "designations", dh + "station,wq-dongguang-express,national,x,2019\n",
			[]string{"bad.csv:2: column subject_code: err.programme.subject_point_kind wq-dongguang-express point.kind.express_point"}},
		{"duplicate title", "designations", dh + "county,222424,national,x,2019\ncounty,222424000000,national,x,2019\n",
			[]string{"bad.csv:3: err.importer.same_title 2"}},
		{"good rows with a bad one", "designations", goodDesignations + "village,222424,provincial,x,2020\n",
			[]string{"bad.csv:6: column subject_code"}},
		{"bad date", "pairings", ph + "wq-enterprise,222424100201,2020-13-01,\n", []string{"bad.csv:2: column since: err.programme.date 2020-13-01"}},
		{"ends before it starts", "pairings", ph + "wq-enterprise,222424100201,2020-03-01,2020-02-01\n",
			[]string{"bad.csv:2: column until: err.importer.pairing_ends_before 2020-02-01 2020-03-01"}},
		{"not a village", "pairings", ph + "wq-enterprise,222424100000,2020-03-01,\n", []string{"bad.csv:2: column village_code: err.programme.not_village 222424100000"}},
		{"village store", "pairings", ph + "wq-dongxing-store,222424100201,2020-03-01,\n", []string{"bad.csv:2: column org_code: err.programme.not_pairable wq-dongxing-store org.kind.village_store"}},
		{"unknown org", "pairings", ph + "nope,222424100201,2020-03-01,\n", []string{"bad.csv:2: column org_code: err.programme.no_org nope"}},
		{"overlap", "pairings", ph + "wq-enterprise,222424100201,2020-03-01,\nwq-enterprise,222424100201,2021-03-01,\n",
			[]string{"bad.csv:3: err.programme.pairing_overlap wq-enterprise 222424100201"}},
	}
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		importDemo(t, db, "regions", "organizations", "stations")
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				n, err := newProgrammeImporter(db).Import(context.Background(), tt.kind, "bad.csv", strings.NewReader(tt.file))
				if err == nil {
					t.Fatalf("import succeeded with %d rows, want an error", n)
				}
				if !errs.Is(err, errs.Invalid) && !errs.Is(err, errs.Conflict) {
					t.Errorf("error code = %q, want invalid", errs.CodeOf(err))
				}
				msg := reasons(err)
				at := 0
				for _, w := range tt.want {
					i := strings.Index(msg[at:], w)
					if i < 0 {
						t.Fatalf("error %q does not contain %q (after position %d)", msg, w, at)
					}
					at += i + len(w)
				}
				if ds, ps := registersOf(t, db); len(ds) != 0 || len(ps) != 0 {
					t.Errorf("a refused file wrote %d titles and %d pairings", len(ds), len(ps))
				}
			})
		}
	})
}
