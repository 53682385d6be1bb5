package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/i18n"
	"maeul/internal/impact"
	"maeul/internal/importer"
	"maeul/internal/stats"
	"maeul/internal/store"
	"maeul/internal/vans"
)

const importUsage = "import KIND FILE [--lang ko|zh|en] [--db URL]"

var cmdImport = &command{
	name:  "import",
	usage: importUsage,
	short: "import a CSV file, all or nothing (KIND: " + strings.Join(importer.KindNames(), ", ") + ")",
	run:   runImport,
}

func runImport(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	dbURL := e.dbFlag(fs)
	lang := e.langFlag(fs, i18n.En)
	// Flags may come before or after the two positional arguments.
	pos, err := parseMixed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usageError{"usage: maeul " + importUsage}
	}
	if err := e.setLang(*lang); err != nil {
		return err
	}
	kind, file := pos[0], pos[1]
	if _, ok := importer.Kinds[kind]; !ok {
		return usageError{fmt.Sprintf("unknown import kind %q (want one of %s)", kind, strings.Join(importer.KindNames(), ", "))}
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	db, err := e.openDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	imp := &impact.Service{Store: db, Orgs: db, Points: db, Regions: db, Products: db}
	im := &importer.Importer{
		Store:     db,
		Catalog:   &catalog.Service{Store: db, Orgs: db, Points: db, Links: imp},
		Impact:    imp,
		Programme: newProgramme(db),
		Stats:     newStats(db),
		Vans:      &vans.Service{Store: db, Points: db},
		Actor:     accounts.SystemActor,
	}
	n, err := im.Import(ctx, kind, file, f)
	if err != nil {
		return e.refused(err, "", i18n.M("err.importer.refused", file))
	}
	if err := db.Optimize(ctx); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "imported %d %s from %s\n", n, kind, file)
	return nil
}

// newStats returns the statistics service over db.
func newStats(db *store.DB) *stats.Service {
	return &stats.Service{Figures: db, Facts: db, Sales: db, Categories: db, Orgs: db, Regions: db, Listings: db, Products: db}
}
