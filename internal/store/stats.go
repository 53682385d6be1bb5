package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"maeul/internal/region"
	"maeul/internal/stats"
)

var (
	_ stats.FigureStore  = (*DB)(nil)
	_ stats.SalesReader  = (*DB)(nil)
	_ stats.ListingStore = (*DB)(nil)
)

// SaveFigures stores reported figures in one transaction, each replacing
// the one stored for its region, period and metric.
func (db *DB) SaveFigures(ctx context.Context, fs []stats.Figure) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("store.SaveFigures: %w", err)
	}
	defer tx.Rollback()
	now := micros(db.now())
	for _, f := range fs {
		if _, err := tx.ExecContext(ctx, `
INSERT INTO reported_figures (region_code, period, metric, value, imported_at) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (region_code, period, metric) DO UPDATE SET value = excluded.value, imported_at = excluded.imported_at`,
			f.Region, f.Period, f.Metric, f.Value, now); err != nil {
			return fmt.Errorf("store.SaveFigures: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store.SaveFigures: %w", err)
	}
	return nil
}

// ReportedFigure returns the figure reported for a region, period and
// metric, and whether there is one.
func (db *DB) ReportedFigure(ctx context.Context, r region.Code, period string, m stats.Metric) (int64, bool, error) {
	var v int64
	err := db.r.QueryRowContext(ctx, `SELECT value FROM reported_figures WHERE region_code = $1 AND period = $2 AND metric = $3`,
		r, period, m).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("store.ReportedFigure: %w", err)
	}
	return v, true, nil
}

// ReportedFigures returns the figures reported for a period for the
// regions in within (all when ""), by region and metric.
func (db *DB) ReportedFigures(ctx context.Context, period string, within region.Code) ([]stats.Figure, error) {
	where, args := `period = $1`, []any{period}
	if within != "" {
		where += ` AND region_code >= $2 AND region_code < $3`
		args = append(args, within.Prefix(), within.Prefix()+"~")
	}
	rows, err := db.r.QueryContext(ctx, `SELECT region_code, period, metric, value FROM reported_figures WHERE `+where+` ORDER BY region_code, metric`, args...)
	if err != nil {
		return nil, fmt.Errorf("store.ReportedFigures: %w", err)
	}
	defer rows.Close()
	var out []stats.Figure
	for rows.Next() {
		var f stats.Figure
		if err := rows.Scan(&f.Region, &f.Period, &f.Metric, &f.Value); err != nil {
			return nil, fmt.Errorf("store.ReportedFigures: %w", err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// RegionsAt returns the stored regions of a level in within, by code.
func (db *DB) RegionsAt(ctx context.Context, within region.Code, level region.Level) ([]region.Region, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+regionColumns+` FROM regions WHERE level = $1 AND code >= $2 AND code < $3 ORDER BY code`,
		level, within.Prefix(), within.Prefix()+"~")
	if err != nil {
		return nil, fmt.Errorf("store.RegionsAt: %w", err)
	}
	defer rows.Close()
	var out []region.Region
	for rows.Next() {
		r, err := scanRegion(rows)
		if err != nil {
			return nil, fmt.Errorf("store.RegionsAt: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SaveListings stores channel listings in one transaction, each
// replacing the link of its product and channel.
func (db *DB) SaveListings(ctx context.Context, ls []stats.Listing) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("store.SaveListings: %w", err)
	}
	defer tx.Rollback()
	now := micros(db.now())
	for _, l := range ls {
		if _, err := tx.ExecContext(ctx, `
INSERT INTO channel_listings (product_id, channel, url, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
ON CONFLICT (product_id, channel) DO UPDATE SET url = excluded.url, updated_at = excluded.updated_at`,
			l.ProductID, l.Channel, l.URL, now); err != nil {
			return fmt.Errorf("store.SaveListings: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store.SaveListings: %w", err)
	}
	return nil
}

// ProductListings returns a product's channel listings in the channels'
// order.
func (db *DB) ProductListings(ctx context.Context, productID int64) ([]stats.Listing, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT l.product_id, p.code, l.channel, l.url FROM channel_listings l JOIN products p ON p.id = l.product_id
WHERE l.product_id = $1`, productID)
	if err != nil {
		return nil, fmt.Errorf("store.ProductListings: %w", err)
	}
	defer rows.Close()
	var out []stats.Listing
	for rows.Next() {
		var l stats.Listing
		if err := rows.Scan(&l.ProductID, &l.ProductCode, &l.Channel, &l.URL); err != nil {
			return nil, fmt.Errorf("store.ProductListings: %w", err)
		}
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store.ProductListings: %w", err)
	}
	slices.SortFunc(out, func(a, b stats.Listing) int {
		return slices.Index(stats.Channels, a.Channel) - slices.Index(stats.Channels, b.Channel)
	})
	return out, nil
}
