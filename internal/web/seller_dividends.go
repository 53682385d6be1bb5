package web

import (
	"net/http"
	"strings"

	"maeul/internal/accounts"
	"maeul/internal/i18n"
	"maeul/internal/impact"
	"maeul/internal/region"
)

// sellerDividendsData is an organization's e-commerce dividends: the run
// for a period worked out (who gets what from the pool's balance now), or
// the run made for it, and the runs made so far.
type sellerDividendsData struct {
	Office sellerOffice
	Plan   impact.DividendPlan
	// Shares are the plan's (or, once run, the run's) parts by household.
	Shares  []dividendShare
	Period  periodView
	Periods []periodChoice
	Runs    []impact.DividendRun
	// CanRun says whether the reader may execute the run now: the period
	// is over, not yet run, the pool holds something and there are
	// members. Over says whether the period is over.
	CanRun, Over bool
	Error        string
}

// dividendShare is a member household's part, with its village's name.
type dividendShare struct {
	impact.Share
	VillageName i18n.Text
}

// sellerDividends previews the dividend run of an organization for a
// period (?period=, last month by default): the pool's balance and each
// member household's part by shares; once the period was run it shows
// that run instead. Below, the runs made so far. The organization's
// seller, the county admin, and the admins and auditors overseeing it may
// see it (impact.Service.PreviewDividends); the seller and the county
// admin may run it.
func (h *Handler) sellerDividends(w http.ResponseWriter, r *http.Request) error {
	d, err := h.sellerDividendsPage(r, r.URL.Query().Get("period"))
	if err != nil {
		return err
	}
	return h.renderDividends(w, r, http.StatusOK, d)
}

func (h *Handler) sellerDividendsPage(r *http.Request, key string) (sellerDividendsData, error) {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	off, err := h.ordersOffice(r)
	if err != nil {
		return sellerDividendsData{}, err
	}
	key = strings.TrimSpace(key)
	if key == "" {
		key = impact.LastMonth
	}
	now := h.Now()
	p, err := impact.PeriodAt(key, now)
	if err != nil {
		return sellerDividendsData{}, err
	}
	plan, err := h.Impact.PreviewDividends(ctx, a, off.Org.Code, p.Text)
	if err != nil {
		return sellerDividendsData{}, err
	}
	d := sellerDividendsData{Office: off, Plan: plan, Period: viewPeriod(key, p), Over: p.Over(now)}
	d.Periods = periodChoices(r.URL.Path, r.URL.Query(), []string{impact.LastMonth, impact.ThisMonth}, key)
	if d.Runs, err = h.Impact.DividendRuns(ctx, a, off.Org.Code); err != nil {
		return d, err
	}
	shares := plan.Shares
	if plan.Executed != nil {
		shares = plan.Executed.Shares
	}
	var villages []region.Code
	for _, s := range shares {
		villages = append(villages, s.Village)
	}
	names := map[region.Code]i18n.Text{}
	if len(villages) > 0 {
		rs, err := h.Regions.RegionsByCode(ctx, villages)
		if err != nil {
			return d, err
		}
		for _, x := range rs {
			names[x.Code] = x.Name
		}
	}
	for _, s := range shares {
		d.Shares = append(d.Shares, dividendShare{Share: s, VillageName: names[s.Village]})
	}
	mayRun := a.Role == accounts.Seller && a.OrgID == off.Org.ID ||
		a.Role == accounts.CountyAdmin && a.Administers(off.Org.Region)
	d.CanRun = mayRun && d.Over && plan.Executed == nil && plan.Pool > 0 && plan.TotalShares > 0
	return d, nil
}

func (h *Handler) renderDividends(w http.ResponseWriter, r *http.Request, status int, d sellerDividendsData) error {
	w.Header().Set("Cache-Control", "no-store")
	return h.render(w, r, status, "seller_dividends", page{Title: h.cat.T(langFrom(r), "dividends.title"), NavArea: "seller", Data: d})
}
