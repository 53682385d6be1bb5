package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"sync"
)

// Group commit. Each write transaction on SQLite costs a sync of the
// write-ahead log, and on PostgreSQL a round of row locks and a WAL flush;
// many small concurrent writers (a flash sale's buyers) are bound by that
// cost, not by their SQL. The batcher runs concurrent write operations
// together: a worker takes every operation waiting, runs each inside its own
// savepoint of one shared transaction, and commits once. An operation that
// fails rolls back to its savepoint alone; the others commit. Callers see
// the same all-or-nothing behaviour as with their own transaction.

// txFunc is one write operation; it runs inside a transaction it must not
// commit or roll back.
type txFunc func(ctx context.Context, tx *sql.Tx) error

type batchOp struct {
	ctx  context.Context
	fn   txFunc
	late bool
	done chan error
}

type batcher struct {
	db      *DB
	ops     chan *batchOp
	maxOps  int
	workers int
	start   sync.Once
	stop    chan struct{}
	wg      sync.WaitGroup
}

func newBatcher(db *DB, workers, maxOps int) *batcher {
	return &batcher{db: db, ops: make(chan *batchOp, 4096), maxOps: maxOps, workers: workers, stop: make(chan struct{})}
}

// do runs fn in a shared transaction and returns its error once the
// transaction holding it has committed (nil) or fn failed.
func (b *batcher) do(ctx context.Context, fn txFunc) error { return b.submit(ctx, fn, false) }

// doLate is do for operations that post to the ledger: they run after the
// batch's other operations. Every batch thus takes the row locks of stock,
// flash sales and carts first and the ledger head's last, the same order
// in every transaction of every server, so that concurrent batches on
// PostgreSQL queue instead of deadlocking, and the head is held only for
// the end of a batch.
func (b *batcher) doLate(ctx context.Context, fn txFunc) error { return b.submit(ctx, fn, true) }

func (b *batcher) submit(ctx context.Context, fn txFunc, late bool) error {
	b.start.Do(func() {
		for i := 0; i < b.workers; i++ {
			b.wg.Add(1)
			go b.work()
		}
	})
	op := &batchOp{ctx: ctx, fn: fn, late: late, done: make(chan error, 1)}
	select {
	case b.ops <- op:
	case <-ctx.Done():
		return ctx.Err()
	case <-b.stop:
		return errors.New("store: closed")
	}
	select {
	case err := <-op.done:
		return err
	case <-b.stop:
		return errors.New("store: closed")
	}
}

func (b *batcher) close() {
	select {
	case <-b.stop:
	default:
		close(b.stop)
	}
	b.wg.Wait()
}

func (b *batcher) work() {
	defer b.wg.Done()
	batch := make([]*batchOp, 0, b.maxOps)
	for {
		select {
		case op := <-b.ops:
			batch = append(batch[:0], op)
		case <-b.stop:
			return
		}
	drain:
		for len(batch) < b.maxOps {
			select {
			case op := <-b.ops:
				batch = append(batch, op)
			default:
				break drain
			}
		}
		// Early operations first, ledger operations last (see doLate).
		sort.SliceStable(batch, func(i, j int) bool { return !batch[i].late && batch[j].late })
		b.run(batch)
	}
}

// run executes a batch in one transaction. If the commit fails, each
// operation that had succeeded is retried alone, so one bad operation
// never fails its neighbours; so is one that met a deadlock.
func (b *batcher) run(batch []*batchOp) {
	errs := make([]error, len(batch))
	ok := b.runShared(batch, errs)
	for i, op := range batch {
		switch {
		case errs[i] != nil && !isTransient(errs[i]):
			op.done <- errs[i]
		case errs[i] == nil && ok:
			op.done <- nil
		default: // the commit failed, or the operation met a deadlock
			op.done <- b.runAlone(op)
		}
	}
}

func (b *batcher) runShared(batch []*batchOp, errs []error) bool {
	ctx := context.Background()
	tx, err := b.db.w.BeginTx(ctx, nil)
	if err != nil {
		for i := range errs {
			errs[i] = fmt.Errorf("store: begin: %w", err)
		}
		return true
	}
	defer tx.Rollback()
	tail := &paidTail{}
	for i, op := range batch {
		if err := op.ctx.Err(); err != nil {
			errs[i] = err
			continue
		}
		if _, err := tx.ExecContext(ctx, `SAVEPOINT op`); err != nil {
			errs[i] = fmt.Errorf("store: savepoint: %w", err)
			continue
		}
		mark := len(tail.orders)
		if err := op.fn(withPaidTail(op.ctx, tail), tx); err != nil {
			errs[i] = err
			tail.orders = tail.orders[:mark]
			if _, rerr := tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT op`); rerr != nil {
				return false
			}
		}
		if _, err := tx.ExecContext(ctx, `RELEASE SAVEPOINT op`); err != nil {
			return false
		}
	}
	// The orders the batch paid reach the ledger and the sales facts
	// together; if that fails, nothing commits and each operation runs
	// alone (see paid_orders.go).
	if err := recordPaidOrders(ctx, tx, b.db.dialect, tail.orders); err != nil {
		return false
	}
	return tx.Commit() == nil
}

// runAlone runs one operation in its own transaction, retrying a few
// times when PostgreSQL reports a deadlock or serialization failure.
func (b *batcher) runAlone(op *batchOp) error {
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		if err = b.runOnce(op); !isTransient(err) {
			return err
		}
	}
	return err
}

func (b *batcher) runOnce(op *batchOp) error {
	tx, err := b.db.w.BeginTx(op.ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer tx.Rollback()
	if err := op.fn(op.ctx, tx); err != nil {
		return err
	}
	return tx.Commit()
}
