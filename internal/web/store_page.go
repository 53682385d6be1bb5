package web

import (
	"net/http"

	"maeul/internal/catalog"
	"maeul/internal/org"
	"maeul/internal/programme"
	"maeul/internal/region"
)

type storeData struct {
	shopChrome
	Org org.Organization
	// Place is the organization's location from the province down; Home is
	// its last element, the village (or town, or county) it is in.
	Place []region.Region
	Home  region.Region
	List  listing
	// Titles are the demonstration titles it holds.
	Titles []programme.Designation
}

// storePage shows a seller's store: its story, cover photo, village and
// products.
func (h *Handler) storePage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o, err := h.OrgStore.Organization(ctx, r.PathValue("code"))
	if err != nil {
		return err
	}
	tree, err := h.categories(ctx)
	if err != nil {
		return err
	}
	d := storeData{shopChrome: shopChrome{Menu: tree.tops()}, Org: o}
	if d.Place, err = h.Regions.RegionsByCode(ctx, ancestors(o.Region)); err != nil {
		return err
	}
	if n := len(d.Place); n > 0 {
		d.Home = d.Place[n-1]
	}
	if d.Titles, err = h.titles(ctx, programme.OrgTitleKind(o.Kind), o.Code); err != nil {
		return err
	}
	f := readListingForm(r.URL.Query())
	if d.List, err = h.list(ctx, "/stores/"+o.Code, listingForm{Sort: f.Sort, Cursor: f.Cursor}, catalog.Query{OrgID: o.ID}); err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "store", page{Title: o.Name.In(langFrom(r)), Data: d})
}

// ancestors returns the codes of c's divisions from the province down to c.
func ancestors(c region.Code) []region.Code {
	var out []region.Code
	for _, l := range region.Levels {
		if a := c.Ancestor(l); a != "" {
			out = append(out, a)
		}
	}
	return out
}
