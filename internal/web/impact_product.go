package web

import (
	"context"

	"maeul/internal/catalog"
	"maeul/internal/i18n"
	"maeul/internal/impact"
	"maeul/internal/money"
	"maeul/internal/promo"
)

// productImpactView is the product page's impact block, from the benefit
// links in force today (impact.ProductImpact): which village and how many
// registered poor households a sale supports, and what share of each
// variant's price reaches them. It holds aggregates only, and depends on
// the product's data alone, so it is cached with the page.
type productImpactView struct {
	OrgCode    string
	Households int
	// Village is the village with the most supported households; Villages
	// all of them, most first.
	Village  *impact.VillageImpact
	Villages []impact.VillageImpact
	// Share is the share of the price that reaches households: "12%", or
	// a range "8–15%" when the variants differ; "" when none does.
	Share    string
	Variants []variantImpact
}

// variantImpact is what one unit of a variant passes on at its price.
type variantImpact struct {
	Name    i18n.Text
	Price   money.Fen
	Reaches money.Fen // to supplier households and the dividend pool
	Pool    money.Fen // of which to the store's dividend pool
	Share   string
}

// productImpact works out the impact block of a product at the prices a
// buyer pays now (offers, the promotions' prices by variant); a product
// supporting no household gets an empty block (Households zero).
func (h *Handler) productImpact(ctx context.Context, p catalog.Product, orgCode string, offers map[int64]promo.Offer) (productImpactView, error) {
	v := productImpactView{OrgCode: orgCode}
	if h.Impact == nil {
		return v, nil
	}
	prices := make(map[int64]money.Fen, len(offers))
	for id, o := range offers {
		prices[id] = o.Price
	}
	im, err := h.Impact.ProductImpactOf(ctx, p, prices)
	if err != nil {
		return v, err
	}
	v.Households, v.Villages = im.Households, im.Villages
	if len(v.Villages) > 0 {
		v.Village = &v.Villages[0]
	}
	names := map[int64]i18n.Text{}
	for _, x := range p.Variants {
		names[x.ID] = x.Name
	}
	lo, hi := int64(-1), int64(-1)
	for _, s := range im.Variants {
		reach := s.Suppliers + s.Pool
		if reach <= 0 {
			continue
		}
		v.Variants = append(v.Variants, variantImpact{Name: names[s.VariantID], Price: s.Price, Reaches: reach, Pool: s.Pool, Share: percentBP(s.ShareBP)})
		if lo < 0 || s.ShareBP < lo {
			lo = s.ShareBP
		}
		hi = max(hi, s.ShareBP)
	}
	switch {
	case lo < 0:
	case percentBP(lo) == percentBP(hi):
		v.Share = percentBP(lo)
	default:
		v.Share = percentBP(lo)[:len(percentBP(lo))-1] + "–" + percentBP(hi)
	}
	return v, nil
}
