package store

import (
	"context"
	"fmt"

	"maeul/internal/catalog"
)

// PhotoSizes returns the stored sizes of the photos with the given keys,
// by key, in one query; keys not stored are left out. Listings use it to
// know which rendition widths a product's first photo or a store's cover
// has.
func (db *DB) PhotoSizes(ctx context.Context, keys []string) (map[string]catalog.Photo, error) {
	out := make(map[string]catalog.Photo, len(keys))
	seen := make(map[string]bool, len(keys))
	var ask []string
	for _, k := range keys {
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		ask = append(ask, k)
	}
	if len(ask) == 0 {
		return out, nil
	}
	var b sqlBuilder
	ps, err := queryAll(ctx, db.r, scanPhotoSize, `SELECT key, width, height FROM photos WHERE key IN `+inList(&b, ask), b.args...)
	if err != nil {
		return nil, fmt.Errorf("store.PhotoSizes: %w", err)
	}
	for _, p := range ps {
		out[p.Key] = p
	}
	return out, nil
}
