package store

import (
	"context"
	"fmt"

	"maeul/internal/catalog"
)

// ProductSummaries returns the listed products among ids as listings show
// them, in the order of ids, leaving out unknown and hidden ones: the
// storefront re-reads the cards of a cached search result this way, so
// that their prices and stock are fresh and hidden products drop out at
// once.
func (db *DB) ProductSummaries(ctx context.Context, ids []int64) ([]catalog.Summary, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var b sqlBuilder
	in := inList(&b, ids)
	rows, err := db.r.QueryContext(ctx, `SELECT p.id, p.code, p.name_ko, p.name_zh, p.name_en, p.kind, p.category_code, p.org_id, o.code,
  o.name_ko, o.name_zh, o.name_en, o.kind, p.origin_code, r.name_ko, r.name_zh, r.name_en,
  p.min_price, p.max_price, p.total_stock, p.labels, p.first_photo, p.hidden, p.created_at
FROM products p JOIN organizations o ON o.id = p.org_id JOIN regions r ON r.code = p.origin_code
WHERE p.id IN `+in+` AND NOT p.hidden`, b.args...)
	if err != nil {
		return nil, fmt.Errorf("store.ProductSummaries: %w", err)
	}
	defer rows.Close()
	byID := make(map[int64]catalog.Summary, len(ids))
	for rows.Next() {
		s, err := scanSummary(rows)
		if err != nil {
			return nil, fmt.Errorf("store.ProductSummaries: %w", err)
		}
		byID[s.ID] = s
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store.ProductSummaries: %w", err)
	}
	out := make([]catalog.Summary, 0, len(byID))
	for _, id := range ids {
		if s, ok := byID[id]; ok {
			out = append(out, s)
		}
	}
	return out, nil
}
