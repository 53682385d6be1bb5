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
	units     int64  // units sold (supply postings), for the rollup
	productID int64  // the line's product, for the rollup (0: look it up)
	village   string // the household's village, for the rollup ("": look it up)
}

// appendLedger appends one balanced ledger transaction inside tx: it takes
// the chain's head (the UPDATE locks its row on PostgreSQL, so concurrent
// appends queue), chains each entry's hash to the previous one, keeps the
// running balances and the impact rollups, and moves the head. Whatever
// the number of postings it runs a handful of statements: the entries,
// the balances and each rollup are written many rows to a statement. An
// unbalanced transaction is a programming error and fails.
func appendLedger(ctx context.Context, tx *sql.Tx, d dialect, posts []ledgerPost, at time.Time) (int64, error) {
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
	const perStatement = 50
	entries := &multiRow{ctx: ctx, q: tx, positional: d.positional(), max: perStatement, cols: 15, prefix: `INSERT INTO ledger_entries (seq, tx_id, account, amount,
  kind, org_id, household_id, link_id, line_id, refund_id, run_id, payout_id, at, prev_hash, hash) VALUES `}
	var accounts []impact.Account
	balances := map[impact.Account]money.Fen{}
	us := micros(at)
	for _, p := range posts {
		seq++
		e := impact.Entry{Seq: seq, TxID: txID, Posting: p.Posting, LineID: p.lineID, RefundID: p.refundID, RunID: p.runID,
			PayoutID: p.payoutID, At: time.UnixMicro(us).UTC(), PrevHash: prev}
		e.Hash = e.ComputeHash()
		if err := entries.add(e.Seq, e.TxID, e.Account, e.Amount, e.Kind, e.OrgID, e.HouseholdID, e.LinkID, e.LineID, e.RefundID,
			e.RunID, e.PayoutID, us, e.PrevHash, e.Hash); err != nil {
			return 0, fmt.Errorf("store.appendLedger: %w", err)
		}
		prev = e.Hash
		if _, ok := balances[e.Account]; !ok {
			accounts = append(accounts, e.Account)
		}
		balances[e.Account] += e.Amount
	}
	if err := entries.flush(); err != nil {
		return 0, fmt.Errorf("store.appendLedger: %w", err)
	}
	bal := &multiRow{ctx: ctx, q: tx, positional: d.positional(), max: perStatement, cols: 2, prefix: `INSERT INTO ledger_balances (account, balance) VALUES `,
		suffix: ` ON CONFLICT (account) DO UPDATE SET balance = ledger_balances.balance + excluded.balance`}
	for _, a := range accounts {
		if err := bal.add(a, balances[a]); err != nil {
			return 0, fmt.Errorf("store.appendLedger: balance: %w", err)
		}
	}
	if err := bal.flush(); err != nil {
		return 0, fmt.Errorf("store.appendLedger: balance: %w", err)
	}
	if err := rollup(ctx, tx, d, posts, impact.Day(at).Format("2006-01")); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE ledger_head SET last_seq = $1, last_hash = $2 WHERE id = 1`, seq, prev); err != nil {
		return 0, fmt.Errorf("store.appendLedger: head: %w", err)
	}
	return txID, nil
}

// rollupKey and rollupRow are one row of an impact rollup being added up.
type rollupKey struct {
	month                string // or year
	household, org, prod int64
}

type rollupRow struct {
	village          string
	supply, dividend money.Fen
	units            int64
}

// rollup adds a transaction's household-side postings to the impact
// rollups, by month and by year: supplier credits (and their reversals)
// by product, dividends as product 0. Payouts move money the household
// already earned and are not income.
func rollup(ctx context.Context, tx *sql.Tx, d dialect, posts []ledgerPost, month string) error {
	var keys []rollupKey
	sums := map[rollupKey]*rollupRow{}
	var households []any // whose villages to look up
	seen := map[int64]bool{}
	villages := map[int64]string{}
	for _, p := range posts {
		if p.HouseholdID == 0 || !strings.HasPrefix(string(p.Account), "hh:") {
			continue
		}
		var supply, dividend money.Fen
		var units int64
		switch p.Kind {
		case impact.KindSupply:
			supply, units = p.Amount, p.units
		case impact.KindRefund:
			supply = p.Amount
		case impact.KindDividend:
			dividend = p.Amount
		default:
			continue
		}
		product := p.productID
		if product == 0 && p.lineID != 0 {
			if err := tx.QueryRowContext(ctx, `SELECT product_id FROM order_lines WHERE id = $1`, p.lineID).Scan(&product); err != nil {
				return fmt.Errorf("store.rollup: %w", err)
			}
		}
		k := rollupKey{month, p.HouseholdID, p.OrgID, product}
		r := sums[k]
		if r == nil {
			r = &rollupRow{}
			sums[k] = r
			keys = append(keys, k)
		}
		r.supply += supply
		r.dividend += dividend
		r.units += units
		if p.village != "" {
			villages[p.HouseholdID] = p.village
		} else if !seen[p.HouseholdID] {
			seen[p.HouseholdID] = true
			households = append(households, p.HouseholdID)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	for i := 0; i < len(households); i += 500 {
		part := households[i:min(i+500, len(households))]
		ph := make([]string, len(part))
		for j := range part {
			ph[j] = fmt.Sprintf("$%d", j+1)
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, village_code FROM households WHERE id IN (`+strings.Join(ph, ", ")+`)`, part...)
		if err != nil {
			return fmt.Errorf("store.rollup: %w", err)
		}
		for rows.Next() {
			var id int64
			var v string
			if err := rows.Scan(&id, &v); err != nil {
				rows.Close()
				return fmt.Errorf("store.rollup: %w", err)
			}
			villages[id] = v
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store.rollup: %w", err)
		}
	}
	const cols = `household_id, org_id, product_id, village_code, supply_fen, dividend_fen, units) VALUES `
	for _, grain := range []struct{ table, key string }{{"impact_rollup", "month"}, {"impact_rollup_year", "year"}} {
		ins := &multiRow{ctx: ctx, q: tx, positional: d.positional(), max: 50, cols: 8, prefix: `INSERT INTO ` + grain.table + ` (` + grain.key + `, ` + cols,
			suffix: ` ON CONFLICT (` + grain.key + `, household_id, org_id, product_id, village_code) DO UPDATE SET supply_fen = ` + grain.table + `.supply_fen + excluded.supply_fen,
  dividend_fen = ` + grain.table + `.dividend_fen + excluded.dividend_fen, units = ` + grain.table + `.units + excluded.units`}
		for _, k := range keys {
			v, ok := villages[k.household]
			if !ok {
				return fmt.Errorf("store.rollup: household %d not found", k.household)
			}
			period := k.month
			if grain.key == "year" {
				period = k.month[:4]
			}
			r := sums[k]
			if err := ins.add(period, k.household, k.org, k.prod, v, r.supply, r.dividend, r.units); err != nil {
				return fmt.Errorf("store.rollup: %w", err)
			}
		}
		if err := ins.flush(); err != nil {
			return fmt.Errorf("store.rollup: %w", err)
		}
	}
	return nil
}

