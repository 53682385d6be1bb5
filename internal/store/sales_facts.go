package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"maeul/internal/catalog"
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
	if err := saveFacts(ctx, tx, db.dialect, fs, micros(db.now())); err != nil {
		return fmt.Errorf("store.SaveFacts: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store.SaveFacts: %w", err)
	}
	return nil
}

// rollKey is a row of sales_rollup; rollSum what it adds up.
type rollKey struct {
	period, region, channel, category string
	poverty                           bool
}

type rollSum struct{ amount, facts int64 }

// rollup gathers the changes a batch of facts makes to sales_rollup, so
// that each row is written once however many facts it sums.
type rollup map[rollKey]*rollSum

// add counts (sign 1) or uncounts (sign -1) a fact in the month, quarter
// and year it occurred in.
func (r rollup) add(region, channel, category string, poverty bool, amount int64, at time.Time, sign int64) {
	for _, p := range stats.Periods(at) {
		k := rollKey{p, region, channel, category, poverty}
		s := r[k]
		if s == nil {
			s = &rollSum{}
			r[k] = s
		}
		s.amount += sign * amount
		s.facts += sign
	}
}

// write applies the changes to sales_rollup and drops the rows left
// summing no fact.
func (r rollup) write(ctx context.Context, tx *sql.Tx, d dialect) error {
	if len(r) == 0 {
		return nil
	}
	up := &multiRow{ctx: ctx, q: tx, cols: 7, max: 500, positional: d.positional(),
		prefix: `INSERT INTO sales_rollup (period, region_code, channel, category, poverty, amount, facts) VALUES `,
		suffix: ` ON CONFLICT (period, region_code, channel, category, poverty) DO UPDATE
SET amount = sales_rollup.amount + excluded.amount, facts = sales_rollup.facts + excluded.facts`}
	emptied := false
	for k, s := range r {
		if s.amount == 0 && s.facts == 0 {
			continue
		}
		emptied = emptied || s.facts < 0
		if err := up.add(k.period, k.region, k.channel, k.category, k.poverty, s.amount, s.facts); err != nil {
			return err
		}
	}
	if err := up.flush(); err != nil {
		return err
	}
	if emptied {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sales_rollup WHERE facts = 0`); err != nil {
			return err
		}
	}
	return nil
}

// saveFacts writes facts, replacing those stored with the same channel and
// order reference, and changes the rollup by the difference.
func saveFacts(ctx context.Context, tx *sql.Tx, d dialect, fs []stats.Fact, now int64) error {
	roll := rollup{}
	// Take out the facts being replaced, a few hundred references a
	// statement.
	refs := map[stats.Channel][]string{}
	for _, f := range fs {
		refs[f.Channel] = append(refs[f.Channel], f.OrderRef)
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

// recordPaidOrder records the sales facts of a paid order's lines, dated
// when it was paid, in the transaction that records the payment.
func recordPaidOrder(ctx context.Context, tx *sql.Tx, d dialect, orderID int64, at time.Time) error {
	lines, err := platformLines(ctx, tx, `l.order_id = $1`, orderID)
	if err != nil {
		return fmt.Errorf("store.recordPaidOrder: %w", err)
	}
	fs := make([]stats.Fact, 0, len(lines))
	for id, f := range lines {
		f.Channel, f.OrderRef, f.At = stats.Platform, saleRef(id), at
		fs = append(fs, f)
	}
	if err := saveFacts(ctx, tx, d, fs, micros(at)); err != nil {
		return fmt.Errorf("store.recordPaidOrder: %w", err)
	}
	return nil
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
	if err := saveFacts(ctx, tx, d, fs, micros(at)); err != nil {
		return fmt.Errorf("store.recordRefund: %w", err)
	}
	return nil
}

// SalesSums sums the sales rollup of a period ("2019", "2019-Q1" or
// "2019-03") over the sellers located in within (everywhere when ""),
// grouped by the division at level each seller lies in (sellers above
// that level are grouped under their own region). It reads the rollup's
// rows for the period, never the facts.
func (db *DB) SalesSums(ctx context.Context, period string, within region.Code, level region.Level) (map[region.Code]stats.Sums, error) {
	n := len(region.Code("999999999999").Ancestor(level).Prefix()) // the digits naming a division at level
	where, args := `s.period = $1`, []any{period}
	if within != "" {
		where += ` AND s.region_code >= $2 AND s.region_code < $3`
		args = append(args, within.Prefix(), within.Prefix()+"~")
	}
	rows, err := db.r.QueryContext(ctx, `
SELECT substr(s.region_code, 1, `+strconv.Itoa(n)+`), s.channel, s.category, sum(s.amount),
  sum(CASE WHEN r.rural THEN s.amount ELSE 0 END),
  sum(CASE WHEN c.agricultural THEN s.amount ELSE 0 END),
  sum(CASE WHEN s.poverty OR (r.poor AND r.level = 'village') THEN s.amount ELSE 0 END),
  sum(s.facts)
FROM sales_rollup s JOIN regions r ON r.code = s.region_code LEFT JOIN categories c ON c.code = s.category
WHERE `+where+`
GROUP BY substr(s.region_code, 1, `+strconv.Itoa(n)+`), s.channel, s.category`, args...)
	if err != nil {
		return nil, fmt.Errorf("store.SalesSums: %w", err)
	}
	defer rows.Close()
	out := map[region.Code]stats.Sums{}
	for rows.Next() {
		var prefix, channel, category string
		var s stats.Sums
		if err := rows.Scan(&prefix, &channel, &category, &s.Total, &s.Rural, &s.Agri, &s.Poverty, &s.Facts); err != nil {
			return nil, fmt.Errorf("store.SalesSums: %w", err)
		}
		s.ByChannel = map[stats.Channel]money.Fen{stats.Channel(channel): s.Total}
		s.ByCategory = map[string]money.Fen{category: s.Total}
		code := region.Code(prefix + strings.Repeat("0", 12-len(prefix)))
		sum := out[code]
		sum.Add(s)
		out[code] = sum
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store.SalesSums: %w", err)
	}
	return out, nil
}
