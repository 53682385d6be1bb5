package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"maeul/internal/catalog"
	"maeul/internal/impact"
	"maeul/internal/money"
	"maeul/internal/region"
	"maeul/internal/stats"
)

var _ stats.FactStore = (*DB)(nil)

// SaveFacts writes sales facts in one transaction, each replacing the fact
// stored with its channel and order reference, and keeps the rollup in
// step (see saveFacts).
func (db *DB) SaveFacts(ctx context.Context, fs []stats.Fact) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("store.SaveFacts: %w", err)
	}
	defer tx.Rollback()
	if err := saveFacts(ctx, tx, db.dialect, fs, micros(db.now()), true); err != nil {
		return fmt.Errorf("store.SaveFacts: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store.SaveFacts: %w", err)
	}
	return nil
}

// rollKey is a row of sales_rollup, rollSum what it adds up; mixKey and
// mixSum the same for sales_mix.
type rollKey struct{ period, region string }

type rollSum struct{ amount, agri, labelled, facts int64 }

type mixKey struct{ month, region, channel, category string }

type mixSum struct{ amount, facts int64 }

// rollup gathers the changes a batch of facts makes to sales_rollup and
// sales_mix, so that each row is written once however many facts it sums.
type rollup struct {
	cats  map[string]catFlags
	sums  map[rollKey]*rollSum
	mixes map[mixKey]*mixSum
}

// catFlags is what the rollups need of a category: its top-level
// category and whether it is agricultural.
type catFlags struct {
	top  string
	agri bool
}

func newRollup(ctx context.Context, tx *sql.Tx) (*rollup, error) {
	rows, err := tx.QueryContext(ctx, `SELECT code, COALESCE(parent_code, ''), agricultural FROM categories`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	parent := map[string]string{}
	r := &rollup{cats: map[string]catFlags{}, sums: map[rollKey]*rollSum{}, mixes: map[mixKey]*mixSum{}}
	for rows.Next() {
		var code, p string
		var agri bool
		if err := rows.Scan(&code, &p, &agri); err != nil {
			return nil, err
		}
		parent[code] = p
		r.cats[code] = catFlags{agri: agri}
	}
	for code, f := range r.cats {
		top := code
		for parent[top] != "" {
			top = parent[top]
		}
		f.top = top
		r.cats[code] = f
	}
	return r, rows.Err()
}

// add counts (sign 1) or uncounts (sign -1) a fact in the month, quarter
// and year it occurred in.
func (r *rollup) add(seller, channel, category string, poverty bool, amount int64, at time.Time, sign int64) {
	c := r.cats[category]
	ps := stats.Periods(at)
	for _, p := range ps {
		k := rollKey{p, seller}
		s := r.sums[k]
		if s == nil {
			s = &rollSum{}
			r.sums[k] = s
		}
		s.amount += sign * amount
		if c.agri {
			s.agri += sign * amount
		}
		if poverty {
			s.labelled += sign * amount
		}
		s.facts += sign
	}
	county := seller
	if c := region.Code(seller).County(); c != "" {
		county = string(c)
	}
	k := mixKey{ps[0], county, channel, c.top}
	m := r.mixes[k]
	if m == nil {
		m = &mixSum{}
		r.mixes[k] = m
	}
	m.amount += sign * amount
	m.facts += sign
}

// write applies the changes to the rollups and drops the rows left
// summing no fact.
func (r *rollup) write(ctx context.Context, tx *sql.Tx, d dialect) error {
	up := &multiRow{ctx: ctx, q: tx, cols: 6, max: 500, positional: d.positional(),
		prefix: `INSERT INTO sales_rollup (period, region_code, amount, agri, labelled, facts) VALUES `,
		suffix: ` ON CONFLICT (period, region_code) DO UPDATE SET amount = sales_rollup.amount + excluded.amount,
agri = sales_rollup.agri + excluded.agri, labelled = sales_rollup.labelled + excluded.labelled, facts = sales_rollup.facts + excluded.facts`}
	emptied := false
	for k, s := range r.sums {
		if *s == (rollSum{}) {
			continue
		}
		emptied = emptied || s.facts < 0
		if err := up.add(k.period, k.region, s.amount, s.agri, s.labelled, s.facts); err != nil {
			return err
		}
	}
	if err := up.flush(); err != nil {
		return err
	}
	mix := &multiRow{ctx: ctx, q: tx, cols: 6, max: 500, positional: d.positional(),
		prefix: `INSERT INTO sales_mix (month, region_code, channel, category, amount, facts) VALUES `,
		suffix: ` ON CONFLICT (month, region_code, channel, category) DO UPDATE
SET amount = sales_mix.amount + excluded.amount, facts = sales_mix.facts + excluded.facts`}
	for k, s := range r.mixes {
		if *s == (mixSum{}) {
			continue
		}
		if err := mix.add(k.month, k.region, k.channel, k.category, s.amount, s.facts); err != nil {
			return err
		}
	}
	if err := mix.flush(); err != nil {
		return err
	}
	if emptied {
		for _, t := range []string{"sales_rollup", "sales_mix"} {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+t+` WHERE facts = 0`); err != nil {
				return err
			}
		}
	}
	return nil
}

