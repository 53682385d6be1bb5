package store

import (
	"context"
	"fmt"

	"maeul/internal/network"
	"maeul/internal/region"
)

// CountServicePoints returns how many open service points of the given kinds
// (of any kind when none is given) lie within code, counted by the
// database: the home page's "N stations" without loading them all.
func (db *DB) CountServicePoints(ctx context.Context, within region.Code, kinds ...network.Kind) (int, error) {
	prefix := likePrefix(within.Prefix())
	if within == "" {
		prefix = "%"
	}
	var b sqlBuilder
	where := `region_code LIKE ` + b.arg(prefix) + ` ESCAPE '\' AND status = 'open'`
	if len(kinds) > 0 {
		where += ` AND kind IN ` + inList(&b, kinds)
	}
	var n int
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM service_points WHERE `+where, b.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store.CountServicePoints: %w", err)
	}
	return n, nil
}
