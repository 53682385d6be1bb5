package store

import (
	"context"
	"fmt"

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
	var b sqlBuilder
	return db.regionsWhere(ctx, `code IN `+inList(&b, codes), b.args...)
}

// RegionsWithin returns every region inside code (not code itself),
// ordered by code, in one query: a county's towns and villages for its
// pavilion page.
func (db *DB) RegionsWithin(ctx context.Context, code region.Code) ([]region.Region, error) {
	return db.regionsWhere(ctx, `code LIKE $1 ESCAPE '\' AND code <> $2`, likePrefix(code.Prefix()), string(code))
}

func (db *DB) regionsWhere(ctx context.Context, where string, args ...any) ([]region.Region, error) {
	out, err := queryAll(ctx, db.r, scanRegion, `SELECT `+regionColumns+` FROM regions WHERE `+where+` ORDER BY code`, args...)
	if err != nil {
		return nil, fmt.Errorf("store.Regions: %w", err)
	}
	return out, nil
}
