package importer_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/demo"
	"maeul/internal/errs"
	"maeul/internal/i18n"
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
		want             []string // substrings of the problems as reasons() lists them, in order
	}{
		{"unknown column", "regions", "code,parent_code,level,name_ko,colour\n", []string{"bad.csv:1: column colour: err.importer.unknown_column"}},
		{"missing column", "regions", "code,level,name_ko\n", []string{"bad.csv:1: column parent_code: err.importer.column_missing"}},
		{"empty file", "regions", "", []string{"bad.csv:1: err.importer.no_header"}},
		{"missing parent", "regions", header + "220000000000,,province,길림,,,false,false\n222499000000,222498000000,prefecture,x,,,false,false\n",
			[]string{"bad.csv:3: column parent_code: err.importer.parent_not_found 222498000000"}},
		{"bad code", "regions", header + "22x,,province,길림,,,false,false\n", []string{"bad.csv:2: column code: err.region.code_length"}},
		{"unknown level", "regions", header + "220000000000,,state,길림,,,false,false\n", []string{"bad.csv:2: column level: err.region.unknown_level state"}},
		{"level disagrees with code", "regions", header + "220000000000,,county,길림,,,false,false\n", []string{"bad.csv:2: column level: err.region.level_mismatch 220000000000"}},
		{"duplicate code", "regions", header + "220000000000,,province,길림,,,false,false\n22,,province,길림,,,false,false\n",
			[]string{"bad.csv:3: column code: err.importer.duplicate_code 220000000000 2"}},
		{"bad boolean", "regions", header + "220000000000,,province,길림,,,maybe,false\n", []string{"bad.csv:2: column rural: err.importer.bool maybe"}},
		{"field count", "regions", header + "220000000000,,province\n", []string{"bad.csv:2: err.importer.field_count 3 8"}},
		{"bare quote", "regions", header + "220000000000,,province,\"길\"림,,,false,false\n", []string{"bad.csv:2: err.importer.malformed"}},
		{"several problems in line order", "regions", header + "22,,province,,,,false,false\n2224,220000000000,prefecture,연변,,,x,false\n",
			[]string{"bad.csv:2: column name_ko", "bad.csv:3: column rural"}},
		{"org unknown kind", "organizations", "code,kind,region_code,name_ko,name_zh,name_en,leading\nx1,bank,222401,이름,,,false\n",
			[]string{"bad.csv:2: column kind: err.org.unknown_kind bank"}},
		{"org unknown region", "organizations", "code,kind,region_code,name_ko,name_zh,name_en,leading\nx1,farm,222477,이름,,,false\n",
			[]string{"bad.csv:2: column region_code: err.region.not_found 222477000000"}},
		{"org leading farm", "organizations", "code,kind,region_code,name_ko,name_zh,name_en,leading\nx1,farm,222401,이름,,,true\n",
			[]string{"bad.csv:2: column leading: err.org.leading"}},
		{"station bad serves", "stations", "code,kind,region_code,name_ko,name_zh,name_en,serves\ns1,town_station,222424100,역,,,222424100201;9x\n",
			[]string{"bad.csv:2: column serves: err.region.code_digits 9x"}},
		// Found by FuzzImport: a malformed first row made the reader panic.
		{"unterminated quote in the first row", "regions", header + "\"220000000000,,province\n", []string{"bad.csv:2: err.importer.malformed"}},
		{"invalid UTF-8", "regions", header + "220000000000,,province,\xff\xfe길림,,,false,false\n", []string{"bad.csv:2: column name_ko: err.text.utf8"}},
		{"NUL in a name", "regions", header + "220000000000,,province,길\x00림,,,false,false\n", []string{"bad.csv:2: column name_ko: err.text.control 0"}},
		{"control character in an organization", "organizations", "code,kind,region_code,name_ko,name_zh,name_en,leading\nx1,farm,222401,이\x07름,,,false\n",
			[]string{"bad.csv:2: column name_ko: err.text.control 7"}},
		{"name too long", "organizations", "code,kind,region_code,name_ko,name_zh,name_en,leading\nx1,farm,222401," + strings.Repeat("이", 201) + ",,,false\n",
			[]string{"bad.csv:2: column name_ko: err.text.too_long 200 201"}},
		{"over the size bound", "regions", header + strings.Repeat("220000000000,,province,길림,,,false,false\n", importer.MaxFileBytes/40+1),
			[]string{"err.importer.too_large 16"}},
		{"station unknown served", "stations", "code,kind,region_code,name_ko,name_zh,name_en,serves\ns1,town_station,222424100,역,,,222424100299\n",
			[]string{"bad.csv:2: column serves: err.region.not_found 222424100299"}},
	}
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		importDemo(t, db, "regions", "organizations", "stations")
		before := snapshot(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				n, err := newImporter(db).Import(context.Background(), tt.kind, "bad.csv", strings.NewReader(tt.file))
				wantRefused(t, n, err, tt.want)
				if after := snapshot(t, db); after != before {
					t.Errorf("a refused file changed the data: %v → %v", before, after)
				}
			})
		}
	})
}

