package web

import (
	"context"
	"fmt"
	"html/template"
	"net/url"
	"strings"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/money"
	"maeul/internal/photo"
	"maeul/internal/region"
)

// This file holds what the mall's storefront pages share: the category
// menu, the product card, and the listing filters of the search and
// category pages.

// shopChrome is what every storefront page shows around its content: the
// category menu, with the current top category marked.
type shopChrome struct {
	Menu    []catalog.Category // the top categories
	Current string             // the top category to mark, "" for none
}

// categoryTree indexes the category tree.
type categoryTree struct {
	all    []catalog.Category
	byCode map[string]catalog.Category
}

func newCategoryTree(cs []catalog.Category) categoryTree {
	t := categoryTree{all: cs, byCode: make(map[string]catalog.Category, len(cs))}
	for _, c := range cs {
		t.byCode[c.Code] = c
	}
	return t
}

// tops returns the top categories in menu order.
func (t categoryTree) tops() []catalog.Category {
	var out []catalog.Category
	for _, c := range t.all {
		if c.Parent == "" {
			out = append(out, c)
		}
	}
	return out
}

// children returns the categories directly under code.
func (t categoryTree) children(code string) []catalog.Category {
	var out []catalog.Category
	for _, c := range t.all {
		if c.Parent == code {
			out = append(out, c)
		}
	}
	return out
}

// path returns code's ancestors from the top down, ending with code; nil
// when code is unknown.
func (t categoryTree) path(code string) []catalog.Category {
	var out []catalog.Category
	for c, ok := t.byCode[code]; ok && len(out) < 8; c, ok = t.byCode[c.Parent] {
		out = append([]catalog.Category{c}, out...)
		if c.Parent == "" {
			break
		}
	}
	return out
}

// top returns the top category above code (code itself when it is one).
func (t categoryTree) top(code string) string {
	if p := t.path(code); len(p) > 0 {
		return p[0].Code
	}
	return ""
}

// categories loads the category tree, through the cache. The tree is
// shared: callers must not change it.
func (h *Handler) categories(ctx context.Context) (categoryTree, error) {
	return cached(ctx, h.cache.tree, struct{}{}, func(ctx context.Context) (categoryTree, error) {
		cs, err := h.Products.Categories(ctx)
		if err != nil {
			return categoryTree{}, err
		}
		return newCategoryTree(cs), nil
	})
}

// listed runs a listing query through the cache: listings without a
// search text (category pages, filters, the home page's sections) whole,
// text searches as textSearch says. The page is shared: callers must not
// change it.
func (h *Handler) listed(ctx context.Context, q catalog.Query) (catalog.Page, error) {
	if q.WithHidden {
		return h.Products.Search(ctx, q)
	}
	var pg catalog.Page
	var err error
	if strings.TrimSpace(q.Text) != "" {
		pg, err = h.textSearch(ctx, q)
	} else {
		pg, err = cached(ctx, h.cache.listings, q, func(ctx context.Context) (catalog.Page, error) {
			return h.Products.Search(ctx, q)
		})
	}
	if err != nil {
		return pg, err
	}
	return h.priced(ctx, pg)
}

// searched is an uncached listing with its prices now (see priced).
func (h *Handler) searched(ctx context.Context, q catalog.Query) (catalog.Page, error) {
	pg, err := h.Products.Search(ctx, q)
	if err != nil {
		return pg, err
	}
	return h.priced(ctx, pg)
}

// priced returns a copy of a listing's page whose cards show what a buyer
// pays now: the price a flash sale or special price sets, read afresh
// (a cached page keeps the list prices).
func (h *Handler) priced(ctx context.Context, pg catalog.Page) (catalog.Page, error) {
	if h.Promo == nil {
		return pg, nil
	}
	return h.Promo.PricePage(ctx, pg)
}

// searchRanking is the costly part of a text search: which products
// match, in which order, and how many.
type searchRanking struct {
	ids    []int64
	total  int
	capped bool
	next   string
}

// textSearch runs a text search with its ranking kept for searchTTL (see
// cache.go) and its cards read afresh: prices and stock as they are now,
// hidden products left out at once (and taken off the total).
func (h *Handler) textSearch(ctx context.Context, q catalog.Query) (catalog.Page, error) {
	if h.cache.searches == nil || !cachedFor(accounts.ActorFrom(ctx)) {
		return h.Products.Search(ctx, q)
	}
	rk, err := h.cache.searches.get(ctx, q, func(ctx context.Context) (searchRanking, error) {
		pg, err := h.Products.Search(ctx, q)
		if err != nil {
			return searchRanking{}, err
		}
		rk := searchRanking{ids: make([]int64, len(pg.Items)), total: pg.Total, capped: pg.TotalCapped, next: pg.NextCursor}
		for i, s := range pg.Items {
			rk.ids[i] = s.ID
		}
		return rk, nil
	})
	if err != nil {
		return catalog.Page{}, err
	}
	items, err := h.Products.ProductSummaries(ctx, rk.ids)
	if err != nil {
		return catalog.Page{}, err
	}
	total := rk.total
	if !rk.capped {
		total = max(0, total-(len(rk.ids)-len(items)))
	}
	return catalog.Page{Items: items, Total: total, TotalCapped: rk.capped, NextCursor: rk.next}, nil
}

