package web

import (
	"context"
	"net/http"

	"maeul/internal/catalog"
)

// specialsLimit is how many products the special-price section lists.
const specialsLimit = 96

type specialsData struct {
	shopChrome
	Items []catalog.Summary
}

// specials is the mall's special-price section (특가, 特价), beside the
// flash sales, farm-direct goods and rural tourism: the products on show
// with a special price now, the one ending soonest first, each card with
// the price now, the list price struck through and the end.
func (h *Handler) specials(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	tree, err := h.categories(ctx)
	if err != nil {
		return err
	}
	d := specialsData{shopChrome: shopChrome{Menu: tree.tops()}}
	if d.Items, err = h.specialCards(ctx, specialsLimit); err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "specials", page{Title: h.cat.T(langFrom(r), "shop.home.special"), Data: d})
}

// specialCards returns the summaries, priced now, of at most n products
// with a special price now, the special ending soonest first.
func (h *Handler) specialCards(ctx context.Context, n int) ([]catalog.Summary, error) {
	if h.Promo == nil {
		return nil, nil
	}
	ids, err := h.Promo.SpecialPriced(ctx, n)
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	sums, err := h.Products.ProductSummaries(ctx, ids)
	if err != nil {
		return nil, err
	}
	sums, err = h.Promo.PriceSummaries(ctx, sums)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]catalog.Summary, len(sums))
	for _, s := range sums {
		byID[s.ID] = s
	}
	out := make([]catalog.Summary, 0, len(ids))
	for _, id := range ids {
		if s, ok := byID[id]; ok && s.Sale.On() {
			out = append(out, s)
		}
	}
	return out, nil
}
