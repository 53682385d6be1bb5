package store

import (
	"context"
	"database/sql"
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"maeul/internal/catalog"
	"maeul/internal/errs"
)

// Search lists the products a query selects: one page of summaries, the
// total count (up to q.CountBound) and the cursor of the next page. Text
// is matched through the engine's full-text index (see
// dialect.searchMatch); every other filter is plain SQL both engines
// share. Sorting by price or newest pages by key (stable under inserts);
// relevance pages by offset (see searchRelevant).
func (db *DB) Search(ctx context.Context, q catalog.Query) (catalog.Page, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = 24
	}
	limit = min(limit, 100)
	// b holds the filters; the text's condition is added where each
	// statement needs it.
	var b sqlBuilder
	// The count reads only what the filters need: the organization for
	// farm-direct, never the region (every product has one).
	counted := `products p`
	if q.FarmDirect {
		counted += ` JOIN organizations o ON o.id = p.org_id`
	}
	from := `products p JOIN organizations o ON o.id = p.org_id JOIN regions r ON r.code = p.origin_code`
	terms := catalog.QueryTerms(q.Text)
	if len(terms) == 0 && strings.TrimSpace(q.Text) != "" {
		return catalog.Page{}, nil // only punctuation or single letters: nothing can match
	}
	if !q.WithHidden {
		b.where(`NOT p.hidden`)
	}
	if q.Within != "" {
		b.where(`p.origin_code LIKE ` + b.arg(likePrefix(q.Within.Prefix())) + ` ESCAPE '\'`)
	}
	if q.OrgID != 0 {
		b.where(`p.org_id = ` + b.arg(q.OrgID))
	}
	if q.MinPrice > 0 {
		b.where(`p.min_price >= ` + b.arg(int64(q.MinPrice)))
	}
	if q.MaxPrice > 0 {
		b.where(`p.min_price <= ` + b.arg(int64(q.MaxPrice)))
	}
	if q.InStock {
		b.where(`p.total_stock > 0`)
	}
	if q.Label != "" {
		b.where(`(';' || p.labels || ';') LIKE ` + b.arg("%;"+string(q.Label)+";%"))
	}
	if q.Kind != "" {
		b.where(`p.kind = ` + b.arg(string(q.Kind)))
	}
	if q.FarmDirect {
		b.where(`o.kind IN ('household_shop', 'farm', 'village_store')`)
	}

	// A category's products are those of its code and its children's,
	// named as a list so that the planner reads each code's rows by the
	// category index.
	var codes []string
	if q.Category != "" {
		var err error
		codes, err = queryAll(ctx, db.r, scanOne[string], `SELECT code FROM categories WHERE code = $1 OR parent_code = $1 ORDER BY code`, q.Category)
		if err != nil {
			return catalog.Page{}, fmt.Errorf("store.Search: %w", err)
		}
		if len(codes) == 0 {
			return catalog.Page{}, nil
		}
	}
	sort := q.Sort
	if sort == "" {
		sort = catalog.ByRelevance
	}
	if sort == catalog.ByRelevance && len(terms) == 0 {
		sort = catalog.ByNewest
	}
	cur, err := decodeCursor(q.Cursor, sort)
	if err != nil {
		return catalog.Page{}, err
	}
	inCategory := func(b *sqlBuilder) {
		if len(codes) > 0 {
			b.where(`p.category_code IN ` + inList(b, codes))
		}
	}
	if sort == catalog.ByRelevance {
		inCategory(&b)
		page, err := db.searchRelevant(ctx, q, terms, counted, from, b, int(cur.offset), limit)
		if err != nil {
			return catalog.Page{}, fmt.Errorf("store.Search: %w", err)
		}
		return page, nil
	}
	if len(terms) > 0 {
		join, where, _ := db.dialect.searchMatch(b.arg(db.dialect.searchQuery(terms, false)), false)
		from += join
		counted += join
		b.where(where)
	}
	var page catalog.Page
	if !q.SkipTotal {
		cb := b.clone()
		inCategory(&cb)
		if page.Total, page.TotalCapped, err = db.countMatches(ctx, counted, cb, q.CountBound); err != nil {
			return catalog.Page{}, fmt.Errorf("store.Search: count: %w", err)
		}
	}
	var order string
	switch sort {
	case catalog.ByPriceAsc:
		order = `p.min_price ASC, p.id ASC`
		if cur.set {
			b.where(`(p.min_price, p.id) > (` + b.arg(cur.key) + `, ` + b.arg(cur.id) + `)`)
		}
	case catalog.ByPriceDesc:
		order = `p.min_price DESC, p.id DESC`
		if cur.set {
			b.where(`(p.min_price, p.id) < (` + b.arg(cur.key) + `, ` + b.arg(cur.id) + `)`)
		}
	default:
		order = `p.created_at DESC, p.id DESC`
		if cur.set {
			b.where(`(p.created_at, p.id) < (` + b.arg(cur.key) + `, ` + b.arg(cur.id) + `)`)
		}
	}
	rest := ` ORDER BY ` + order + fmt.Sprintf(` LIMIT %d`, limit+1)
	if len(codes) > 1 {
		// Each code's first rows by its own index, then merged: one
		// ordered scan filtered for a few codes reads the whole table
		// when they hold few products.
		branches := make([]string, len(codes))
		for i, c := range codes {
			cb := b.clone()
			cb.conds = append(cb.conds, `p.category_code = `+b.arg(c))
			branches[i] = fmt.Sprintf(`SELECT id FROM (SELECT p.id FROM %s%s%s) AS c%d`, counted, cb.whereSQL(), rest, i)
		}
		page.Items, err = db.searchSummaries(ctx, from+` WHERE p.id IN (`+strings.Join(branches, ` UNION ALL `)+`)`+rest, b.args)
	} else {
		inCategory(&b)
		page.Items, err = db.searchSummaries(ctx, from+b.whereSQL()+rest, b.args)
	}
	if err != nil {
		return catalog.Page{}, fmt.Errorf("store.Search: %w", err)
	}
	if len(page.Items) > limit {
		page.Items = page.Items[:limit]
		last := page.Items[limit-1]
		switch sort {
		case catalog.ByPriceAsc, catalog.ByPriceDesc:
			page.NextCursor = encodeCursor(cursor{key: int64(last.MinPrice), id: last.ID}, sort)
		default:
			page.NextCursor = encodeCursor(cursor{key: micros(last.CreatedAt), id: last.ID}, sort)
		}
	}
	return page, nil
}

