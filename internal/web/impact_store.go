package web

import (
	"net/http"

	"maeul/internal/impact"
	"maeul/internal/region"
)

// impactStore shows an organization's impact (/impact/stores/{code}) for
// the chosen period: the households it paid, wherever they live, by
// supplies and dividends, and its top products.
func (h *Handler) impactStore(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o, err := h.OrgStore.Organization(ctx, r.PathValue("code"))
	if err != nil {
		return err
	}
	p, pv, err := h.figurePeriod(r)
	if err != nil {
		return err
	}
	d := impactData{Org: &o, Period: pv, ShopURL: "/stores/" + o.Code}
	d.Periods = periodChoices(r.URL.Path, r.URL.Query(), impact.RelativePeriods, pv.Key)
	if d.Figures, err = h.Impact.OrgFiguresOver(ctx, o.Code, p); err != nil {
		return err
	}
	path, err := h.Regions.Path(ctx, o.Region)
	if err != nil {
		return err
	}
	if len(path) > 0 {
		d.Region = path[len(path)-1]
		for _, x := range path {
			if x.Level.Rank() >= region.Prefecture.Rank() {
				d.Place = append(d.Place, x)
			}
		}
	}
	l := langFrom(r)
	return h.render(w, r, http.StatusOK, "impact", page{Title: h.cat.T(l, "impact.title.region", o.Name.In(l)), NavArea: "impact", Data: d})
}
