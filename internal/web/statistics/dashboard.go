package statistics

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/impact"
	"maeul/internal/money"
	"maeul/internal/network"
	prog "maeul/internal/programme/reports"
	"maeul/internal/stats"
	"maeul/internal/stats/reports"
	"maeul/internal/web"
)

// TrendQuarters is how many quarters the trend shows, ending with the
// quarter read.
const TrendQuarters = 8

// amountRow is a line of the channels or the category mix.
type amountRow struct {
	Key    string // the channel or category code ("" for not known)
	Label  string // its name in the reader's language
	Amount money.Fen
	Share  *float64
}

type dashboardData struct {
	view
	Figures    stats.RegionFigures
	Trend      []stats.RegionFigures // oldest first
	Divisions  []stats.RegionFigures
	Channels   []amountRow
	Categories []amountRow
	RuralShare *float64
	Impact     impact.Figures
	// Coverage is the service network's reach over the region as the
	// registry stands now; nil for a reader who may not see the network.
	Coverage *network.Coverage
}

// CoverageRate is the share of the region's poor villages served, nil
// when it has none (or no coverage is shown).
func (d dashboardData) CoverageRate() *float64 {
	if d.Coverage == nil {
		return nil
	}
	if r, ok := d.Coverage.Rate(); ok {
		return &r
	}
	return nil
}

// dashboard reads what the dashboard, its exports and the printable
// report show.
func (h *Handler) dashboard(r *http.Request, current string) (dashboardData, error) {
	v, err := h.scope(r, current)
	if err != nil {
		return dashboardData{}, err
	}
	ctx, by := r.Context(), accounts.ActorFrom(r.Context())
	d := dashboardData{view: v}
	if d.Figures, err = h.Stats.RegionSales(ctx, by, v.Region.Code, v.Period); err != nil {
		return d, err
	}
	p := v.Period
	for range TrendQuarters - 1 {
		p = p.Previous()
	}
	for range TrendQuarters {
		f := d.Figures
		if p.Text != v.Period.Text {
			if f, err = h.Stats.RegionSales(ctx, by, v.Region.Code, p); err != nil {
				return d, err
			}
		}
		d.Trend = append(d.Trend, f)
		p = nextQuarter(p)
	}
	if d.Divisions, err = h.Stats.Divisions(ctx, by, v.Region.Code, v.Period); err != nil {
		return d, err
	}
	total := d.Figures.Metric(stats.OnlineRetailSales).Amount
	shareOf := func(a money.Fen) *float64 {
		if total <= 0 {
			return nil
		}
		s := float64(a) / float64(total)
		return &s
	}
	d.RuralShare = shareOf(d.Figures.Metric(stats.RuralOnlineRetailSales).Amount)
	for _, c := range stats.Channels {
		if a, ok := d.Figures.ByChannel[c]; ok {
			d.Channels = append(d.Channels, amountRow{Key: string(c), Label: h.T(r, "stats.channel."+string(c)), Amount: a, Share: shareOf(a)})
		}
	}
	top, names, err := h.categoryNames(r)
	if err != nil {
		return d, err
	}
	byTop := map[string]money.Fen{}
	for c, a := range d.Figures.ByCategory {
		byTop[top[c]] += a
	}
	for c, a := range byTop {
		row := amountRow{Key: c, Label: names[c].In(web.Lang(r)), Amount: a, Share: shareOf(a)}
		if c == "" {
			row.Label = h.T(r, "stats.category.unknown")
		}
		d.Categories = append(d.Categories, row)
	}
	slices.SortFunc(d.Categories, func(a, b amountRow) int {
		return cmp.Or(cmp.Compare(b.Amount, a.Amount), cmp.Compare(a.Key, b.Key))
	})
	if d.Impact, err = h.Impact.RegionFigures(ctx, string(v.Region.Code), v.Period.Text); err != nil {
		return d, err
	}
	if h.Network != nil {
		rep, err := h.Network.Coverage(ctx, by, v.Region.Code, network.ReportOptions{})
		switch {
		case err == nil:
			d.Coverage = &rep.Coverage
		case !errs.Is(err, errs.Forbidden):
			return d, err
		}
	}
	return d, nil
}

// nextQuarter returns the quarter after p.
func nextQuarter(p impact.Period) impact.Period {
	s := p.End
	q, _ := impact.ParsePeriod(fmt.Sprintf("%d-Q%d", s.Year(), (int(s.Month())+2)/3))
	return q
}

// overview shows the dashboard.
func (h *Handler) overview(w http.ResponseWriter, r *http.Request) error {
	d, err := h.dashboard(r, "dashboard")
	if err != nil {
		return err
	}
	return h.Render(w, r, http.StatusOK, "stats", web.Page{Title: h.T(r, "stats.title"), NavArea: "stats", Data: d})
}

// tables are the dashboard's tables for export.
func (d dashboardData) tables(l i18n.Lang) []prog.Table {
	doc := reports.FromFigures(d.Figures, d.Divisions, l)
	return append([]prog.Table{reports.TrendTable(reports.Trend(d.Trend))}, reports.Tables(doc)...)
}
