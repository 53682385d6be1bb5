package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/money"
	"maeul/internal/network"
	"maeul/internal/org"
	"maeul/internal/photo"
	"maeul/internal/region"
)

// productView is everything the product page shows, built from the store
// by productPage alone, so that a read-through cache keyed by the product
// code can stand in front of it. It holds no request state (language,
// actor or host): the handler adds those.
type productView struct {
	Product catalog.Product
	Org     org.Organization
	// Origin is the product's origin from the province down to its village
	// (or town).
	Origin []region.Region
	// Crumbs is the category path, top category first.
	Crumbs []catalog.Category
	// Via is the service station that listed the product for its seller,
	// nil when the seller listed it.
	Via      *network.ServicePoint
	Variants []variantView
	Photos   []photoView
	MinPrice money.Fen
	MaxPrice money.Fen
	SoldOut  bool
	Tourism  bool
	Menu     []catalog.Category
}

// variantView is a variant with its stock state.
type variantView struct {
	catalog.Variant
	SoldOut bool
	Low     bool // "only N left"
	Checked bool // the first variant in stock, chosen by default
}

// photoView is a photo with its renditions.
type photoView struct {
	Src    string // the middle rendition, for browsers without srcset
	Srcset string
	Width  int // of the largest rendition
	Height int
}

// productPage builds the product page's view model with a handful of
// queries: the product with its variants and photos, its organization, the
// category tree, the origin's region path and, for a station's listing, the
// station. An unknown product is a NotFound error; a hidden one is
// returned, and the caller decides who may see it.
func (h *Handler) productPage(ctx context.Context, code string) (productView, error) {
	shop, err := h.shop()
	if err != nil {
		return productView{}, err
	}
	p, err := h.Products.Product(ctx, code)
	if err != nil {
		return productView{}, err
	}
	v := productView{Product: p, Tourism: p.Kind == catalog.Tourism}
	if v.Org, err = h.OrgStore.OrganizationByID(ctx, p.OrgID); err != nil {
		return productView{}, fmt.Errorf("web.productPage %s: %w", code, err)
	}
	tree, err := h.categories(ctx)
	if err != nil {
		return productView{}, err
	}
	v.Crumbs, v.Menu = tree.path(p.Category), tree.tops()
	if v.Origin, err = shop.RegionsByCode(ctx, ancestors(p.Origin)); err != nil {
		return productView{}, err
	}
	if p.ListedVia != 0 {
		pt, err := h.Points.ServicePointByID(ctx, p.ListedVia)
		if err != nil && !errs.Is(err, errs.NotFound) {
			return productView{}, err
		}
		if err == nil {
			v.Via = &pt
		}
	}
	v.MinPrice, v.MaxPrice = p.PriceRange()
	v.SoldOut = p.TotalStock() <= 0
	checked := false
	for _, x := range p.Variants {
		vv := variantView{Variant: x, SoldOut: x.Stock <= 0, Low: !v.Tourism && x.Stock > 0 && x.Stock <= catalog.LowStock}
		if !vv.SoldOut && !checked {
			vv.Checked, checked = true, true
		}
		v.Variants = append(v.Variants, vv)
	}
	for _, ph := range p.Photos {
		v.Photos = append(v.Photos, viewPhoto(ph))
	}
	return v, nil
}

// viewPhoto lists a photo's renditions: the standard widths it is wide
// enough for (photo.WidthsFor), with heights in proportion.
func viewPhoto(ph catalog.Photo) photoView {
	ws := photo.WidthsFor(ph.Width)
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = fmt.Sprintf("%s %dw", photo.URL(ph.Key, w), w)
	}
	top := ws[len(ws)-1]
	mid := ws[min(1, len(ws)-1)]
	h := top
	if ph.Width > 0 {
		h = max(1, (ph.Height*top+ph.Width/2)/ph.Width)
	}
	return photoView{Src: photo.URL(ph.Key, mid), Srcset: strings.Join(parts, ", "), Width: top, Height: h}
}

// productData is the product page: the view model and what depends on the
// request.
type productData struct {
	productView
	Current string // the top category, for the menu
	// Preview is set when a hidden product is shown to someone who manages
	// it; shoppers get a 404.
	Preview     bool
	Description string // the meta description
	OGImage     string // an absolute URL, "" without photos
	CanOrder    bool   // false until checkout arrives
}

// product shows a product. Hidden products are not found, except by those
// who may manage them, who see a preview.
func (h *Handler) product(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	code := r.PathValue("code")
	v, err := h.productPage(ctx, code)
	if errs.Is(err, errs.NotFound) {
		return h.productMissing(w, r, code)
	}
	if err != nil {
		return err
	}
	d := productData{productView: v}
	if v.Product.Hidden {
		a := accounts.ActorFrom(ctx)
		if !a.SignedIn() {
			return h.productMissing(w, r, code)
		}
		if _, err := h.Catalog.Authorize(ctx, a, v.Product.OrgID); err != nil {
			return h.productMissing(w, r, code)
		}
		d.Preview = true
	}
	l := langFrom(r)
	if len(v.Crumbs) > 0 {
		d.Current = v.Crumbs[0].Code
	}
	name := v.Product.Name.In(l)
	d.Description = truncate(160, v.Product.Description.In(l))
	if d.Description == "" {
		village := ""
		if n := len(v.Origin); n > 0 {
			village = v.Origin[n-1].Name.In(l)
		}
		d.Description = h.cat.T(l, "shop.product.meta", name, village, v.Org.Name.In(l))
	}
	if len(v.Product.Photos) > 0 {
		d.OGImage = absURL(r, photo.URL(v.Product.Photos[0].Key, 1280))
	}
	return h.render(w, r, http.StatusOK, "product", page{Title: name, Data: d})
}

// absURL makes an absolute URL of a path on this site, for Open Graph.
func absURL(r *http.Request, path string) string {
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}

// missingData is the page for a product that is not (or no longer) there.
type missingData struct {
	shopChrome
	Code        string
	Suggestions []catalog.Summary
	Categories  []catalog.Category
}

// productMissing answers 404 with a search box, the categories and some
// products in stock instead of a dead end.
func (h *Handler) productMissing(w http.ResponseWriter, r *http.Request, code string) error {
	ctx := r.Context()
	tree, err := h.categories(ctx)
	if err != nil {
		return err
	}
	sug, err := h.Products.Search(ctx, catalog.Query{InStock: true, Within: h.Home, Limit: 8})
	if err != nil {
		return err
	}
	d := missingData{shopChrome: shopChrome{Menu: tree.tops()}, Code: code, Suggestions: sug.Items, Categories: tree.tops()}
	l := langFrom(r)
	return h.render(w, r, http.StatusNotFound, "product_missing", page{Title: h.cat.T(l, "shop.missing.title"), Data: d})
}
