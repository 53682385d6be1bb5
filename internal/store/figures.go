package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"maeul/internal/impact"
	"maeul/internal/region"
)

// ImpactFigures sums the impact rollups (kept by the ledger writer with
// every posting) for a region's households or an organization's payments
// over a period: the households whose income in the period is more than
// zero and their members, the supplier income and dividends, the units,
// and the top products by income, each with the households whose income
// from it is more than zero. A year reads the yearly rollup, a quarter or month
// the monthly one: a few rows per household, organization and product,
// however many order lines were posted.
func (db *DB) ImpactFigures(ctx context.Context, q impact.FigureQuery) (impact.Figures, error) {
	var f impact.Figures
	table, where, args := rollupWhere(q)
	err := db.r.QueryRowContext(ctx, `
SELECT COALESCE(sum(x.s), 0), COALESCE(sum(x.d), 0), COALESCE(sum(x.u), 0),
  COALESCE(sum(CASE WHEN x.s + x.d > 0 THEN 1 ELSE 0 END), 0),
  COALESCE(sum(CASE WHEN x.s + x.d > 0 THEN h.members ELSE 0 END), 0)
FROM (SELECT household_id, sum(supply_fen) AS s, sum(dividend_fen) AS d, sum(units) AS u
  FROM `+table+` WHERE `+where+` GROUP BY household_id) x
JOIN households h ON h.id = x.household_id`, args...).Scan(&f.Supply, &f.DividendsPaid, &f.Units, &f.HouseholdsReached, &f.PersonsReached)
	if err != nil {
		return f, fmt.Errorf("store.ImpactFigures: %w", err)
	}
	if q.Top <= 0 {
		return f, nil
	}
	rows, err := db.r.QueryContext(ctx, fmt.Sprintf(`
SELECT y.product_id, p.code, p.name_ko, p.name_zh, p.name_en, y.u, y.s, y.n
FROM (SELECT x.product_id, sum(x.u) AS u, sum(x.s) AS s, sum(CASE WHEN x.s > 0 THEN 1 ELSE 0 END) AS n
  FROM (SELECT product_id, household_id, sum(units) AS u, sum(supply_fen) AS s
    FROM `+table+` WHERE `+where+` AND product_id <> 0 GROUP BY product_id, household_id) x
  GROUP BY x.product_id) y
JOIN products p ON p.id = y.product_id
WHERE y.s > 0
ORDER BY y.s DESC, y.product_id LIMIT %d`, q.Top), args...)
	if err != nil {
		return f, fmt.Errorf("store.ImpactFigures: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p impact.ProductFigure
		if err := rows.Scan(&p.ProductID, &p.Code, &p.Name.Ko, &p.Name.Zh, &p.Name.En, &p.Units, &p.Income, &p.Households); err != nil {
			return f, fmt.Errorf("store.ImpactFigures: %w", err)
		}
		f.TopProducts = append(f.TopProducts, p)
	}
	return f, rows.Err()
}

// ChildImpactFigures sums the impact rollups as ImpactFigures does, in
// one statement, for each of children: divisions inside q.Region (its
// children, of one level or of several when a level is skipped). The rows
// of q.Region's villages are grouped by household and by the identifying
// digits of the child's level (see region.Code.Prefix), so that each
// child's counts and amounts are those ImpactFigures returns for it. The
// figures are keyed by child; a child whose households have no rollup rows
// in the period is missing, and no figures list top products. q.OrgID and
// q.Top are ignored.
func (db *DB) ChildImpactFigures(ctx context.Context, q impact.FigureQuery, children []region.Code) (map[region.Code]impact.Figures, error) {
	out := make(map[region.Code]impact.Figures, len(children))
	if len(children) == 0 {
		return out, nil
	}
	table, where, args := rollupWhere(impact.FigureQuery{Region: q.Region, Period: q.Period})
	byPrefix := make(map[string]region.Code, len(children))
	var lens []int
	for _, c := range children {
		p := c.Prefix()
		byPrefix[p] = c
		if !slices.Contains(lens, len(p)) {
			lens = append(lens, len(p))
		}
	}
	slices.Sort(lens)
	parts := make([]string, len(lens))
	for i, n := range lens {
		parts[i] = fmt.Sprintf(`SELECT substr(village_code, 1, %d) AS prefix, household_id, sum(supply_fen) AS s, sum(dividend_fen) AS d, sum(units) AS u
  FROM %s WHERE %s GROUP BY substr(village_code, 1, %d), household_id`, n, table, where, n)
	}
	rows, err := db.r.QueryContext(ctx, `
SELECT x.prefix, sum(x.s), sum(x.d), sum(x.u),
  sum(CASE WHEN x.s + x.d > 0 THEN 1 ELSE 0 END),
  sum(CASE WHEN x.s + x.d > 0 THEN h.members ELSE 0 END)
FROM (`+strings.Join(parts, "\nUNION ALL\n")+`) x
JOIN households h ON h.id = x.household_id
GROUP BY x.prefix`, args...)
	if err != nil {
		return nil, fmt.Errorf("store.ChildImpactFigures: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p string
		var f impact.Figures
		if err := rows.Scan(&p, &f.Supply, &f.DividendsPaid, &f.Units, &f.HouseholdsReached, &f.PersonsReached); err != nil {
			return nil, fmt.Errorf("store.ChildImpactFigures: %w", err)
		}
		if c, ok := byPrefix[p]; ok {
			out[c] = f
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store.ChildImpactFigures: %w", err)
	}
	return out, nil
}

// rollupWhere returns the rollup table and the conditions that select a
// figure query's rows: the period's year in the yearly rollup, or each of
// its months in the monthly one (a list, so that the indexes that start
// with the month seek to each); and an organization, or the villages
// inside a region (a range of codes, which an index serves on both
// engines).
func rollupWhere(q impact.FigureQuery) (table, where string, args []any) {
	table, where, args = rollupPeriod(q.Period)
	n := len(args)
	if q.OrgID != 0 {
		return table, fmt.Sprintf(`%s AND org_id = $%d`, where, n+1), append(args, q.OrgID)
	}
	lo, hi := codeRange(q.Region)
	return table, fmt.Sprintf(`%s AND village_code >= $%d AND village_code < $%d`, where, n+1, n+2), append(args, lo, hi)
}

// rollupPeriod returns the rollup table for a period and the condition on
// its month or year, with placeholders from $1.
func rollupPeriod(p impact.Period) (table, where string, args []any) {
	if p.Months() == 12 {
		return "impact_rollup_year", `year = $1`, []any{p.Start.Format("2006")}
	}
	var months []string
	for m := p.Start; m.Before(p.End); m = m.AddDate(0, 1, 0) {
		months = append(months, m.Format("2006-01"))
	}
	var b sqlBuilder
	return "impact_rollup", `month IN ` + inList(&b, months), b.args
}

// codeRange returns the codes from lo (inclusive) to hi (exclusive) that
// lie inside region c: its code and the code of the next division of the
// same level. Codes are 12 digits, which every collation orders alike.
func codeRange(c region.Code) (lo, hi string) {
	p := []byte(c.Prefix())
	i := len(p) - 1
	for ; i >= 0 && p[i] == '9'; i-- {
		p[i] = '0'
	}
	if i < 0 {
		return string(c), strings.Repeat("9", 13)
	}
	p[i]++
	return string(c), string(p) + strings.Repeat("0", 12-len(p))
}
