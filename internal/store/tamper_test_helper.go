package store

import (
	"context"
	"fmt"
)

// TamperForTest changes the amount of ledger entry seq behind the ledger's
// back, by lifting the append-only protection for one statement, so that
// tests can prove VerifyLedger notices. It exists for tests only.
func (db *DB) TamperForTest(ctx context.Context, seq int64) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmts := []string{`DROP TRIGGER ledger_entries_no_update`, `UPDATE ledger_entries SET amount = amount + 1 WHERE seq = $1`}
	if db.dialect.name == "postgres" {
		stmts[0] = `ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_no_update`
	}
	for i, s := range stmts {
		var err error
		if i == 1 {
			_, err = tx.ExecContext(ctx, s, seq)
		} else {
			_, err = tx.ExecContext(ctx, s)
		}
		if err != nil {
			return fmt.Errorf("store.TamperForTest: %w", err)
		}
	}
	return tx.Commit()
}
