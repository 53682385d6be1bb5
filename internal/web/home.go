package web

import (
	"context"
	"net/http"
	"time"

	"maeul/internal/catalog"
	"maeul/internal/i18n"
	"maeul/internal/network"
	"maeul/internal/org"
	"maeul/internal/region"
)

type homeData struct {
	shopChrome
	Prefecture region.Region
	Counties   []region.Summary
	Categories []catalog.Category
	// Promotions are the limited-time promotions running now, each with
	// its end for the countdown, and SpecialPrices the products on a
	// special price; the section of each is shown only when it has items.
	Promotions    []promotion
	SpecialPrices []catalog.Summary
	FarmDirect    []catalog.Summary
	Tourism       []catalog.Summary
	Villages      []featuredVillage
	VillageStores int
	Stations      int
	// Impact is the impact strip (impact_strip.go).
	Impact impactStrip
}

// promotion is a limited-time promotion: its name, when it ends, and the
// products it offers.
type promotion struct {
	Name   i18n.Text
	EndsAt time.Time
	Items  []promoItem
}

// featuredVillage is a village store presented by its village.
type featuredVillage struct {
	Store   org.Organization
	Village region.Region
}

// homeSectionSize is how many products a section of the home page shows.
const homeSectionSize = 8

// homeEntry is the home page as the cache keeps it: its data, and its
// body rendered once per language.
type homeEntry struct {
	data     homeData
	rendered perLang[pageBlocks]
}

// home is the storefront's front page. Guests and shoppers are served
// from the cache (see cache.go): its body is rendered once per language,
// the layout around it for each request.
func (h *Handler) home(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	e, err := cached(ctx, h.cache.home, struct{}{}, func(ctx context.Context) (*homeEntry, error) {
		d, err := h.homeData(ctx)
		if err != nil {
			return nil, err
		}
		return &homeEntry{data: d}, nil
	})
	if err != nil {
		return err
	}
	l := langFrom(r)
	b, err := e.rendered.get(l, func() (*pageBlocks, error) { return h.renderBlocks("home", l, e.data) })
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "home", page{Title: h.cat.T(l, "home.title"), NavArea: "home", Data: e.data, Blocks: b})
}

// homeData loads what the home page shows.
func (h *Handler) homeData(ctx context.Context) (homeData, error) {
	pref, err := h.Regions.Region(ctx, h.Home)
	if err != nil {
		return homeData{}, err
	}
	d := homeData{Prefecture: pref}
	if d.Counties, err = h.counties(ctx); err != nil {
		return homeData{}, err
	}
	tree, err := h.categories(ctx)
	if err != nil {
		return homeData{}, err
	}
	d.Menu, d.Categories = tree.tops(), tree.tops()
	if d.Promotions, d.SpecialPrices, err = h.homePromotions(ctx); err != nil {
		return homeData{}, err
	}
	farm, err := h.searched(ctx, catalog.Query{Within: pref.Code, FarmDirect: true, Kind: catalog.Goods, InStock: true, Limit: homeSectionSize, SkipTotal: true})
	if err != nil {
		return homeData{}, err
	}
	d.FarmDirect = farm.Items
	tour, err := h.searched(ctx, catalog.Query{Within: pref.Code, Kind: catalog.Tourism, Limit: homeSectionSize, SkipTotal: true})
	if err != nil {
		return homeData{}, err
	}
	d.Tourism = tour.Items
	stores, err := h.OrgStore.Organizations(ctx, org.Filter{Within: pref.Code, Kind: org.VillageStore})
	if err != nil {
		return homeData{}, err
	}
	d.VillageStores = len(stores)
	if d.Impact, err = h.homeImpact(ctx); err != nil {
		return homeData{}, err
	}
	if d.Villages, err = featureVillages(ctx, h.Regions, stores, 12); err != nil {
		return homeData{}, err
	}
	if d.Stations, err = h.Points.CountServicePoints(ctx, pref.Code, stationKinds()...); err != nil {
		return homeData{}, err
	}
	return d, nil
}

// stationKinds are the kinds of service point villagers visit, which the
// home page counts.
func stationKinds() []network.Kind {
	var out []network.Kind
	for _, k := range network.Kinds {
		if k.IsStation() {
			out = append(out, k)
		}
	}
	return out
}

// homePromotions returns the limited-time promotions running now (the
// flash sales, see livePromotions) and the products with a special price
// (see specialCards).
func (h *Handler) homePromotions(ctx context.Context) ([]promotion, []catalog.Summary, error) {
	ps, err := h.livePromotions(ctx)
	if err != nil {
		return nil, nil, err
	}
	sp, err := h.specialCards(ctx, homeSectionSize)
	return ps, sp, err
}

// featureVillages pairs village stores with their villages (one query),
// stores with a cover photo first, at most n.
func featureVillages(ctx context.Context, regions region.Store, stores []org.Organization, n int) ([]featuredVillage, error) {
	var picked []org.Organization
	for _, withCover := range []bool{true, false} {
		for _, s := range stores {
			if (s.Cover != "") == withCover && len(picked) < n {
				picked = append(picked, s)
			}
		}
	}
	codes := make([]region.Code, len(picked))
	for i, s := range picked {
		codes[i] = s.Region
	}
	rs, err := regions.RegionsByCode(ctx, codes)
	if err != nil {
		return nil, err
	}
	byCode := make(map[region.Code]region.Region, len(rs))
	for _, r := range rs {
		byCode[r.Code] = r
	}
	out := make([]featuredVillage, 0, len(picked))
	for _, s := range picked {
		if v, ok := byCode[s.Region]; ok {
			out = append(out, featuredVillage{Store: s, Village: v})
		}
	}
	return out, nil
}

// notFound is the page for any unknown path.
func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) error {
	return errNotFoundPage
}
