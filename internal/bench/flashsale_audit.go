package bench

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// RawDB is a plain connection pool to a maeul database, outside the store:
// the flash-sale audit counts with its own SQL, and the ceiling runs
// transactions on scratch tables.
type RawDB struct {
	*sql.DB
	Engine string // "sqlite" or "postgres"
}

// OpenRaw opens the database at a maeul database URL (sqlite:PATH with an
// optional ?synchronous=…, or postgres://…) the way store.Open opens its
// write path: on SQLite one connection in WAL mode with the same pragmas
// and BEGIN IMMEDIATE transactions; on PostgreSQL a pool of 32.
func OpenRaw(ctx context.Context, dbURL string) (*RawDB, error) {
	var r RawDB
	switch {
	case strings.HasPrefix(dbURL, "sqlite:"):
		path, query, _ := strings.Cut(strings.TrimPrefix(dbURL, "sqlite:"), "?")
		params, err := url.ParseQuery(query)
		if err != nil {
			return nil, fmt.Errorf("bench.OpenRaw: %w", err)
		}
		sync := strings.ToUpper(params.Get("synchronous"))
		if sync == "" {
			sync = "FULL"
		}
		r.Engine = "sqlite"
		r.DB, err = sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)"+
			"&_pragma=synchronous("+sync+")&_pragma=cache_size(-32000)&_pragma=temp_store(MEMORY)&_txlock=immediate")
		if err != nil {
			return nil, fmt.Errorf("bench.OpenRaw: %w", err)
		}
		r.SetMaxOpenConns(1)
		r.SetMaxIdleConns(1)
	case strings.HasPrefix(dbURL, "postgres://"), strings.HasPrefix(dbURL, "postgresql://"):
		var err error
		r.Engine = "postgres"
		r.DB, err = sql.Open("pgx", dbURL)
		if err != nil {
			return nil, fmt.Errorf("bench.OpenRaw: %w", err)
		}
		r.SetMaxOpenConns(32)
		r.SetMaxIdleConns(32)
	default:
		return nil, fmt.Errorf("bench.OpenRaw: unknown database URL %q", dbURL)
	}
	if err := r.PingContext(ctx); err != nil {
		r.Close()
		return nil, fmt.Errorf("bench.OpenRaw: %w", err)
	}
	return &r, nil
}

// FlashSaleAudit is what the database says was sold in a flash sale.
type FlashSaleAudit struct {
	// Stock is the variant's stock at the start (the sale's cap), Limit
	// the per-buyer limit.
	Stock, Cap, Limit int
	// Sold is the units in paid order lines of the sale, Orders the paid
	// orders holding them.
	Sold, Orders int
	// Reserved is the units of the variant in orders that are not
	// cancelled (paid or still waiting for payment); Pending the orders
	// still waiting.
	Reserved, Pending int
	// StockLeft is the variant's stock now, SaleCounter the sale's own
	// count of units sold.
	StockLeft, SaleCounter int
	// Oversold is the units reserved beyond the cap or the stock, plus any
	// stock below zero: 0 unless the shop oversold.
	Oversold int
	// Buyers is how many shoppers bought; LimitViolations how many of
	// them hold more units of the sale than the limit, MaxPerBuyer the
	// most any holds.
	Buyers, LimitViolations, MaxPerBuyer int
	// UnpaidPayments counts paid orders of the sale whose payment is not
	// paid (0 unless the books disagree).
	UnpaidPayments int
}

