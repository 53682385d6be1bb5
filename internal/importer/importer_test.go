package importer_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/demo"
	"maeul/internal/errs"
	"maeul/internal/importer"
	"maeul/internal/org"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	storetest.Cleanup()
	os.Exit(code)
}

func newImporter(db *store.DB) *importer.Importer {
	return &importer.Importer{
		Store:   db,
		Catalog: &catalog.Service{Store: db, Orgs: db, Points: db},
		Actor:   accounts.SystemActor,
	}
}

func importDemo(t *testing.T, db *store.DB, kinds ...string) {
	t.Helper()
	for _, k := range kinds {
		b, err := demo.File(k + ".csv")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := newImporter(db).Import(context.Background(), k, k+".csv", strings.NewReader(string(b))); err != nil {
			t.Fatalf("import %s: %v", k, err)
		}
	}
}

// snapshot is a cheap fingerprint of what the import tables hold.
func snapshot(t *testing.T, db *store.DB) [3]int {
	t.Helper()
	ctx := context.Background()
	kids, err := db.Children(ctx, "222400000000")
	if err != nil && !errs.Is(err, errs.NotFound) {
		t.Fatal(err)
	}
	os, err := db.Organizations(ctx, org.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, k := range kids {
		n += k.Children + 1
	}
	return [3]int{len(kids), n, len(os)}
}

func TestImportDemoFilesTwice(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		importDemo(t, db, "regions", "organizations", "stations")
		before := snapshot(t, db)
		if before[0] != 8 {
			t.Errorf("Yanbian has %d counties after import, want 8", before[0])
		}
		importDemo(t, db, "regions", "organizations", "stations")
		if after := snapshot(t, db); after != before {
			t.Errorf("re-import changed the data: %v → %v", before, after)
		}
		p, err := db.ServicePoint(context.Background(), "wq-dongguang-station")
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Serves) == 0 {
			t.Errorf("town station serves nothing")
		}
	})
}

func TestBadFiles(t *testing.T) {
	header := "code,parent_code,level,name_ko,name_zh,name_en,rural,poor\n"
	tests := []struct {
		name, kind, file string
		want             []string // substrings of the error, in order
	}{
		{"unknown column", "regions", "code,parent_code,level,name_ko,colour\n", []string{"bad.csv:1: column colour: unknown column"}},
		{"missing column", "regions", "code,level,name_ko\n", []string{"bad.csv:1: column parent_code: missing from the header"}},
		{"empty file", "regions", "", []string{"bad.csv:1: the file is empty"}},
		{"missing parent", "regions", header + "220000000000,,province,길림,,,false,false\n222499000000,222498000000,prefecture,x,,,false,false\n",
			[]string{"bad.csv:3: column parent_code: parent region 222498000000 not found"}},
		{"bad code", "regions", header + "22x,,province,길림,,,false,false\n", []string{"bad.csv:2: column code: bad region code"}},
		{"unknown level", "regions", header + "220000000000,,state,길림,,,false,false\n", []string{"bad.csv:2: column level: unknown level \"state\""}},
		{"level disagrees with code", "regions", header + "220000000000,,county,길림,,,false,false\n", []string{"bad.csv:2: column level: code 220000000000 is a province code"}},
		{"duplicate code", "regions", header + "220000000000,,province,길림,,,false,false\n22,,province,길림,,,false,false\n",
			[]string{"bad.csv:3: column code: duplicate code 220000000000 (first on line 2)"}},
		{"bad boolean", "regions", header + "220000000000,,province,길림,,,maybe,false\n", []string{"bad.csv:2: column rural: \"maybe\" is not a boolean"}},
		{"field count", "regions", header + "220000000000,,province\n", []string{"bad.csv:2: has 3 fields, the header has 8"}},
		{"bare quote", "regions", header + "220000000000,,province,\"길\"림,,,false,false\n", []string{"bad.csv:2: malformed CSV"}},
		{"several problems in line order", "regions", header + "22,,province,,,,false,false\n2224,220000000000,prefecture,연변,,,x,false\n",
			[]string{"bad.csv:2: column name_ko", "bad.csv:3: column rural"}},
		{"org unknown kind", "organizations", "code,kind,region_code,name_ko,name_zh,name_en,leading\nx1,bank,222401,이름,,,false\n",
			[]string{"bad.csv:2: column kind: unknown organization kind \"bank\""}},
		{"org unknown region", "organizations", "code,kind,region_code,name_ko,name_zh,name_en,leading\nx1,farm,222477,이름,,,false\n",
			[]string{"bad.csv:2: column region_code: region 222477000000 not found"}},
		{"org leading farm", "organizations", "code,kind,region_code,name_ko,name_zh,name_en,leading\nx1,farm,222401,이름,,,true\n",
			[]string{"bad.csv:2: column leading: only an enterprise"}},
		{"station bad serves", "stations", "code,kind,region_code,name_ko,name_zh,name_en,serves\ns1,town_station,222424100,역,,,222424100201;9x\n",
			[]string{"bad.csv:2: column serves: bad region code \"9x\""}},
		{"station unknown served", "stations", "code,kind,region_code,name_ko,name_zh,name_en,serves\ns1,town_station,222424100,역,,,222424100299\n",
			[]string{"bad.csv:2: column serves: region 222424100299 not found"}},
	}
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		importDemo(t, db, "regions", "organizations", "stations")
		before := snapshot(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				n, err := newImporter(db).Import(context.Background(), tt.kind, "bad.csv", strings.NewReader(tt.file))
				if err == nil {
					t.Fatalf("import succeeded with %d rows, want an error", n)
				}
				if !errs.Is(err, errs.Invalid) {
					t.Errorf("error code = %q, want invalid", errs.CodeOf(err))
				}
				msg := err.Error()
				at := 0
				for _, w := range tt.want {
					i := strings.Index(msg[at:], w)
					if i < 0 {
						t.Fatalf("error %q does not contain %q (after position %d)", msg, w, at)
					}
					at += i + len(w)
				}
				if after := snapshot(t, db); after != before {
					t.Errorf("a refused file changed the data: %v → %v", before, after)
				}
			})
		}
	})
}

func TestPartialBadFileWritesNothing(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		// The first rows are fine; the last is not: none may be written.
		f := "code,parent_code,level,name_ko\n220000000000,,province,길림성\n222400000000,220000000000,prefecture,연변\n222401000000,222400000000,county,\n"
		if _, err := newImporter(db).Import(context.Background(), "regions", "bad.csv", strings.NewReader(f)); err == nil {
			t.Fatal("import succeeded, want an error for the nameless county")
		}
		if _, err := db.Region(context.Background(), "220000000000"); !errs.Is(err, errs.NotFound) {
			t.Errorf("province was written from a refused file: %v", err)
		}
	})
}

func TestBOMAndColumnOrder(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		f := "\xEF\xBB\xBFname_ko,level,parent_code,code\r\n길림성,province,,22\r\n"
		n, err := newImporter(db).Import(context.Background(), "regions", "bom.csv", strings.NewReader(f))
		if err != nil || n != 1 {
			t.Fatalf("import = %d, %v; want 1 row", n, err)
		}
		r, err := db.Region(context.Background(), "220000000000")
		if err != nil || r.Name.Ko != "길림성" {
			t.Errorf("region = %+v, %v", r, err)
		}
	})
}

func TestUnknownKind(t *testing.T) {
	if _, err := (&importer.Importer{}).Import(context.Background(), "spaceships", "x.csv", strings.NewReader("")); !errs.Is(err, errs.Invalid) {
		t.Errorf("unknown kind: %v, want invalid", err)
	}
}
