package stats

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/money"
	"maeul/internal/org"
	"maeul/internal/programme"
	"maeul/internal/region"
)

// Figure is a figure reported for a region and period: an amount in fen
// for a sales metric, a count for the others.
type Figure struct {
	Region region.Code
	Period string // canonical: "2019", "2019-Q1" or "2019-03"
	Metric Metric
	Value  int64
}

// ParseValue reads a figure's value for the metric: an amount of yuan
// with at most two decimals for a sales metric (returned in fen), a whole
// number for a count. Negative values are refused; the error is Invalid
// about the field "value".
func ParseValue(m Metric, s string) (int64, error) {
	if m.IsMoney() {
		f, err := money.Parse(s)
		if err != nil {
			return 0, errs.InField("value", err)
		}
		if f < 0 {
			return 0, errs.Field("value", "err.stats.negative", s)
		}
		return int64(f), nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil {
		return 0, errs.Field("value", "err.stats.count", s)
	}
	if n < 0 {
		return 0, errs.Field("value", "err.stats.negative", s)
	}
	return n, nil
}

// FigureStore keeps the reported figures.
type FigureStore interface {
	// SaveFigures stores figures in one transaction, each replacing the
	// one stored for its region, period and metric.
	SaveFigures(ctx context.Context, fs []Figure) error
	// ReportedFigure returns the figure reported for a region, period and
	// metric, and whether there is one.
	ReportedFigure(ctx context.Context, r region.Code, period string, m Metric) (int64, bool, error)
}

// Service carries out the statistics' rules.
type Service struct {
	Figures    FigureStore
	Facts      FactStore
	Sales      SalesReader
	Categories CategoryStore
	Orgs       org.Store
	Regions    region.Store
	Listings   ListingStore
	Products   ProductStore
}

// SaveFigures stores reported figures, each replacing the figure stored
// for its region, period and metric. Only the system (the command line's
// import) may; the figures are checked first and nothing is stored when
// any is wrong.
func (s *Service) SaveFigures(ctx context.Context, by accounts.Actor, fs []Figure) error {
	if err := by.Require(by.System, "act.import", "figures"); err != nil {
		return err
	}
	for _, f := range fs {
		if _, err := region.ParseCode(string(f.Region)); err != nil || len(f.Region) != 12 {
			return errs.Field("region_code", "err.stats.region", string(f.Region))
		}
		if p, err := ParsePeriod(f.Period); err != nil || p.Text != f.Period {
			return errs.Field("period", "err.stats.period", f.Period)
		}
		if _, err := ParseMetric(string(f.Metric)); err != nil {
			return err
		}
		if f.Value < 0 {
			return errs.Field("value", "err.stats.negative", strconv.FormatInt(f.Value, 10))
		}
	}
	if err := s.Figures.SaveFigures(ctx, fs); err != nil {
		return fmt.Errorf("stats.SaveFigures: %w", err)
	}
	return nil
}

// ProgrammeTotals gives the programme registers the province's totals of
// demonstration titles from the reported figures: the figure of metric
// programme.TotalsMetric(level, kind) for the province and the year.
type ProgrammeTotals struct {
	Figures FigureStore
}

var _ programme.ProvinceTotals = ProgrammeTotals{}

// DesignationTotal returns the number of titles of a level and kind the
// province holds in year, as reported, and whether it is known.
func (t ProgrammeTotals) DesignationTotal(ctx context.Context, province region.Code, year int, level programme.Level, kind programme.SubjectKind) (int64, bool, error) {
	n, ok, err := t.Figures.ReportedFigure(ctx, province, strconv.Itoa(year), Metric(programme.TotalsMetric(level, kind)))
	if err != nil {
		return 0, false, fmt.Errorf("stats.DesignationTotal: %w", err)
	}
	return n, ok, nil
}
