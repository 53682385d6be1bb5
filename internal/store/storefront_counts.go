package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"maeul/internal/network"
	"maeul/internal/region"
)

// CountServicePoints returns how many open service points of the given kinds
// (of any kind when none is given) lie within code, counted by the
// database: the home page's "N stations" without loading them all.
func (db *DB) CountServicePoints(ctx context.Context, within region.Code, kinds ...network.Kind) (int, error) {
	where := `region_code LIKE $1 ESCAPE '\' AND status = 'open'`
	args := []any{likePrefix(within.Prefix())}
	if within == "" {
		args[0] = "%"
	}
	if len(kinds) > 0 {
		ph := make([]string, len(kinds))
		for i, k := range kinds {
			args = append(args, string(k))
			ph[i] = "$" + strconv.Itoa(len(args))
		}
		where += ` AND kind IN (` + strings.Join(ph, ", ") + `)`
	}
	var n int
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM service_points WHERE `+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store.CountServicePoints: %w", err)
	}
	return n, nil
}
