package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"maeul/internal/region"
)

// RegionsByCode returns the stored regions among codes, ordered by code
// (which puts a division's ancestors before it), in one query; unknown
// codes are left out. The storefront uses it for a product's origin path
// and for the villages of a list of stores.
func (db *DB) RegionsByCode(ctx context.Context, codes []region.Code) ([]region.Region, error) {
	if len(codes) == 0 {
		return nil, nil
	}
	ph := make([]string, len(codes))
	args := make([]any, len(codes))
	for i, c := range codes {
		ph[i] = "$" + strconv.Itoa(i+1)
		args[i] = string(c)
	}
	return db.regionsWhere(ctx, `code IN (`+strings.Join(ph, ", ")+`)`, args...)
}

// RegionsWithin returns every region inside code (not code itself),
// ordered by code, in one query: a county's towns and villages for its
// pavilion page.
func (db *DB) RegionsWithin(ctx context.Context, code region.Code) ([]region.Region, error) {
	return db.regionsWhere(ctx, `code LIKE $1 ESCAPE '\' AND code <> $2`, likePrefix(code.Prefix()), string(code))
}

func (db *DB) regionsWhere(ctx context.Context, where string, args ...any) ([]region.Region, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+regionColumns+` FROM regions WHERE `+where+` ORDER BY code`, args...)
	if err != nil {
		return nil, fmt.Errorf("store.Regions: %w", err)
	}
	defer rows.Close()
	var out []region.Region
	for rows.Next() {
		r, err := scanRegion(rows)
		if err != nil {
			return nil, fmt.Errorf("store.Regions: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store.Regions: %w", err)
	}
	return out, nil
}
