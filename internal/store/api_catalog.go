package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"maeul/internal/catalog"
)

// PhotoSizes returns the stored sizes of the photos with the given keys,
// by key, in one query; keys not stored are left out. Listings use it to
// know which rendition widths a product's first photo or a store's cover
// has.
func (db *DB) PhotoSizes(ctx context.Context, keys []string) (map[string]catalog.Photo, error) {
	out := make(map[string]catalog.Photo, len(keys))
	seen := make(map[string]bool, len(keys))
	var args []any
	var marks []string
	for _, k := range keys {
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		args = append(args, k)
		marks = append(marks, "$"+strconv.Itoa(len(args)))
	}
	if len(args) == 0 {
		return out, nil
	}
	rows, err := db.r.QueryContext(ctx, `SELECT key, width, height FROM photos WHERE key IN (`+strings.Join(marks, ", ")+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store.PhotoSizes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p catalog.Photo
		if err := rows.Scan(&p.Key, &p.Width, &p.Height); err != nil {
			return nil, fmt.Errorf("store.PhotoSizes: %w", err)
		}
		out[p.Key] = p
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store.PhotoSizes: %w", err)
	}
	return out, nil
}