// GenerateFacts writes made-up facts as SaveFacts does, rollup and all,
// without looking for facts to replace: it is for load tools, whose
// references are new.
func (db *DB) GenerateFacts(ctx context.Context, fs []stats.Fact) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("store.GenerateFacts: %w", err)
	}
	defer tx.Rollback()
	if err := saveFacts(ctx, tx, db.dialect, fs, micros(db.now()), false); err != nil {
		return fmt.Errorf("store.GenerateFacts: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store.GenerateFacts: %w", err)
	}
	return nil
}

// saveFacts writes facts, replacing (when replace) those stored with the
// same channel and order reference, and changes the rollup by the
// difference.
func saveFacts(ctx context.Context, tx *sql.Tx, d dialect, fs []stats.Fact, now int64, replace bool) error {
	roll, err := newRollup(ctx, tx)
	if err != nil {
		return err
	}
	// Take out the facts being replaced, a few hundred references a
	// statement.
	refs := map[stats.Channel][]string{}
	for _, f := range fs {
		if replace {
			refs[f.Channel] = append(refs[f.Channel], f.OrderRef)
		}
	}
	const chunk = 500
	for ch, rs := range refs {
		for len(rs) > 0 {
			n := min(chunk, len(rs))
			args := []any{string(ch)}
			marks := make([]string, n)
			for i, r := range rs[:n] {
				args = append(args, r)
				marks[i] = "$" + strconv.Itoa(i+2)
			}
			rs = rs[n:]
			rows, err := tx.QueryContext(ctx, `DELETE FROM sales_facts WHERE channel = $1 AND order_ref IN (`+strings.Join(marks, ", ")+`)
RETURNING region_code, category, poverty, amount, occurred_at`, args...)
			if err != nil {
				return err
			}
			for rows.Next() {
				var region, category string
				var poverty bool
				var amount, at int64
				if err := rows.Scan(&region, &category, &poverty, &amount, &at); err != nil {
					rows.Close()
					return err
				}
				roll.add(region, string(ch), category, poverty, amount, fromMicros(at), -1)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
	}
	ins := &multiRow{ctx: ctx, q: tx, cols: 10, max: 500, positional: d.positional(),
		prefix: `INSERT INTO sales_facts (channel, order_ref, org_id, region_code, category, poverty, amount, occurred_at, month, created_at) VALUES `}
	for _, f := range fs {
		month := stats.Periods(f.At)[0]
		if err := ins.add(string(f.Channel), f.OrderRef, nullID(f.OrgID), string(f.Region), f.Category, f.Poverty, int64(f.Amount),
			micros(f.At), month, now); err != nil {
			return err
		}
		roll.add(string(f.Region), string(f.Channel), f.Category, f.Poverty, int64(f.Amount), f.At, 1)
	}
	if err := ins.flush(); err != nil {
		return err
	}
	return roll.write(ctx, tx, d)
}

// The platform's facts name the order line they come from: a line's sale
// "line-ID", and a refund's part of it "refund-RID-ID".
func saleRef(lineID int64) string { return "line-" + strconv.FormatInt(lineID, 10) }

func refundRef(refundID, lineID int64) string {
	return "refund-" + strconv.FormatInt(refundID, 10) + "-" + strconv.FormatInt(lineID, 10)
}

// platformLines returns a fact for each order line matching where (with
// its one argument) as it is now: the seller and its region, the
// product's category and poverty-alleviation label, and the line's net
// amount; channel, reference and time are left for the caller.
func platformLines(ctx context.Context, tx *sql.Tx, where string, arg any) (map[int64]stats.Fact, error) {
	rows, err := tx.QueryContext(ctx, `
SELECT l.id, o.org_id, g.region_code, p.category_code, p.labels, l.unit_price * l.qty - l.discount
FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN organizations g ON g.id = o.org_id JOIN products p ON p.id = l.product_id
WHERE `+where, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]stats.Fact{}
	for rows.Next() {
		var id int64
		var labels string
		var f stats.Fact
		if err := rows.Scan(&id, &f.OrgID, &f.Region, &f.Category, &labels, &f.Amount); err != nil {
			return nil, err
		}
		for _, l := range splitLabels(labels) {
			f.Poverty = f.Poverty || l == catalog.PovertyAlleviation
		}
		out[id] = f
	}
	return out, rows.Err()
}

// recordRefund records a refund's facts: for each line, what it returns,
// negative, dated when the refund was made, with the seller, category and
// label of the line's sale fact (those of now for a line paid before
// facts were kept).
func recordRefund(ctx context.Context, tx *sql.Tx, d dialect, refundID int64, lines []refundedLine, at time.Time) error {
	now, err := platformLines(ctx, tx, `l.id IN (SELECT line_id FROM refund_lines WHERE refund_id = $1)`, refundID)
	if err != nil {
		return fmt.Errorf("store.recordRefund: %w", err)
	}
	fs := make([]stats.Fact, 0, len(lines))
	for _, l := range lines {
		f, ok := now[l.lineID]
		if !ok {
			continue
		}
		var org sql.NullInt64
		var reg string
		err := tx.QueryRowContext(ctx, `SELECT org_id, region_code, category, poverty FROM sales_facts WHERE channel = $1 AND order_ref = $2`,
			stats.Platform, saleRef(l.lineID)).Scan(&org, &reg, &f.Category, &f.Poverty)
		switch {
		case err == nil:
			f.OrgID, f.Region = org.Int64, region.Code(reg)
		case !errNoRows(err):
			return fmt.Errorf("store.recordRefund: %w", err)
		}
		f.Channel, f.OrderRef, f.Amount, f.At = stats.Platform, refundRef(refundID, l.lineID), -money.Fen(l.amount), at
		fs = append(fs, f)
	}
	if err := saveFacts(ctx, tx, d, fs, micros(at), true); err != nil {
		return fmt.Errorf("store.recordRefund: %w", err)
	}
	return nil
}

// SalesSums sums the sales rollup of a period ("2019", "2019-Q1" or
// "2019-03") over the sellers located in within (everywhere when ""),
// grouped by the division at level each seller lies in (sellers above
// that level are grouped under their own region). It reads a row per
// seller region, never the facts; the sums carry no split by channel or
// category (see SalesMix).
func (db *DB) SalesSums(ctx context.Context, period string, within region.Code, level region.Level) (map[region.Code]stats.Sums, error) {
	n := strconv.Itoa(len(region.Code("999999999999").Ancestor(level).Prefix())) // the digits naming a division at level
	where, args := `s.period = $1`, []any{period}
	if within != "" {
		where += ` AND s.region_code >= $2 AND s.region_code < $3`
		args = append(args, within.Prefix(), within.Prefix()+"~")
	}
	rows, err := db.r.QueryContext(ctx, `
SELECT substr(s.region_code, 1, `+n+`), sum(s.amount),
  sum(CASE WHEN r.rural THEN s.amount ELSE 0 END),
  sum(s.agri),
  sum(CASE WHEN r.poor AND r.level = 'village' THEN s.amount ELSE s.labelled END),
  sum(s.facts)
FROM sales_rollup s JOIN regions r ON r.code = s.region_code
WHERE `+where+`
GROUP BY substr(s.region_code, 1, `+n+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store.SalesSums: %w", err)
	}
	defer rows.Close()
	out := map[region.Code]stats.Sums{}
	for rows.Next() {
		var prefix string
		var s stats.Sums
		if err := rows.Scan(&prefix, &s.Total, &s.Rural, &s.Agri, &s.Poverty, &s.Facts); err != nil {
			return nil, fmt.Errorf("store.SalesSums: %w", err)
		}
		out[region.Code(prefix+strings.Repeat("0", 12-len(prefix)))] = s
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store.SalesSums: %w", err)
	}
	return out, nil
}

// SalesMix splits the sales of the sellers in within over a period by
// channel and by top-level category ("" for not known): a county's or a
// larger region's from the monthly sales_mix, a town's or a village's
// from its facts of the period's months.
func (db *DB) SalesMix(ctx context.Context, p impact.Period, within region.Code) (map[stats.Channel]money.Fen, map[string]money.Fen, error) {
	table := "sales_mix"
	if l := within.Level(); l == region.Town || l == region.Village {
		table = "sales_facts"
	}
	rows, err := db.r.QueryContext(ctx, `
SELECT m.channel, COALESCE(COALESCE(c.parent_code, c.code), ''), sum(m.amount)
FROM `+table+` m LEFT JOIN categories c ON c.code = m.category
WHERE m.month >= $1 AND m.month <= $2 AND m.region_code >= $3 AND m.region_code < $4
GROUP BY m.channel, COALESCE(COALESCE(c.parent_code, c.code), '')`, p.FirstMonth(), p.LastMonth(), within.Prefix(), within.Prefix()+"~")
	if err != nil {
		return nil, nil, fmt.Errorf("store.SalesMix: %w", err)
	}
	defer rows.Close()
	byChannel, byCategory := map[stats.Channel]money.Fen{}, map[string]money.Fen{}
	for rows.Next() {
		var ch, cat string
		var a money.Fen
		if err := rows.Scan(&ch, &cat, &a); err != nil {
			return nil, nil, fmt.Errorf("store.SalesMix: %w", err)
		}
		byChannel[stats.Channel(ch)] += a
		byCategory[cat] += a
	}
	return byChannel, byCategory, rows.Err()
}

// SalesSize returns how many sales facts and rollup rows the database
// holds, for load tools.
func (db *DB) SalesSize(ctx context.Context) (facts, rollup int64, err error) {
	err = db.r.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM sales_facts), (SELECT count(*) FROM sales_rollup)`).Scan(&facts, &rollup)
	if err != nil {
		return 0, 0, fmt.Errorf("store.SalesSize: %w", err)
	}
	return facts, rollup, nil
}
