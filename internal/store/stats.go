package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"maeul/internal/region"
	"maeul/internal/stats"
)

var _ stats.FigureStore = (*DB)(nil)

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
