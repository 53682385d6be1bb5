package store

import (
	"context"
	"fmt"
	"time"
)

// Optimize refreshes the statistics the query planner chooses the
// catalog's indexes by: it runs ANALYZE on the products table. Without
// statistics, a category listing of 100,000 products sorts every product
// of the category instead of reading the newest by index (SQLite), and
// the home page's sections take over a second (PostgreSQL whose
// autovacuum has not yet analyzed a bulk import, or is off). The other
// tables are left to the engine on purpose: SQLite without statistics
// assumes them large and seeks by index, which is right for orders, carts
// and the ledger as they grow, while statistics gathered when they were
// small (PRAGMA optimize right after the demo is loaded) made a flash
// sale's purchases cost 60% more CPU; PostgreSQL's autovacuum analyzes
// them as they change. SQLite's read connections load the new statistics
// as they are renewed (see readConnLifetime).
func (db *DB) Optimize(ctx context.Context) error {
	if _, err := db.w.ExecContext(ctx, `ANALYZE products`); err != nil {
		return fmt.Errorf("store.Optimize: %w", err)
	}
	return nil
}

// readConnLifetime is how long a SQLite read connection lives: a new one
// loads the planner's statistics as Optimize last left them.
const readConnLifetime = 10 * time.Minute

// OptimizeEvery runs Optimize every interval until ctx is done; failures
// are passed to report.
func (db *DB) OptimizeEvery(ctx context.Context, interval time.Duration, report func(error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := db.Optimize(ctx); err != nil && ctx.Err() == nil {
				report(err)
			}
		}
	}
}
