package store

import (
	"context"
	"fmt"
	"time"
)

// Optimize refreshes the statistics the query planner chooses indexes by,
// for the tables whose size changed much since they were last gathered.
// On SQLite it runs PRAGMA optimize, which is cheap when nothing changed
// (without statistics, a category listing of 100,000 products sorts every
// product of the category instead of reading the newest by index);
// PostgreSQL's autovacuum keeps its own statistics, so there it does
// nothing. Read connections load the new statistics as they are renewed
// (see readConnLifetime).
func (db *DB) Optimize(ctx context.Context) error {
	if db.dialect.name != "sqlite" {
		return nil
	}
	if _, err := db.w.ExecContext(ctx, `PRAGMA optimize=0x10002`); err != nil {
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