// wantRefused checks that an import of n rows was refused as Invalid with
// problems containing want, in that order.
func wantRefused(t *testing.T, n int, err error, want []string) {
	t.Helper()
	if err == nil {
		t.Fatalf("import succeeded with %d rows, want an error", n)
	}
	if !errs.Is(err, errs.Invalid) {
		t.Errorf("error code = %q, want invalid", errs.CodeOf(err))
	}
	msg := reasons(err)
	at := 0
	for _, w := range want {
		i := strings.Index(msg[at:], w)
		if i < 0 {
			t.Fatalf("error %q does not contain %q (after position %d)", msg, w, at)
		}
		at += i + len(w)
	}
}

// reasons lists a refused file's problems as "FILE:LINE: column NAME:
// KEY ARGS…", one a line: where each is and which refusal it is.
func reasons(err error) string {
	var e *importer.Error
	if !errors.As(err, &e) {
		return err.Error()
	}
	var b strings.Builder
	for _, p := range e.Problems {
		fmt.Fprintf(&b, "%s:%d: ", p.File, p.Line)
		if p.Column != "" {
			fmt.Fprintf(&b, "column %s: ", p.Column)
		}
		b.WriteString(p.Msg.Key)
		for _, a := range p.Msg.Args {
			if m, ok := a.(i18n.Msg); ok {
				a = m.Key
			}
			fmt.Fprintf(&b, " %v", a)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// TestProblemsInTheReadersLanguage checks that a refused file's problems
// keep their FILE:LINE: column NAME: shape in every language, with the
// message in that language.
func TestProblemsInTheReadersLanguage(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		file := "code,parent_code,level,name_ko,name_zh,name_en,rural,poor\n220000000000,,province,길림,,,maybe,false\n"
		_, err := newImporter(db).Import(context.Background(), "regions", "bad.csv", strings.NewReader(file))
		cat := i18n.Embedded()
		for _, tt := range []struct {
			lang i18n.Lang
			want string
		}{
			{i18n.En, `bad.csv:2: column rural: "maybe" is not a boolean (want true/false or 1/0).`},
			{i18n.Ko, `bad.csv:2: column rural: "maybe"은(는) 참/거짓 값이 아닙니다(true/false 또는 1/0).`},
			{i18n.Zh, `bad.csv:2: column rural: "maybe"不是布尔值（应为true/false或1/0）。`},
		} {
			if got := errs.MessageIn(err, cat, tt.lang); got != tt.want {
				t.Errorf("in %s: %q, want %q", tt.lang, got, tt.want)
			}
		}
		if got := errs.Reason(err); got != "err.importer.refused" {
			t.Errorf("reason %q, want err.importer.refused", got)
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
