package web

import (
	"net/http"
	"net/url"

	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/org"
	"maeul/internal/programme"
	"maeul/internal/region"
)

type countyData struct {
	shopChrome
	County region.Region
	Towns  []townView
	// Stores are the sellers seated in the county itself rather than in a
	// town or village (its enterprises, mostly).
	Stores       []org.Organization
	Villages     int
	PoorVillages int
	Sellers      int
	Products     catalog.Page
	AllURL       string // the county's products on the search page
	Titles       []programme.Designation
}

// townView is a town of a county pavilion with its villages.
type townView struct {
	Town     region.Region
	Villages []villageStores
	Stores   []org.Organization // seated in the town itself
}

// villageStores is a village with the stores located in it.
type villageStores struct {
	Village region.Region
	Stores  []org.Organization
}

// countyProducts is how many products a county pavilion shows before
// linking to the search page.
const countyProducts = 12

// county is a county's "pavilion": its towns and villages with their
// stores, and the products from the county.
func (h *Handler) county(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	code, err := region.ParseCode(r.PathValue("code"))
	if err != nil || code.Level() != region.County {
		return errs.E(errs.NotFound, "err.web.no_county", r.PathValue("code"))
	}
	c, err := h.Regions.Region(ctx, code)
	if err != nil {
		return err
	}
	tree, err := h.categories(ctx)
	if err != nil {
		return err
	}
	d := countyData{shopChrome: shopChrome{Menu: tree.tops()}, County: c}
	within, err := h.Regions.RegionsWithin(ctx, code)
	if err != nil {
		return err
	}
	orgs, err := h.OrgStore.Organizations(ctx, org.Filter{Within: code})
	if err != nil {
		return err
	}
	d.Sellers = len(orgs)
	byRegion := map[region.Code][]org.Organization{}
	for _, o := range orgs {
		byRegion[o.Region] = append(byRegion[o.Region], o)
	}
	d.Stores = byRegion[code]
	townAt := map[region.Code]int{}
	for _, x := range within {
		switch x.Level {
		case region.Town:
			townAt[x.Code] = len(d.Towns)
			d.Towns = append(d.Towns, townView{Town: x, Stores: byRegion[x.Code]})
		case region.Village:
			d.Villages++
			if x.Poor {
				d.PoorVillages++
			}
			if i, ok := townAt[x.Parent]; ok {
				d.Towns[i].Villages = append(d.Towns[i].Villages, villageStores{Village: x, Stores: byRegion[x.Code]})
			}
		}
	}
	if d.Products, err = h.searched(ctx, catalog.Query{Within: code, Limit: countyProducts}); err != nil {
		return err
	}
	if d.Titles, err = h.titles(ctx, programme.County, string(code)); err != nil {
		return err
	}
	d.AllURL = "/search?" + url.Values{"county": {string(code)}}.Encode()
	return h.render(w, r, http.StatusOK, "county", page{Title: c.Name.In(langFrom(r)), Data: d})
}