// countMatches counts the products "FROM from" and b's conditions select:
// all of them when bound is 0, else at most bound, reporting whether more
// match (so that a broad listing reads bound+1 rows, not all).
func (db *DB) countMatches(ctx context.Context, from string, b sqlBuilder, bound int) (n int, capped bool, err error) {
	if bound <= 0 {
		err = db.r.QueryRowContext(ctx, `SELECT count(*) FROM `+from+b.whereSQL(), b.args...).Scan(&n)
		return n, false, err
	}
	err = db.r.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 AS one FROM `+from+b.whereSQL()+
		fmt.Sprintf(` LIMIT %d) AS m`, bound+1), b.args...).Scan(&n)
	if n > bound {
		return bound, true, err
	}
	return n, false, err
}

// summaryColumns are the columns scanSummary reads, from products p,
// organizations o and regions r.
const summaryColumns = `p.id, p.code, p.name_ko, p.name_zh, p.name_en, p.kind, p.category_code, p.org_id, o.code,
  o.name_ko, o.name_zh, o.name_en, o.kind, p.origin_code, r.name_ko, r.name_zh, r.name_en,
  p.min_price, p.max_price, p.total_stock, p.labels, p.first_photo, p.hidden, p.created_at`

// searchSummaries reads the summaries "SELECT summaryColumns FROM " + rest
// selects.
func (db *DB) searchSummaries(ctx context.Context, rest string, args []any) ([]catalog.Summary, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+summaryColumns+` FROM `+rest, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []catalog.Summary
	for rows.Next() {
		s, err := scanSummary(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// rankedCandidates bounds the matches a text search ranks (see
// searchRelevant).
const rankedCandidates = 1000

func (db *DB) rankBound() int {
	if db.ranked > 0 {
		return db.ranked
	}
	return rankedCandidates
}

// searchRelevant returns the page from offset of a text search's matches
// in relevance order, with their count. Ranking every match of a broad
// word costs as many rows as it matches, so a cheaper first pass picks
// at most rankBound candidates, in passes that each read the engine's
// full-text index newest first: products whose names hold the query's
// words whole, then whose names hold them at all, then any match. The
// candidates are ordered by catalog.Rank (the pass and then the newest
// breaking ties); the matches beyond them follow, newest first. The
// passes give the count too while it is within the bound; beyond it the
// count is bounded by q.CountBound or made by the database.
//
// counted is the FROM clause of the products and the organizations that
// the filters in b need, from the one of the summaries.
func (db *DB) searchRelevant(ctx context.Context, q catalog.Query, terms []catalog.Term, counted, from string, b sqlBuilder, offset, n int) (catalog.Page, error) {
	bound := db.rankBound()
	type pass struct{ names, exact bool }
	passes := []pass{{names: true}, {}}
	if slices.ContainsFunc(terms, func(t catalog.Term) bool { return t.Prefix }) {
		passes = slices.Insert(passes, 0, pass{names: true, exact: true})
	}
	type candidate struct {
		id  int64
		rel catalog.Relevance
	}
	var cands []candidate
	seen := map[int64]bool{}
	ranker := catalog.NewRanker(q.Text)
	catLevel := map[string]int{} // by category code
	total := -1                  // unknown: more than bound
	for _, ps := range passes {
		pb := b.clone()
		join, where, order := db.dialect.searchMatch(pb.arg(db.dialect.searchQuery(terms, ps.exact)), ps.names)
		pb.where(where)
		rows, err := db.r.QueryContext(ctx, `SELECT p.id, p.name_ko, p.name_zh, p.name_en, cat.code, cat.name_ko, cat.name_zh, cat.name_en
