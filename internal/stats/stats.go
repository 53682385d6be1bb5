// Package stats keeps the statistics a commerce bureau reports: the sales
// facts of every channel (the platform's own orders and the outside
// platforms' sales files), the figures reported for regions the platform
// holds no facts for, and the metrics worked out from both for any region
// and period, each saying where it came from.
package stats

import (
	"strings"

	"maeul/internal/errs"
	"maeul/internal/impact"
	"maeul/internal/programme"
)

// ParsePeriod reads a period as the impact ledger writes it: a year
// "2019", a quarter "2019-Q1" or a month "2019-03"; a quarter written
// "2019Q1", as bureaus' spreadsheets do, is accepted too. Anything else
// is an Invalid error about the field "period".
func ParsePeriod(s string) (impact.Period, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	if len(t) == 6 && t[4] == 'Q' {
		t = t[:4] + "-" + t[4:]
	}
	p, err := impact.ParsePeriod(t)
	if err != nil {
		return p, errs.Field("period", "err.stats.period", s)
	}
	return p, nil
}

// Metric names a figure.
type Metric string

// The sales metrics, in fen.
const (
	OnlineRetailSales       Metric = "online_retail_sales"
	RuralOnlineRetailSales  Metric = "rural_online_retail_sales"
	AgriOnlineSales         Metric = "agri_online_sales"
	PovertyAlleviationSales Metric = "poverty_alleviation_sales"
)

// SalesMetrics lists the sales metrics in the order reports show them.
var SalesMetrics = []Metric{OnlineRetailSales, RuralOnlineRetailSales, AgriOnlineSales, PovertyAlleviationSales}

// IsMoney reports whether the metric is an amount of money (kept in fen);
// the others are counts.
func (m Metric) IsMoney() bool {
	for _, x := range SalesMetrics {
		if x == m {
			return true
		}
	}
	return false
}

// Metrics lists every metric a figure may report: the sales metrics, then
// the counts other registers report (the province's totals of
// demonstration titles, programme.TotalsMetrics).
func Metrics() []Metric {
	out := append([]Metric(nil), SalesMetrics...)
	for _, m := range programme.TotalsMetrics() {
		out = append(out, Metric(m))
	}
	return out
}

// ParseMetric returns the metric named s, or an Invalid error about the
// field "metric".
func ParseMetric(s string) (Metric, error) {
	m := Metric(strings.ToLower(strings.TrimSpace(s)))
	for _, x := range Metrics() {
		if x == m {
			return m, nil
		}
	}
	return "", errs.Field("metric", "err.stats.metric", s)
}
