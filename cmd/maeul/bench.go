package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"sync"
	"time"

	"maeul/internal/bench"
	"maeul/internal/demo"
	"maeul/internal/server"
	"maeul/internal/store"
)

const benchUsage = "bench catalog [--db URL] [--products N] [--clients C] [--duration D] [--scenarios S,…] [--target URL]\n" +
	"       maeul bench flashsale [--db URL] [--buyers N] [--stock S] [--limit L] [--links N] [--servers K] [--target URL[,URL…]]" +
	"\n       maeul " + benchImpactUsage + "\n       maeul " + benchCoverageUsage + "\n       maeul " + benchSalesUsage +
	"\n       maeul " + benchScansUsage

var cmdBench = &command{
	name:  "bench",
	usage: benchUsage,
	short: "run a load tool against a real server (see docs/benchmarks.md)",
	run:   runBench,
}

func runBench(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	if len(args) > 0 && args[0] == "flashsale" {
		return runBenchFlashSale(ctx, e, fs, args[1:])
	}
	if len(args) > 0 && args[0] == "impact" {
		return runBenchImpact(ctx, e, fs, args[1:])
	}
	if len(args) > 0 && args[0] == "sales" {
		return runBenchSales(ctx, e, fs, args[1:])
	}
	if len(args) > 0 && args[0] == "coverage" {
		return runBenchCoverage(ctx, e, fs, args[1:])
	}
	if len(args) > 0 && args[0] == "scans" {
		return runBenchScans(ctx, e, fs, args[1:])
	}
	if len(args) == 0 || args[0] != "catalog" {
		return usageError{"usage: maeul " + benchUsage}
	}
	dbURL := fs.String("db", "", "database to load and serve (default: a new SQLite file in a temporary directory)")
	products := fs.Int("products", 0, "generate synthetic products until the catalog holds this many")
	clients := fs.Int("clients", 32, "concurrent clients")
	duration := fs.Duration("duration", 10*time.Second, "how long each scenario runs")
	target := fs.String("target", "", "measure a running server at this URL instead of starting one (its --db must be given too, to read product codes)")
	scenarios := fs.String("scenarios", "", "comma-separated scenarios to run (default all: "+strings.Join(bench.CatalogScenarios, ",")+")")
	cpuprofile := fs.String("cpuprofile", "", "") // hidden: serve in this process and profile the scenarios into this file
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if *cpuprofile != "" && *target != "" {
		return usageError{"--cpuprofile serves in this process: it cannot be combined with --target"}
	}
	db, done, err := e.openBenchDB(ctx, dbURL, "")
	if err != nil {
		return err
	}
	defer done()
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
	if err := db.Optimize(ctx); err != nil {
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
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	} else if base == "" {
		exe, err := os.Executable()
		if err != nil {
			return err
		}
		srv, err = bench.StartServer(ctx, exe, sandboxEnv(e), "--db", *dbURL, "--sandbox-wallet")
		if err != nil {
			return err
		}
		defer srv.Stop()
		base = srv.URL
	}
	fmt.Fprintf(e.stdout, "catalog load: %d clients, %s per scenario, %s on %s; load average %s\n", *clients, *duration, db.Engine(), base, bench.LoadAverage())
	opt := bench.CatalogOptions{Clients: *clients, Duration: *duration, Out: e.stdout}
	if *scenarios != "" {
		opt.Scenarios = strings.Split(*scenarios, ",")
	}
	rs, err := bench.Catalog(ctx, db, base, srv, opt)
	if err != nil {
		return err
	}
	line := []string{}
	for _, r := range rs {
		line = append(line, fmt.Sprintf("%s_rps=%.0f %s_p50_ms=%.2f %s_p99_ms=%.2f", r.Name, r.RPS(), r.Name, float64(r.P50)/1e6, r.Name, float64(r.P99)/1e6))
		if r.CPUPerRequest > 0 {
			line = append(line, fmt.Sprintf("%s_cpu_us=%.0f %s_tool_cpu_us=%.0f", r.Name, float64(r.CPUPerRequest)/1e3, r.Name, float64(r.ClientCPUPerRequest)/1e3))
		}
	}
	if srv != nil {
		line = append(line, fmt.Sprintf("server_peak_rss_mb=%.1f", float64(srv.PeakRSS())/(1<<20)))
	}
	line = append(line, "loadavg="+strings.ReplaceAll(bench.LoadAverage(), " ", "/"))
	fmt.Fprintln(e.stdout, strings.Join(line, " "))
	return nil
}

