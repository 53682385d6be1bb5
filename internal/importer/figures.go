package importer

import (
	"context"
	"errors"
	"io"
	"strings"

	"maeul/internal/stats"
)

var figureSchema = Schema{Required: []string{"region_code", "period", "metric", "value"}}

// loadFigures imports reported figures, one per row, each replacing the
// figure stored for its region, period and metric. A file naming the
// same figure twice is refused.
func loadFigures(ctx context.Context, im *Importer, file string, r io.Reader) (int, error) {
	if im.Stats == nil {
		return 0, errors.New("importer: figures need the statistics service")
	}
	ps := &problems{file: file}
	var fs []stats.Figure
	seen := map[string]int{}
	ok := read(ps, r, figureSchema, func(row *Row) {
		var f stats.Figure
		if row.Required("region_code") != "" {
			f.Region = parseRegionCode(row, "region_code")
		}
		if s := row.Required("period"); s != "" {
			p, err := stats.ParsePeriod(s)
			if err != nil {
				row.FailErr("period", err)
			}
			f.Period = p.Text
		}
		if s := row.Required("metric"); s != "" {
			m, err := stats.ParseMetric(s)
			if err != nil {
				row.FailErr("metric", err)
			}
			f.Metric = m
		}
		if s := row.Required("value"); s != "" && f.Metric != "" {
			v, err := stats.ParseValue(f.Metric, s)
			if err != nil {
				row.FailErr("value", err)
			}
			f.Value = v
		}
		key := strings.Join([]string{string(f.Region), f.Period, string(f.Metric)}, "\x00")
		if first, ok := seen[key]; ok {
			row.Fail("", "err.importer.same_figure", first)
		} else {
			seen[key] = row.Line
		}
		fs = append(fs, f)
	})
	if !ok {
		return 0, ps.err()
	}
	if err := ps.err(); err != nil {
		return 0, err
	}
	if err := im.Stats.SaveFigures(ctx, im.Actor, fs); err != nil {
		return 0, err
	}
	return len(fs), nil
}
