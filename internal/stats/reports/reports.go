// Package reports writes the statistics' sales report in the forms people
// take it away in: the JSON document of `maeul report sales` and the
// dashboards, and tables (CSV and XLSX, through the programme reports'
// writers) for the command line and the dashboards' exports.
package reports

import (
	"cmp"
	"slices"

	"maeul/internal/i18n"
	"maeul/internal/money"
	prog "maeul/internal/programme/reports"
	"maeul/internal/stats"
)

// Metric is one metric of a region for a period.
type Metric struct {
	Metric    string   `json:"metric"`
	AmountFen int64    `json:"amount_fen"`
	Source    string   `json:"source"` // computed, reported, mixed, or "" when not known
	PriorFen  *int64   `json:"prior_fen"`
	YoYGrowth *float64 `json:"yoy_growth"`
	ParentFen *int64   `json:"parent_fen"`
	Share     *float64 `json:"share_of_parent"`
	Rank      *int     `json:"rank"`
	RankAmong *int     `json:"rank_among"`
}

// Division is a division's line in the comparison of a region's
// divisions.
type Division struct {
	Region  string   `json:"region"`
	Name    string   `json:"name"`
	Metrics []Metric `json:"metrics"`
	Source  string   `json:"source"`
}

// Sales is a region's sales report for a period. The flat fields are the
// figures a bureau's report quotes; Metrics has each metric in full.
type Sales struct {
	Region                     string           `json:"region"`
	Name                       string           `json:"name"`
	Period                     string           `json:"period"`
	OnlineRetailSalesFen       int64            `json:"online_retail_sales_fen"`
	YoYGrowth                  *float64         `json:"yoy_growth"`
	ShareOfParent              *float64         `json:"share_of_parent"`
	Rank                       *int             `json:"rank"`
	RankAmong                  *int             `json:"rank_among"`
	RuralOnlineRetailSalesFen  int64            `json:"rural_online_retail_sales_fen"`
	RuralYoYGrowth             *float64         `json:"rural_yoy_growth"`
	RuralRank                  *int             `json:"rural_rank"`
	AgriOnlineSalesFen         int64            `json:"agri_online_sales_fen"`
	AgriYoYGrowth              *float64         `json:"agri_yoy_growth"`
	PovertyAlleviationSalesFen int64            `json:"poverty_alleviation_sales_fen"`
	PovertyYoYGrowth           *float64         `json:"poverty_alleviation_yoy_growth"`
	ByChannel                  map[string]int64 `json:"by_channel"`
	ByCategory                 map[string]int64 `json:"by_category"`
	Facts                      int64            `json:"facts"`
	Source                     string           `json:"source"`
	Metrics                    []Metric         `json:"metrics"`
	Divisions                  []Division       `json:"divisions"`
}

func metricsOf(f stats.RegionFigures) []Metric {
	out := make([]Metric, 0, len(f.Metrics))
	for _, m := range f.Metrics {
		x := Metric{Metric: string(m.Metric), AmountFen: int64(m.Amount), Source: string(m.Source), YoYGrowth: m.Growth, Share: m.Share}
		if m.Prior != nil {
			v := int64(*m.Prior)
			x.PriorFen = &v
		}
		if m.Parent != nil {
			v := int64(*m.Parent)
			x.ParentFen = &v
		}
		if m.RankAmong > 0 {
			r, n := m.Rank, m.RankAmong
			x.Rank, x.RankAmong = &r, &n
		}
		out = append(out, x)
	}
	return out
}

// FromFigures makes the document of a region's figures and its
// divisions', names in l.
func FromFigures(f stats.RegionFigures, divisions []stats.RegionFigures, l i18n.Lang) Sales {
	ms := metricsOf(f)
	s := Sales{Region: string(f.Region.Code), Name: f.Region.Name.In(l), Period: f.Period.Text, Source: string(f.Source),
		Facts: f.Facts, Metrics: ms, ByChannel: map[string]int64{}, ByCategory: map[string]int64{}, Divisions: []Division{}}
	total, rural, agri, poverty := ms[0], ms[1], ms[2], ms[3]
	s.OnlineRetailSalesFen, s.YoYGrowth, s.ShareOfParent, s.Rank, s.RankAmong = total.AmountFen, total.YoYGrowth, total.Share, total.Rank, total.RankAmong
	s.RuralOnlineRetailSalesFen, s.RuralYoYGrowth, s.RuralRank = rural.AmountFen, rural.YoYGrowth, rural.Rank
	s.AgriOnlineSalesFen, s.AgriYoYGrowth = agri.AmountFen, agri.YoYGrowth
	s.PovertyAlleviationSalesFen, s.PovertyYoYGrowth = poverty.AmountFen, poverty.YoYGrowth
	for c, v := range f.ByChannel {
		s.ByChannel[string(c)] = int64(v)
	}
	for c, v := range f.ByCategory {
		s.ByCategory[c] = int64(v)
	}
	for _, d := range divisions {
		s.Divisions = append(s.Divisions, Division{Region: string(d.Region.Code), Name: d.Region.Name.In(l), Metrics: metricsOf(d), Source: string(d.Source)})
	}
	return s
}

// col makes a column whose label key is "stats.col." + its name.
func col(name string) prog.Column { return prog.Column{Name: name, Label: "stats.col." + name} }

func intCell(p *int) prog.Cell {
	if p == nil {
		return prog.Text("")
	}
	return prog.Int(int64(*p))
}

func fenCell(p *int64) prog.Cell {
	if p == nil {
		return prog.Text("")
	}
	return prog.Fen(money.Fen(*p))
}

