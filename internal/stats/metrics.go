package stats

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/impact"
	"maeul/internal/money"
	"maeul/internal/region"
)

// Source says where a figure comes from: computed from the platform's
// facts, reported by a bureau, or mixed (the facts of the region's
// divisions that have some, and the reported figures of those that have
// none, each counted once and the sum saying so).
type Source string

// The sources.
const (
	Computed Source = "computed"
	Reported Source = "reported"
	Mixed    Source = "mixed"
)

// SalesReader reads what the metrics are worked out from.
type SalesReader interface {
	// SalesSums sums a period's sales of the sellers in within, grouped
	// by the division at level they lie in.
	SalesSums(ctx context.Context, period string, within region.Code, level region.Level) (map[region.Code]Sums, error)
	// SalesMix splits a period's sales of the sellers in within by
	// channel and by top-level category.
	SalesMix(ctx context.Context, p impact.Period, within region.Code) (map[Channel]money.Fen, map[string]money.Fen, error)
	// ReportedFigures returns the figures reported for a period for the
	// regions in within.
	ReportedFigures(ctx context.Context, period string, within region.Code) ([]Figure, error)
	// RegionsAt returns the stored regions of a level in within, by code.
	RegionsAt(ctx context.Context, within region.Code, level region.Level) ([]region.Region, error)
}

// MetricFigure is one metric of a region for a period, with its growth on
// the same period a year before, its share of the parent region's, and
// its rank among the regions of the same level in the province.
type MetricFigure struct {
	Metric Metric
	Amount money.Fen
	Source Source // "" when neither facts nor a figure give it: Amount is 0
	// Prior is the same period a year before; Growth is (Amount-Prior)/
	// Prior, nil when the prior figure is not known or zero.
	Prior  *money.Fen
	Growth *float64
	// Parent is the parent region's figure; Share is Amount over it, nil
	// for a province or when the parent's figure is zero.
	Parent *money.Fen
	Share  *float64
	// Rank is 1 for the largest among RankAmong regions (ties share a
	// rank); 0 for a province, which is ranked among none.
	Rank, RankAmong int
}

// RegionFigures are a region's sales metrics for a period.
type RegionFigures struct {
	Region  region.Region
	Period  impact.Period
	Metrics []MetricFigure // SalesMetrics, in order
	// ByChannel and ByCategory split the computed sales (by top-level
	// category, "" for sales whose category is not known); Facts is how
	// many facts they sum.
	ByChannel  map[Channel]money.Fen
	ByCategory map[string]money.Fen
	Facts      int64
	// Source is the metrics' source when they share one, Mixed when not,
	// Computed when none is known (the platform computes nothing).
	Source Source
}

// Metric returns the figure of a metric.
func (f RegionFigures) Metric(m Metric) MetricFigure {
	for _, x := range f.Metrics {
		if x.Metric == m {
			return x
		}
	}
	return MetricFigure{Metric: m}
}

// YearBefore returns the period of the same kind a year before p.
func YearBefore(p impact.Period) impact.Period {
	y := strconv.Itoa(p.Start.Year() - 1)
	text := y + p.Text[4:]
	q, err := impact.ParsePeriod(text)
	if err != nil {
		panic(fmt.Sprintf("stats.YearBefore(%s): %v", p.Text, err))
	}
	return q
}

// parentLevel and childLevel step through the hierarchy; a province has
// no parent level and a village no child level ("").
func parentLevel(l region.Level) region.Level {
	if r := l.Rank(); r > 0 {
		return region.Levels[r-1]
	}
	return ""
}

func childLevel(l region.Level) region.Level {
	if r := l.Rank(); r >= 0 && r+1 < len(region.Levels) {
		return region.Levels[r+1]
	}
	return ""
}

// snapshot is a province's sales of a period: the facts summed for every
// division down to a level, the reported figures, and the reported
// figures of divisions without facts summed by parent.
type snapshot struct {
	agg      map[region.Code]*Sums
	reported map[region.Code]map[Metric]money.Fen
	children map[region.Code]map[Metric]money.Fen
}

