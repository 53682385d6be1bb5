package bench

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/i18n"
	"maeul/internal/money"
	"maeul/internal/promo"
	"maeul/internal/region"
	"maeul/internal/store"
)

// The flash-sale load: a product of a demo village store with one variant
// whose stock is the sale's cap, sold to many concurrent buyers through the
// real purchase path over HTTP (add to cart → checkout → sandbox payment →
// the wallet's signed notification → paid), then counted from the
// database. flashsale_driver.go drives the buyers, flashsale_audit.go
// counts what was sold and ceiling.go measures the database's own limit.

// FlashSaleStore is the village store the benchmark's product belongs to,
// and FlashSaleOrigin its village (both in the demo data).
const (
	FlashSaleStore  = "wq-dongxing-store"
	FlashSaleOrigin = region.Code("222424100201")
)

// FlashSale is a flash sale made for a load run: its product, variant and
// sale, and the shopper accounts (each with its own session) that buy in
// it.
type FlashSale struct {
	ProductCode string
	SKU         string
	VariantID   int64
	SaleID      int64
	// Stock is the variant's stock when the sale starts, equal to the
	// sale's cap, so that the product sells out exactly when the sale
	// does and nothing is ever sold at the list price.
	Stock int
	// Limit is the per-buyer limit (0: none).
	Limit    int
	Price    money.Fen // the flash-sale price
	Shoppers []Shopper
}

// Shopper is a shopper account and the token of a session of it.
type Shopper struct {
	ID    int64
	Token string
}

// SetUpFlashSale creates, directly in db, a goods product in the demo
// village store FlashSaleStore with one variant of stock units, a flash
// sale of the whole stock with a per-buyer limit, live from a minute ago
// for a day, and shoppers shopper accounts, each with a session started
// through accs (no password is hashed, and none can sign in). The demo
// data must be loaded. Names carry a fresh run id, so runs on the same
// database do not collide. It fails if any step does.
func SetUpFlashSale(ctx context.Context, db *store.DB, accs *accounts.Service, stock, limit, shoppers int) (*FlashSale, error) {
	if stock < 1 {
		return nil, fmt.Errorf("bench.SetUpFlashSale: stock %d: want at least 1", stock)
	}
	o, err := db.Organization(ctx, FlashSaleStore)
	if err != nil {
		return nil, fmt.Errorf("bench.SetUpFlashSale: the demo data must be loaded: %w", err)
	}
	now := time.Now().UTC()
	run := strconv.FormatInt(now.UnixNano()/1e3, 36)
	fs := &FlashSale{
		ProductCode: "flash-" + run, SKU: "FLASH-" + strings.ToUpper(run), Stock: stock, Limit: limit, Price: 990,
	}
	p := catalog.Product{
		Code: fs.ProductCode, OrgID: o.ID, Category: "eggs-poultry", Origin: FlashSaleOrigin, Kind: catalog.Goods,
		Name:        i18n.Text{Ko: "번개세일 토닭알", Zh: "秒杀土鸡蛋", En: "Flash-sale free-range eggs"},
		Description: i18n.Text{En: "A load-test product: free-range eggs from Dongxing village, in a flash sale."},
		Variants: []catalog.Variant{{
			SKU: fs.SKU, Name: i18n.Text{Ko: "30알", Zh: "30枚装", En: "30 eggs"}, Price: 4990, Stock: stock,
		}},
	}
	if _, err := db.SaveProducts(ctx, []catalog.Product{p}, []catalog.Change{{OrgID: o.ID, Action: "bench", At: now}}); err != nil {
		return nil, fmt.Errorf("bench.SetUpFlashSale: product: %w", err)
	}
	saved, err := db.Product(ctx, fs.ProductCode)
	if err != nil {
		return nil, fmt.Errorf("bench.SetUpFlashSale: %w", err)
	}
	fs.VariantID = saved.Variants[0].ID
	fs.SaleID, err = db.CreateFlashSale(ctx, promo.FlashSale{
		VariantID: fs.VariantID, Price: fs.Price, Starts: now.Add(-time.Minute), Ends: now.Add(24 * time.Hour),
		Cap: stock, PerBuyer: limit,
	})
	if err != nil {
		return nil, fmt.Errorf("bench.SetUpFlashSale: sale: %w", err)
	}
	fs.Shoppers, err = makeShoppers(ctx, db, accs, run, shoppers)
	if err != nil {
		return nil, err
	}
	return fs, nil
}

// makeShoppers creates n shopper accounts named after run and starts a
// session for each, from a few goroutines (the writes queue on SQLite's
// one writer; PostgreSQL runs them side by side).
func makeShoppers(ctx context.Context, db *store.DB, accs *accounts.Service, run string, n int) ([]Shopper, error) {
	out := make([]Shopper, n)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	next := make(chan int)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				u := accounts.User{
					Email: fmt.Sprintf("flash-%s-%d@bench.maeul.test", run, i), Name: fmt.Sprintf("Buyer %d", i),
					Role: accounts.Shopper, Lang: i18n.Ko,
				}
				// No real password hash: the account cannot sign in, and
				// no argon2 run is spent on it.
				id, err := db.CreateUser(ctx, u, "bench: no password")
				var token string
				if err == nil {
					token, err = accs.StartSession(ctx, id)
				}
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = fmt.Errorf("bench: shopper %d: %w", i, err)
					}
					mu.Unlock()
					continue
				}
				out[i] = Shopper{ID: id, Token: token}
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	return out, firstErr
}

// FlashSaleLine is the machine-readable summary of a flash-sale run: paid
// orders per second through the whole purchase path, the p99 of a whole
// purchase, units sold (from the database) against the stock, units
// oversold and buyers over the limit (both from the database, both 0 in a
// correct shop), the database's ceiling and the ratio of the first figure
// to it; then the p99 of the placing request (checkout_p99_ms: the
// buy-now request) and refusals per second.
func FlashSaleLine(r FlashSaleResult, a FlashSaleAudit, c CeilingResult) string {
	ratio := 0.0
	if c.PerSecond() > 0 {
		ratio = r.PaidPerSecond() / c.PerSecond()
	}
	return fmt.Sprintf("paid_orders_per_s=%.0f p99_ms=%.1f sold=%d stock=%d oversold=%d limit_violations=%d ceiling_tx_per_s=%.0f ratio_to_ceiling=%.2f checkout_p99_ms=%.1f refusals_per_s=%.0f",
		r.PaidPerSecond(), ms(r.Purchase.P99), a.Sold, a.Stock, a.Oversold, a.LimitViolations, c.PerSecond(), ratio,
		ms(r.BuyNow.P99), r.RefusalsPerSecond())
}

// CPUTime returns the CPU time (user and system) the server process has
// used so far, or 0 where /proc is not available. On a shared machine the
// CPU spent per paid order is steadier than orders per second.
func (s *Server) CPUTime() time.Duration { return ProcessCPUTime(s.cmd.Process.Pid) }

// ProcessCPUTime returns the CPU time (user and system) process pid has
// used so far, from /proc, or 0 where it is not available.
func ProcessCPUTime(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The fields after the command name (in parentheses, and it may hold
	// any character) start with the state; utime and stime are the 12th
	// and 13th of them, in clock ticks of 1/100 s on Linux.
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}
