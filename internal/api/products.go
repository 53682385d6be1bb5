package api

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/money"
	"maeul/internal/region"
)

// categoryList returns the category tree.
func (h *Handler) categoryList(w http.ResponseWriter, r *http.Request) error {
	cs, err := h.Products.Categories(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[categoryJSON]{Items: categoryTree(cs)})
}

// productList searches and browses the mall's visible products.
func (h *Handler) productList(w http.ResponseWriter, r *http.Request) error {
	q, err := h.productQuery(r.Context(), r.URL.Query())
	if err != nil {
		return err
	}
	if s := r.URL.Query().Get("org"); s != "" {
		o, err := h.OrgStore.Organization(r.Context(), s)
		if errs.Is(err, errs.NotFound) {
			return errs.Field("org", "err.org.unknown", s)
		} else if err != nil {
			return err
		}
		q.OrgID = o.ID
	}
	q.CountBound = catalog.ListingCountBound
	page, err := h.Products.Search(r.Context(), q)
	if err != nil {
		return err
	}
	out, err := h.productPage(r.Context(), page)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

// productQuery reads the listing parameters that /products and
// /seller/products share; org is left to the caller. Each bad parameter is
// an Invalid error naming it.
func (h *Handler) productQuery(ctx context.Context, v url.Values) (catalog.Query, error) {
	q := catalog.Query{Text: strings.TrimSpace(v.Get("q")), Cursor: v.Get("cursor")}
	if s := v.Get("category"); s != "" {
		cs, err := h.Products.Categories(ctx)
		if err != nil {
			return q, err
		}
		found := false
		for _, c := range cs {
			found = found || c.Code == s
		}
		if !found {
			return q, errs.Field("category", "err.catalog.unknown_category", s)
		}
		q.Category = s
	}
	// county is the name the mall's filter uses; region, any division,
	// is what store and village pages link to.
	name, s := "county", v.Get("county")
	if reg := v.Get("region"); reg != "" {
		if s != "" {
			return q, errs.Field("region", "err.api.county_or_region")
		}
		name, s = "region", reg
	}
	if s != "" {
		c, err := region.ParseCode(s)
		if err != nil {
			return q, asField(name, err)
		}
		q.Within = c
	}
	for _, p := range []struct {
		name string
		dst  *money.Fen
	}{{"min_price", &q.MinPrice}, {"max_price", &q.MaxPrice}} {
		s := v.Get(p.name)
		if s == "" {
			continue
		}
		f, err := money.Parse(s)
		if err != nil {
			return q, asField(p.name, err)
		}
		if f < 0 || f == 0 && p.name == "max_price" {
			return q, errs.Field(p.name, "err.api.positive", p.name)
		}
		*p.dst = f
	}
	if q.MaxPrice > 0 && q.MinPrice > q.MaxPrice {
		return q, errs.Field("max_price", "err.api.price_range", q.MaxPrice.Decimal(), q.MinPrice.Decimal())
	}
	for _, p := range []struct {
		name string
		dst  *bool
	}{{"in_stock", &q.InStock}, {"farm_direct", &q.FarmDirect}} {
		if s := v.Get(p.name); s != "" {
			b, err := strconv.ParseBool(s)
			if err != nil {
				return q, errs.Field(p.name, "err.api.bool", s)
			}
			*p.dst = b
		}
	}
	if s := v.Get("label"); s != "" {
		l, err := catalog.ParseLabel(s)
		if err != nil {
			return q, asField("label", err)
		}
		q.Label = l
	}
	if s := v.Get("kind"); s != "" {
		k, err := catalog.ParseKind(s)
		if err != nil {
			return q, err
		}
		q.Kind = k
	}
	if s := v.Get("sort"); s != "" {
		q.Sort = catalog.ParseSort(s)
		if string(q.Sort) != s {
			return q, errs.Field("sort", "err.api.sort", s)
		}
	}
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 100 {
			return q, errs.Field("limit", "err.api.limit", 100)
		}
		q.Limit = n
	}
	return q, nil
}

// productPage turns a page of summaries into its JSON, looking up the
// sizes of the items' photos in one go.
func (h *Handler) productPage(ctx context.Context, p catalog.Page) (productPageJSON, error) {
	p, err := h.Promo.PricePage(ctx, p)
	if err != nil {
		return productPageJSON{}, err
	}
	keys := make([]string, 0, len(p.Items))
	for _, s := range p.Items {
		keys = append(keys, s.Photo)
	}
	sizes, err := h.photoSizes(ctx, keys...)
	if err != nil {
		return productPageJSON{}, err
	}
	out := productPageJSON{Items: make([]productSummaryJSON, 0, len(p.Items)), Total: p.Total, TotalCapped: p.TotalCapped, NextCursor: p.NextCursor}
	for _, s := range p.Items {
		out.Items = append(out.Items, productSummaryJSON{
			Code: s.Code, Name: s.Name, Kind: s.Kind, Category: s.Category,
			Org:         orgRefJSON{Code: s.OrgCode, Name: s.OrgName, Kind: s.OrgKind},
			Origin:      regionRefJSON{Code: s.Origin, Name: s.OriginName},
			MinPriceFen: s.MinPrice, MaxPriceFen: s.MaxPrice, Sale: saleOf(s.Sale), InStock: s.Stock > 0, Stock: s.Stock,
			Labels: labelsOf(s.Labels), Photo: photoOf(sizes, s.Photo), Hidden: s.Hidden,
		})
	}
	return out, nil
}

