package store

import (
	"context"
	"fmt"
	"time"

	"maeul/internal/impact"
	"maeul/internal/money"
)

// LedgerReport is what VerifyLedger found.
type LedgerReport struct {
	Entries      int64
	Transactions int64
	Accounts     int
	PaidLines    int64
	RefundLines  int64
	Problems     []string // empty when the ledger is sound
	More         int      // problems beyond the first 200
}

// OK reports whether nothing is wrong.
func (r LedgerReport) OK() bool { return len(r.Problems) == 0 }

func (r *LedgerReport) problem(format string, args ...any) {
	if len(r.Problems) < 200 {
		r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
	} else {
		r.More++
	}
}

// VerifyLedger checks the whole ledger: the hash chain entry by entry (a
// changed, inserted or deleted entry breaks it at that entry), that every
// transaction's debits equal its credits, that the running balances equal
// the sums of their entries, that every paid order line is fully posted
// and every refunded line reversed by exactly the refunded amount. It
// reads everything and reports every problem it finds; an error means the
// check itself could not run.
func (db *DB) VerifyLedger(ctx context.Context) (LedgerReport, error) {
	var r LedgerReport
	sums := map[int64]money.Fen{}
	balances := map[impact.Account]money.Fen{}
	rows, err := db.r.QueryContext(ctx, `SELECT seq, tx_id, account, amount, kind, org_id, household_id, link_id, line_id, refund_id,
  run_id, payout_id, at, prev_hash, hash FROM ledger_entries ORDER BY seq`)
	if err != nil {
		return r, fmt.Errorf("store.VerifyLedger: %w", err)
	}
	prev := impact.GenesisHash
	var last int64
	for rows.Next() {
		var e impact.Entry
		var at int64
		if err := rows.Scan(&e.Seq, &e.TxID, &e.Account, &e.Amount, &e.Kind, &e.OrgID, &e.HouseholdID, &e.LinkID, &e.LineID,
			&e.RefundID, &e.RunID, &e.PayoutID, &at, &e.PrevHash, &e.Hash); err != nil {
			rows.Close()
			return r, fmt.Errorf("store.VerifyLedger: %w", err)
		}
		e.At = time.UnixMicro(at).UTC()
		r.Entries++
		if e.Seq != last+1 {
			r.problem("entry %d: expected entry %d next; entries %d to %d are missing", e.Seq, last+1, last+1, e.Seq-1)
		}
		if e.PrevHash != prev {
			r.problem("entry %d (tx %d, %s %d): its previous hash does not match entry %d's hash: the chain is broken here", e.Seq, e.TxID, e.Account, e.Amount, last)
		}
		if h := e.ComputeHash(); h != e.Hash {
			r.problem("entry %d (tx %d, %s %d): its contents do not match its hash: the entry was altered", e.Seq, e.TxID, e.Account, e.Amount)
		}
		prev, last = e.Hash, e.Seq
		sums[e.TxID] += e.Amount
		balances[e.Account] += e.Amount
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return r, fmt.Errorf("store.VerifyLedger: %w", err)
	}
	r.Transactions = int64(len(sums))
	var headSeq int64
	var headHash string
	if err := db.r.QueryRowContext(ctx, `SELECT last_seq, last_hash FROM ledger_head WHERE id = 1`).Scan(&headSeq, &headHash); err != nil {
		return r, fmt.Errorf("store.VerifyLedger: head: %w", err)
	}
	if headSeq != last || headHash != prev {
		r.problem("the ledger head says entry %d is last, but the chain ends at entry %d: entries were deleted or added outside the ledger", headSeq, last)
	}
	for tx, s := range sums {
		if s != 0 {
			r.problem("transaction %d: debits and credits differ by %d fen", tx, s)
		}
	}
	stored := map[impact.Account]money.Fen{}
	brows, err := db.r.QueryContext(ctx, `SELECT account, balance FROM ledger_balances`)
	if err != nil {
		return r, fmt.Errorf("store.VerifyLedger: balances: %w", err)
	}
	for brows.Next() {
		var a impact.Account
		var b money.Fen
		if err := brows.Scan(&a, &b); err != nil {
			brows.Close()
			return r, fmt.Errorf("store.VerifyLedger: %w", err)
		}
		stored[a] = b
	}
	brows.Close()
	for a, b := range balances {
		if stored[a] != b {
			r.problem("account %s: the running balance is %d but its entries sum to %d", a, stored[a], b)
		}
	}
	for a, b := range stored {
		if _, ok := balances[a]; !ok && b != 0 {
			r.problem("account %s: a running balance of %d with no entries", a, b)
		}
	}
	r.Accounts = len(stored)
	if err := db.verifyLines(ctx, &r); err != nil {
		return r, err
	}
	return r, nil
}

// verifyLines checks that every line of a paid checkout posted its net as
// a sale, and every refunded line had its refunds reversed exactly.
func (db *DB) verifyLines(ctx context.Context, r *LedgerReport) error {
	rows, err := db.r.QueryContext(ctx, `
SELECT l.id, l.order_id, l.unit_price * l.qty - l.discount,
  COALESCE((SELECT sum(e.amount) FROM ledger_entries e WHERE e.line_id = l.id AND e.refund_id = 0 AND e.kind = 'sale' AND e.amount > 0), 0)
FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN payments p ON p.group_id = o.group_id
WHERE p.status = 'paid' ORDER BY l.id`)
	if err != nil {
		return fmt.Errorf("store.verifyLines: %w", err)
	}
	for rows.Next() {
		var line, order int64
		var net, posted money.Fen
		if err := rows.Scan(&line, &order, &net, &posted); err != nil {
			rows.Close()
			return fmt.Errorf("store.verifyLines: %w", err)
		}
		r.PaidLines++
		if posted != net {
			r.problem("order %d line %d: paid %d fen, but the ledger posted %d as its sale", order, line, net, posted)
		}
	}
	rows.Close()
	rows, err = db.r.QueryContext(ctx, `
SELECT rl.refund_id, rl.line_id, rl.amount,
  COALESCE((SELECT sum(e.amount) FROM ledger_entries e WHERE e.refund_id = rl.refund_id AND e.line_id = rl.line_id AND e.account = 'sales'), 0)
FROM refund_lines rl ORDER BY rl.refund_id, rl.line_id`)
	if err != nil {
		return fmt.Errorf("store.verifyLines: refunds: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var refund, line int64
		var amount, reversed money.Fen
		if err := rows.Scan(&refund, &line, &amount, &reversed); err != nil {
			return fmt.Errorf("store.verifyLines: %w", err)
		}
		r.RefundLines++
		if reversed != amount {
			r.problem("refund %d line %d: refunded %d fen, but the ledger reversed %d of its sale", refund, line, amount, reversed)
		}
	}
	return rows.Err()
}
