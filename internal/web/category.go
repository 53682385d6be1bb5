package web

import (
	"context"
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

// categoryEntry is a category page as the cache keeps it: its data, and
// its body rendered once per language.
type categoryEntry struct {
	data     categoryData
	rendered perLang[pageBlocks]
}

// categoryKey is what a category page shows: the category and the
// listing's whole form, its page cursor included.
type categoryKey struct {
	code string
	form listingForm
}

// category lists the products of a category and of those under it, with
// the filters and orders of the search page. Guests and shoppers are
// served from the cache (see cache.go), keyed by the category and the
// listing's form: its body is rendered once per language, the layout
// around it for each request.
func (h *Handler) category(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	tree, err := h.categories(ctx)
	if err != nil {
		return err
	}
	code := r.PathValue("code")
	c, ok := tree.byCode[code]
	if !ok {
		return errs.E(errs.NotFound, "err.catalog.unknown_category", code)
	}
	f := readListingForm(r.URL.Query())
	f.Category = ""
	e, err := cached(ctx, h.cache.categories, categoryKey{c.Code, f}, func(ctx context.Context) (*categoryEntry, error) {
		d, err := h.categoryData(ctx, tree, c, f)
		if err != nil {
			return nil, err
		}
		return &categoryEntry{data: d}, nil
	})
	if err != nil {
		return err
	}
	l := langFrom(r)
	b, err := e.rendered.get(l, func() (*pageBlocks, error) { return h.renderBlocks("category", l, e.data) })
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "category", page{Title: c.Name.In(l), Data: e.data, Blocks: b})
}

// categoryData reads what the page of category c shows for the listing
// form f.
func (h *Handler) categoryData(ctx context.Context, tree categoryTree, c catalog.Category, f listingForm) (categoryData, error) {
	path := tree.path(c.Code)
	d := categoryData{shopChrome: shopChrome{Menu: tree.tops(), Current: path[0].Code}, Category: c, Crumbs: path[:len(path)-1]}
	if c.Parent == "" {
		d.Children = tree.children(c.Code)
	} else {
		d.Children = tree.children(c.Parent)
	}
	var err error
	if d.List, err = h.list(ctx, "/categories/"+c.Code, f, catalog.Query{Category: c.Code, Within: h.Home}); err != nil {
		return categoryData{}, err
	}
	if d.List.Counties, err = h.counties(ctx); err != nil {
		return categoryData{}, err
	}
	return d, nil
}
