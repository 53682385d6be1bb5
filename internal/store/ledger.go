package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"maeul/internal/impact"
	"maeul/internal/money"
	"maeul/internal/region"
)

// entryRefs are what a ledger transaction's entries refer to.
type entryRefs struct {
	lineID, refundID, runID, payoutID int64
}

// ledgerPost is one posting with what it refers to, for the ledger writer.
type ledgerPost struct {
	impact.Posting
	entryRefs
	units     int64       // the line's units, for the rollup's supplier units
	productID int64       // the line's product, for the rollup (0: none)
	village   region.Code // the household's village, for the rollup ("": look it up)
}

// ledgerWriter appends ledger transactions inside one database
// transaction: the only code that writes to the ledger. openLedger takes
// the chain's head (the UPDATE locks its row on PostgreSQL, so that
// concurrent appends, and the operations that read a balance before they
// post, queue); post chains one transaction's entries onto it by
// impact.Chain and adds them to the running balances and, by
// impact.Rollup, to the impact rollups; close writes what is left and
// moves the head. Entries, balances and rollups are written many rows to
// a statement, so a checkout's payment costs a handful of statements and
// a load tool posting thousands of orders a few per hundred entries.
type ledgerWriter struct {
	ctx     context.Context
	tx      *sql.Tx
	d       dialect
	chain   impact.Chain
	entries *multiRow
	// What post added to the balances and rollups, until close.
	accounts []impact.Account
	balances map[impact.Account]money.Fen
	income   []ledgerIncome
	villages map[int64]region.Code
}

// ledgerIncome is a posting that is a household's income, waiting for
// close to know its village.
type ledgerIncome struct {
	p              impact.Posting
	at             time.Time
	product, units int64
}

// openLedger takes the ledger head for the rest of tx. perStatement is
// how many entries (and balance and rollup rows) a statement writes: a
// few dozen for the checkout's postings, which are few, and hundreds for
// a load tool's, which are many.
func openLedger(ctx context.Context, tx *sql.Tx, d dialect, perStatement int) (*ledgerWriter, error) {
	w := &ledgerWriter{ctx: ctx, tx: tx, d: d, balances: map[impact.Account]money.Fen{}, villages: map[int64]region.Code{}}
	err := tx.QueryRowContext(ctx, `UPDATE ledger_head SET last_tx = last_tx WHERE id = 1 RETURNING last_seq, last_tx, last_hash`).
		Scan(&w.chain.Seq, &w.chain.TxID, &w.chain.Hash)
	if err != nil {
		return nil, fmt.Errorf("store.openLedger: head: %w", err)
	}
	w.entries = &multiRow{ctx: ctx, q: tx, positional: d.positional(), max: perStatement, cols: 15, prefix: `INSERT INTO ledger_entries (seq, tx_id, account, amount,
  kind, org_id, household_id, link_id, line_id, refund_id, run_id, payout_id, at, prev_hash, hash) VALUES `}
	return w, nil
}

// post appends one balanced ledger transaction of posts made at `at` and
// returns its id (0 and nothing written for no posts). An unbalanced
// transaction is a programming error and fails.
func (w *ledgerWriter) post(posts []ledgerPost, at time.Time) (int64, error) {
	if len(posts) == 0 {
		return 0, nil
	}
	es := make([]impact.Entry, len(posts))
	for i, p := range posts {
		es[i] = impact.Entry{Posting: p.Posting, LineID: p.lineID, RefundID: p.refundID, RunID: p.runID, PayoutID: p.payoutID}
	}
	if err := w.chain.Append(es, at); err != nil {
		return 0, fmt.Errorf("store.ledgerWriter: %w", err)
	}
	us := micros(at)
	for i, e := range es {
		if err := w.entries.add(e.Seq, e.TxID, e.Account, e.Amount, e.Kind, e.OrgID, e.HouseholdID, e.LinkID, e.LineID, e.RefundID,
			e.RunID, e.PayoutID, us, e.PrevHash, e.Hash); err != nil {
			return 0, fmt.Errorf("store.ledgerWriter: %w", err)
		}
		if _, ok := w.balances[e.Account]; !ok {
			w.accounts = append(w.accounts, e.Account)
		}
		w.balances[e.Account] += e.Amount
		if _, _, ok := e.Income(); ok {
			p := posts[i]
			w.income = append(w.income, ledgerIncome{p: p.Posting, at: at, product: p.productID, units: p.units})
			if p.village != "" {
				w.villages[p.HouseholdID] = p.village
			}
		}
	}
	return w.chain.TxID, nil
}

// close writes the entries, balances and rollup rows not yet written and
// moves the ledger head to the last entry.
func (w *ledgerWriter) close() error {
	if err := w.entries.flush(); err != nil {
		return fmt.Errorf("store.ledgerWriter: %w", err)
	}
	max := w.entries.max
	bal := &multiRow{ctx: w.ctx, q: w.tx, positional: w.d.positional(), max: max, cols: 2, prefix: `INSERT INTO ledger_balances (account, balance) VALUES `,
		suffix: ` ON CONFLICT (account) DO UPDATE SET balance = ledger_balances.balance + excluded.balance`}
	for _, a := range w.accounts {
		if err := bal.add(a, w.balances[a]); err != nil {
			return fmt.Errorf("store.ledgerWriter: balance: %w", err)
		}
	}
	if err := bal.flush(); err != nil {
		return fmt.Errorf("store.ledgerWriter: balance: %w", err)
	}
	if err := w.rollup(); err != nil {
		return fmt.Errorf("store.ledgerWriter: rollup: %w", err)
	}
	if _, err := w.tx.ExecContext(w.ctx, `UPDATE ledger_head SET last_seq = $1, last_tx = $2, last_hash = $3 WHERE id = 1`,
		w.chain.Seq, w.chain.TxID, w.chain.Hash); err != nil {
		return fmt.Errorf("store.ledgerWriter: head: %w", err)
	}
	return nil
}

