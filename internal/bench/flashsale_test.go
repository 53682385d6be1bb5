package bench_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/bench"
	"maeul/internal/server"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	storetest.Cleanup()
	os.Exit(code)
}

// The flash-sale tests sell 50 units, at most 2 per buyer, to 500
// concurrent buyers over real HTTP with the load tool's own driver, which
// buys as a flash-sale page does (buy now, pay, wait for paid), then
// count from the database what was sold. Buyers ask for 1 to 3 units
// whatever their shopper holds, and once more at the limit.
//
// Nothing is timed: a buyer whose payment notice the shop could not take
// at once waits for the wallet's retries, which last the pay window.
// testSaleLimit only stops a run that hangs. The two-device test keeps
// to 120 buyers (more than twice the units, so they still race for
// them), as it runs on both engines.
const (
	testStock     = 50
	testLimit     = 2
	testBuyers    = 500
	testSaleLimit = 10 * time.Minute
)

func TestFlashSaleSQLite(t *testing.T)             { testFlashSale(t, "sqlite", 1, 1, testBuyers) }
func TestFlashSalePostgres(t *testing.T)           { testFlashSale(t, "postgres", 1, 1, testBuyers) }
func TestFlashSaleTwoServersPostgres(t *testing.T) { testFlashSale(t, "postgres", 2, 1, testBuyers) }

// TestFlashSaleTwoDevices has two buyers shop for each shopper at once
// (one limit, like a phone and a laptop), so that purchases of one
// shopper race each other and the limit is held by the database, not by
// the quote's check.
func TestFlashSaleTwoDevices(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			testFlashSale(t, engine, 1, 2, 120)
		})
	}
}

// testFlashSale runs the sale on servers in-process servers, each with
// its own connection pool to one fresh database of engine, as separate
// `maeul serve` processes would have, with buyers buyers, devices of them
// per shopper.
func testFlashSale(t *testing.T, engine string, servers, devices, buyers int) {
	ctx := context.Background()
	dbURL := storetest.URL(t, engine)
	var bases []string
	var db *store.DB
	// The servers' errors go to the test log.
	logger := slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelError}))
	for i := 0; i < servers; i++ {
		sdb, err := store.Open(ctx, dbURL, store.Options{MaxConns: storetest.PoolSize})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { sdb.Close() })
		if i == 0 {
			db = sdb
			if engine == "sqlite" {
				if _, err := db.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
			}
			storetest.Demo(t, db)
		}
		srv, err := server.New(server.Config{DB: sdb, HashParams: storetest.CheapHash, Logger: logger,
			Sandbox: true, SandboxSecret: []byte("bench test sandbox wallet")})
		if err != nil {
			t.Fatal(err)
		}
		hs := httptest.NewServer(srv)
		t.Cleanup(hs.Close)
		srv.SetBaseURL(hs.URL)
		bases = append(bases, hs.URL)
	}
	// A shopper for every devices buyers, and spares for buyers whose
	// shopper is at the limit.
	fs, err := bench.SetUpFlashSale(ctx, db, accounts.NewService(db), testStock, testLimit, buyers/devices+100)
	if err != nil {
		t.Fatal(err)
	}

	tr := &http.Transport{MaxIdleConnsPerHost: 2 * buyers}
	defer tr.CloseIdleConnections()
	start := time.Now()
	res, err := bench.DriveFlashSale(ctx, bases, fs, bench.FlashSaleOptions{
		Buyers: buyers, MaxQty: testLimit + 1, Devices: devices, Overreach: true, RefusalDuration: 300 * time.Millisecond,
		Timeout: testSaleLimit, Client: &http.Client{Transport: tr, Timeout: testSaleLimit},
	})
	if err != nil {
		t.Fatalf("DriveFlashSale: %v (first failure: %s)", err, res.FirstFailure)
	}
	t.Logf("%s, %d server(s), %d buyer(s) per shopper, %s: %d paid orders (%d units), %d refused (%d over the limit), %d failed; buy now %s; purchase %s; %d refusals afterwards",
		engine, servers, devices, time.Since(start).Round(time.Millisecond), res.Paid, res.Units, res.Refused, res.OverLimit, res.Failed,
		res.BuyNow, res.Purchase, res.Refusals)
	if res.Failed != 0 {
		t.Errorf("%d purchase attempts failed; the first: %s", res.Failed, res.FirstFailure)
	}
	if !res.SoldOut {
		t.Error("no buyer was told the sale had sold out")
	}
	if res.OverLimit == 0 {
		t.Error("no attempt was refused for the per-buyer limit: the limit was not tested")
	}
	if res.Refusals == 0 || res.LateSales != 0 {
		t.Errorf("after the sale: %d refusals, %d sales; want some refusals and no sale", res.Refusals, res.LateSales)
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
	t.Logf("database: %s", a)
	if err := a.Consistent(); err != nil {
		t.Error(err)
	}
	if a.Sold != testStock || a.Reserved != testStock || a.Pending != 0 {
		t.Errorf("sold %d, reserved %d, pending orders %d; want all %d units sold and paid", a.Sold, a.Reserved, a.Pending, testStock)
	}
	if a.StockLeft < 0 || a.Sold > a.Stock || a.Sold > a.Cap {
		t.Errorf("stock left %d after selling %d of %d (cap %d)", a.StockLeft, a.Sold, a.Stock, a.Cap)
	}
	if a.MaxPerBuyer > testLimit || a.LimitViolations != 0 {
		t.Errorf("%d buyers over the limit of %d; the most any holds is %d", a.LimitViolations, testLimit, a.MaxPerBuyer)
	}
	if int64(a.Sold) != res.Units || int64(a.Orders) != res.Paid {
		t.Errorf("the database holds %d units in %d paid orders; the buyers saw %d in %d", a.Sold, a.Orders, res.Units, res.Paid)
	}
	checkPaidRecorded(t, db, raw, fs.SKU)
}