// counties lists the counties of the storefront's prefecture, for the
// listing filters, through the cache.
func (h *Handler) counties(ctx context.Context) ([]region.Summary, error) {
	return cached(ctx, h.cache.counties, h.Home, func(ctx context.Context) ([]region.Summary, error) {
		return h.Regions.Children(ctx, h.Home)
	})
}

// cardArgs is what the product card partial (templates/_card.html) shows.
type cardArgs struct {
	Lang i18n.Lang
	P    catalog.Summary
	// Price is the price shown: a promotion's when Was is set, else the
	// lowest regular price.
	Price money.Fen
	Was   money.Fen
	// Ends is when the promotion setting Price ends, when known.
	Ends time.Time
	// SoldOut and Low tell the stock state; Low ("only N left") is for
	// goods, whose stock is on hand, not for tourism's daily capacity.
	SoldOut, Low bool
}

// promoItem is a product offered below its regular price, in a
// limited-time promotion or as a special price.
type promoItem struct {
	catalog.Summary
	Price money.Fen // the offer; Summary.MinPrice is the regular price
}

// cardOf prepares the card of a listed product (a catalog.Summary or a
// promoItem) in language l; any other value is an error, which fails the
// page.
func cardOf(l i18n.Lang, v any) (cardArgs, error) {
	var c cardArgs
	switch x := v.(type) {
	case catalog.Summary:
		c = cardArgs{P: x, Price: x.MinPrice}
		if x.Sale.On() {
			c.Price, c.Was, c.Ends = x.Sale.Price, x.Sale.List, x.Sale.Ends
		}
	case promoItem:
		c = cardArgs{P: x.Summary, Price: x.Price, Was: x.MinPrice}
	default:
		return c, fmt.Errorf("web: no product card for a %T", v)
	}
	c.Lang = l
	c.SoldOut = c.P.Stock <= 0
	c.Low = !c.SoldOut && c.P.Kind == catalog.Goods && c.P.Stock <= catalog.LowStock
	return c, nil
}

// cardWidths are the photo widths a product card offers the browser.
var cardWidths = []int{320, 640}

// srcset returns the srcset of a photo at the given widths. A photo
// narrower than a width is served at its largest smaller rendition (see
// photoServe), so listings need not know a photo's size.
func srcset(key string, widths ...int) string {
	parts := make([]string, len(widths))
	for i, w := range widths {
		parts[i] = fmt.Sprintf("%s %dw", photo.URL(key, w), w)
	}
	return strings.Join(parts, ", ")
}

// storefrontFuncs are the template functions the storefront pages use.
func storefrontFuncs() template.FuncMap {
	return template.FuncMap{
		"card":     cardOf,
		"photoURL": photo.URL,
		"cardSrc":  func(key string) string { return photo.URL(key, cardWidths[0]) },
		"cardSet":  func(key string) string { return srcset(key, cardWidths...) },
		"labels":   func() []catalog.Label { return catalog.Labels },
		"date":     func(t time.Time) string { return t.Format(time.DateOnly) },
		"isoTime":  func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"truncate": truncate,
		"dict":     dict,
	}
}

// dict makes a map of alternating keys and values, to pass several values
// to a partial.
func dict(kv ...any) map[string]any {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[fmt.Sprint(kv[i])] = kv[i+1]
	}
	return m
}

// truncate shortens s to at most n characters, ending in "…" when cut.
func truncate(n int, s string) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// listingForm is a listing's filters and order as the shopper chose them,
// kept as typed so that the form shows them again.
type listingForm struct {
	Q        string
	Category string
	County   string
	Min, Max string // yuan, as typed
	InStock  bool
	Label    string
	Sort     string
	Cursor   string
}

// Any reports whether the shopper asked for anything: a text or a filter.
func (f listingForm) Any() bool {
	return strings.TrimSpace(f.Q) != "" || f.Category != "" || f.County != "" || f.Min != "" || f.Max != "" ||
		f.InStock || f.Label != ""
}

// Filtered reports whether a filter narrows the listing (the text aside).
func (f listingForm) Filtered() bool {
	return f.County != "" || f.Min != "" || f.Max != "" || f.InStock || f.Label != ""
}

