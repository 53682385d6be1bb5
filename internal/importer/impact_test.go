package importer_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/demo"
	"maeul/internal/errs"
	"maeul/internal/impact"
	"maeul/internal/importer"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

// newImpactImporter is the command line's importer: the catalog checks
// the poverty-alleviation label against the benefit links.
func newImpactImporter(db *store.DB) *importer.Importer {
	imp := &impact.Service{Store: db, Orgs: db, Points: db, Regions: db, Products: db}
	return &importer.Importer{
		Store:   db,
		Catalog: &catalog.Service{Store: db, Orgs: db, Points: db, Links: imp},
		Impact:  imp,
		Actor:   accounts.SystemActor,
	}
}

// registers returns everything the household and link registers hold.
func registers(t *testing.T, db *store.DB) ([]impact.Household, []impact.Link) {
	t.Helper()
	hs, err := db.Households(context.Background(), impact.HouseholdFilter{})
	if err != nil {
		t.Fatal(err)
	}
	ls, err := db.Links(context.Background(), impact.LinkFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return hs, ls
}

func importFile(t *testing.T, db *store.DB, kind, name string, b []byte) int {
	t.Helper()
	n, err := newImpactImporter(db).Import(context.Background(), kind, name, strings.NewReader(string(b)))
	if err != nil {
		t.Fatalf("import %s %s: %v", kind, name, err)
	}
	return n
}

func demoRows(t *testing.T, name string) int {
	t.Helper()
	b, err := demo.File(name)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(strings.TrimSpace(string(b)), "\n")
}

func TestImportDemoRegistersTwice(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		// The products go in without the label's link check: their supplier
		// links need them first (see demo.importProducts).
		importDemo(t, db, "regions", "organizations", "stations", "products")
		for _, kind := range []string{"households", "links"} {
			b, _ := demo.File(kind + ".csv")
			if n, want := importFile(t, db, kind, kind+".csv", b), demoRows(t, kind+".csv"); n != want {
				t.Errorf("imported %d %s, want %d", n, kind, want)
			}
		}
		hs, ls := registers(t, db)
		if len(hs) != demoRows(t, "households.csv") || len(ls) != demoRows(t, "links.csv") {
			t.Errorf("stored %d households and %d links", len(hs), len(ls))
		}
		for _, kind := range []string{"households", "links"} {
			b, _ := demo.File(kind + ".csv")
			importFile(t, db, kind, kind+".csv", b)
		}
		hs2, ls2 := registers(t, db)
		if diff := cmp.Diff(hs, hs2); diff != "" {
			t.Errorf("re-importing changed the households (-before +after):\n%s", diff)
		}
		if diff := cmp.Diff(ls, ls2); diff != "" {
			t.Errorf("re-importing changed the links (-before +after):\n%s", diff)
		}

		// The documented examples import into the demo data as they are.
		for _, kind := range []string{"households", "links"} {
			b, err := os.ReadFile("../../docs/examples/" + kind + ".csv")
			if err != nil {
				t.Fatal(err)
			}
			importFile(t, db, kind, kind+".csv", b)
		}
		if h, err := db.Household(context.Background(), "222424100202-22"); err != nil || h.Status != impact.Lifted || h.LiftedYear != 2020 {
			t.Errorf("the example's lifted household = %+v, %v", h, err)
		}
	})
}

const (
	householdHeader = "code,village_code,members,head_name,id_number,phone,status,lifted_year\n"
	linkHeader      = "household_code,org_code,kind,sku,percent,per_unit_fen,shares,valid_from,valid_to\n"
)

