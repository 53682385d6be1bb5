package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"maeul/internal/bench"
	"maeul/internal/demo"
)

const benchUsage = "bench catalog [--db URL] [--products N] [--clients C] [--duration D] [--target URL]"

var cmdBench = &command{
	name:  "bench",
	usage: benchUsage,
	short: "run a load tool against a real server (see docs/benchmarks.md)",
	run:   runBench,
}

func runBench(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	if len(args) == 0 || args[0] != "catalog" {
		return usageError{"usage: maeul " + benchUsage}
	}
	dbURL := fs.String("db", "", "database to load and serve (default: a new SQLite file in a temporary directory)")
	products := fs.Int("products", 0, "generate synthetic products until the catalog holds this many")
	clients := fs.Int("clients", 32, "concurrent clients")
	duration := fs.Duration("duration", 10*time.Second, "how long each scenario runs")
	target := fs.String("target", "", "measure a running server at this URL instead of starting one (its --db must be given too, to read product codes)")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if *dbURL == "" {
		dir, err := os.MkdirTemp("", "maeul-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		*dbURL = "sqlite:" + filepath.Join(dir, "bench.db")
	}
	db, err := e.openDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	if empty, err := db.Empty(ctx); err != nil {
		return err
	} else if empty {
		fmt.Fprintln(e.stdout, "loading the demo data …")
		if err := demo.Load(ctx, db, newAccounts(db)); err != nil {
			return err
		}
	}
	if *products > 0 {
		start := time.Now()
		n, err := bench.GenerateProducts(ctx, db, *products, 1, func(done int) {
			if done%10000 == 0 {
				fmt.Fprintf(e.stdout, "  %d products …\n", done)
			}
		})
		if err != nil {
			return err
		}
		if n > 0 {
			fmt.Fprintf(e.stdout, "generated %d products in %s\n", n, time.Since(start).Round(time.Second))
		}
	}
	base := strings.TrimRight(*target, "/")
	var srv *bench.Server
	if base == "" {
		exe, err := os.Executable()
		if err != nil {
			return err
		}
		srv, err = bench.StartServer(ctx, exe, nil, "--db", *dbURL)
		if err != nil {
			return err
		}
		defer srv.Stop()
		base = srv.URL
	}
	fmt.Fprintf(e.stdout, "catalog load: %d clients, %s per scenario, %s on %s\n", *clients, *duration, db.Engine(), base)
	rs, err := bench.Catalog(ctx, db, base, srv, bench.CatalogOptions{Clients: *clients, Duration: *duration, Out: e.stdout})
	if err != nil {
		return err
	}
	line := []string{}
	for _, r := range rs {
		line = append(line, fmt.Sprintf("%s_rps=%.0f %s_p50_ms=%.2f %s_p99_ms=%.2f", r.Name, r.RPS(), r.Name, float64(r.P50)/1e6, r.Name, float64(r.P99)/1e6))
	}
	if srv != nil {
		line = append(line, fmt.Sprintf("server_peak_rss_mb=%.1f", float64(srv.PeakRSS())/(1<<20)))
	}
	fmt.Fprintln(e.stdout, strings.Join(line, " "))
	return nil
}
