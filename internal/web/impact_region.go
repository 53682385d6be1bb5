package web

import (
	"net/http"

	"maeul/internal/errs"
	"maeul/internal/impact"
	"maeul/internal/org"
	"maeul/internal/region"
)

// impactData is a public impact page: the figures of the prefecture, a
// county, town or village (/impact, /impact/regions/{code}) or an
// organization (/impact/stores/{code}) for a period. Everything on it is
// an aggregate; no household is named.
type impactData struct {
	Figures impact.Figures
	Period  periodView
	Periods []periodChoice
	// Region is the region shown, Place the regions above it from the
	// prefecture down (for the crumbs); for an organization, where it is.
	Region region.Region
	Place  []region.Region
	// Org is the organization shown, for /impact/stores/{code}.
	Org      *org.Organization
	Register impact.RegisterSummary // the region's household register
	// Children are the divisions below the region, each with its figures
	// for the period; Stores the sellers located in a village or town.
	Children []impactChild
	Stores   []org.Organization
	// ShopURL is the region's or organization's storefront page.
	ShopURL string
}

// impactChild is a division of the region with its figures.
type impactChild struct {
	Region  region.Region
	Figures impact.Figures
}

// impactMaxChildren bounds the divisions a region's page lists with
// their figures (read in one query for them all).
const impactMaxChildren = 40

// impactHome shows the prefecture's impact: /impact.
func (h *Handler) impactHome(w http.ResponseWriter, r *http.Request) error {
	return h.impactRegionPage(w, r, h.Home)
}

// impactRegion shows a region's impact: /impact/regions/{code}.
func (h *Handler) impactRegion(w http.ResponseWriter, r *http.Request) error {
	code, err := region.ParseCode(r.PathValue("code"))
	if err != nil {
		return errs.E(errs.NotFound, "err.region.not_found", r.PathValue("code"))
	}
	if code == h.Home {
		http.Redirect(w, r, "/impact"+queryOf(r), http.StatusSeeOther)
		return nil
	}
	return h.impactRegionPage(w, r, code)
}

func queryOf(r *http.Request) string {
	if r.URL.RawQuery == "" {
		return ""
	}
	return "?" + r.URL.RawQuery
}

// impactRegionPage shows the impact figures of a region for the chosen
// period: households and persons reached, income added in total, per
// household and per person, dividends paid, top products; the register's
// counts; and the divisions below it with their own figures.
func (h *Handler) impactRegionPage(w http.ResponseWriter, r *http.Request, code region.Code) error {
	ctx := r.Context()
	p, pv, err := h.figurePeriod(r)
	if err != nil {
		return err
	}
	path, err := h.Regions.Path(ctx, code)
	if err != nil {
		return err
	}
	d := impactData{Period: pv, Region: path[len(path)-1]}
	for _, x := range path[:len(path)-1] {
		if x.Level.Rank() >= region.Prefecture.Rank() {
			d.Place = append(d.Place, x)
		}
	}
	d.Periods = periodChoices(r.URL.Path, r.URL.Query(), impact.RelativePeriods, pv.Key)
	if d.Figures, err = h.Impact.RegionFiguresOver(ctx, string(code), p); err != nil {
		return err
	}
	if d.Register, err = h.Impact.RegisterSummary(ctx, code); err != nil {
		return err
	}
	switch code.Level() {
	case region.County:
		d.ShopURL = "/counties/" + string(code)
	case region.Town, region.Village:
		d.ShopURL = "/villages/" + string(code)
		if d.Stores, err = h.OrgStore.Organizations(ctx, org.Filter{Within: code}); err != nil {
			return err
		}
	case region.Prefecture:
		d.ShopURL = "/"
	}
	if code.Level() != region.Village {
		kids, err := h.Impact.ChildFiguresOver(ctx, string(code), p)
		if err != nil {
			return err
		}
		for _, k := range kids[:min(len(kids), impactMaxChildren)] {
			d.Children = append(d.Children, impactChild{Region: k.Region, Figures: k.Figures})
		}
	}
	l := langFrom(r)
	return h.render(w, r, http.StatusOK, "impact", page{Title: h.cat.T(l, "impact.title.region", d.Region.Name.In(l)), NavArea: "impact", Data: d})
}