func TestBadRegisterFiles(t *testing.T) {
	tests := []struct {
		name, kind, file string
		want             []string // substrings of the problems as reasons() lists them, in order
	}{
		{"household missing column", "households", "code,village_code,members,head_name,id_number,status,lifted_year\n",
			[]string{"bad.csv:1: column phone: err.importer.column_missing"}},
		{"bad ID check digit", "households", householdHeader + "T-1,222424100201,3,김철수,222424196001071235,,poor,\n",
			[]string{"bad.csv:2: column id_number: err.impact.id_check"}},
		{"ID too short", "households", householdHeader + "T-1,222424100201,3,김철수,22242419600107123,,poor,\n",
			[]string{"bad.csv:2: column id_number: err.impact.id_length 17"}},
		{"unknown village", "households", householdHeader + "T-1,222424100299,3,김철수,222424196001071234,,poor,\n",
			[]string{"bad.csv:2: column village_code: err.importer.village_not_found 222424100299"}},
		{"a town for a village", "households", householdHeader + "T-1,222424100,3,김철수,222424196001071234,,poor,\n",
			[]string{"bad.csv:2: column village_code: err.importer.not_village 222424100000 region.noun.town"}},
		{"lifted without year", "households", householdHeader + "T-1,222424100201,3,김철수,222424196001071234,,lifted,\n",
			[]string{"bad.csv:2: column lifted_year: err.importer.lifted_year_missing"}},
		{"poor with a year", "households", householdHeader + "T-1,222424100201,3,김철수,222424196001071234,,poor,2019\n",
			[]string{"bad.csv:2: column lifted_year: err.importer.lifted_year_poor"}},
		{"unknown status", "households", householdHeader + "T-1,222424100201,3,김철수,222424196001071234,,rich,\n",
			[]string{"bad.csv:2: column status: err.input.household_status rich"}},
		{"members not a number", "households", householdHeader + "T-1,222424100201,three,김철수,222424196001071234,,poor,\n",
			[]string{"bad.csv:2: column members: err.importer.members three"}},
		{"household twice", "households", householdHeader + "T-1,222424100201,3,김철수,222424196001071234,,poor,\nT-1,222424100201,3,김철수,222424196001151234,,poor,\n",
			[]string{"bad.csv:3: column code: err.importer.duplicate_code T-1 2"}},
		{"one head for two households", "households", householdHeader + "T-1,222424100201,3,김철수,222424196001071234,,poor,\nT-2,222424100201,3,김철수,222424196001071234,,poor,\n",
			[]string{"bad.csv:3: column id_number: err.importer.same_id_number 2"}},
		{"the head of a stored household", "households", householdHeader + "T-1,222424100201,3,김철수,222424196001071234,,poor,\nT-2,222424100201,3,최순희,222424196001231234,,poor,\n",
			[]string{"bad.csv:3: column id_number: err.impact.id_number_taken T-REG"}},
		{"bad phone, every problem listed", "households", householdHeader + "T-1,222424100201,3,김철수,222424196001071234,ring ring,poor,\nT-2,222424100201,0,최순희,222424196001151234,,poor,\n",
			[]string{"bad.csv:2: column phone: err.impact.phone ring ring", "bad.csv:3: column members: err.importer.members 0"}},

		{"link missing column", "links", "household_code,org_code,kind\n", []string{"bad.csv:1: column valid_from: err.importer.column_missing"}},
		{"unknown org", "links", linkHeader + "T-REG,nobody,member,,,,2,2026-01-01,\n",
			[]string{"bad.csv:2: column org_code: err.impact.org_not_found nobody"}},
		{"unregistered household", "links", linkHeader + "T-NONE,wq-dongxing-store,member,,,,2,2026-01-01,\n",
			[]string{"bad.csv:2: column household_code: err.impact.household_not_registered T-NONE"}},
		{"unknown kind", "links", linkHeader + "T-REG,wq-dongxing-store,employee,,,,2,2026-01-01,\n",
			[]string{"bad.csv:2: column kind: err.impact.link_kind employee"}},
		{"member with a percent", "links", linkHeader + "T-REG,wq-dongxing-store,member,,10,,2,2026-01-01,\n",
			[]string{"bad.csv:2: column percent: err.importer.link_column links.kind.member"}},
		{"member without shares", "links", linkHeader + "T-REG,wq-dongxing-store,member,,,,,2026-01-01,\n",
			[]string{"bad.csv:2: column shares: err.importer.empty"}},
		{"pool with a household", "links", linkHeader + "T-REG,wq-dongxing-store,pool,,5,,,2026-01-01,\n",
			[]string{"bad.csv:2: column household_code: err.importer.link_column links.kind.pool"}},
		{"supplier with shares and no sku", "links", linkHeader + "T-REG,wq-dongxing-store,supplier,,10,,3,2026-01-01,\n",
			[]string{"bad.csv:2: column shares: err.importer.link_column links.kind.supplier", "bad.csv:2: column sku: err.importer.empty"}},
		{"supplier with percent and amount", "links", linkHeader + "T-REG,wq-dongxing-store,supplier,WQ-DX-EGG-30,10,150,,2026-01-01,\n",
			[]string{"bad.csv:2: column percent: err.importer.supplier_credit"}},
		{"bad percent", "links", linkHeader + "T-REG,wq-dongxing-store,supplier,WQ-DX-EGG-30,12.345,,,2026-01-01,\n",
			[]string{"bad.csv:2: column percent: err.money.percent 12.345"}},
		{"bad amount", "links", linkHeader + "T-REG,wq-dongxing-store,supplier,WQ-DX-EGG-30,,1.50,,2026-01-01,\n",
			[]string{"bad.csv:2: column per_unit_fen: err.importer.fen 1.50"}},
		{"bad date", "links", linkHeader + "T-REG,wq-dongxing-store,member,,,,1,2026-13-01,\n",
			[]string{"bad.csv:2: column valid_from: err.input.date 2026-13-01"}},
		{"ends before it starts", "links", linkHeader + "T-REG,wq-dongxing-store,member,,,,1,2026-03-01,2026-02-28\n",
			[]string{"bad.csv:2: column valid_to: err.importer.link_ends_before 2026-02-28 2026-03-01"}},
		{"the same link twice", "links", linkHeader + "T-REG,wq-dongxing-store,member,,,,1,2026-03-01,\nT-REG,wq-dongxing-store,member,,,,1,2026-03-01,\n",
			[]string{"bad.csv:3: err.importer.same_link 2"}},
		{"another organization's product", "links", linkHeader + "T-REG,wq-dongxing-store,supplier,YJ-LT-EGG-30,10,,,2026-01-01,\n",
			[]string{"bad.csv:2: column sku: err.impact.not_org_product YJ-LT-EGG-30 wq-dongxing-store"}},
		{"member of an enterprise", "links", linkHeader + "T-REG,wq-enterprise,member,,,,2,2026-01-01,\n",
			[]string{"bad.csv:2: column kind: err.impact.no_members_kind wq-enterprise org.kind.enterprise"}},
		{"household of another county", "links", linkHeader + "T-REG,yj-laotou-store,member,,,,2,2026-01-01,\n",
			[]string{"bad.csv:2: column household_code: err.impact.link_other_county T-REG 222424000000 yj-laotou-store 222401000000"}},
		{"more than the whole price", "links", linkHeader + "T-REG,wq-dongxing-store,supplier,product:wq-dongxing-eggs,96,,,2026-01-01,\n",
			[]string{"bad.csv:2: column percent: err.impact.links_over 2026-01-01 wq-dongxing-store"}},
		{"every refused link listed", "links", linkHeader + "T-REG,nobody,member,,,,2,2026-01-01,\nT-REG,wq-dongxing-store,member,,,,2,2026-01-01,\nT-NONE,wq-coop,member,,,,1,2026-01-01,\n",
			[]string{"bad.csv:2: column org_code: err.impact.org_not_found nobody", "bad.csv:4: column household_code: err.impact.household_not_registered T-NONE"}},
	}
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		accts := accounts.NewService(db)
		accts.Params = accounts.HashParams{Time: 1, MemKiB: 1024, Threads: 1}
		if err := demo.Load(ctx, db, accts); err != nil {
			t.Fatal(err)
		}
		importFile(t, db, "households", "reg.csv", []byte(householdHeader+"T-REG,222424100201,3,리영호,222424196001231234,,poor,\n"))
		beforeH, beforeL := registers(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				n, err := newImpactImporter(db).Import(ctx, tt.kind, "bad.csv", strings.NewReader(tt.file))
				if err == nil {
					t.Fatalf("import succeeded with %d rows, want an error", n)
				}
				if !errs.Is(err, errs.Invalid) {
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
				afterH, afterL := registers(t, db)
				if !cmp.Equal(beforeH, afterH) || !cmp.Equal(beforeL, afterL) {
					t.Errorf("a refused file changed the registers: %d households, %d links → %d, %d", len(beforeH), len(beforeL), len(afterH), len(afterL))
				}
			})
		}
	})
}

