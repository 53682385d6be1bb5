package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"maeul/internal/bench"
	"maeul/internal/network/reports"
	"maeul/internal/region"
)

const benchCoverageUsage = "bench coverage [--db URL] [--prefecture CODE] [--villages N] [--points P] [--samples S]"

// runBenchCoverage is `maeul bench coverage`: a generated prefecture's
// registry, and the time its coverage report takes (see
// docs/benchmarks.md, "Coverage").
func runBenchCoverage(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	dbURL := fs.String("db", "", "database to fill (default: a new SQLite file in a temporary directory); PostgreSQL must be migrated")
	pref := fs.String("prefecture", "229800", "the prefecture to generate and measure (kept apart from the demo's)")
	villages := fs.Int("villages", 10_000, "villages to generate")
	points := fs.Int("points", 2_000, "service points to generate")
	samples := fs.Int("samples", 200, "timings per report")
	if err := parse(fs, args); err != nil {
		return err
	}
	code, err := region.ParseCode(*pref)
	if err != nil || code.Level() != region.Prefecture {
		return usageError{fmt.Sprintf("--prefecture %q: want a prefecture code such as 229800", *pref)}
	}
	if *villages < 1 || *points < 1 || *samples < 1 {
		return usageError{"--villages, --points and --samples must be at least 1"}
	}
	if *dbURL == "" {
		url, remove, err := tempSQLite("")
		if err != nil {
			return err
		}
		defer remove()
		*dbURL = url
	}
	db, err := e.openDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	opt := bench.CoverageOptions{Prefecture: code, Villages: *villages, Points: *points, Samples: *samples}
	start := time.Now()
	if err := bench.GenerateCoverage(ctx, db, opt); err != nil {
		return err
	}
	if err := db.Analyze(ctx); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "generated %d villages and %d service points in %s (%s)\n", *villages, *points, time.Since(start).Round(time.Millisecond), db.Engine())
	ts, rep, err := bench.MeasureCoverage(ctx, db, opt)
	if err != nil {
		return err
	}
	doc := reports.FromReport(rep, e.lang)
	fmt.Fprintf(e.stdout, "the prefecture: %d of %d poor villages served (%s), %d counties, %d candidates chosen\n",
		doc.PoorVillagesServed, doc.PoorVillages, reports.Rate(doc.CoverageRate), len(doc.Counties), len(doc.CandidateChoice))
	for _, t := range ts {
		fmt.Fprintf(e.stdout, "%s  min %7.2f ms\n", t, float64(t.Min)/float64(time.Millisecond))
	}
	return nil
}