// checkPaidRecorded checks that the payments, recorded many to a
// transaction, each reached the ledger (which verifies) and the sales
// facts, and that the facts' rollup adds up to them, month by month.
func checkPaidRecorded(t *testing.T, db *store.DB, raw *bench.RawDB, sku string) {
	t.Helper()
	ctx := context.Background()
	check, err := db.VerifyLedger(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !check.OK() {
		t.Errorf("the ledger does not verify: %v (+%d more)", check.Problems, check.More)
	}
	var lines, facts, lineSum, factSum int64
	if err := raw.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(l.unit_price * l.qty - l.discount), 0)
FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE l.sku = $1 AND o.status = 'paid'`, sku).Scan(&lines, &lineSum); err != nil {
		t.Fatal(err)
	}
	if err := raw.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(f.amount), 0)
FROM sales_facts f JOIN order_lines l ON f.channel = 'platform' AND f.order_ref = 'line-' || l.id WHERE l.sku = $1`, sku).Scan(&facts, &factSum); err != nil {
		t.Fatal(err)
	}
	if facts != lines || factSum != lineSum {
		t.Errorf("%d sales facts of %d fen for %d paid lines of %d fen", facts, factSum, lines, lineSum)
	}
	rows, err := raw.QueryContext(ctx, `SELECT f.month, SUM(f.amount), (SELECT COALESCE(SUM(r.amount), 0) FROM sales_rollup r WHERE r.period = f.month)
FROM sales_facts f GROUP BY f.month`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var month string
		var sum, rolled int64
		if err := rows.Scan(&month, &sum, &rolled); err != nil {
			t.Fatal(err)
		}
		if sum != rolled {
			t.Errorf("%s: the facts add up to %d fen, the rollup to %d", month, sum, rolled)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// TestCeiling checks that the ceiling sells exactly its stock and leaves
// no scratch table behind.
func TestCeiling(t *testing.T) {
	ctx := context.Background()
	dbURL := storetest.URL(t, "sqlite")
	raw, err := bench.OpenRaw(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	c, err := bench.Ceiling(ctx, raw, 8, 300)
	if err != nil {
		t.Fatal(err)
	}
	if c.Tx != 300 || c.PerSecond() <= 0 {
		t.Errorf("ceiling: %d transactions (%.0f/s), want 300", c.Tx, c.PerSecond())
	}
	var n int
	if err := raw.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'bench_ceiling%'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d scratch tables left (%v)", n, err)
	}
}