// Consistent reports how the counts disagree with each other, or nil:
// the stock left must be the stock less what is reserved, the sale's
// counter must equal what is reserved, nothing may be oversold, no buyer
// may be over the limit and every paid order's payment must be paid.
func (a FlashSaleAudit) Consistent() error {
	var problems []string
	if a.StockLeft != a.Stock-a.Reserved {
		problems = append(problems, fmt.Sprintf("stock left %d, but %d of %d are reserved", a.StockLeft, a.Reserved, a.Stock))
	}
	if a.SaleCounter != a.Reserved {
		problems = append(problems, fmt.Sprintf("the sale counts %d sold, the orders hold %d", a.SaleCounter, a.Reserved))
	}
	if a.Oversold != 0 {
		problems = append(problems, fmt.Sprintf("%d units oversold", a.Oversold))
	}
	if a.LimitViolations != 0 {
		problems = append(problems, fmt.Sprintf("%d buyers over the limit of %d (one holds %d)", a.LimitViolations, a.Limit, a.MaxPerBuyer))
	}
	if a.UnpaidPayments != 0 {
		problems = append(problems, fmt.Sprintf("%d paid orders with an unpaid payment", a.UnpaidPayments))
	}
	if len(problems) == 0 {
		return nil
	}
	return errors.New("flash sale audit: " + strings.Join(problems, "; "))
}

func (a FlashSaleAudit) String() string {
	return fmt.Sprintf("sold %d of %d (cap %d) in %d paid orders to %d buyers; reserved %d, pending %d, stock left %d, sale counter %d; oversold %d, over the limit of %d: %d buyers (most held %d), paid orders with unpaid payment %d",
		a.Sold, a.Stock, a.Cap, a.Orders, a.Buyers, a.Reserved, a.Pending, a.StockLeft, a.SaleCounter,
		a.Oversold, a.Limit, a.LimitViolations, a.MaxPerBuyer, a.UnpaidPayments)
}

// AuditFlashSale counts, from the database, what was sold in fs: order
// lines and their orders and payments, the variant's stock and the sale's
// counters, with plain SQL that does not go through the store.
func AuditFlashSale(ctx context.Context, db *RawDB, fs *FlashSale) (FlashSaleAudit, error) {
	a := FlashSaleAudit{Stock: fs.Stock}
	q := func(dest []any, query string, args ...any) error {
		if err := db.QueryRowContext(ctx, query, args...).Scan(dest...); err != nil {
			return fmt.Errorf("bench.AuditFlashSale: %w", err)
		}
		return nil
	}
	if err := q([]any{&a.Cap, &a.SaleCounter, &a.Limit}, `SELECT cap, sold, per_buyer FROM flash_sales WHERE id = $1`, fs.SaleID); err != nil {
		return a, err
	}
	if err := q([]any{&a.StockLeft}, `SELECT stock FROM variants WHERE id = $1`, fs.VariantID); err != nil {
		return a, err
	}
	if err := q([]any{&a.Sold, &a.Orders}, `SELECT COALESCE(SUM(l.qty), 0), COUNT(DISTINCT o.id)
FROM order_lines l JOIN orders o ON o.id = l.order_id
WHERE l.flash_sale_id = $1 AND o.status = 'paid'`, fs.SaleID); err != nil {
		return a, err
	}
	if err := q([]any{&a.Reserved, &a.Pending}, `SELECT COALESCE(SUM(l.qty), 0), COUNT(DISTINCT CASE WHEN o.status = 'pending_payment' THEN o.id END)
FROM order_lines l JOIN orders o ON o.id = l.order_id
WHERE l.variant_id = $1 AND o.status <> 'cancelled'`, fs.VariantID); err != nil {
		return a, err
	}
	if err := q([]any{&a.Buyers, &a.LimitViolations, &a.MaxPerBuyer}, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN $2 > 0 AND units > $2 THEN 1 ELSE 0 END), 0), COALESCE(MAX(units), 0)
FROM (SELECT o.buyer_id, SUM(l.qty) AS units
  FROM order_lines l JOIN orders o ON o.id = l.order_id
  WHERE l.flash_sale_id = $1 AND o.status <> 'cancelled' GROUP BY o.buyer_id) b`, fs.SaleID, a.Limit); err != nil {
		return a, err
	}
	if err := q([]any{&a.UnpaidPayments}, `SELECT COUNT(DISTINCT o.id)
FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN payments p ON p.group_id = o.group_id
WHERE l.flash_sale_id = $1 AND o.status = 'paid' AND p.status <> 'paid'`, fs.SaleID); err != nil {
		return a, err
	}
	a.Oversold = max(0, a.Reserved-min(a.Cap, a.Stock)) + max(0, -a.StockLeft)
	return a, nil
}
