package web

import (
	"net/http"

	"maeul/internal/catalog"
	"maeul/internal/errs"
)

type categoryData struct {
	shopChrome
	Category catalog.Category
	Crumbs   []catalog.Category // the path above the category
	// Children are the category's own subcategories, or, for a
	// subcategory, its siblings (Category among them).
	Children []catalog.Category
	List     listing
}

// category lists the products of a category and of those under it, with
// the filters and orders of the search page.
func (h *Handler) category(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	tree, err := h.categories(ctx)
	if err != nil {
		return err
	}
	code := r.PathValue("code")
	c, ok := tree.byCode[code]
	if !ok {
		return errs.E(errs.NotFound, "no category %q", code)
	}
	path := tree.path(code)
	d := categoryData{shopChrome: shopChrome{Menu: tree.tops(), Current: path[0].Code}, Category: c, Crumbs: path[:len(path)-1]}
	if c.Parent == "" {
		d.Children = tree.children(c.Code)
	} else {
		d.Children = tree.children(c.Parent)
	}
	f := readListingForm(r.URL.Query())
	f.Category = ""
	action := "/categories/" + c.Code
	if d.List, err = h.list(ctx, action, f, catalog.Query{Category: c.Code, Within: h.Home}); err != nil {
		return err
	}
	if d.List.Counties, err = h.counties(ctx); err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "category", page{Title: c.Name.In(langFrom(r)), Data: d})
}