func (s *Service) snapshot(ctx context.Context, province region.Code, period string, fine region.Level) (*snapshot, error) {
	groups, err := s.Sales.SalesSums(ctx, period, province, fine)
	if err != nil {
		return nil, err
	}
	sn := &snapshot{agg: map[region.Code]*Sums{}, reported: map[region.Code]map[Metric]money.Fen{}, children: map[region.Code]map[Metric]money.Fen{}}
	for code, sums := range groups {
		for _, l := range region.Levels[:code.Level().Rank()+1] {
			a := code.Ancestor(l)
			if sn.agg[a] == nil {
				sn.agg[a] = &Sums{}
			}
			sn.agg[a].Add(sums)
		}
	}
	figs, err := s.Sales.ReportedFigures(ctx, period, province)
	if err != nil {
		return nil, err
	}
	for _, f := range figs {
		if !f.Metric.IsMoney() {
			continue
		}
		if sn.reported[f.Region] == nil {
			sn.reported[f.Region] = map[Metric]money.Fen{}
		}
		sn.reported[f.Region][f.Metric] = money.Fen(f.Value)
		if sn.hasFacts(f.Region) {
			continue
		}
		if pl := parentLevel(f.Region.Level()); pl != "" {
			p := f.Region.Ancestor(pl)
			if sn.children[p] == nil {
				sn.children[p] = map[Metric]money.Fen{}
			}
			sn.children[p][f.Metric] += money.Fen(f.Value)
		}
	}
	return sn, nil
}

func (sn *snapshot) hasFacts(code region.Code) bool {
	a := sn.agg[code]
	return a != nil && a.Facts > 0
}

// value is a region's figure of a metric: computed where the platform has
// facts for it, plus (and then mixed) the reported figures of its
// divisions that have none; else its reported figure; else the sum of its
// divisions' reported figures; else not known.
func (sn *snapshot) value(code region.Code, m Metric) (money.Fen, Source) {
	add, fromChildren := sn.children[code][m]
	if sn.hasFacts(code) {
		if fromChildren {
			return sn.agg[code].Of(m) + add, Mixed
		}
		return sn.agg[code].Of(m), Computed
	}
	if v, ok := sn.reported[code][m]; ok {
		return v, Reported
	}
	if fromChildren {
		return add, Reported
	}
	return 0, ""
}

// candidates returns the regions of a level in the province the ranking
// compares: the stored ones and those with facts or figures.
func (s *Service) candidates(ctx context.Context, province region.Code, level region.Level, sns ...*snapshot) ([]region.Code, error) {
	rs, err := s.Sales.RegionsAt(ctx, province, level)
	if err != nil {
		return nil, err
	}
	seen := map[region.Code]bool{}
	for _, r := range rs {
		seen[r.Code] = true
	}
	for _, sn := range sns {
		for _, m := range []map[region.Code]map[Metric]money.Fen{sn.reported, sn.children} {
			for c := range m {
				if c.Level() == level && c.Within(province) {
					seen[c] = true
				}
			}
		}
		for c := range sn.agg {
			if c.Level() == level {
				seen[c] = true
			}
		}
	}
	out := make([]region.Code, 0, len(seen))
	for c := range seen {
		out = append(out, c)
	}
	slices.Sort(out)
	return out, nil
}

// reading is the snapshots of a period and the year before over a
// province, and the regions of one level to rank.
type reading struct {
	period     impact.Period
	cur, prior *snapshot
	level      region.Level
	ranked     []region.Code
}

func (s *Service) read(ctx context.Context, province region.Code, p impact.Period, level region.Level) (*reading, error) {
	fine := childLevel(level)
	if fine == "" {
		fine = level
	}
	rd := &reading{period: p, level: level}
	var err error
	if rd.cur, err = s.snapshot(ctx, province, p.Text, fine); err != nil {
		return nil, err
	}
	if rd.prior, err = s.snapshot(ctx, province, YearBefore(p).Text, fine); err != nil {
		return nil, err
	}
	if level != region.Province {
		if rd.ranked, err = s.candidates(ctx, province, level, rd.cur); err != nil {
			return nil, err
		}
	}
	return rd, nil
}