// photoSizes returns the sizes of the photos with the given keys.
func (h *Handler) photoSizes(ctx context.Context, keys ...string) (map[string]catalog.Photo, error) {
	return h.Products.PhotoSizes(ctx, keys)
}

// photoOf returns the JSON of the photo with key, or nil when there is
// none.
func photoOf(sizes map[string]catalog.Photo, key string) *photoJSON {
	p, ok := sizes[key]
	if key == "" || !ok {
		return nil
	}
	j := toPhoto(p)
	return &j
}

func labelsOf(ls []catalog.Label) []catalog.Label {
	if ls == nil {
		return []catalog.Label{}
	}
	return ls
}

// productGet returns a product. A hidden product is found only by those
// who may manage it; to everyone else it does not exist.
func (h *Handler) productGet(w http.ResponseWriter, r *http.Request) error {
	p, err := h.Products.Product(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	if p.Hidden {
		a := accounts.ActorFrom(r.Context())
		if _, err := h.Catalog.Authorize(r.Context(), a, p.OrgID); err != nil {
			if c := errs.CodeOf(err); c == errs.Forbidden || c == errs.Unauthorized {
				return errs.E(errs.NotFound, "err.catalog.product_not_found", p.Code)
			}
			return err
		}
	}
	return h.writeProduct(w, r, http.StatusOK, p)
}

// writeProduct writes a product's full JSON with the status.
func (h *Handler) writeProduct(w http.ResponseWriter, r *http.Request, status int, p catalog.Product) error {
	j, err := h.productJSON(r.Context(), p)
	if err != nil {
		return err
	}
	return writeJSON(w, status, j)
}

func (h *Handler) productJSON(ctx context.Context, p catalog.Product) (productJSON, error) {
	o, err := h.OrgStore.OrganizationByID(ctx, p.OrgID)
	if err != nil {
		return productJSON{}, err
	}
	origin, err := h.Regions.Region(ctx, p.Origin)
	if err != nil {
		return productJSON{}, err
	}
	cs, err := h.Products.Categories(ctx)
	if err != nil {
		return productJSON{}, err
	}
	lo, hi := p.PriceRange()
	priced, err := h.Promo.PriceSummaries(ctx, []catalog.Summary{{ID: p.ID}})
	if err != nil {
		return productJSON{}, err
	}
	out := productJSON{
		Code: p.Code, Name: p.Name, Description: p.Description, Kind: p.Kind, Category: p.Category,
		CategoryPath: categoryPath(cs, p.Category),
		Org:          orgRefJSON{Code: o.Code, Name: o.Name, Kind: o.Kind},
		Origin:       toRegion(origin),
		MinPriceFen:  lo, MaxPriceFen: hi, Sale: saleOf(priced[0].Sale), Stock: p.TotalStock(), InStock: p.TotalStock() > 0,
		Labels:   labelsOf(p.Labels),
		Variants: make([]variantJSON, 0, len(p.Variants)),
		Photos:   make([]photoJSON, 0, len(p.Photos)),
		Hidden:   p.Hidden, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt,
	}
	if p.Has(catalog.PovertyAlleviation) {
		out.Certificate = &certificateJSON{Number: p.CertNo}
		if !p.CertExpiry.IsZero() {
			out.Certificate.Expires = p.CertExpiry.Format("2006-01-02")
		}
	}
	for _, v := range p.Variants {
		out.Variants = append(out.Variants, variantJSON{SKU: v.SKU, Name: v.Name, PriceFen: v.Price, Stock: v.Stock, StockState: stockState(v.Stock)})
	}
	for _, ph := range p.Photos {
		out.Photos = append(out.Photos, toPhoto(ph))
	}
	if p.ListedVia != 0 {
		pt, err := h.Points.ServicePointByID(ctx, p.ListedVia)
		if err != nil {
			return productJSON{}, err
		}
		out.ListedVia = pt.Code
	}
	return out, nil
}

// categoryPath returns the category code and its ancestors, top first.
func categoryPath(cs []catalog.Category, code string) []categoryRefJSON {
	byCode := make(map[string]catalog.Category, len(cs))
	for _, c := range cs {
		byCode[c.Code] = c
	}
	var path []categoryRefJSON
	for c, ok := byCode[code]; ok && len(path) < len(cs); c, ok = byCode[c.Parent] {
		path = append([]categoryRefJSON{{Code: c.Code, Name: c.Name}}, path...)
	}
	if path == nil {
		path = []categoryRefJSON{}
	}
	return path
}
