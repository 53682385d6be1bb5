package importer_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"maeul/internal/demo"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/importer"
	"maeul/internal/programme"
	"maeul/internal/stats"
	"maeul/internal/store/storetest"
	"maeul/internal/vans"
)

// FuzzImport feeds every import kind arbitrary files, on SQLite with the
// demo data loaded: an import never panics and never fails as an internal
// error (what a 500 or a crash of `maeul import` would be); a refused file
// is a list of FILE:LINE problems that render in every language.
func FuzzImport(f *testing.F) {
	for _, kind := range importer.KindNames() {
		b, err := demo.File(kind + ".csv")
		if err != nil {
			// A kind without a demo file: its header and an empty row.
			cols := importer.Kinds[kind].Schema.Columns()
			b = []byte(strings.Join(cols, ",") + "\n" + strings.Repeat(",", len(cols)-1) + "\n")
		}
		lines := strings.SplitAfter(string(b), "\n")
		head := strings.Join(lines[:min(4, len(lines))], "")
		f.Add(kind, []byte(head))
		f.Add(kind, []byte(lines[0]+strings.Repeat(",", strings.Count(lines[0], ","))+"\n"))
		f.Add(kind, []byte(strings.Replace(head, ",", ",\x00", 1)))
		f.Add(kind, []byte(strings.Replace(head, ",", ",\xff", 2)))
		f.Add(kind, []byte(lines[0]+"\"unterminated\n"))
	}
	db := storetest.Open(f, "sqlite")
	storetest.Demo(f, db)
	im := newImpactImporter(db)
	im.Programme = &programme.Service{Store: db, Regions: db, Orgs: db, Points: db}
	im.Stats = &stats.Service{Figures: db, Facts: db, Categories: db, Orgs: db, Regions: db}
	im.Vans = &vans.Service{Store: db, Points: db}
	cat := i18n.Embedded()
	f.Fuzz(func(t *testing.T, kind string, data []byte) {
		if _, ok := importer.Kinds[kind]; !ok {
			return
		}
		_, err := im.Import(context.Background(), kind, "fuzz.csv", bytes.NewReader(data))
		if err == nil {
			return
		}
		if errs.CodeOf(err) == errs.Internal {
			t.Fatalf("import %s: internal error: %v", kind, err)
		}
		var e *importer.Error
		if errs.Reason(err) == "err.importer.refused" && errors.As(err, &e) {
			for _, p := range e.Problems {
				if p.File != "fuzz.csv" || p.Line < 1 {
					t.Fatalf("problem at %s:%d", p.File, p.Line)
				}
			}
		}
		for _, l := range i18n.Langs {
			if errs.MessageIn(err, cat, l) == "" {
				t.Fatalf("import %s: empty message in %s for %v", kind, l, err)
			}
		}
	})
}