// runBenchFlashSale is `maeul bench flashsale`: a flash sale sold over
// HTTP to concurrent buyers, audited from the database and compared with
// the database's own ceiling (see docs/benchmarks.md, "Flash sale").
func runBenchFlashSale(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	dbURL := fs.String("db", "", "database to sell from (default: a new SQLite file in a temporary directory); PostgreSQL must be migrated")
	buyers := fs.Int("buyers", 64, "concurrent buyers")
	stock := fs.Int("stock", 5000, "units in the flash sale (its cap and the variant's stock)")
	limit := fs.Int("limit", 5, "flash-sale limit per buyer; a buyer at the limit hands over to a fresh shopper account")
	servers := fs.Int("servers", 1, "maeul serve processes sharing the database (more than 1 needs PostgreSQL)")
	target := fs.String("target", "", "buy from running servers at these comma-separated URLs instead of starting any (they must serve --db)")
	refusals := fs.Duration("refusals", 3*time.Second, "how long to measure refused attempts after the sale sells out (0 skips)")
	links := fs.Int("links", 0, "benefit links from demo households to put on the flash-sale product, 0 to 10 (the store's pool link applies either way)")
	// Hidden: --cpuprofile FILE serves in this process and writes a CPU
	// profile of the sale to FILE and of the refusals to FILE.refusals.
	cpuprofile, args := cutFlag(args, "cpuprofile")
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		return nil // the usage is printed; do not run
	} else if err != nil {
		return usageError{err.Error()}
	}
	if *buyers < 1 || *stock < 1 || *limit < 0 || *servers < 1 {
		return usageError{"--buyers, --stock and --servers must be at least 1, --limit at least 0"}
	}
	if *dbURL == "" {
		url, remove, err := tempSQLite("")
		if err != nil {
			return err
		}
		defer remove()
		*dbURL = url
	}
	sqlite := strings.HasPrefix(*dbURL, "sqlite:")
	if *servers > 1 && sqlite {
		return usageError{fmt.Sprintf("--servers %d needs PostgreSQL: an SQLite database has one writer and belongs to one server process; give --db postgres://…", *servers)}
	}
	if cpuprofile != "" && (*servers > 1 || *target != "") {
		return usageError{"--cpuprofile serves in this process: it cannot be combined with --servers or --target"}
	}

	// Set up directly in the database. On SQLite the setup's own commits
	// need not survive a power cut, so they skip the sync the server's
	// writes pay for; the sale itself runs with the URL as given.
	setupURL := *dbURL
	if sqlite && !strings.Contains(setupURL, "?") {
		setupURL += "?synchronous=normal"
	}
	db, err := e.openDB(ctx, setupURL)
	if err != nil {
		return err
	}
	if err := e.demoIfEmpty(ctx, db); err != nil {
		db.Close()
		return err
	}
	// Enough shoppers for every unit at the limit, plus one more for each
	// buyer at the end and for each refused checkout.
	shoppers := 2 * *buyers
	if *limit > 0 {
		shoppers += (*stock + *limit - 1) / *limit
	}
	start := time.Now()
	sale, err := bench.SetUpFlashSale(ctx, db, newAccounts(db), *stock, *limit, shoppers)
	if err == nil && *links > 0 {
		err = bench.LinkFlashSale(ctx, db, sale, *links)
	}
	db.Close()
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "set up %s (SKU %s, %d units, limit %d) and %d shoppers with sessions in %s\n",
		sale.ProductCode, sale.SKU, sale.Stock, sale.Limit, len(sale.Shoppers), time.Since(start).Round(time.Millisecond))

	var bases []string
	var children []*bench.Server
	var stops []func()
	stopServers := func() {
		for _, stop := range stops {
			stop()
		}
		stops = nil
	}
	defer stopServers()
	if *target != "" {
		for _, t := range strings.Split(*target, ",") {
			bases = append(bases, strings.TrimRight(strings.TrimSpace(t), "/"))
		}
	} else if cpuprofile != "" {
		base, stop, err := serveInProcess(ctx, e, *dbURL)
		if err != nil {
			return err
		}
		stops = append(stops, stop)
		bases = append(bases, base)
	} else {
		exe, err := os.Executable()
		if err != nil {
			return err
		}
		for i := 0; i < *servers; i++ {
			srv, err := bench.StartServer(ctx, exe, sandboxEnv(e), "--db", *dbURL, "--sandbox-wallet")
			if err != nil {
				return err
			}
			stops = append(stops, srv.Stop)
			children = append(children, srv)
			bases = append(bases, srv.URL)
		}
	}
	engine := "postgres"
	if sqlite {
		engine = "sqlite (synchronous=FULL)"
		if _, q, _ := strings.Cut(*dbURL, "?"); q != "" {
			engine = "sqlite (" + q + ")"
		}
	}
	fmt.Fprintf(e.stdout, "flash sale: %d buyers on %d server(s), %s: %s\n", *buyers, len(bases), engine, strings.Join(bases, " "))

	// The CPU the servers (child processes) and this process spend on the
	// sale, per paid order: steadier than rates on a shared machine.
	serverCPU := func() (t time.Duration) {
		for _, c := range children {
			t += c.CPUTime()
		}
		return t
	}
	var saleCPU, toolCPU time.Duration
	cpu0, tool0 := serverCPU(), selfCPU()
	opt := bench.FlashSaleOptions{Buyers: *buyers, RefusalDuration: *refusals}
	opt.SaleOver = func() { saleCPU, toolCPU = serverCPU()-cpu0, selfCPU()-tool0 }
	stopProfile := func() {}
	if cpuprofile != "" {
		if stopProfile, err = startProfile(cpuprofile); err != nil {
			return err
		}
		opt.SaleOver = func() {
			saleCPU, toolCPU = serverCPU()-cpu0, selfCPU()-tool0
			stopProfile()
			stop, err := startProfile(cpuprofile + ".refusals")
			if err != nil {
				stop = func() {}
			}
			stopProfile = stop
		}
	}
	res, err := bench.DriveFlashSale(ctx, bases, sale, opt)
	stopProfile()
	if err != nil {
		return err
	}
	// The servers are done: the audit and the ceiling run on an idle
	// machine.
	stopServers()
	fmt.Fprintf(e.stdout, "sale:      %d paid orders (%d units) in %s: %.0f paid orders/s; %d refused (%d over the limit), %d failed\n",
		res.Paid, res.Units, res.SaleTime.Round(time.Millisecond), res.PaidPerSecond(), res.Refused, res.OverLimit, res.Failed)
	if res.FirstFailure != "" {
		fmt.Fprintf(e.stdout, "           first failure: %s\n", res.FirstFailure)
	}
	fmt.Fprintf(e.stdout, "purchase   %s\n  buy now  %s\n  pay      %s\n  read     %s\n",
		res.Purchase, res.BuyNow, res.Pay, res.ReadBack)
	perOrder := func(t time.Duration) float64 { return ms(t) / float64(max(res.Paid, 1)) }
	if len(children) > 0 {
		fmt.Fprintf(e.stdout, "cpu:       servers %.2f ms per paid order (%.2f cores on average), load tool %.2f ms\n",
			perOrder(saleCPU), saleCPU.Seconds()/res.SaleTime.Seconds(), perOrder(toolCPU))
	}
	if res.RefusalTime > 0 {
		fmt.Fprintf(e.stdout, "refusals:  %d refused attempts in %s: %.0f/s  %s; sold after selling out: %d\n",
			res.Refusals, res.RefusalTime.Round(time.Millisecond), res.RefusalsPerSecond(), res.Refusal, res.LateSales)
	}
	if !res.SoldOut {
		fmt.Fprintln(e.stdout, "warning:   the sale did not sell out")
	}

	raw, err := bench.OpenRaw(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer raw.Close()
	audit, err := bench.AuditFlashSale(ctx, raw, sale)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "database:  %s\n", audit)
	if err := audit.Consistent(); err != nil {
		fmt.Fprintf(e.stdout, "PROBLEM:   %v\n", err)
	}
	ceiling, err := bench.Ceiling(ctx, raw, *buyers, *stock)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "ceiling:   %s\n", ceiling)
	line := bench.FlashSaleLine(res, audit, ceiling)
	if len(children) > 0 {
		line += fmt.Sprintf(" server_cpu_ms_per_order=%.2f", perOrder(saleCPU))
	}
	fmt.Fprintln(e.stdout, line)
	return nil
}

