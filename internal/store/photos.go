package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/photo"
)

// StorePhoto stores a processed photo and its renditions; storing the same
// photo again changes nothing.
func (db *DB) StorePhoto(ctx context.Context, p *photo.Processed) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("store.StorePhoto: %w", err)
	}
	defer tx.Rollback()
	if err := db.storePhoto(ctx, tx, p); err != nil {
		return err
	}
	return tx.Commit()
}

func (db *DB) storePhoto(ctx context.Context, tx *sql.Tx, p *photo.Processed) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO photos (key, width, height, created_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (key) DO NOTHING`, p.Key, p.Width, p.Height, micros(db.now()))
	if err != nil {
		return fmt.Errorf("store.storePhoto: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil // stored before: the key is the content's hash
	}
	for _, r := range p.Renditions {
		if _, err := tx.ExecContext(ctx, `INSERT INTO photo_renditions (photo_key, width, height, bytes) VALUES ($1, $2, $3, $4)`,
			p.Key, r.Width, r.Height, r.Bytes); err != nil {
			return fmt.Errorf("store.storePhoto: %w", err)
		}
	}
	return nil
}

// SavePhoto stores a processed photo and appends it to a product's photos.
func (db *DB) SavePhoto(ctx context.Context, productID int64, p *photo.Processed, ch catalog.Change) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("store.SavePhoto: %w", err)
	}
	defer tx.Rollback()
	if err := db.storePhoto(ctx, tx, p); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO product_photos (product_id, photo_key, position)
VALUES ($1, $2, (SELECT COALESCE(max(position), 0) + 1 FROM product_photos WHERE product_id = $1))
ON CONFLICT (product_id, photo_key) DO NOTHING`, productID, p.Key)
	if isForeignKey(err) {
		return errs.E(errs.NotFound, "err.catalog.product_not_found", productID)
	}
	if err != nil {
		return fmt.Errorf("store.SavePhoto: %w", err)
	}
	if err := db.touchProduct(ctx, tx, productID, ch); err != nil {
		return err
	}
	return tx.Commit()
}

// RemovePhoto detaches a photo from a product; the photo's bytes stay, as
// other products or pages may show them.
func (db *DB) RemovePhoto(ctx context.Context, productID int64, key string, ch catalog.Change) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("store.RemovePhoto: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `DELETE FROM product_photos WHERE product_id = $1 AND photo_key = $2`, productID, key)
	if err != nil {
		return fmt.Errorf("store.RemovePhoto: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.NotFound, "err.photo.not_found", productID, key)
	}
	if err := db.touchProduct(ctx, tx, productID, ch); err != nil {
		return err
	}
	return tx.Commit()
}

func (db *DB) touchProduct(ctx context.Context, tx *sql.Tx, productID int64, ch catalog.Change) error {
	if _, err := tx.ExecContext(ctx, `UPDATE products SET updated_at = $2,
  first_photo = COALESCE((SELECT photo_key FROM product_photos WHERE product_id = $1 ORDER BY position LIMIT 1), '')
WHERE id = $1`, productID, micros(ch.At)); err != nil {
		return fmt.Errorf("store.touchProduct: %w", err)
	}
	ch.ProductID = productID
	return recordChange(ctx, tx, ch)
}

// PhotoRendition returns a photo's JPEG bytes at a width, or NotFound.
func (db *DB) PhotoRendition(ctx context.Context, key string, width int) ([]byte, error) {
	var b []byte
	err := db.r.QueryRowContext(ctx, `SELECT bytes FROM photo_renditions WHERE photo_key = $1 AND width = $2`, key, width).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E(errs.NotFound, "err.photo.size_not_found", key, width)
	}
	if err != nil {
		return nil, fmt.Errorf("store.PhotoRendition: %w", err)
	}
	return b, nil
}

// PhotoWidths returns the widths stored for a photo, ascending.
func (db *DB) PhotoWidths(ctx context.Context, key string) ([]int, error) {
	out, err := queryAll(ctx, db.r, scanOne[int], `SELECT width FROM photo_renditions WHERE photo_key = $1 ORDER BY width`, key)
	if err != nil {
		return nil, fmt.Errorf("store.PhotoWidths: %w", err)
	}
	return out, nil
}
