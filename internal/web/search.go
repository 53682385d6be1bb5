package web

import (
	"net/http"

	"maeul/internal/catalog"
)

type searchData struct {
	shopChrome
	List listing
	// Searched is false when the shopper gave neither a text nor a
	// filter: the page then offers the categories instead of results.
	Searched bool
	// Categories and Suggestions help when there is nothing to show.
	Categories  []catalog.Category
	Suggestions []catalog.Summary
}

// search lists the products matching a text and filters, in the chosen
// order, a page at a time. Without a text or filter it shows the
// categories; without results it says so and suggests where to look.
func (h *Handler) search(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := langFrom(r)
	tree, err := h.categories(ctx)
	if err != nil {
		return err
	}
	f := readListingForm(r.URL.Query())
	d := searchData{shopChrome: shopChrome{Menu: tree.tops(), Current: tree.top(f.Category)}, Categories: tree.tops(), Searched: f.Any()}
	title := h.cat.T(l, "shop.search.title")
	if f.Q != "" {
		title = h.cat.T(l, "shop.search.title_q", f.Q)
	}
	if d.Searched {
		if d.List, err = h.list(ctx, "/search", f, catalog.Query{Within: h.Home}); err != nil {
			return err
		}
		d.List.Categories = tree.all
		if d.List.Counties, err = h.counties(ctx); err != nil {
			return err
		}
	}
	if !d.Searched || d.List.Page.Total == 0 {
		sug, err := h.listed(ctx, catalog.Query{Within: h.Home, InStock: true, FarmDirect: true, Limit: 8})
		if err != nil {
			return err
		}
		d.Suggestions = sug.Items
	}
	return h.render(w, r, http.StatusOK, "search", page{Title: title, Data: d})
}
