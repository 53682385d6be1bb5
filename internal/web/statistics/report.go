package statistics

import (
	"fmt"
	"math"
	"net/http"

	"maeul/internal/i18n"
	"maeul/internal/stats"
	"maeul/internal/web"
)

// sourceRow says where a metric of the report comes from.
type sourceRow struct {
	Metric string
	Source string
}

type reportData struct {
	dashboardData
	Quarter    string
	Paragraphs []string
	Sources    []sourceRow
}

// ordinal writes a rank as the report's language does: "2nd", "2위",
// "第2".
func (h *Handler) ordinal(r *http.Request, n int) string {
	if web.Lang(r) != i18n.En {
		return h.T(r, "stats.ordinal", n)
	}
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return fmt.Sprintf("%d%s", n, suffix)
}

// growthSentence says how a figure compares with a year before.
func (h *Handler) growthSentence(r *http.Request, f stats.MetricFigure) string {
	switch {
	case f.Growth == nil:
		return h.T(r, "stats.report.no_prior")
	case *f.Growth >= 0:
		return h.T(r, "stats.report.up", fmt.Sprintf("%.2f%%", 100**f.Growth), f.Prior.String())
	}
	return h.T(r, "stats.report.down", fmt.Sprintf("%.2f%%", math.Abs(100**f.Growth)), f.Prior.String())
}

func (h *Handler) rankSentence(r *http.Request, f stats.MetricFigure) string {
	if f.RankAmong == 0 {
		return ""
	}
	return " " + h.T(r, "stats.report.rank", h.ordinal(r, f.Rank), f.RankAmong)
}

// report shows the printable quarterly report: the figures as the
// bureau's own report words them, with their sources.
func (h *Handler) report(w http.ResponseWriter, r *http.Request) error {
	dd, err := h.dashboard(r, "report")
	if err != nil {
		return err
	}
	d := reportData{dashboardData: dd}
	q := dd.Period
	d.Quarter = h.T(r, "stats.quarter", q.Start.Year(), (int(q.Start.Month())+2)/3)
	name := dd.Region.Name.In(web.Lang(r))
	total := dd.Figures.Metric(stats.OnlineRetailSales)
	rural := dd.Figures.Metric(stats.RuralOnlineRetailSales)
	agri := dd.Figures.Metric(stats.AgriOnlineSales)
	pov := dd.Figures.Metric(stats.PovertyAlleviationSales)
	d.Paragraphs = append(d.Paragraphs,
		h.T(r, "stats.report.sales", d.Quarter, name, total.Amount.String())+" "+h.growthSentence(r, total)+h.rankSentence(r, total),
		h.T(r, "stats.report.rural", rural.Amount.String(), share(dd.RuralShare))+" "+h.growthSentence(r, rural)+h.rankSentence(r, rural),
		h.T(r, "stats.report.agri", agri.Amount.String())+" "+h.growthSentence(r, agri),
		h.T(r, "stats.report.poverty", pov.Amount.String())+" "+h.growthSentence(r, pov))
	var lead *stats.RegionFigures
	for i, dv := range dd.Divisions {
		if a := dv.Metric(stats.RuralOnlineRetailSales).Amount; a > 0 && (lead == nil || a > lead.Metric(stats.RuralOnlineRetailSales).Amount) {
			lead = &dd.Divisions[i]
		}
	}
	if lead != nil {
		d.Paragraphs = append(d.Paragraphs, h.T(r, "stats.report.lead", lead.Region.Name.In(web.Lang(r)), lead.Metric(stats.RuralOnlineRetailSales).Amount.String()))
	}
	if dd.Impact.HouseholdsReached > 0 {
		d.Paragraphs = append(d.Paragraphs, h.T(r, "stats.report.impact", dd.Impact.HouseholdsReached, dd.Impact.IncomeAdded.String(), dd.Impact.DividendsPaid.String()))
	}
	for _, m := range dd.Figures.Metrics {
		src := "stats.source.none"
		if m.Source != "" {
			src = "stats.source." + string(m.Source)
		}
		d.Sources = append(d.Sources, sourceRow{Metric: h.T(r, "stats.metric."+string(m.Metric)), Source: h.T(r, src, dd.Figures.Facts)})
	}
	return h.Render(w, r, http.StatusOK, "stats_report", web.Page{Title: h.T(r, "stats.report.title", name, d.Quarter), NavArea: "stats", Data: d})
}
