package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"maeul/internal/impact"
	"maeul/internal/money"
)

// entryRefs are what a ledger transaction's entries refer to.
type entryRefs struct {
	lineID, refundID, runID, payoutID int64
}

// ledgerPost is one posting with what it refers to, for appendLedger.
type ledgerPost struct {
	impact.Posting
	entryRefs
	units int64 // units sold (supply postings), for the rollup
}

// appendLedger appends one balanced ledger transaction inside tx: it takes
// the chain's head (the UPDATE locks its row on PostgreSQL, so concurrent
// appends queue), chains each entry's hash to the previous one, keeps the
// running balances and the monthly impact rollup, and moves the head. An
// unbalanced transaction is a programming error and fails.
func appendLedger(ctx context.Context, tx *sql.Tx, posts []ledgerPost, at time.Time) (int64, error) {
	if len(posts) == 0 {
		return 0, nil
	}
	var sum money.Fen
	for _, p := range posts {
		sum += p.Amount
	}
	if sum != 0 {
		return 0, fmt.Errorf("store.appendLedger: transaction does not balance (%d)", sum)
	}
	var seq, txID int64
	var prev string
	err := tx.QueryRowContext(ctx, `UPDATE ledger_head SET last_tx = last_tx + 1 WHERE id = 1 RETURNING last_seq, last_tx, last_hash`).Scan(&seq, &txID, &prev)
	if err != nil {
		return 0, fmt.Errorf("store.appendLedger: head: %w", err)
	}
	villages := map[int64]string{}
	month := impact.Day(at).Format("2006-01")
	for _, p := range posts {
		seq++
		e := impact.Entry{Seq: seq, TxID: txID, Posting: p.Posting, LineID: p.lineID, RefundID: p.refundID, RunID: p.runID,
			PayoutID: p.payoutID, At: time.UnixMicro(micros(at)).UTC(), PrevHash: prev}
		e.Hash = e.ComputeHash()
		_, err := tx.ExecContext(ctx, `INSERT INTO ledger_entries (seq, tx_id, account, amount, kind, org_id, household_id, link_id,
  line_id, refund_id, run_id, payout_id, at, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
			e.Seq, e.TxID, e.Account, e.Amount, e.Kind, e.OrgID, e.HouseholdID, e.LinkID, e.LineID, e.RefundID, e.RunID, e.PayoutID,
			micros(e.At), e.PrevHash, e.Hash)
		if err != nil {
			return 0, fmt.Errorf("store.appendLedger: %w", err)
		}
		prev = e.Hash
		if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_balances (account, balance) VALUES ($1, $2)
ON CONFLICT (account) DO UPDATE SET balance = ledger_balances.balance + excluded.balance`, e.Account, e.Amount); err != nil {
			return 0, fmt.Errorf("store.appendLedger: balance: %w", err)
		}
		if err := rollup(ctx, tx, p, month, villages); err != nil {
			return 0, err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE ledger_head SET last_seq = $1, last_hash = $2 WHERE id = 1`, seq, prev); err != nil {
		return 0, fmt.Errorf("store.appendLedger: head: %w", err)
	}
	return txID, nil
}

// rollup adds a household-side posting to the monthly impact rollup:
// supplier credits (and their reversals) by product, dividends as product
// 0. Payouts move money the household already earned and are not income.
func rollup(ctx context.Context, tx *sql.Tx, p ledgerPost, month string, villages map[int64]string) error {
	if p.HouseholdID == 0 || !strings.HasPrefix(string(p.Account), "hh:") {
		return nil
	}
	var supply, dividend money.Fen
	var product int64
	switch p.Kind {
	case impact.KindSupply:
		supply = p.Amount
	case impact.KindDividend:
		dividend = p.Amount
	case impact.KindRefund:
		supply = p.Amount
	default:
		return nil
	}
	if p.lineID != 0 {
		if err := tx.QueryRowContext(ctx, `SELECT product_id FROM order_lines WHERE id = $1`, p.lineID).Scan(&product); err != nil {
			return fmt.Errorf("store.rollup: %w", err)
		}
	}
	v, ok := villages[p.HouseholdID]
	if !ok {
		if err := tx.QueryRowContext(ctx, `SELECT village_code FROM households WHERE id = $1`, p.HouseholdID).Scan(&v); err != nil {
			return fmt.Errorf("store.rollup: household %d: %w", p.HouseholdID, err)
		}
		villages[p.HouseholdID] = v
	}
	units := p.units
	if p.Kind == impact.KindRefund {
		units = 0
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO impact_rollup (month, household_id, org_id, product_id, village_code, supply_fen, dividend_fen, units)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT (month, household_id, org_id, product_id) DO UPDATE SET supply_fen = impact_rollup.supply_fen + excluded.supply_fen,
  dividend_fen = impact_rollup.dividend_fen + excluded.dividend_fen, units = impact_rollup.units + excluded.units`,
		month, p.HouseholdID, p.OrgID, product, v, supply, dividend, units)
	if err != nil {
		return fmt.Errorf("store.rollup: %w", err)
	}
	return nil
}

// linksOf returns an organization's benefit links (all kinds).
func linksOf(ctx context.Context, q querier, orgID int64) ([]impact.Link, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, COALESCE(household_id, 0), org_id, kind, COALESCE(product_id, 0), COALESCE(variant_id, 0),
  percent_bp, per_unit, shares, valid_from, valid_to FROM benefit_links WHERE org_id = $1 ORDER BY id`, orgID)
	if err != nil {
		return nil, fmt.Errorf("store.links: %w", err)
	}
	defer rows.Close()
	var out []impact.Link
	for rows.Next() {
		var l impact.Link
		var from, to string
		if err := rows.Scan(&l.ID, &l.HouseholdID, &l.OrgID, &l.Kind, &l.ProductID, &l.VariantID, &l.PercentBP, &l.PerUnit, &l.Shares, &from, &to); err != nil {
			return nil, fmt.Errorf("store.links: %w", err)
		}
		l.ValidFrom, l.ValidTo = parseDay(from), parseDay(to)
		out = append(out, l)
	}
	return out, rows.Err()
}

// postPaidOrder posts a paid order's lines to the ledger in one ledger
// transaction: each line's sale and the credits its links give, per the
// links valid when it was paid.
func postPaidOrder(ctx context.Context, tx *sql.Tx, orderID int64, at time.Time) error {
	o, err := order(ctx, tx, orderID)
	if err != nil {
		return err
	}
	links, err := linksOf(ctx, tx, o.OrgID)
	if err != nil {
		return err
	}
	var posts []ledgerPost
	for _, l := range o.Lines {
		sale := impact.SalePostings(impact.SaleLine{LineID: l.ID, OrgID: o.OrgID, ProductID: l.ProductID, VariantID: l.VariantID,
			Qty: l.Qty, Net: l.Net(), PaidAt: at}, links)
		for _, p := range sale {
			lp := ledgerPost{Posting: p, entryRefs: entryRefs{lineID: l.ID}}
			if p.Kind == impact.KindSupply {
				lp.units = int64(l.Qty)
			}
			posts = append(posts, lp)
		}
	}
	_, err = appendLedger(ctx, tx, posts, at)
	return err
}

// postRefund reverses, in proportion, the postings of the refunded lines:
// refunded maps line ids to what the line had refunded before this refund
// and what this refund returns of it.
func postRefund(ctx context.Context, tx *sql.Tx, refundID int64, lines []refundedLine, at time.Time) error {
	var posts []ledgerPost
	for _, rl := range lines {
		sale, err := salePostingsOf(ctx, tx, rl.lineID)
		if err != nil {
			return err
		}
		for _, p := range impact.RefundPostings(sale, rl.net, rl.before, rl.before+rl.amount) {
			posts = append(posts, ledgerPost{Posting: p, entryRefs: entryRefs{lineID: rl.lineID, refundID: refundID}})
		}
	}
	_, err := appendLedger(ctx, tx, posts, at)
	return err
}

// refundedLine is one line of a refund as the ledger needs it.
type refundedLine struct {
	lineID         int64
	net            money.Fen
	before, amount money.Fen
}

// salePostingsOf returns the postings a line's sale made, in order.
func salePostingsOf(ctx context.Context, q querier, lineID int64) ([]impact.Posting, error) {
	rows, err := q.QueryContext(ctx, `SELECT account, amount, kind, org_id, household_id, link_id FROM ledger_entries
WHERE line_id = $1 AND refund_id = 0 ORDER BY seq`, lineID)
	if err != nil {
		return nil, fmt.Errorf("store.salePostings: %w", err)
	}
	defer rows.Close()
	var out []impact.Posting
	for rows.Next() {
		var p impact.Posting
		if err := rows.Scan(&p.Account, &p.Amount, &p.Kind, &p.OrgID, &p.HouseholdID, &p.LinkID); err != nil {
			return nil, fmt.Errorf("store.salePostings: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
