package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"maeul/internal/bench"
)

const benchScansUsage = "bench scans [--db URL] [--parcels N] [--clients C] [--batch B] [--target URL]"

// runBenchScans is `maeul bench scans`: parcels shipped on the demo's
// network, every leg of their routes posted to POST /api/v1/scans over
// HTTP by concurrent clients with an API key, the rate measured and every
// scan checked afterwards (see docs/benchmarks.md, "Scan ingestion").
func runBenchScans(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	dbURL := fs.String("db", "", "database to load and serve (default: a new SQLite file in a temporary directory); PostgreSQL must be migrated")
	n := fs.Int("parcels", 20_000, "parcels to generate and scan along their routes")
	clients := fs.Int("clients", 8, "concurrent clients, each posting its own parcels' scans")
	batch := fs.Int("batch", 500, "scans per request (at most 1,000)")
	target := fs.String("target", "", "measure a running server at this URL, serving --db, instead of starting one")
	cpuprofile := fs.String("cpuprofile", "", "") // hidden: serve in this process and profile the load into this file
	if err := parse(fs, args); err != nil {
		return err
	}
	if *n < 1 || *clients < 1 || *batch < 1 || *batch > 1000 {
		return usageError{"--parcels and --clients must be at least 1, --batch from 1 to 1,000"}
	}
	db, done, err := e.openBenchDB(ctx, dbURL, "")
	if err != nil {
		return err
	}
	defer done()
	opt := bench.ScansOptions{Parcels: *n, Clients: *clients, Batch: *batch, Out: e.stdout}
	start := time.Now()
	ps, err := bench.GenerateScanParcels(ctx, db, opt)
	if err != nil {
		return err
	}
	if err := db.Analyze(ctx); err != nil {
		return err
	}
	scans := 0
	for _, p := range ps {
		scans += len(p.Nodes)
	}
	fmt.Fprintf(e.stdout, "generated %d parcels with %d legs in %s (%s)\n", len(ps), scans, time.Since(start).Round(time.Millisecond), db.Engine())
	key, err := bench.ScanKey(ctx, db, ps)
	if err != nil {
		return err
	}
	base := strings.TrimRight(*target, "/")
	var srv *bench.Server
	if *cpuprofile != "" {
		b, stop, err := serveInProcess(ctx, e, *dbURL)
		if err != nil {
			return err
		}
		defer stop()
		base = b
		stopProfile, err := startProfile(*cpuprofile)
		if err != nil {
			return err
		}
		defer stopProfile()
	} else if base == "" {
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
	fmt.Fprintf(e.stdout, "scan load: %d clients, %d scans per batch, %s on %s; load average %s\n", *clients, *batch, db.Engine(), base, bench.LoadAverage())
	r, err := bench.Scans(ctx, base, key, ps, srv, opt)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, r)
	if err := bench.VerifyScans(ctx, db, ps); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "verified: each of the %d scans recorded once, every parcel at its route's end\n", scans)
	fmt.Fprintf(e.stdout, "scans_per_s=%.0f batch_p50_ms=%.1f batch_p99_ms=%.1f server_cpu_us_per_scan=%.1f refused=%d repeat_recorded=%d loadavg=%s\n",
		r.ScansPerSecond(), float64(r.P50)/1e6, float64(r.P99)/1e6, float64(r.ServerCPUPerScan())/1e3, r.Refused, r.RepeatRecorded,
		strings.ReplaceAll(bench.LoadAverage(), " ", "/"))
	return nil
}
