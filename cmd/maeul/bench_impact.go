package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"maeul/internal/bench"
	"maeul/internal/region"
)

const benchImpactUsage = "bench impact [--db URL] [--lines N] [--households H] [--county CODE] [--months M] [--samples S] [--verify]"

// runBenchImpact is `maeul bench impact`: a county's ledger filled with
// posted order lines, and the time its impact figures take to read (see
// docs/benchmarks.md, "Impact figures").
func runBenchImpact(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	dbURL := fs.String("db", "", "database to fill (default: a new SQLite file in a temporary directory); PostgreSQL must be migrated")
	lines := fs.Int("lines", 1_000_000, "paid order lines to post (0: measure what the database holds)")
	households := fs.Int("households", 5000, "households to register in the county's villages (on the first run)")
	county := fs.String("county", "222424", "the county to fill and measure")
	months := fs.Int("months", 12, "months before this one to spread the lines over")
	samples := fs.Int("samples", 200, "timings per figure")
	verify := fs.Bool("verify", false, "also time `maeul verify` over the whole ledger")
	if err := parse(fs, args); err != nil {
		return err
	}
	code, err := region.ParseCode(*county)
	if err != nil || code.Level() != region.County {
		return usageError{fmt.Sprintf("--county %q: want a county code such as 222424", *county)}
	}
	if *lines < 0 || *households < 1 || *months < 1 || *samples < 1 {
		return usageError{"--lines must be at least 0, --households, --months and --samples at least 1"}
	}
	db, done, err := e.openBenchDB(ctx, dbURL, "?synchronous=normal")
	if err != nil {
		return err
	}
	defer done()
	opt := bench.ImpactOptions{County: code, Households: *households, Lines: *lines, Months: *months, Samples: *samples, Seed: 1, Out: e.stdout}
	start := time.Now()
	w, err := bench.SetUpImpact(ctx, db, opt)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "set up %d products and %d buyers in %s\n", len(w.Products), len(w.Buyers), time.Since(start).Round(time.Millisecond))
	if *lines > 0 {
		start = time.Now()
		n, orders, err := bench.GenerateImpact(ctx, db, w, opt)
		if err != nil {
			return err
		}
		d := time.Since(start)
		fmt.Fprintf(e.stdout, "posted %d lines in %d orders in %s (%.0f lines/s)\n", n, orders, d.Round(time.Second), float64(n)/d.Seconds())
	}
	if err := db.Analyze(ctx); err != nil {
		return err
	}
	held, err := db.LedgerSize(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "the database holds %d paid order lines, %d ledger entries, %d impact rollup rows (%s)\n",
		held.PaidLines, held.Entries, held.RollupRows, db.Engine())
	ts, err := bench.MeasureImpact(ctx, db, w, opt)
	if err != nil {
		return err
	}
	var line []string
	for _, t := range ts {
		fmt.Fprintln(e.stdout, t)
		line = append(line, fmt.Sprintf("%s_p50_ms=%.2f", t.Key, float64(t.P50)/1e6))
	}
	if *verify {
		start = time.Now()
		rep, err := db.VerifyLedger(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "verify: %d entries in %s, %d problems\n", rep.Entries, time.Since(start).Round(time.Millisecond), len(rep.Problems)+rep.More)
		line = append(line, fmt.Sprintf("verify_s=%.1f", time.Since(start).Seconds()))
	}
	fmt.Fprintf(e.stdout, "paid_lines=%d entries=%d rollup_rows=%d %s\n", held.PaidLines, held.Entries, held.RollupRows, strings.Join(line, " "))
	return nil
}