// rollup writes the household income that post saw to the impact
// rollups, by month and by year (impact.Rollup), looking up the villages
// of the households whose postings did not say.
func (w *ledgerWriter) rollup() error {
	if len(w.income) == 0 {
		return nil
	}
	var missing []any
	for _, in := range w.income {
		if _, ok := w.villages[in.p.HouseholdID]; !ok {
			w.villages[in.p.HouseholdID] = "" // asked once
			missing = append(missing, in.p.HouseholdID)
		}
	}
	for i := 0; i < len(missing); i += 500 {
		part := missing[i:min(i+500, len(missing))]
		ph := make([]string, len(part))
		for j := range part {
			ph[j] = fmt.Sprintf("$%d", j+1)
		}
		rows, err := w.tx.QueryContext(w.ctx, `SELECT id, village_code FROM households WHERE id IN (`+strings.Join(ph, ", ")+`)`, part...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var v region.Code
			if err := rows.Scan(&id, &v); err != nil {
				rows.Close()
				return err
			}
			w.villages[id] = v
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	var r impact.Rollup
	for _, in := range w.income {
		v := w.villages[in.p.HouseholdID]
		if v == "" {
			return fmt.Errorf("household %d not found", in.p.HouseholdID)
		}
		r.Add(in.p, in.at, in.product, in.units, v)
	}
	const cols = `household_id, org_id, product_id, village_code, supply_fen, dividend_fen, units) VALUES `
	for _, grain := range []struct {
		table, key string
		rows       []*impact.RollupRow
	}{{"impact_rollup", "month", r.Months()}, {"impact_rollup_year", "year", r.Years()}} {
		ins := &multiRow{ctx: w.ctx, q: w.tx, positional: w.d.positional(), max: w.entries.max, cols: 8,
			prefix: `INSERT INTO ` + grain.table + ` (` + grain.key + `, ` + cols,
			suffix: ` ON CONFLICT (` + grain.key + `, household_id, org_id, product_id, village_code) DO UPDATE SET supply_fen = ` + grain.table + `.supply_fen + excluded.supply_fen,
  dividend_fen = ` + grain.table + `.dividend_fen + excluded.dividend_fen, units = ` + grain.table + `.units + excluded.units`}
		for _, row := range grain.rows {
			if err := ins.add(row.Period, row.HouseholdID, row.OrgID, row.ProductID, row.Village, row.Supply, row.Dividend, row.Units); err != nil {
				return err
			}
		}
		if err := ins.flush(); err != nil {
			return err
		}
	}
	return nil
}

// saleLinks returns the benefit links of an organization that credit its
// sales, supplier and pool links (member links share in dividends only),
// and the villages of their households.
func saleLinks(ctx context.Context, q querier, orgID int64) ([]impact.Link, map[int64]region.Code, error) {
	rows, err := q.QueryContext(ctx, `SELECT l.id, COALESCE(l.household_id, 0), l.org_id, l.kind, COALESCE(l.product_id, 0),
  COALESCE(l.variant_id, 0), l.percent_bp, l.per_unit, l.shares, l.valid_from, l.valid_to, COALESCE(h.village_code, '')
FROM benefit_links l LEFT JOIN households h ON h.id = l.household_id
WHERE l.org_id = $1 AND l.kind IN ('supplier', 'pool') ORDER BY l.id`, orgID)
	if err != nil {
		return nil, nil, fmt.Errorf("store.saleLinks: %w", err)
	}
	defer rows.Close()
	var out []impact.Link
	villages := map[int64]region.Code{}
	for rows.Next() {
		var l impact.Link
		var from, to string
		var village region.Code
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

// appendSale appends to posts a paid line's postings (impact.SalePostings
// over its store's links) with what the ledger writer needs beside them.
func appendSale(posts []ledgerPost, l impact.SaleLine, links []impact.Link, villages map[int64]region.Code) []ledgerPost {
	for _, p := range impact.SalePostings(l, links) {
		units := int64(l.Qty)
		if p.Kind == impact.KindSupply && p.LinkID == 0 {
			units = l.ConsignedUnits(p.HouseholdID) // a consignment credit
		}
		posts = append(posts, ledgerPost{Posting: p, entryRefs: entryRefs{lineID: l.LineID}, units: units, productID: l.ProductID,
			village: villages[p.HouseholdID]})
	}
	return posts
}

// postRefund reverses, in proportion, the postings of the refunded lines:
// for each line, what this refund returns of it. What the line had
// refunded before is read from the ledger itself (its reversals of the
// sale's debit of sales, which are exactly the amounts refunded), after
// taking the ledger head (and its lock), so that two refunds of one line
// in concurrent transactions reverse in turn, each from where the other
// left off.
func postRefund(ctx context.Context, tx *sql.Tx, d dialect, refundID int64, lines []refundedLine, at time.Time) error {
	w, err := openLedger(ctx, tx, d, 50)
	if err != nil {
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
	if _, err := w.post(posts, at); err != nil {
		return err
	}
	return w.close()
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