FROM `+counted+join+` JOIN categories cat ON cat.code = p.category_code`+pb.whereSQL()+
			` ORDER BY `+order+fmt.Sprintf(` LIMIT %d`, bound+1), pb.args...)
		if err != nil {
			return catalog.Page{}, err
		}
		read := 0
		for rows.Next() {
			var id int64
			var names, cat [3]string
			var code string
			if err := rows.Scan(&id, &names[0], &names[1], &names[2], &code, &cat[0], &cat[1], &cat[2]); err != nil {
				rows.Close()
				return catalog.Page{}, err
			}
			read++
			if seen[id] || len(cands) == bound {
				continue
			}
			seen[id] = true
			level, ok := catLevel[code]
			if !ok {
				level = ranker.Category(cat[:])
				catLevel[code] = level
			}
			cands = append(cands, candidate{id, ranker.Rank(names[:], level)})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return catalog.Page{}, err
		}
		if read > bound {
			break // more than bound match, all among the candidates' kind
		}
		if !ps.names {
			total = read // the last pass reads every match
		}
	}
	slices.SortStableFunc(cands, func(a, b candidate) int {
		switch {
		case a.rel.Better(b.rel):
			return -1
		case b.rel.Better(a.rel):
			return 1
		}
		return 0
	})

	var page catalog.Page
	var ids []int64
	for i := offset; i < len(cands) && len(ids) < n+1; i++ {
		ids = append(ids, cands[i].id)
	}
	if len(ids) > 0 {
		var ib sqlBuilder
		got, err := db.searchSummaries(ctx, from+` WHERE p.id IN `+inList(&ib, ids), ib.args)
		if err != nil {
			return catalog.Page{}, err
		}
		at := make(map[int64]int, len(ids))
		for i, id := range ids {
			at[id] = i
		}
		page.Items = make([]catalog.Summary, len(ids))
		for _, s := range got {
			page.Items[at[s.ID]] = s
		}
	}
	if total < 0 && len(page.Items) < n+1 {
		// The rest follows, newest first.
		rb := b.clone()
		join, where, order := db.dialect.searchMatch(rb.arg(db.dialect.searchQuery(terms, false)), false)
		rb.where(where)
		all := make([]int64, len(cands))
		for i, c := range cands {
			all[i] = c.id
		}
		rb.where(`p.id NOT IN ` + inList(&rb, all))
		more, err := db.searchSummaries(ctx, from+join+rb.whereSQL()+` ORDER BY `+order+
			fmt.Sprintf(` LIMIT %d OFFSET %d`, n+1-len(page.Items), max(0, offset-len(cands))), rb.args)
		if err != nil {
			return catalog.Page{}, err
		}
		page.Items = append(page.Items, more...)
	}
	if len(page.Items) > n {
		page.Items = page.Items[:n]
		page.NextCursor = encodeCursor(cursor{offset: int64(offset + n)}, catalog.ByRelevance)
	}
	switch {
	case q.SkipTotal:
	case total >= 0 && (q.CountBound <= 0 || total <= q.CountBound):
		page.Total = total
	case q.CountBound > 0 && q.CountBound <= bound:
		page.Total, page.TotalCapped = q.CountBound, true
	default:
		cb := b.clone()
		join, where, _ := db.dialect.searchMatch(cb.arg(db.dialect.searchQuery(terms, false)), false)
		cb.where(where)
		var err error
		if page.Total, page.TotalCapped, err = db.countMatches(ctx, counted+join, cb, q.CountBound); err != nil {
			return catalog.Page{}, fmt.Errorf("count: %w", err)
		}
	}
	return page, nil
}

func scanSummary(rows *sql.Rows) (catalog.Summary, error) {
	var s catalog.Summary
	var labels string
	var created int64
	err := rows.Scan(&s.ID, &s.Code, &s.Name.Ko, &s.Name.Zh, &s.Name.En, &s.Kind, &s.Category, &s.OrgID, &s.OrgCode,
		&s.OrgName.Ko, &s.OrgName.Zh, &s.OrgName.En, &s.OrgKind, &s.Origin, &s.OriginName.Ko, &s.OriginName.Zh, &s.OriginName.En,
		&s.MinPrice, &s.MaxPrice, &s.Stock, &labels, &s.Photo, &s.Hidden, &created)
	s.Labels = splitLabels(labels)
	s.CreatedAt = fromMicros(created)
	return s, err
}

// sqlBuilder collects WHERE conditions and their numbered arguments.
type sqlBuilder struct {
	conds []string
	args  []any
}

// arg adds an argument and returns its placeholder.
func (b *sqlBuilder) arg(v any) string {
	b.args = append(b.args, v)
	return "$" + strconv.Itoa(len(b.args))
}

func (b *sqlBuilder) where(cond string) { b.conds = append(b.conds, cond) }

// clone returns a copy of b that conditions can be added to without
// changing b.
func (b sqlBuilder) clone() sqlBuilder {
	return sqlBuilder{conds: slices.Clone(b.conds), args: slices.Clone(b.args)}
}

func (b *sqlBuilder) whereSQL() string {
	if len(b.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(b.conds, " AND ")
}

// cursor is a position in a sorted listing: the sort key and id of the
// last item shown, or an offset for relevance.
type cursor struct {
	set    bool
	key    int64
	id     int64
	offset int64
}

func encodeCursor(c cursor, sort catalog.Sort) string {
	s := fmt.Sprintf("%s:%d:%d:%d", sort, c.key, c.id, c.offset)
	return base64.RawURLEncoding.EncodeToString([]byte(s))
}

// decodeCursor reads a cursor made for the same sort; anything else is an
// Invalid error.
func decodeCursor(s string, sort catalog.Sort) (cursor, error) {
	if s == "" {
		return cursor{}, nil
	}
	bad := errs.Field("cursor", "err.catalog.cursor")
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return cursor{}, bad
	}
	parts := strings.Split(string(b), ":")
	if len(parts) != 4 || catalog.Sort(parts[0]) != sort {
		return cursor{}, bad
	}
	var c cursor
	var errs [3]error
	c.key, errs[0] = strconv.ParseInt(parts[1], 10, 64)
	c.id, errs[1] = strconv.ParseInt(parts[2], 10, 64)
	c.offset, errs[2] = strconv.ParseInt(parts[3], 10, 64)
	for _, e := range errs {
		if e != nil || c.offset < 0 {
			return cursor{}, bad
		}
	}
	c.set = true
	return c, nil
}
