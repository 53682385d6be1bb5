package main

import (
	"context"

	"maeul/internal/demo"
	"maeul/internal/store"
)

func loadDemoPhotos(ctx context.Context, db *store.DB) error { return demo.LoadPhotos(ctx, db, db) }