// figures works out a region's figures from the reading.
func (rd *reading) figures(r region.Region) RegionFigures {
	out := RegionFigures{Region: r, Period: rd.period}
	if a := rd.cur.agg[r.Code]; a != nil {
		out.Facts = a.Facts
	}
	sources := map[Source]bool{}
	for _, m := range SalesMetrics {
		f := MetricFigure{Metric: m}
		f.Amount, f.Source = rd.cur.value(r.Code, m)
		if f.Source != "" {
			sources[f.Source] = true
		}
		if v, src := rd.prior.value(r.Code, m); src != "" {
			f.Prior = &v
			if v != 0 {
				g := float64(f.Amount-v) / float64(v)
				f.Growth = &g
			}
		}
		if pl := parentLevel(r.Code.Level()); pl != "" {
			if v, src := rd.cur.value(r.Code.Ancestor(pl), m); src != "" {
				f.Parent = &v
				if v != 0 {
					sh := float64(f.Amount) / float64(v)
					f.Share = &sh
				}
			}
		}
		if len(rd.ranked) > 0 && r.Code.Level() == rd.level {
			f.Rank, f.RankAmong = 1, len(rd.ranked)
			for _, c := range rd.ranked {
				if v, _ := rd.cur.value(c, m); v > f.Amount {
					f.Rank++
				}
			}
		}
		out.Metrics = append(out.Metrics, f)
	}
	switch len(sources) {
	case 0:
		out.Source = Computed
	case 1:
		for src := range sources {
			out.Source = src
		}
	default:
		out.Source = Mixed
	}
	return out
}

// region returns the stored region, or one known only by its code (a
// region a bureau reports figures for).
func (s *Service) region(ctx context.Context, code region.Code) (region.Region, error) {
	r, err := s.Regions.Region(ctx, code)
	if errs.Is(err, errs.NotFound) {
		return region.Region{Code: code, Level: code.Level()}, nil
	}
	return r, err
}

// RegionSales returns a region's sales metrics for a period (see
// RegionFigures). Those who oversee the region may read them: its
// admins, auditors, the operator.
func (s *Service) RegionSales(ctx context.Context, by accounts.Actor, code region.Code, p impact.Period) (RegionFigures, error) {
	if err := by.Require(by.Oversees(code), "act.read_sales", string(code)); err != nil {
		return RegionFigures{}, err
	}
	r, err := s.region(ctx, code)
	if err != nil {
		return RegionFigures{}, fmt.Errorf("stats.RegionSales: %w", err)
	}
	rd, err := s.read(ctx, code.Ancestor(region.Province), p, code.Level())
	if err != nil {
		return RegionFigures{}, fmt.Errorf("stats.RegionSales: %w", err)
	}
	f := rd.figures(r)
	if f.ByChannel, f.ByCategory, err = s.Sales.SalesMix(ctx, p, code); err != nil {
		return RegionFigures{}, fmt.Errorf("stats.RegionSales: %w", err)
	}
	return f, nil
}

// Divisions returns the figures of a region's divisions for a period, in
// code order (a prefecture's counties, each ranked among the province's),
// for those who oversee the region.
func (s *Service) Divisions(ctx context.Context, by accounts.Actor, code region.Code, p impact.Period) ([]RegionFigures, error) {
	if err := by.Require(by.Oversees(code), "act.read_sales", string(code)); err != nil {
		return nil, err
	}
	level := childLevel(code.Level())
	if level == "" {
		return nil, nil
	}
	rd, err := s.read(ctx, code.Ancestor(region.Province), p, level)
	if err != nil {
		return nil, fmt.Errorf("stats.Divisions: %w", err)
	}
	rs, err := s.Sales.RegionsAt(ctx, code, level)
	if err != nil {
		return nil, fmt.Errorf("stats.Divisions: %w", err)
	}
	stored := map[region.Code]region.Region{}
	for _, r := range rs {
		stored[r.Code] = r
	}
	var out []RegionFigures
	for _, c := range rd.ranked {
		if !c.Within(code) {
			continue
		}
		r, ok := stored[c]
		if !ok {
			r = region.Region{Code: c, Level: level}
		}
		out = append(out, rd.figures(r))
	}
	return out, nil
}

// TemplateKeys lists, for each message key prefix the statistics pages
// build from a value, the values it is built from.
func TemplateKeys() map[string][]string {
	m := map[string][]string{}
	for _, x := range SalesMetrics {
		m["stats.metric."] = append(m["stats.metric."], string(x))
	}
	m["stats.source_short."] = []string{string(Computed), string(Reported), string(Mixed), "none"}
	return m
}
