//go:build !demophotos

package main

import (
	"context"

	"maeul/internal/store"
)

// loadDemoPhotos is a stand-in until the demo artwork package lands.
func loadDemoPhotos(ctx context.Context, db *store.DB) error { return nil }
