package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/bench"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

// TestCrashDuringAFlashSale builds the maeul binary, serves a flash sale
// on SQLite with `maeul serve`, and kills the server with SIGKILL at
// random moments while buyers shop, restarting it each time. The buyers
// retry what a crash interrupted with the same Idempotency-Key, pay again
// when the wallet's notice died with the server (the wallet is another
// company; a real one would retry), and log every checkout they saw paid.
// Then, from that log and the database: every checkout seen paid is paid,
// nothing is oversold, no buyer holds more than the limit, no idempotency
// key is held beyond its lease, and `maeul verify` is clean.
//
// CI runs 3 kills (about 20 seconds); MAEUL_CRASH_KILLS and
// MAEUL_CRASH_STOCK make the long version (docs/reliability.md).
func TestCrashDuringAFlashSale(t *testing.T) { testCrash(t, "sqlite", 1, nil) }

// TestCrashOneOfTwoServersPostgres is the same with two servers sharing a
// PostgreSQL database, one of them (chosen at random each time) killed;
// the other's buyers go on buying meanwhile.
func TestCrashOneOfTwoServersPostgres(t *testing.T) { testCrash(t, "postgres", 2, nil) }

// TestCrashPostgresRestart restarts PostgreSQL itself with an immediate
// shutdown (no checkpoint: the server recovers from its write-ahead log)
// during the sale, two servers serving meanwhile: a throwaway cluster
// the test creates with initdb on a free port, never the shared one.
func TestCrashPostgresRestart(t *testing.T) {
	// A restart costs seconds: CI makes two, over a smaller sale.
	for name, def := range map[string]string{"MAEUL_CRASH_KILLS": "2", "MAEUL_CRASH_STOCK": "60"} {
		if os.Getenv(name) == "" {
			t.Setenv(name, def)
		}
	}
	cl := newThrowawayCluster(t)
	testCrash(t, "postgres", 2, cl)
}

// testCrash runs the crash test on engine with servers servers; with a
// cluster, the kills restart it rather than a server.
func testCrash(t *testing.T, engine string, servers int, cl *throwawayCluster) {
	if engine == "postgres" && cl == nil {
		storetest.SkipWithoutPostgres(t)
	}
	if testing.Short() {
		t.Skip("builds and kills a server")
	}
	kills := envInt(t, "MAEUL_CRASH_KILLS", 3)
	stock := envInt(t, "MAEUL_CRASH_STOCK", 120)
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("MAEUL_CRASH_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	t.Logf("%d kills, %d units; MAEUL_CRASH_SEED=%d repeats the kill times", kills, stock, seed)
	rng := rand.New(rand.NewPCG(seed, 1))

	ctx := context.Background()
	dir := t.TempDir()
	exe := filepath.Join(dir, "maeul")
	if out, err := exec.Command("go", "build", "-o", exe, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dbURL := "sqlite:" + filepath.Join(dir, "crash.db")
	switch {
	case cl != nil:
		dbURL = cl.newDatabase(t)
	case engine == "postgres":
		dbURL = storetest.URL(t, "postgres")
	}
	const limit = 2
	fs := setUpCrashSale(t, dbURL, stock, limit, stock)

	c := &crashClient{t: t, fs: fs, http: &http.Client{Timeout: time.Minute}, bases: make([]atomic.Value, servers)}
	srvs := make([]*bench.Server, servers)
	for i := range srvs {
		srvs[i] = c.start(ctx, i, exe, dbURL)
	}
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.shop(w)
		}()
	}
	shopping := make(chan struct{})
	go func() { wg.Wait(); close(shopping) }()
	// The kills fall at random moments spread over the sale: after a
	// random number of units within each of kills+1 slices of the stock,
	// and a random few milliseconds more.
	killed := 0
	for i := range kills {
		slice := stock / (kills + 1)
		at := i*slice + rng.IntN(slice) + 1
		for c.paidUnits() < at {
			select {
			case <-shopping:
			case <-time.After(5 * time.Millisecond):
				continue
			}
			break
		}
		if isDone(shopping) {
			break
		}
		time.Sleep(time.Duration(rng.IntN(50)) * time.Millisecond)
		killed++
		if cl != nil {
			t.Logf("PostgreSQL restart %d after %d units seen paid", killed, c.paidUnits())
			cl.restart(t)
			continue
		}
		victim := rng.IntN(servers)
		srvs[victim].Kill()
		t.Logf("kill %d (server %d) after %d units seen paid", killed, victim, c.paidUnits())
		srvs[victim] = c.start(ctx, victim, exe, dbURL)
	}
	<-shopping
	if killed < kills {
		t.Errorf("the sale ended after %d of %d kills", killed, kills)
	}
	for _, srv := range srvs {
		srv.Stop()
	}
	if c.failures.Load() > 0 {
		t.Errorf("%d purchase steps failed unexpectedly; the first: %s", c.failures.Load(), c.firstFailure)
	}

	// The client's log against the database.
	db, err := store.Open(ctx, dbURL, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	units := 0
	for _, seen := range c.seenPaid {
		os, err := db.GroupOrders(ctx, seen.group)
		if err != nil {
			t.Fatal(err)
		}
		if pay := mustPayment(t, db, seen.group); pay != "paid" {
			t.Errorf("checkout %d was seen paid; its payment is %s", seen.group, pay)
		}
		for _, o := range os {
			if o.Status != "paid" {
				t.Errorf("checkout %d was seen paid; its order %d is %s", seen.group, o.ID, o.Status)
			}
		}
		units += seen.units
	}
	raw, err := bench.OpenRaw(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	a, err := bench.AuditFlashSale(ctx, raw, fs)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d checkouts (%d units) seen paid; database: %s", len(c.seenPaid), units, a)
	if err := a.Consistent(); err != nil {
		t.Error(err)
	}
	if a.Oversold != 0 || a.StockLeft < 0 || a.Sold > a.Cap {
		t.Errorf("oversold: %d (stock left %d, sold %d of cap %d)", a.Oversold, a.StockLeft, a.Sold, a.Cap)
	}
	if a.LimitViolations != 0 || a.MaxPerBuyer > limit {
		t.Errorf("%d buyers over the limit of %d (the most any holds: %d)", a.LimitViolations, limit, a.MaxPerBuyer)
	}
	if a.Sold < units {
		t.Errorf("the database holds %d units sold; the buyers saw %d paid", a.Sold, units)
	}
	var stuck int
	if err := raw.QueryRowContext(ctx, `SELECT count(*) FROM idempotency_keys WHERE status = 0 AND lease_until > $1`,
		time.Now().Add(3*time.Minute).UnixMicro()).Scan(&stuck); err != nil {
		t.Fatal(err)
	}
	if stuck != 0 {
		t.Errorf("%d idempotency keys held beyond their lease", stuck)
	}
	out, err := exec.Command(exe, "verify", "--db", dbURL).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "the ledger is sound") {
		t.Errorf("maeul verify: %v\n%s", err, out)
	}
}

func mustPayment(t *testing.T, db *store.DB, group int64) string {
	t.Helper()
	p, err := db.GroupPayment(context.Background(), group)
	if err != nil {
		t.Fatal(err)
	}
	return string(p.Status)
}

func envInt(t *testing.T, name string, def int) int {
	t.Helper()
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		t.Fatalf("%s=%q: want a positive number", name, s)
	}
	return n
}

