package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"maeul/internal/bench"
	"maeul/internal/region"
)

const benchSalesUsage = "bench sales [--db URL] [--facts N] [--months M] [--samples S] [--import-lines L] [--prefecture CODE]"

// runBenchSales is `maeul bench sales`: the statistics' sales facts
// generated over months, the time the figures take to read, and the time
// a sales file takes to import (see docs/benchmarks.md, "Sales
// statistics").
func runBenchSales(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	dbURL := fs.String("db", "", "database to fill (default: a new SQLite file in a temporary directory); PostgreSQL must be migrated")
	facts := fs.Int("facts", 1_000_000, "sales facts to generate (0: measure what the database holds)")
	months := fs.Int("months", 36, "months before now to spread the facts over")
	samples := fs.Int("samples", 100, "timings per figure")
	importLines := fs.Int("import-lines", 0, "also import a sales file of this many lines, and time it")
	pref := fs.String("prefecture", "222400", "the prefecture whose villages and counties sell")
	if err := parse(fs, args); err != nil {
		return err
	}
	code, err := region.ParseCode(*pref)
	if err != nil || code.Level() != region.Prefecture {
		return usageError{fmt.Sprintf("--prefecture %q: want a prefecture code such as 222400", *pref)}
	}
	if *facts < 0 || *months < 1 || *samples < 1 || *importLines < 0 {
		return usageError{"--facts and --import-lines must be at least 0, --months and --samples at least 1"}
	}
	db, done, err := e.openBenchDB(ctx, dbURL, "?synchronous=normal")
	if err != nil {
		return err
	}
	defer done()
	opt := bench.SalesOptions{Prefecture: code, Facts: *facts, Months: *months, Samples: *samples, ImportLines: *importLines,
		Now: time.Now(), Seed: 1, Out: e.stdout}
	if *facts > 0 {
		if err := bench.GenerateSales(ctx, db, opt); err != nil {
			return err
		}
	}
	if err := db.Analyze(ctx); err != nil {
		return err
	}
	held, rollup, err := db.SalesSize(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "the database holds %d sales facts and %d rollup rows (%s)\n", held, rollup, db.Engine())
	ts, err := bench.MeasureSales(ctx, db, opt)
	if err != nil {
		return err
	}
	line := []string{fmt.Sprintf("facts=%d rollup_rows=%d", held, rollup)}
	for _, t := range ts {
		fmt.Fprintln(e.stdout, t)
		line = append(line, fmt.Sprintf("%s_p50_ms=%.2f", t.Key, float64(t.P50)/1e6))
	}
	if *importLines > 0 {
		d, err := bench.ImportSales(ctx, db, opt, os.TempDir())
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "imported a sales file of %d lines in %s\n", *importLines, d.Round(time.Millisecond))
		line = append(line, fmt.Sprintf("import_%d_s=%.1f", *importLines, d.Seconds()))
	}
	fmt.Fprintln(e.stdout, strings.Join(line, " "))
	return nil
}
