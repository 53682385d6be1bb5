package web

import (
	"net/http"

	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/org"
	"maeul/internal/programme"
	"maeul/internal/region"
)

type villageData struct {
	shopChrome
	Village region.Region
	Place   []region.Region // the divisions above it, from the province
	County  region.Region
	Stores  []org.Organization
	Cover   string // the cover photo of its first store that has one
	List    listing
	Titles  []programme.Designation
}

// village shows a village (or town) with the stores located in it and the
// products that come from it.
func (h *Handler) village(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	code, err := region.ParseCode(r.PathValue("code"))
	if err != nil {
		return errs.E(errs.NotFound, "err.web.no_village", r.PathValue("code"))
	}
	switch code.Level() {
	case region.County:
		http.Redirect(w, r, "/counties/"+string(code), http.StatusMovedPermanently)
		return nil
	case region.Village, region.Town:
	default:
		return errs.E(errs.NotFound, "err.web.no_village", code)
	}
	path, err := h.Regions.RegionsByCode(ctx, ancestors(code))
	if err != nil {
		return err
	}
	if len(path) == 0 || path[len(path)-1].Code != code {
		return errs.E(errs.NotFound, "err.web.no_village", code)
	}
	tree, err := h.categories(ctx)
	if err != nil {
		return err
	}
	d := villageData{shopChrome: shopChrome{Menu: tree.tops()}, Village: path[len(path)-1], Place: path[:len(path)-1]}
	for _, p := range d.Place {
		if p.Level == region.County {
			d.County = p
		}
	}
	if d.Stores, err = h.OrgStore.Organizations(ctx, org.Filter{Within: code}); err != nil {
		return err
	}
	for _, s := range d.Stores {
		if s.Cover != "" {
			d.Cover = s.Cover
			break
		}
	}
	if d.Titles, err = h.titles(ctx, programme.RegionTitleKind(code.Level()), string(code)); err != nil {
		return err
	}
	f := readListingForm(r.URL.Query())
	if d.List, err = h.list(ctx, "/villages/"+string(code), listingForm{Sort: f.Sort, Cursor: f.Cursor}, catalog.Query{Within: code}); err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "village", page{Title: d.Village.Name.In(langFrom(r)), Data: d})
}
