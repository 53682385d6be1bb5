package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/money"
	"maeul/internal/network"
	"maeul/internal/org"
	"maeul/internal/photo"
	"maeul/internal/region"
	"maeul/internal/stats"
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
	Via *network.ServicePoint
	// Also is where else the product sells (the channel listings).
	Also     []stats.Listing
	Variants []variantView
	Photos   []photoView
	MinPrice money.Fen
	MaxPrice money.Fen
	SoldOut  bool
	Tourism  bool
	Menu     []catalog.Category
	// Buying is the prices now and the flash sale (promotions.go).
	Buying productOffers
	// Impact is what a sale does for registered poor households
	// (impact_product.go).
	Impact productImpactView
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
	if v.Origin, err = h.Regions.RegionsByCode(ctx, ancestors(p.Origin)); err != nil {
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
	if h.Stats != nil {
		if v.Also, err = h.Stats.ProductListings(ctx, p.ID); err != nil {
			return productView{}, err
		}
	}
	v.MinPrice, v.MaxPrice = p.PriceRange()
	v.SoldOut = p.TotalStock() <= 0
	if v.Buying, err = h.productOffers(ctx, p); err != nil {
		return productView{}, err
	}
	if v.Impact, err = h.productImpact(ctx, p, v.Org.Code, v.Buying.Offers); err != nil {
		return productView{}, err
	}
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
	CanOrder    bool   // the cart form works (not in a preview)
}

// productEntry is a product page as the cache keeps it: the view model,
// and its body rendered once per language.
type productEntry struct {
	view     productView
	rendered perLang[renderedProduct]
	// asked counts the requests per language: a body is kept from the
	// second on, so that products asked for once per TTL (the long tail
	// of a large catalog) cost no more than without the cache.
	asked [3]atomic.Int32
}

// keeps reports whether the entry's body in l is (to be) kept.
func (e *productEntry) keeps(l i18n.Lang) bool {
	i := langIndex(l)
	return i >= 0 && e.asked[i].Add(1) > 1
}

// renderedProduct is a product page's part that depends on the language
// alone.
type renderedProduct struct {
	title  string
	data   productData // without OGImage, which depends on the request
	blocks *pageBlocks
}

// product shows a product. Hidden products are not found, except by those
// who may manage them, who see a preview. Guests and shoppers are served
// from the cache (see cache.go); the product's body is rendered once per
// language and the layout around it for each request.
func (h *Handler) product(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	code := r.PathValue("code")
	e, err := cached(ctx, h.cache.products, code, func(ctx context.Context) (*productEntry, error) {
		v, err := h.productPage(ctx, code)
		if err != nil {
			return nil, err
		}
		return &productEntry{view: v}, nil
	})
	if errs.Is(err, errs.NotFound) {
		return h.productMissing(w, r, code)
	}
	if err != nil {
		return err
	}
	preview := false
	if e.view.Product.Hidden {
		a := accounts.ActorFrom(ctx)
		if !a.SignedIn() {
			return h.productMissing(w, r, code)
		}
		if _, err := h.Catalog.Authorize(ctx, a, e.view.Product.OrgID); err != nil {
			return h.productMissing(w, r, code)
		}
		preview = true
	}
	l := langFrom(r)
	build := func() (*renderedProduct, error) {
		d := h.productData(e.view, l, false)
		b, err := h.renderBlocks("product", l, d)
		if err != nil {
			return nil, err
		}
		return &renderedProduct{title: e.view.Product.Name.In(l), data: d, blocks: b}, nil
	}
	ogImage := ""
	if len(e.view.Product.Photos) > 0 {
		ogImage = absURL(r, photo.URL(e.view.Product.Photos[0].Key, 1280))
	}
	if preview || !e.keeps(l) {
		// A preview is never kept; nor is a body asked for once.
		d := h.productData(e.view, l, preview)
		d.OGImage = ogImage
		return h.render(w, r, http.StatusOK, "product", page{Title: e.view.Product.Name.In(l), Data: d})
	}
	rp, err := e.rendered.get(l, build)
	if err != nil {
		return err
	}
	d := rp.data
	d.OGImage = ogImage
	return h.render(w, r, http.StatusOK, "product", page{Title: rp.title, Data: d, Blocks: rp.blocks})
}

// productData prepares the product page in language l, without what
// depends on the request (OGImage).
func (h *Handler) productData(v productView, l i18n.Lang, preview bool) productData {
	d := productData{productView: v, Preview: preview, CanOrder: !preview && h.Orders != nil}
	if len(v.Crumbs) > 0 {
		d.Current = v.Crumbs[0].Code
	}
	d.Description = truncate(160, v.Product.Description.In(l))
	if d.Description == "" {
		village := ""
		if n := len(v.Origin); n > 0 {
			village = v.Origin[n-1].Name.In(l)
		}
		d.Description = h.cat.T(l, "shop.product.meta", v.Product.Name.In(l), village, v.Org.Name.In(l))
	}
	return d
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
	sug, err := h.listed(ctx, catalog.Query{InStock: true, Within: h.Home, Limit: 8})
	if err != nil {
		return err
	}
	d := missingData{shopChrome: shopChrome{Menu: tree.tops()}, Code: code, Suggestions: sug.Items, Categories: tree.tops()}
	l := langFrom(r)
	return h.render(w, r, http.StatusNotFound, "product_missing", page{Title: h.cat.T(l, "shop.missing.title"), Data: d})
}
