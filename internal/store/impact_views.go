package store

import (
	"context"

	"maeul/internal/impact"
)

// CheckLedger runs VerifyLedger and reports it as the impact domain's
// LedgerCheck (impact.LedgerVerifier), so that the pages and the API
// show the auditor the verify result without depending on the store.
func (db *DB) CheckLedger(ctx context.Context) (impact.LedgerCheck, error) {
	r, err := db.VerifyLedger(ctx)
	if err != nil {
		return impact.LedgerCheck{}, err
	}
	return impact.LedgerCheck{Entries: r.Entries, Transactions: r.Transactions, Accounts: r.Accounts,
		PaidLines: r.PaidLines, RefundLines: r.RefundLines, Problems: r.Problems, More: r.More}, nil
}

var _ impact.LedgerVerifier = (*DB)(nil)