// TestProductImportNeedsALinkForTheLabel: the products import refuses the
// poverty-alleviation label on a product no link ties to a poor household,
// at the product's line.
func TestProductImportNeedsALinkForTheLabel(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		accts := accounts.NewService(db)
		accts.Params = accounts.HashParams{Time: 1, MemKiB: 1024, Threads: 1}
		if err := demo.Load(ctx, db, accts); err != nil {
			t.Fatal(err)
		}
		const header = "product_code,org_code,category,origin_code,name_ko,sku,variant_ko,price,stock,labels,cert_no,cert_expiry\n"
		file := header +
			"wq-ent-new-honey,wq-enterprise,forest-ginseng-honey,222424100201,꿀,WQ-ENT-HONEY-1,1kg,88,5,poverty_alleviation,FP-2099-1,2099-12-31\n"
		_, err := newImpactImporter(db).Import(ctx, "products", "p.csv", strings.NewReader(file))
		want := "p.csv:2: column labels: err.catalog.label_needs_link wq-ent-new-honey"
		if err == nil || !strings.Contains(reasons(err), want) {
			t.Fatalf("import = %v, want %q", err, want)
		}
		// Every refused product is named, not only the first.
		two := header +
			"wq-ent-new-honey,wq-enterprise,forest-ginseng-honey,222424100201,꿀,WQ-ENT-HONEY-1,1kg,88,5,poverty_alleviation,FP-2099-1,2099-12-31\n" +
			"wq-dx-old-cert,wq-dongxing-store,forest-ginseng-honey,222424100201,꿀,WQ-DX-HONEY-9,1kg,88,5,poverty_alleviation,FP-2001-1,2001-12-31\n"
		_, err = newImpactImporter(db).Import(ctx, "products", "p.csv", strings.NewReader(two))
		for _, want := range []string{"p.csv:2: column labels:", "p.csv:3: column cert_expiry:"} {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("two bad products: import = %v, want it to contain %q", err, want)
			}
		}
		// A village store's members tie its products.
		file = header + "wq-dx-new-honey,wq-dongxing-store,forest-ginseng-honey,222424100201,꿀,WQ-DX-HONEY-1,1kg,88,5,poverty_alleviation,FP-2099-2,2099-12-31\n"
		if _, err := newImpactImporter(db).Import(ctx, "products", "p.csv", strings.NewReader(file)); err != nil {
			t.Errorf("a village store's labelled product: %v", err)
		}
	})
}
