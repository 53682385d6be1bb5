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
// total count and the cursor of the next page. Text is matched through the
// engine's full-text index (see dialect.searchMatch); every other filter is
// plain SQL both engines share. Sorting by price or newest pages by key
// (stable under inserts); relevance pages by offset.
func (db *DB) Search(ctx context.Context, q catalog.Query) (catalog.Page, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = 24
	}
	limit = min(limit, 100)
	var b sqlBuilder
	// The count reads only what the filters need: the organization for
	// farm-direct, never the region (every product has one).
	counted := `products p`
	if q.FarmDirect {
		counted += ` JOIN organizations o ON o.id = p.org_id`
	}
	from := `products p JOIN organizations o ON o.id = p.org_id JOIN regions r ON r.code = p.origin_code`
	rank := ""
	if terms := catalog.QueryTerms(q.Text); len(terms) > 0 {
		join, where, rk := db.dialect.searchMatch(b.arg(db.dialect.searchQuery(terms)))
		from += join
		counted += join
		b.where(where)
		rank = rk
	} else if strings.TrimSpace(q.Text) != "" {
		return catalog.Page{}, nil // only punctuation or single letters: nothing can match
	}
	if !q.WithHidden {
		b.where(`NOT p.hidden`)
	}
	if q.Category != "" {
		a := b.arg(q.Category)
		b.where(`(p.category_code = ` + a + ` OR p.category_code IN (SELECT code FROM categories WHERE parent_code = ` + a + `))`)
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

	var total int
	if !q.SkipTotal {
		if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM `+counted+b.whereSQL(), b.args...).Scan(&total); err != nil {
			return catalog.Page{}, fmt.Errorf("store.Search: count: %w", err)
		}
	}

	sort := q.Sort
	if sort == "" {
		sort = catalog.ByRelevance
	}
	if sort == catalog.ByRelevance && rank == "" {
		sort = catalog.ByNewest
	}
	cur, err := decodeCursor(q.Cursor, sort)
	if err != nil {
		return catalog.Page{}, err
	}
	var order string
	offset := 0
	switch sort {
	case catalog.ByRelevance:
		order = rank + `, p.id DESC`
		offset = int(cur.offset)
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
	page := catalog.Page{Total: total}
	if sort == catalog.ByRelevance && offset < db.rankBound() {
		page.Items, err = db.searchRanked(ctx, q.Text, counted, from, rank, &b, offset, limit+1)
	} else {
		page.Items, err = db.searchSummaries(ctx, from+b.whereSQL()+` ORDER BY `+order+fmt.Sprintf(` LIMIT %d OFFSET %d`, limit+1, offset), b.args)
	}
	if err != nil {
		return catalog.Page{}, fmt.Errorf("store.Search: %w", err)
	}
	if len(page.Items) > limit {
		page.Items = page.Items[:limit]
		last := page.Items[limit-1]
		switch sort {
		case catalog.ByRelevance:
			page.NextCursor = encodeCursor(cursor{offset: int64(offset + limit)}, sort)
		case catalog.ByPriceAsc, catalog.ByPriceDesc:
			page.NextCursor = encodeCursor(cursor{key: int64(last.MinPrice), id: last.ID}, sort)
		default:
			page.NextCursor = encodeCursor(cursor{key: micros(last.CreatedAt), id: last.ID}, sort)
		}
	}
	return page, nil
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

// rankedCandidates bounds the matches a text search ranks: the engine's
// full-text rank picks the best rankedCandidates, which are ordered by
// catalog.Rank; matches beyond them follow in the engine's order.
const rankedCandidates = 1000

func (db *DB) rankBound() int {
	if db.ranked > 0 {
		return db.ranked
	}
	return rankedCandidates
}

// searchRanked returns n items from offset of a text search's matches in
// relevance order (see rankedCandidates). counted is the FROM clause of
// the products and the organizations the filters in b need, from the
// full one, rank the engine's ORDER BY.
func (db *DB) searchRanked(ctx context.Context, text, counted, from, rank string, b *sqlBuilder, offset, n int) ([]catalog.Summary, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT p.id, p.name_ko, p.name_zh, p.name_en, cat.name_ko, cat.name_zh, cat.name_en
FROM `+counted+` JOIN categories cat ON cat.code = p.category_code`+b.whereSQL()+
		` ORDER BY `+rank+`, p.id DESC`+fmt.Sprintf(` LIMIT %d`, db.rankBound()), b.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type candidate struct {
		id  int64
		rel catalog.Relevance
	}
	var cands []candidate
	for rows.Next() {
		var c candidate
		var names, cat [3]string
		if err := rows.Scan(&c.id, &names[0], &names[1], &names[2], &cat[0], &cat[1], &cat[2]); err != nil {
			return nil, err
		}
		c.rel = catalog.Rank(text, names[:], cat[:])
		cands = append(cands, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	slices.SortStableFunc(cands, func(a, b candidate) int {
		switch {
		case a.rel.Better(b.rel):
			return -1
		case b.rel.Better(a.rel):
			return 1
		}
		return 0
	})
	var ids []int64
	for i := offset; i < len(cands) && len(ids) < n; i++ {
		ids = append(ids, cands[i].id)
	}
	var items []catalog.Summary
	if len(ids) > 0 {
		var b sqlBuilder
		got, err := db.searchSummaries(ctx, from+` WHERE p.id IN `+inList(&b, ids), b.args)
		if err != nil {
			return nil, err
		}
		at := make(map[int64]int, len(ids))
		for i, id := range ids {
			at[id] = i
		}
		items = make([]catalog.Summary, len(ids))
		for _, s := range got {
			items[at[s.ID]] = s
		}
	}
	if len(cands) == db.rankBound() && len(items) < n {
		// The rest follows in the engine's order.
		more, err := db.searchSummaries(ctx, from+b.whereSQL()+` ORDER BY `+rank+`, p.id DESC`+
			fmt.Sprintf(` LIMIT %d OFFSET %d`, n-len(items), max(offset, db.rankBound())), b.args)
		if err != nil {
			return nil, err
		}
		items = append(items, more...)
	}
	return items, nil
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
