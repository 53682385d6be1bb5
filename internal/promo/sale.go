package promo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"maeul/internal/catalog"
	"maeul/internal/money"
)

// Priced is a variant with the promotions live on it.
type Priced struct {
	ProductID int64
	VariantID int64
	List      money.Fen
	Stock     int
	Flash     *FlashSale // nil when none is live
	Specials  []SpecialPrice
}

// SaleOf works out what a product whose variants are vs costs a buyer now
// under the rule (Best, for one unit, a buyer who has bought none): the
// lowest price now of a variant in stock (of any variant when none is),
// and, when a promotion set it, the list price it replaces and the
// promotion's end. The zero Sale means the lowest price is a list price.
func SaleOf(vs []Priced, now time.Time) catalog.Sale {
	var best catalog.Sale
	var low money.Fen = -1
	inStock := slices.ContainsFunc(vs, func(v Priced) bool { return v.Stock > 0 })
	for _, v := range vs {
		if inStock && v.Stock <= 0 {
			continue
		}
		o := Best(v.List, v.Flash, 0, 1, v.Specials, now)
		if low >= 0 && o.Price >= low {
			continue
		}
		low, best = o.Price, catalog.Sale{}
		switch o.Source {
		case Flash:
			best = catalog.Sale{Price: o.Price, List: v.List, Flash: true, Ends: v.Flash.Ends}
		case Special:
			for _, s := range v.Specials {
				if s.ID == o.SpecialID {
					best = catalog.Sale{Price: o.Price, List: v.List, Ends: s.Ends}
				}
			}
		}
	}
	if !best.On() {
		return catalog.Sale{}
	}
	return best
}

// PriceSummaries returns a copy of items with each one's Sale set to what
// a promotion makes it cost now, in one read; items are left as they are
// (they may be a cache's).
func (s *Service) PriceSummaries(ctx context.Context, items []catalog.Summary) ([]catalog.Summary, error) {
	if len(items) == 0 {
		return items, nil
	}
	ids := make([]int64, len(items))
	for i, x := range items {
		ids[i] = x.ID
	}
	now := s.now()
	vs, err := s.Store.PromotedVariants(ctx, ids, now)
	if err != nil {
		return nil, fmt.Errorf("promo.PriceSummaries: %w", err)
	}
	out := slices.Clone(items)
	if len(vs) == 0 {
		return out, nil
	}
	byProduct := map[int64][]Priced{}
	for _, v := range vs {
		byProduct[v.ProductID] = append(byProduct[v.ProductID], v)
	}
	for i := range out {
		out[i].Sale = catalog.Sale{}
		if v, ok := byProduct[out[i].ID]; ok {
			out[i].Sale = SaleOf(v, now)
		}
	}
	return out, nil
}

// PricePage is PriceSummaries for a page of a listing.
func (s *Service) PricePage(ctx context.Context, p catalog.Page) (catalog.Page, error) {
	items, err := s.PriceSummaries(ctx, p.Items)
	p.Items = items
	return p, err
}

// SpecialPriced returns the ids of the products on show with a special
// price now (the mall's special-price section), the special ending
// soonest first, at most limit.
func (s *Service) SpecialPriced(ctx context.Context, limit int) ([]int64, error) {
	ids, err := s.Store.SpecialPriceProducts(ctx, s.now(), limit)
	if err != nil {
		return nil, fmt.Errorf("promo.SpecialPriced: %w", err)
	}
	return ids, nil
}

// PricesNow returns, by variant id, the price a unit of a product's
// variants sells at now where a promotion lowers it (Best, for one unit, a
// buyer who has bought none); variants at their list price are absent.
func (s *Service) PricesNow(ctx context.Context, productID int64) (map[int64]money.Fen, error) {
	now := s.now()
	vs, err := s.Store.PromotedVariants(ctx, []int64{productID}, now)
	if err != nil {
		return nil, fmt.Errorf("promo.PricesNow: %w", err)
	}
	out := map[int64]money.Fen{}
	for _, v := range vs {
		if o := Best(v.List, v.Flash, 0, 1, v.Specials, now); o.Price < v.List {
			out[v.VariantID] = o.Price
		}
	}
	return out, nil
}
