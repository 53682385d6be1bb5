package store

import (
	"context"
	"database/sql"
	"fmt"

	"maeul/internal/errs"
	"maeul/internal/impact"
	"maeul/internal/money"
)

// The ledger's own operations: dividend runs and payouts. Each runs
// through the group-commit batcher among the operations that post to the
// ledger (doLate), and opens the ledger writer, which takes the ledger
// head's row lock, before it reads the balance it checks (SQLite has one
// writer anyway): so that balance cannot change before the postings that
// depend on it are appended.

// AccountBalance returns an account's running balance; an account without
// entries has a balance of zero.
func (db *DB) AccountBalance(ctx context.Context, a impact.Account) (money.Fen, error) {
	b, err := balance(ctx, db.r, a)
	if err != nil {
		return 0, fmt.Errorf("store.AccountBalance: %w", err)
	}
	return b, nil
}

func balance(ctx context.Context, q querier, a impact.Account) (money.Fen, error) {
	var b money.Fen
	err := q.QueryRowContext(ctx, `SELECT balance FROM ledger_balances WHERE account = $1`, a).Scan(&b)
	if errNoRows(err) {
		return 0, nil
	}
	return b, err
}

// ExecuteDividendRun pays an organization's pool to its members and
// records the run, in one transaction: the run's row (UNIQUE per
// organization and period), its shares, and the ledger transaction that
// moves the pool's balance, read inside the transaction, to the members by
// impact.DividendPostings. A period already run returns that run with
// Earlier set and pays nothing; an empty pool or no members is Invalid
// and writes nothing.
func (db *DB) ExecuteDividendRun(ctx context.Context, run impact.DividendRun, members []impact.Holding) (impact.DividendRun, error) {
	var id int64
	var earlier bool
	err := db.batch.doLate(ctx, func(ctx context.Context, tx *sql.Tx) error {
		id, earlier = 0, false
		w, err := openLedger(ctx, tx, db.dialect, 50)
		if err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `SELECT id FROM dividend_runs WHERE org_id = $1 AND period = $2`, run.OrgID, run.Period).Scan(&id)
		if err == nil {
			earlier = true
			return nil
		}
		if !errNoRows(err) {
			return err
		}
		pool, err := balance(ctx, tx, impact.OrgPool(run.OrgID))
		if err != nil {
			return err
		}
		posts, err := impact.DividendPostings(run.OrgID, pool, members)
		if err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO dividend_runs (org_id, period, amount, executed_by, executed_at)
VALUES ($1, $2, $3, $4, $5) RETURNING id`, run.OrgID, run.Period, pool, nullID(run.ExecutedBy), micros(run.ExecutedAt)).Scan(&id)
		if isUnique(err) {
			return errs.E(errs.Conflict, "err.impact.dividends_meanwhile", run.Period)
		}
		if err != nil {
			return err
		}
		for _, sh := range impact.DividendShares(members, posts) {
			if _, err := tx.ExecContext(ctx, `INSERT INTO dividend_shares (run_id, household_id, shares, amount) VALUES ($1, $2, $3, $4)`,
				id, sh.HouseholdID, sh.Shares, sh.Amount); err != nil {
				return err
			}
		}
		lps := make([]ledgerPost, len(posts))
		for i, p := range posts {
			lps[i] = ledgerPost{Posting: p, entryRefs: entryRefs{runID: id}}
		}
		if _, err := w.post(lps, run.ExecutedAt); err != nil {
			return err
		}
		return w.close()
	})
	if err != nil {
		if errs.CodeOf(err) != errs.Internal {
			return impact.DividendRun{}, err
		}
		return impact.DividendRun{}, fmt.Errorf("store.ExecuteDividendRun: %w", err)
	}
	r, err := dividendRun(ctx, db.r, id)
	if err != nil {
		return impact.DividendRun{}, fmt.Errorf("store.ExecuteDividendRun: %w", err)
	}
	r.Earlier = earlier
	return r, nil
}

// RecordPayout posts a payout from a household's balance and records it,
// in one transaction. The balance is read inside the transaction from the
// running balances, and impact.PayoutPostings refuses more than it holds
// (Invalid). The same household, method and reference as an earlier
// payout returns that payout with Earlier set, or is a Conflict when the
// amount differs.
func (db *DB) RecordPayout(ctx context.Context, p impact.Payout) (impact.Payout, error) {
	var id int64
	var earlier bool
	err := db.batch.doLate(ctx, func(ctx context.Context, tx *sql.Tx) error {
		id, earlier = 0, false
		w, err := openLedger(ctx, tx, db.dialect, 50)
		if err != nil {
			return err
		}
		var amount money.Fen
		err = tx.QueryRowContext(ctx, `SELECT id, amount FROM payouts WHERE household_id = $1 AND method = $2 AND reference = $3`,
			p.HouseholdID, p.Method, p.Reference).Scan(&id, &amount)
		if err == nil {
			if amount != p.Amount {
				return &errs.Error{Code: errs.Conflict, Field: "reference", Key: "err.impact.payout_recorded",
					Args: []any{p.Reference, amount, p.Amount}}
			}
			earlier = true
			return nil
		}
		if !errNoRows(err) {
			return err
		}
		bal, err := balance(ctx, tx, impact.HouseholdAccount(p.HouseholdID))
		if err != nil {
			return err
		}
		posts, err := impact.PayoutPostings(p.HouseholdID, p.Amount, bal, p.Method)
		if err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO payouts (household_id, amount, method, reference, operator_id, point_id, paid_at)
VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, p.HouseholdID, p.Amount, p.Method, p.Reference, nullID(p.OperatorID),
			nullID(p.PointID), micros(p.PaidAt)).Scan(&id)
		if isUnique(err) {
			return errs.E(errs.Conflict, "err.impact.payout_meanwhile", p.Reference)
		}
		if err != nil {
			return err
		}
		lps := make([]ledgerPost, len(posts))
		for i, ps := range posts {
			lps[i] = ledgerPost{Posting: ps, entryRefs: entryRefs{payoutID: id}}
		}
		if _, err := w.post(lps, p.PaidAt); err != nil {
			return err
		}
		return w.close()
	})
	if err != nil {
		if errs.CodeOf(err) != errs.Internal {
			return impact.Payout{}, err
		}
		return impact.Payout{}, fmt.Errorf("store.RecordPayout: %w", err)
	}
	out, err := payout(ctx, db.r, id)
	if err != nil {
		return impact.Payout{}, fmt.Errorf("store.RecordPayout: %w", err)
	}
	out.Earlier = earlier
	return out, nil
}