// saleLinks returns the benefit links of an organization that credit its
// sales, supplier and pool links (member links share in dividends only),
// and the villages of their households.
func saleLinks(ctx context.Context, q querier, orgID int64) ([]impact.Link, map[int64]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT l.id, COALESCE(l.household_id, 0), l.org_id, l.kind, COALESCE(l.product_id, 0),
  COALESCE(l.variant_id, 0), l.percent_bp, l.per_unit, l.shares, l.valid_from, l.valid_to, COALESCE(h.village_code, '')
FROM benefit_links l LEFT JOIN households h ON h.id = l.household_id
WHERE l.org_id = $1 AND l.kind IN ('supplier', 'pool') ORDER BY l.id`, orgID)
	if err != nil {
		return nil, nil, fmt.Errorf("store.saleLinks: %w", err)
	}
	defer rows.Close()
	var out []impact.Link
	villages := map[int64]string{}
	for rows.Next() {
		var l impact.Link
		var from, to, village string
		if err := rows.Scan(&l.ID, &l.HouseholdID, &l.OrgID, &l.Kind, &l.ProductID, &l.VariantID, &l.PercentBP, &l.PerUnit, &l.Shares,
			&from, &to, &village); err != nil {
			return nil, nil, fmt.Errorf("store.saleLinks: %w", err)
		}
		l.ValidFrom, l.ValidTo = parseDay(from), parseDay(to)
		out = append(out, l)
		if l.HouseholdID != 0 {
			villages[l.HouseholdID] = village
		}
	}
	return out, villages, rows.Err()
}

// postPaidOrder posts a paid order's lines to the ledger in one ledger
// transaction: each line's sale and the credits its links give, per the
// links valid when it was paid.
func postPaidOrder(ctx context.Context, tx *sql.Tx, d dialect, orderID int64, at time.Time) error {
	rows, err := tx.QueryContext(ctx, `SELECT o.org_id, l.id, l.product_id, l.variant_id, l.qty, l.unit_price * l.qty - l.discount
FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE l.order_id = $1 ORDER BY l.id`, orderID)
	if err != nil {
		return fmt.Errorf("store.postPaidOrder: %w", err)
	}
	var lines []impact.SaleLine
	for rows.Next() {
		l := impact.SaleLine{PaidAt: at}
		if err := rows.Scan(&l.OrgID, &l.LineID, &l.ProductID, &l.VariantID, &l.Qty, &l.Net); err != nil {
			rows.Close()
			return fmt.Errorf("store.postPaidOrder: %w", err)
		}
		lines = append(lines, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store.postPaidOrder: %w", err)
	}
	if len(lines) == 0 {
		return nil
	}
	links, villages, err := saleLinks(ctx, tx, lines[0].OrgID)
	if err != nil {
		return err
	}
	var posts []ledgerPost
	for _, l := range lines {
		for _, p := range impact.SalePostings(l, links) {
			lp := ledgerPost{Posting: p, entryRefs: entryRefs{lineID: l.LineID}, productID: l.ProductID, village: villages[p.HouseholdID]}
			if p.Kind == impact.KindSupply {
				lp.units = int64(l.Qty)
			}
			posts = append(posts, lp)
		}
	}
	_, err = appendLedger(ctx, tx, d, posts, at)
	return err
}

// postRefund reverses, in proportion, the postings of the refunded lines:
// for each line, what this refund returns of it. What the line had
// refunded before is read from the ledger itself (its reversals of the
// sale's debit of sales, which are exactly the amounts refunded), after
// taking the ledger head's lock, so that two refunds of one line in
// concurrent transactions reverse in turn, each from where the other left
// off.
func postRefund(ctx context.Context, tx *sql.Tx, d dialect, refundID int64, lines []refundedLine, at time.Time) error {
	if err := lockLedger(ctx, tx); err != nil {
		return fmt.Errorf("store.postRefund: %w", err)
	}
	var posts []ledgerPost
	for _, rl := range lines {
		sale, err := salePostingsOf(ctx, tx, rl.lineID)
		if err != nil {
			return err
		}
		var before money.Fen
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(sum(amount), 0) FROM ledger_entries
WHERE line_id = $1 AND refund_id <> 0 AND account = $2`, rl.lineID, impact.Sales).Scan(&before); err != nil {
			return fmt.Errorf("store.postRefund: %w", err)
		}
		for _, p := range impact.RefundPostings(sale, rl.net, before, before+rl.amount) {
			posts = append(posts, ledgerPost{Posting: p, entryRefs: entryRefs{lineID: rl.lineID, refundID: refundID}, productID: rl.productID})
		}
	}
	_, err := appendLedger(ctx, tx, d, posts, at)
	return err
}

// refundedLine is one line of a refund as the ledger needs it.
type refundedLine struct {
	lineID    int64
	productID int64
	net       money.Fen
	amount    money.Fen // what this refund returns of the line
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