// selfCPU returns the CPU time this process has used.
func selfCPU() time.Duration { return bench.ProcessCPUTime(os.Getpid()) }

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// benchSandboxSecret is the sandbox wallet's secret for the servers a
// benchmark starts: MAEUL_SANDBOX_SECRET, or one made up for the run.
func benchSandboxSecret(e *env) []byte {
	if s := e.getenv("MAEUL_SANDBOX_SECRET"); s != "" {
		return []byte(s)
	}
	benchSecretOnce.Do(func() {
		b := make([]byte, 24)
		rand.Read(b)
		benchSecret = []byte(hex.EncodeToString(b))
	})
	return benchSecret
}

var (
	benchSecretOnce sync.Once
	benchSecret     []byte
)

// sandboxEnv is the environment that gives a benchmark's child servers
// the run's sandbox secret.
func sandboxEnv(e *env) []string {
	return []string{"MAEUL_SANDBOX_SECRET=" + string(benchSandboxSecret(e))}
}

// serveInProcess serves dbURL from this process on a loopback port (so
// that a CPU profile of the process covers the server) and returns its
// URL and a function that stops it.
func serveInProcess(ctx context.Context, e *env, dbURL string) (string, func(), error) {
	db, err := e.openDB(ctx, dbURL)
	if err != nil {
		return "", nil, err
	}
	logger := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	srv, err := server.New(server.Config{DB: db, Logger: logger, Sandbox: true, SandboxSecret: benchSandboxSecret(e)})
	if err != nil {
		db.Close()
		return "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		db.Close()
		return "", nil, err
	}
	base := "http://" + ln.Addr().String()
	srv.SetBaseURL(base)
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	return base, func() {
		shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		hs.Shutdown(shut)
		db.Close()
	}, nil
}