// setUpCrashSale migrates the database, loads the demo data and makes a
// flash sale with shoppers, in-process, before any server runs.
func setUpCrashSale(t *testing.T, dbURL string, stock, limit, shoppers int) *bench.FlashSale {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dbURL, store.Options{MaxConns: storetest.PoolSize})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	storetest.Demo(t, db)
	fs, err := bench.SetUpFlashSale(ctx, db, accounts.NewService(db), stock, limit, shoppers)
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

// crashClient is the buyers of a crash test: they shop against whichever
// server runs now, and wait for the next one when it is killed.
type crashClient struct {
	t    *testing.T
	fs   *bench.FlashSale
	http *http.Client

	bases []atomic.Value // each running server's URL
	epoch atomic.Int64   // how many times a server started

	next     atomic.Int64 // the next shopper
	soldOut  atomic.Bool
	keys     atomic.Int64
	failures atomic.Int64

	mu           sync.Mutex
	seenPaid     []seenPaid
	firstFailure string
}

type seenPaid struct {
	group int64
	units int
}

func (c *crashClient) paidUnits() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, p := range c.seenPaid {
		n += p.units
	}
	return n
}

func isDone(ch chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

func (c *crashClient) start(ctx context.Context, i int, exe, dbURL string) *bench.Server {
	c.t.Helper()
	srv, err := bench.StartServer(ctx, exe, []string{"MAEUL_SANDBOX_SECRET=crash test"}, "--db", dbURL, "--sandbox-wallet")
	if err != nil {
		c.t.Fatal(err)
	}
	c.bases[i].Store(srv.URL)
	c.epoch.Add(1)
	return srv
}

func (c *crashClient) fail(format string, args ...any) {
	c.failures.Add(1)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.firstFailure == "" {
		c.firstFailure = fmt.Sprintf(format, args...)
	}
}

// call sends a request to the running server and retries it, unchanged,
// while no server answers (killed, or starting); an answer of any status
// is returned.
func (c *crashClient) call(srv int, method, path, token string, v any, header ...string) (int, []byte) {
	for {
		var body io.Reader
		if v != nil {
			b, _ := json.Marshal(v)
			body = bytes.NewReader(b)
		}
		req, _ := http.NewRequest(method, c.bases[srv].Load().(string)+path, body)
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := c.http.Do(req)
		if err == nil {
			b, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err == nil && resp.StatusCode < 500 {
				return resp.StatusCode, b
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// shop buys one unit at a time for one shopper after another until the
// sale is sold out or the shoppers run out.
func (c *crashClient) shop(w int) {
	for !c.soldOut.Load() {
		i := c.next.Add(1) - 1
		if i >= int64(len(c.fs.Shoppers)) {
			return
		}
		sh := c.fs.Shoppers[i]
		for bought := 0; bought < c.fs.Limit && !c.soldOut.Load(); bought++ {
			if !c.buy(w, sh) {
				break
			}
		}
	}
}

// buy makes one purchase of one unit and reports whether it was paid.
func (c *crashClient) buy(w int, sh bench.Shopper) bool {
	srv := w % len(c.bases)
	st, b := c.call(srv, http.MethodPut, "/api/v1/cart/items/"+c.fs.SKU, sh.Token, map[string]any{"qty": 1})
	if st != http.StatusOK {
		c.refused(srv, sh, st, b)
		return false
	}
	key := fmt.Sprintf("crash-%d-%d", w, c.keys.Add(1))
	st, b = c.call(srv, http.MethodPost, "/api/v1/checkout", sh.Token, map[string]any{"payment_method": "sandbox", "address": map[string]string{
		"name": "김민지", "phone": "13800001111", "region_code": "222424100201", "detail": "동흥촌 3조 12호"}}, "Idempotency-Key", key)
	if st == http.StatusConflict && strings.Contains(string(b), "err.api.key_in_progress") {
		// The run that holds the key died with a server; its lease runs
		// for minutes. Leave the purchase: if it placed a checkout, that
		// expires unpaid and its unit returns to the sale.
		c.call(srv, http.MethodDelete, "/api/v1/cart/items/"+c.fs.SKU, sh.Token, nil)
		return false
	}
	if st != http.StatusCreated {
		c.refused(srv, sh, st, b)
		return false
	}
	var co struct {
		CheckoutID int64 `json:"checkout_id"`
		Payment    struct {
			PayURL string `json:"pay_url"`
		} `json:"payment"`
	}
	if err := json.Unmarshal(b, &co); err != nil || co.Payment.PayURL == "" {
		c.fail("checkout: %.300s", b)
		return false
	}
	// Pay; pay again after every restart until the checkout reads paid.
	paidIn := int64(-1)
	for wait := 20 * time.Millisecond; ; wait = min(2*wait, 500*time.Millisecond) {
		if e := c.epoch.Load(); e != paidIn {
			paidIn = e
			if st, b := c.call(srv, http.MethodPost, co.Payment.PayURL, "", nil, "Accept", "application/json"); st != http.StatusOK {
				c.fail("paying checkout %d: %d %.300s", co.CheckoutID, st, b)
				return false
			}
		}
		st, b := c.call(srv, http.MethodGet, fmt.Sprintf("/api/v1/checkouts/%d", co.CheckoutID), sh.Token, nil)
		var got struct {
			Orders []struct {
				Lines []struct {
					Qty int `json:"qty"`
				} `json:"lines"`
			} `json:"orders"`
			Payment struct {
				Status string `json:"status"`
			} `json:"payment"`
		}
		if st != http.StatusOK || json.Unmarshal(b, &got) != nil {
			c.fail("reading checkout %d: %d %.300s", co.CheckoutID, st, b)
			return false
		}
		switch got.Payment.Status {
		case "paid":
			units := 0
			for _, o := range got.Orders {
				for _, l := range o.Lines {
					units += l.Qty
				}
			}
			c.mu.Lock()
			c.seenPaid = append(c.seenPaid, seenPaid{group: co.CheckoutID, units: units})
			c.mu.Unlock()
			return true
		case "pending":
		default:
			c.fail("checkout %d is %s after paying", co.CheckoutID, got.Payment.Status)
			return false
		}
		time.Sleep(wait)
	}
}

// refused handles a refused cart change or checkout: the cart is emptied,
// and the sale is over for everyone when no unit is left.
func (c *crashClient) refused(srv int, sh bench.Shopper, st int, b []byte) {
	if st != http.StatusConflict && st != http.StatusUnprocessableEntity {
		c.fail("unexpected answer %d: %.300s", st, b)
	}
	c.call(srv, http.MethodDelete, "/api/v1/cart/items/"+c.fs.SKU, sh.Token, nil)
	_, p := c.call(srv, http.MethodGet, "/api/v1/products/"+c.fs.ProductCode, "", nil)
	var prod struct {
		Variants []struct {
			Stock int `json:"stock"`
		} `json:"variants"`
	}
	if json.Unmarshal(p, &prod) == nil && len(prod.Variants) == 1 && prod.Variants[0].Stock == 0 {
		c.soldOut.Store(true)
	}
}

// throwawayCluster is a PostgreSQL cluster of the test's own, made with
// initdb in a temporary directory and served on a free port.
type throwawayCluster struct {
	bin, data, port string
	run             []string // the command prefix that runs as the cluster's owner
}

// newThrowawayCluster creates and starts a cluster. Without initdb the
// test skips with a message, or fails when MAEUL_REQUIRE_POSTGRES=1.
// Run as root, it runs the cluster as the user postgres (PostgreSQL
// refuses to run as root).
func newThrowawayCluster(t *testing.T) *throwawayCluster {
	t.Helper()
	if testing.Short() {
		t.Skip("creates a PostgreSQL cluster")
	}
	initdb, err := exec.LookPath("initdb")
	if err != nil {
		if m, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb"); len(m) > 0 {
			initdb, err = m[len(m)-1], nil
		}
	}
	if err != nil {
		if os.Getenv("MAEUL_REQUIRE_POSTGRES") == "1" {
			t.Fatal("initdb not found: the PostgreSQL restart test needs PostgreSQL's server programs")
		}
		t.Skip("initdb not found: skipping the PostgreSQL restart test (MAEUL_REQUIRE_POSTGRES=1 makes this fail)")
	}
	// The other programs live beside the real initdb, not beside a link.
	if real, err := filepath.EvalSymlinks(initdb); err == nil {
		initdb = real
	}
	cl := &throwawayCluster{bin: filepath.Dir(initdb)}
	dir, err := os.MkdirTemp("", "maeul-crash-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	cl.data = filepath.Join(dir, "data")
	if os.Geteuid() == 0 {
		cl.run = []string{"runuser", "-u", "postgres", "--"}
		if out, err := exec.Command("chown", "postgres", dir).CombinedOutput(); err != nil {
			t.Skipf("running as root without a postgres user to own the cluster: %v %s", err, out)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cl.port = strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	cl.cmd(t, "initdb", "-D", cl.data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C")
	cl.cmd(t, "pg_ctl", "-D", cl.data, "-l", filepath.Join(dir, "log"), "-w", "-o", cl.options(dir), "start")
	t.Cleanup(func() {
		argv := append(append([]string(nil), cl.run...), cl.prog("pg_ctl"), "-D", cl.data, "-m", "immediate", "stop")
		exec.Command(argv[0], argv[1:]...).Run()
	})
	return cl
}

func (cl *throwawayCluster) options(dir string) string {
	return "-p " + cl.port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dir + " -c max_connections=60"
}

func (cl *throwawayCluster) prog(name string) string { return filepath.Join(cl.bin, name) }

// cmd runs one of PostgreSQL's programs as the cluster's owner. Its
// output goes to a file, not a pipe: the server pg_ctl starts would hold
// a pipe open for as long as it runs.
func (cl *throwawayCluster) cmd(t *testing.T, name string, args ...string) {
	t.Helper()
	argv := append(append(append([]string(nil), cl.run...), cl.prog(name)), args...)
	out, err := os.CreateTemp("", "maeul-crash-pg-out-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.Remove(out.Name())
	defer out.Close()
	c := exec.Command(argv[0], argv[1:]...)
	c.Stdout, c.Stderr = out, out
	if err := c.Run(); err != nil {
		b, _ := os.ReadFile(out.Name())
		t.Fatalf("%s: %v\n%s", strings.Join(argv, " "), err, b)
	}
}

// newDatabase creates a database in the cluster and returns its URL.
func (cl *throwawayCluster) newDatabase(t *testing.T) string {
	t.Helper()
	cl.cmd(t, "createdb", "-h", "127.0.0.1", "-p", cl.port, "-U", "postgres", "crash")
	return "postgres://postgres@127.0.0.1:" + cl.port + "/crash?sslmode=disable"
}

// restart stops the cluster at once, as a crash would (it recovers from
// its write-ahead log on the way up), and starts it again.
func (cl *throwawayCluster) restart(t *testing.T) {
	t.Helper()
	cl.cmd(t, "pg_ctl", "-D", cl.data, "-m", "immediate", "-w", "restart", "-o", cl.options(filepath.Dir(cl.data)))
}