// MetricTable is the region's metrics, one a row.
func MetricTable(s Sales) prog.Table {
	t := prog.Table{Name: "stats.sheet.metrics", Columns: []prog.Column{col("metric"), col("amount_fen"), col("source"), col("prior_fen"),
		col("yoy_growth"), col("share_of_parent"), col("rank"), col("rank_among")}}
	for _, m := range s.Metrics {
		t.Rows = append(t.Rows, []prog.Cell{prog.Text(m.Metric), prog.Fen(money.Fen(m.AmountFen)), prog.Text(m.Source), fenCell(m.PriorFen),
			prog.Ratio(m.YoYGrowth), prog.Ratio(m.Share), intCell(m.Rank), intCell(m.RankAmong)})
	}
	return t
}

// ChannelTable is the computed sales by channel, in the channels' order.
func ChannelTable(s Sales) prog.Table {
	t := prog.Table{Name: "stats.sheet.channels", Columns: []prog.Column{col("channel"), col("amount_fen")}}
	for _, c := range stats.Channels {
		if v, ok := s.ByChannel[string(c)]; ok {
			t.Rows = append(t.Rows, []prog.Cell{prog.Text(string(c)), prog.Fen(money.Fen(v))})
		}
	}
	return t
}

// CategoryTable is the computed sales by category code ("" for not
// known), largest first.
func CategoryTable(s Sales) prog.Table {
	t := prog.Table{Name: "stats.sheet.categories", Columns: []prog.Column{col("category"), col("amount_fen")}}
	codes := make([]string, 0, len(s.ByCategory))
	for c := range s.ByCategory {
		codes = append(codes, c)
	}
	slices.SortFunc(codes, func(a, b string) int {
		if s.ByCategory[a] != s.ByCategory[b] {
			if s.ByCategory[a] > s.ByCategory[b] {
				return -1
			}
			return 1
		}
		return cmp.Compare(a, b)
	})
	for _, c := range codes {
		t.Rows = append(t.Rows, []prog.Cell{prog.Text(c), prog.Fen(money.Fen(s.ByCategory[c]))})
	}
	return t
}

// DivisionTable compares the region's divisions: each metric's amount,
// and the online retail sales' growth and rank.
func DivisionTable(s Sales) prog.Table {
	t := prog.Table{Name: "stats.sheet.divisions", Columns: []prog.Column{col("region"), col("name"), col("online_retail_sales_fen"),
		col("yoy_growth"), col("rank"), col("rural_online_retail_sales_fen"), col("agri_online_sales_fen"),
		col("poverty_alleviation_sales_fen"), col("source")}}
	for _, d := range s.Divisions {
		m := d.Metrics
		t.Rows = append(t.Rows, []prog.Cell{prog.Text(d.Region), prog.Text(d.Name), prog.Fen(money.Fen(m[0].AmountFen)), prog.Ratio(m[0].YoYGrowth),
			intCell(m[0].Rank), prog.Fen(money.Fen(m[1].AmountFen)), prog.Fen(money.Fen(m[2].AmountFen)), prog.Fen(money.Fen(m[3].AmountFen)), prog.Text(d.Source)})
	}
	return t
}

// Tables are the report's tables in order.
func Tables(s Sales) []prog.Table {
	return []prog.Table{MetricTable(s), ChannelTable(s), CategoryTable(s), DivisionTable(s)}
}

// Quarter is one quarter of a region's trend.
type Quarter struct {
	Period                     string   `json:"period"`
	OnlineRetailSalesFen       int64    `json:"online_retail_sales_fen"`
	YoYGrowth                  *float64 `json:"yoy_growth"`
	RuralOnlineRetailSalesFen  int64    `json:"rural_online_retail_sales_fen"`
	AgriOnlineSalesFen         int64    `json:"agri_online_sales_fen"`
	PovertyAlleviationSalesFen int64    `json:"poverty_alleviation_sales_fen"`
	PovertyYoYGrowth           *float64 `json:"poverty_alleviation_yoy_growth"`
	Source                     string   `json:"source"`
}

// Trend makes the quarters of a trend from their figures, in order.
func Trend(fs []stats.RegionFigures) []Quarter {
	out := make([]Quarter, 0, len(fs))
	for _, f := range fs {
		total, pov := f.Metric(stats.OnlineRetailSales), f.Metric(stats.PovertyAlleviationSales)
		out = append(out, Quarter{Period: f.Period.Text, OnlineRetailSalesFen: int64(total.Amount), YoYGrowth: total.Growth,
			RuralOnlineRetailSalesFen: int64(f.Metric(stats.RuralOnlineRetailSales).Amount), AgriOnlineSalesFen: int64(f.Metric(stats.AgriOnlineSales).Amount),
			PovertyAlleviationSalesFen: int64(pov.Amount), PovertyYoYGrowth: pov.Growth, Source: string(f.Source)})
	}
	return out
}

// TrendTable is the quarterly trend.
func TrendTable(qs []Quarter) prog.Table {
	t := prog.Table{Name: "stats.sheet.trend", Columns: []prog.Column{col("quarter"), col("online_retail_sales_fen"), col("yoy_growth"),
		col("rural_online_retail_sales_fen"), col("agri_online_sales_fen"), col("poverty_alleviation_sales_fen"), col("poverty_yoy_growth"), col("source")}}
	for _, q := range qs {
		t.Rows = append(t.Rows, []prog.Cell{prog.Text(q.Period), prog.Fen(money.Fen(q.OnlineRetailSalesFen)), prog.Ratio(q.YoYGrowth),
			prog.Fen(money.Fen(q.RuralOnlineRetailSalesFen)), prog.Fen(money.Fen(q.AgriOnlineSalesFen)), prog.Fen(money.Fen(q.PovertyAlleviationSalesFen)),
			prog.Ratio(q.PovertyYoYGrowth), prog.Text(q.Source)})
	}
	return t
}