// startProfile starts a CPU profile into file and returns what stops it.
func startProfile(file string) (func(), error) {
	f, err := os.Create(file)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			pprof.StopCPUProfile()
			f.Close()
		})
	}, nil
}

// cutFlag removes --name VALUE or --name=VALUE (or with one dash) from
// args and returns VALUE, for a flag the usage does not list.
func cutFlag(args []string, name string) (string, []string) {
	for i, a := range args {
		a = strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
		if v, ok := strings.CutPrefix(a, name+"="); ok {
			return v, append(args[:i:i], args[i+1:]...)
		}
		if a == name && i+1 < len(args) {
			return args[i+1], append(args[:i:i], args[i+2:]...)
		}
	}
	return "", args
}

// tempSQLite returns the URL of a new SQLite file in a temporary
// directory, with query appended ("?synchronous=normal" or ""), and the
// function that removes the directory.
func tempSQLite(query string) (url string, remove func(), err error) {
	dir, err := os.MkdirTemp("", "maeul-bench-")
	if err != nil {
		return "", nil, err
	}
	return "sqlite:" + filepath.Join(dir, "bench.db") + query, func() { os.RemoveAll(dir) }, nil
}

// openBenchDB opens the database a load tool works on: *dbURL or, when
// that is "", a new SQLite file in a temporary directory with query
// appended (and *dbURL set to its URL), the demo data loaded into it when
// it is empty. done closes the database and removes a temporary file.
func (e *env) openBenchDB(ctx context.Context, dbURL *string, query string) (db *store.DB, done func(), err error) {
	remove := func() {}
	if *dbURL == "" {
		url, rm, err := tempSQLite(query)
		if err != nil {
			return nil, nil, err
		}
		*dbURL, remove = url, rm
	}
	if db, err = e.openDB(ctx, *dbURL); err != nil {
		remove()
		return nil, nil, err
	}
	if err := e.demoIfEmpty(ctx, db); err != nil {
		db.Close()
		remove()
		return nil, nil, err
	}
	return db, func() { db.Close(); remove() }, nil
}

// demoIfEmpty loads the demo data into db when it holds nothing, saying
// so, as every load tool does before its own setup.
func (e *env) demoIfEmpty(ctx context.Context, db *store.DB) error {
	empty, err := db.Empty(ctx)
	if err != nil || !empty {
		return err
	}
	fmt.Fprintln(e.stdout, "loading the demo data …")
	return demo.Load(ctx, db, newAccounts(db))
}
