package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"maeul/internal/errs"
	"maeul/internal/impact"
)

// DividendRun returns an organization's run for a period, with its shares,
// or a NotFound error.
func (db *DB) DividendRun(ctx context.Context, orgID int64, period string) (impact.DividendRun, error) {
	var id int64
	err := db.r.QueryRowContext(ctx, `SELECT id FROM dividend_runs WHERE org_id = $1 AND period = $2`, orgID, period).Scan(&id)
	if errNoRows(err) {
		return impact.DividendRun{}, errs.E(errs.NotFound, "err.impact.no_dividend_run", period)
	}
	if err != nil {
		return impact.DividendRun{}, fmt.Errorf("store.DividendRun: %w", err)
	}
	r, err := dividendRun(ctx, db.r, id)
	if err != nil {
		return impact.DividendRun{}, fmt.Errorf("store.DividendRun: %w", err)
	}
	return r, nil
}

const runColumns = `r.id, r.org_id, r.period, r.amount, COALESCE(r.executed_by, 0), r.executed_at,
  COALESCE((SELECT min(e.tx_id) FROM ledger_entries e WHERE e.run_id = r.id AND e.run_id <> 0), 0)`

func scanRun(sc interface{ Scan(...any) error }) (impact.DividendRun, error) {
	var r impact.DividendRun
	var at int64
	err := sc.Scan(&r.ID, &r.OrgID, &r.Period, &r.Amount, &r.ExecutedBy, &at, &r.TxID)
	r.ExecutedAt = fromMicros(at)
	return r, err
}

// dividendRun reads a run and its shares, ordered by household id.
func dividendRun(ctx context.Context, q querier, id int64) (impact.DividendRun, error) {
	r, err := scanRun(q.QueryRowContext(ctx, `SELECT `+runColumns+` FROM dividend_runs r WHERE r.id = $1`, id))
	if err != nil {
		return r, err
	}
	rows, err := q.QueryContext(ctx, `SELECT s.household_id, h.code, h.village_code, s.shares, s.amount
FROM dividend_shares s JOIN households h ON h.id = s.household_id WHERE s.run_id = $1 ORDER BY s.household_id`, id)
	if err != nil {
		return r, err
	}
	defer rows.Close()
	for rows.Next() {
		var s impact.Share
		if err := rows.Scan(&s.HouseholdID, &s.Household, &s.Village, &s.Shares, &s.Amount); err != nil {
			return r, err
		}
		r.Shares = append(r.Shares, s)
	}
	return r, rows.Err()
}