func readListingForm(v url.Values) listingForm {
	return listingForm{
		Q:        strings.TrimSpace(v.Get("q")),
		Category: strings.TrimSpace(v.Get("category")),
		County:   strings.TrimSpace(v.Get("county")),
		Min:      strings.TrimSpace(v.Get("min")),
		Max:      strings.TrimSpace(v.Get("max")),
		InStock:  v.Get("instock") != "",
		Label:    strings.TrimSpace(v.Get("label")),
		Sort:     v.Get("sort"),
		Cursor:   v.Get("cursor"),
	}
}

// values writes the form back as URL parameters, without the cursor.
func (f listingForm) values() url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("q", f.Q)
	set("category", f.Category)
	set("county", f.County)
	set("min", f.Min)
	set("max", f.Max)
	if f.InStock {
		v.Set("instock", "1")
	}
	set("label", f.Label)
	if f.Sort != "" && f.Sort != string(catalog.ByRelevance) {
		v.Set("sort", f.Sort)
	}
	return v
}

// query turns the form into a catalog query. Values that make no sense
// (a price that is not an amount, an unknown label or county) are dropped,
// and the problem returned names the first of them as a message key.
func (f listingForm) query() (catalog.Query, string) {
	q := catalog.Query{Text: f.Q, Category: f.Category, InStock: f.InStock, Sort: catalog.ParseSort(f.Sort), Cursor: f.Cursor}
	problem := ""
	if f.County != "" {
		if c, err := region.ParseCode(f.County); err == nil {
			q.Within = c
		}
	}
	for _, p := range []struct {
		s   string
		dst *money.Fen
	}{{f.Min, &q.MinPrice}, {f.Max, &q.MaxPrice}} {
		if p.s == "" {
			continue
		}
		v, err := money.Parse(p.s)
		if err != nil || v < 0 {
			problem = "shop.filter.bad_price"
			continue
		}
		*p.dst = v
	}
	if f.Label != "" {
		if l, err := catalog.ParseLabel(f.Label); err == nil {
			q.Label = l
		}
	}
	return q, problem
}

// sorts are the orders a listing offers, in display order; relevance only
// when there is a text to be relevant to.
var sorts = []catalog.Sort{catalog.ByRelevance, catalog.ByPriceAsc, catalog.ByPriceDesc, catalog.ByNewest}

// sortLink is one order a listing can switch to.
type sortLink struct {
	Key     string
	URL     string
	Current bool
}

// listing is a page of products with the form that chose them.
type listing struct {
	Action   string // where the filter form goes
	Form     listingForm
	Page     catalog.Page
	Sorts    []sortLink
	MoreURL  string // the next page, "" on the last
	ClearURL string // the listing without filters
	Problem  string // a message key about the form, "" when fine
	// Options for the filter form.
	Counties   []region.Summary
	Categories []catalog.Category // the category select; nil to leave it out
}

// list runs the listing form's query and prepares the page. A stale cursor
// starts the listing again from the top.
func (h *Handler) list(ctx context.Context, action string, f listingForm, base catalog.Query) (listing, error) {
	q, problem := f.query()
	q.Kind, q.FarmDirect, q.OrgID = base.Kind, base.FarmDirect, base.OrgID
	if base.Category != "" {
		q.Category = base.Category
	}
	if base.Within != "" && q.Within == "" {
		q.Within = base.Within
	}
	q.Limit = 24
	q.CountBound = catalog.ListingCountBound
	pg, err := h.listed(ctx, q)
	if errs.Is(err, errs.Invalid) && q.Cursor != "" {
		q.Cursor, f.Cursor = "", ""
		pg, err = h.listed(ctx, q)
	}
	if err != nil {
		return listing{}, err
	}
	ls := listing{Action: action, Form: f, Page: pg, Problem: problem}
	if pg.NextCursor != "" {
		v := f.values()
		v.Set("cursor", pg.NextCursor)
		ls.MoreURL = action + "?" + v.Encode()
	}
	cur := q.Sort
	if cur == catalog.ByRelevance && strings.TrimSpace(f.Q) == "" {
		cur = catalog.ByNewest // what the store does without a text
	}
	for _, s := range sorts {
		if s == catalog.ByRelevance && strings.TrimSpace(f.Q) == "" {
			continue
		}
		g := f
		g.Sort = string(s)
		ls.Sorts = append(ls.Sorts, sortLink{Key: string(s), URL: withQuery(action, g.values()), Current: s == cur})
	}
	ls.ClearURL = withQuery(action, listingForm{Q: f.Q, Category: f.Category, Sort: f.Sort}.values())
	return ls, nil
}

// withQuery appends encoded parameters to a path when there are any.
func withQuery(path string, v url.Values) string {
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}