// DividendRuns lists an organization's runs, newest first, without their
// shares.
func (db *DB) DividendRuns(ctx context.Context, orgID int64) ([]impact.DividendRun, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+runColumns+` FROM dividend_runs r WHERE r.org_id = $1 ORDER BY r.executed_at DESC, r.id DESC`, orgID)
	if err != nil {
		return nil, fmt.Errorf("store.DividendRuns: %w", err)
	}
	defer rows.Close()
	var out []impact.DividendRun
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, fmt.Errorf("store.DividendRuns: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

const payoutColumns = `p.id, p.household_id, h.code, p.amount, p.method, p.reference, COALESCE(p.operator_id, 0),
  COALESCE(p.point_id, 0), p.paid_at, COALESCE((SELECT min(e.tx_id) FROM ledger_entries e WHERE e.payout_id = p.id AND e.payout_id <> 0), 0)`

func scanPayout(sc interface{ Scan(...any) error }) (impact.Payout, error) {
	var p impact.Payout
	var at int64
	err := sc.Scan(&p.ID, &p.HouseholdID, &p.Household, &p.Amount, &p.Method, &p.Reference, &p.OperatorID, &p.PointID, &at, &p.TxID)
	p.PaidAt = fromMicros(at)
	return p, err
}

func payout(ctx context.Context, q querier, id int64) (impact.Payout, error) {
	return scanPayout(q.QueryRowContext(ctx, `SELECT `+payoutColumns+` FROM payouts p JOIN households h ON h.id = p.household_id WHERE p.id = $1`, id))
}

// HouseholdPayouts lists a household's payouts paid at or after from and
// before to (zero times for open ends), newest first.
func (db *DB) HouseholdPayouts(ctx context.Context, householdID int64, from, to time.Time) ([]impact.Payout, error) {
	return householdPayouts(ctx, db.r, householdID, from, to)
}

func householdPayouts(ctx context.Context, q querier, householdID int64, from, to time.Time) ([]impact.Payout, error) {
	lo, hi := timeRange(from, to)
	rows, err := q.QueryContext(ctx, `SELECT `+payoutColumns+` FROM payouts p JOIN households h ON h.id = p.household_id
WHERE p.household_id = $1 AND p.paid_at >= $2 AND p.paid_at < $3 ORDER BY p.paid_at DESC, p.id DESC`, householdID, lo, hi)
	if err != nil {
		return nil, fmt.Errorf("store.HouseholdPayouts: %w", err)
	}
	defer rows.Close()
	var out []impact.Payout
	for rows.Next() {
		p, err := scanPayout(rows)
		if err != nil {
			return nil, fmt.Errorf("store.HouseholdPayouts: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// timeRange turns optional bounds into stored microseconds; zero times
// are open ends.
func timeRange(from, to time.Time) (int64, int64) {
	lo, hi := int64(-1<<62), int64(1<<62)
	if !from.IsZero() {
		lo = micros(from)
	}
	if !to.IsZero() {
		hi = micros(to)
	}
	return lo, hi
}

// StatementFacts reads what a household's statement for a period is made
// of (impact.NewStatement works it out): the supplies by product from the
// impact rollup (one row per product and month, or per product for a
// year), the household's entries of other kinds in the period, its
// payouts, and its running balance with what was posted since the period
// ended: a recent period reads few rows however long the household's
// history. It reads in one snapshot of the database, so that the balances
// and the flows between them agree while sales go on.
func (db *DB) StatementFacts(ctx context.Context, householdID int64, p impact.Period) (impact.StatementFacts, error) {
	var f impact.StatementFacts
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead})
	if err != nil {
		return f, fmt.Errorf("store.StatementFacts: %w", err)
	}
	defer tx.Rollback()
	acct := impact.HouseholdAccount(householdID)
	from, to := micros(p.From()), micros(p.To())
	table, where, args := rollupPeriod(p)
	n := len(args)
	rows, err := tx.QueryContext(ctx, fmt.Sprintf(`
SELECT r.product_id, p.code, p.name_ko, p.name_zh, p.name_en, r.org_id, sum(r.supply_fen), sum(r.units)
FROM %s r JOIN products p ON p.id = r.product_id
WHERE %s AND r.household_id = $%d AND r.product_id <> 0
GROUP BY r.product_id, p.code, p.name_ko, p.name_zh, p.name_en, r.org_id`, table, where, n+1), append(args, householdID)...)
	if err != nil {
		return f, fmt.Errorf("store.StatementFacts: %w", err)
	}
	for rows.Next() {
		var s impact.SupplyIncome
		if err := rows.Scan(&s.ProductID, &s.ProductCode, &s.Name.Ko, &s.Name.Zh, &s.Name.En, &s.OrgID, &s.Net, &s.Units); err != nil {
			rows.Close()
			return f, fmt.Errorf("store.StatementFacts: %w", err)
		}
		f.Supplies = append(f.Supplies, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return f, fmt.Errorf("store.StatementFacts: %w", err)
	}
	// The entries of the period other than supplier credits: few.
	rows, err = tx.QueryContext(ctx, `
SELECT e.kind, e.amount, e.org_id, e.run_id, e.at, COALESCE(l.product_id, 0),
  COALESCE((SELECT rl.qty FROM refund_lines rl WHERE rl.refund_id = e.refund_id AND rl.line_id = e.line_id), 0),
  COALESCE(r.period, ''), COALESCE(o.code, ''), COALESCE(o.name_ko, ''), COALESCE(o.name_zh, ''), COALESCE(o.name_en, '')
FROM ledger_entries e
LEFT JOIN order_lines l ON l.id = e.line_id
LEFT JOIN dividend_runs r ON r.id = e.run_id
LEFT JOIN organizations o ON o.id = e.org_id
WHERE e.household_id = $1 AND e.account = $2 AND e.at >= $3 AND e.at < $4 AND e.kind <> 'supply'
ORDER BY e.seq`, householdID, acct, from, to)
	if err != nil {
		return f, fmt.Errorf("store.StatementFacts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e impact.StatementEntry
		var at int64
		if err := rows.Scan(&e.Kind, &e.Amount, &e.OrgID, &e.RunID, &at, &e.ProductID, &e.RefundQty, &e.RunPeriod, &e.Org,
			&e.OrgName.Ko, &e.OrgName.Zh, &e.OrgName.En); err != nil {
			return f, fmt.Errorf("store.StatementFacts: %w", err)
		}
		e.At = fromMicros(at)
		f.Entries = append(f.Entries, e)
	}
	if err := rows.Err(); err != nil {
		return f, fmt.Errorf("store.StatementFacts: %w", err)
	}
	if f.Payouts, err = householdPayouts(ctx, tx, householdID, p.From(), p.To()); err != nil {
		return f, err
	}
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(sum(amount), 0) FROM ledger_entries WHERE household_id = $1 AND account = $2 AND at >= $3`,
		householdID, acct, to).Scan(&f.Later); err != nil {
		return f, fmt.Errorf("store.StatementFacts: %w", err)
	}
	if f.Balance, err = balance(ctx, tx, acct); err != nil {
		return f, fmt.Errorf("store.StatementFacts: %w", err)
	}
	return f, nil
}

// OrderCredits reads what an order's (or a checkout's) lines passed on,
// net of the reversals of its refunds: to each household's account, with
// the household's village, and to dividend pools (household 0); and the
// orders' parties, for the caller to decide who may see it. An unknown
// order or checkout is NotFound.
func (db *DB) OrderCredits(ctx context.Context, q impact.OrderQuery) ([]impact.OrderCredit, []impact.OrderParty, error) {
	where, arg := "id = $1", q.OrderID
	if q.OrderID == 0 {
		where, arg = "group_id = $1", q.GroupID
	}
	rows, err := db.r.QueryContext(ctx, `SELECT id, buyer_id, org_id, COALESCE(point_id, 0) FROM orders WHERE `+where+` ORDER BY id`, arg)
	if err != nil {
		return nil, nil, fmt.Errorf("store.OrderCredits: %w", err)
	}
	var parties []impact.OrderParty
	for rows.Next() {
		var p impact.OrderParty
		if err := rows.Scan(&p.OrderID, &p.BuyerID, &p.OrgID, &p.PointID); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("store.OrderCredits: %w", err)
		}
		parties = append(parties, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("store.OrderCredits: %w", err)
	}
	if len(parties) == 0 {
		return nil, nil, errs.E(errs.NotFound, "err.impact.order_not_found")
	}
	rows, err = db.r.QueryContext(ctx, `
SELECT e.household_id, COALESCE(h.village_code, ''), COALESCE(g.name_ko, ''), COALESCE(g.name_zh, ''), COALESCE(g.name_en, ''), sum(e.amount)
FROM ledger_entries e
LEFT JOIN households h ON h.id = e.household_id
LEFT JOIN regions g ON g.code = h.village_code
WHERE e.line_id IN (SELECT l.id FROM order_lines l WHERE l.order_id IN (SELECT o.id FROM orders o WHERE o.`+where+`))
  AND (e.account LIKE 'hh:%' OR e.account LIKE 'org:%:pool')
GROUP BY e.account, e.household_id, h.village_code, g.name_ko, g.name_zh, g.name_en
ORDER BY e.account`, arg)
	if err != nil {
		return nil, nil, fmt.Errorf("store.OrderCredits: %w", err)
	}
	defer rows.Close()
	var out []impact.OrderCredit
	for rows.Next() {
		var c impact.OrderCredit
		if err := rows.Scan(&c.HouseholdID, &c.Village, &c.VillageName.Ko, &c.VillageName.Zh, &c.VillageName.En, &c.Amount); err != nil {
			return nil, nil, fmt.Errorf("store.OrderCredits: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("store.OrderCredits: %w", err)
	}
	return out, parties, nil
}

// entryWhere builds the conditions of an entry filter.
func entryWhere(f impact.EntryFilter) (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, strings.ReplaceAll(cond, "?", fmt.Sprintf("$%d", len(args))))
	}
	if f.Account != "" {
		add("account = ?", string(f.Account))
	}
	if f.Kind != "" {
		add("kind = ?", string(f.Kind))
	}
	if f.HouseholdID != 0 {
		add("household_id = ?", f.HouseholdID)
	}
	if f.OrgID != 0 {
		add("org_id = ?", f.OrgID)
	}
	if f.TxID != 0 {
		add("tx_id = ?", f.TxID)
	}
	if !f.From.IsZero() {
		add("at >= ?", micros(f.From))
	}
	if !f.To.IsZero() {
		add("at < ?", micros(f.To))
	}
	if f.AfterSeq != 0 {
		add("seq > ?", f.AfterSeq)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

const entryColumns = `seq, tx_id, account, amount, kind, org_id, household_id, link_id, line_id, refund_id, run_id, payout_id, at, prev_hash, hash`

func scanEntry(sc interface{ Scan(...any) error }) (impact.Entry, error) {
	var e impact.Entry
	var at int64
	err := sc.Scan(&e.Seq, &e.TxID, &e.Account, &e.Amount, &e.Kind, &e.OrgID, &e.HouseholdID, &e.LinkID, &e.LineID,
		&e.RefundID, &e.RunID, &e.PayoutID, &at, &e.PrevHash, &e.Hash)
	e.At = fromMicros(at)
	return e, err
}

// LedgerEntries returns the entries f selects, in ledger order, at most
// f.Limit of them (all when it is zero).
func (db *DB) LedgerEntries(ctx context.Context, f impact.EntryFilter) ([]impact.Entry, error) {
	var out []impact.Entry
	err := db.eachEntry(ctx, f, f.Limit, func(e impact.Entry) error {
		out = append(out, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// EachLedgerEntry calls fn with each entry f selects, in ledger order, as
// the rows arrive (f.Limit is ignored); an error from fn stops it and is
// returned as it is.
func (db *DB) EachLedgerEntry(ctx context.Context, f impact.EntryFilter, fn func(impact.Entry) error) error {
	return db.eachEntry(ctx, f, 0, fn)
}

func (db *DB) eachEntry(ctx context.Context, f impact.EntryFilter, limit int, fn func(impact.Entry) error) error {
	where, args := entryWhere(f)
	q := `SELECT ` + entryColumns + ` FROM ledger_entries` + where + ` ORDER BY seq`
	if limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", limit)
	}
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("store.EachLedgerEntry: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return fmt.Errorf("store.EachLedgerEntry: %w", err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store.EachLedgerEntry: %w", err)
	}
	return nil
}

// LedgerSize is how much the ledger holds.
type LedgerSize struct {
	PaidLines  int64 // order lines of paid checkouts
	Entries    int64
	RollupRows int64
}

// LedgerSize counts the paid order lines, the ledger entries and the
// impact rollup's rows, for load tools.
func (db *DB) LedgerSize(ctx context.Context) (LedgerSize, error) {
	var s LedgerSize
	err := db.r.QueryRowContext(ctx, `SELECT
  (SELECT count(*) FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN payments p ON p.group_id = o.group_id WHERE p.status = 'paid'),
  (SELECT last_seq FROM ledger_head WHERE id = 1),
  (SELECT count(*) FROM impact_rollup)`).Scan(&s.PaidLines, &s.Entries, &s.RollupRows)
	if err != nil {
		return s, fmt.Errorf("store.LedgerSize: %w", err)
	}
	return s, nil
}
