package web

import (
	"context"
	"time"

	"maeul/internal/catalog"
	"maeul/internal/chinatime"
	"maeul/internal/i18n"
	"maeul/internal/money"
	"maeul/internal/orders"
	"maeul/internal/promo"
)

// Promotions on the storefront: the home page's live flash sales, and the
// product page's prices now (flash sale or special price) with the cart
// form's state.

// homeFlashLimit is how many flash sales the home page shows.
const homeFlashLimit = 8

// livePromotions returns the flash sales running now with units left,
// grouped by the moment they end (a sale's section counts down to it),
// soonest first, one card per product; each card shows the flash price
// against the variant's list price, and "only N left" when few units are.
// It reads the sales, their variants and the products' cards in three
// queries.
func (h *Handler) livePromotions(ctx context.Context) ([]promotion, error) {
	if h.Orders == nil {
		return nil, nil
	}
	now := h.Now()
	sales, err := h.Promo.FlashSales(ctx, 0, homeFlashLimit*3)
	if err != nil {
		return nil, err
	}
	items := make([]orders.CartItem, 0, len(sales))
	for _, s := range sales {
		items = append(items, orders.CartItem{VariantID: s.VariantID, Qty: 1})
	}
	info, err := h.Orders.Store.Offerables(ctx, 0, items, now)
	if err != nil {
		return nil, err
	}
	// One sale per product, of variants in stock, soonest ending first.
	var picked []promo.Listing
	var ids []int64
	seen := map[int64]bool{}
	for _, s := range sales {
		off, ok := info[s.VariantID]
		if !ok || s.Left() == 0 || off.Variant.Stock <= 0 || off.Product.Hidden || seen[off.Product.ID] || len(ids) == homeFlashLimit {
			continue
		}
		seen[off.Product.ID] = true
		picked = append(picked, s)
		ids = append(ids, off.Product.ID)
	}
	sums, err := h.Products.ProductSummaries(ctx, ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]catalog.Summary, len(sums))
	for _, x := range sums {
		byID[x.ID] = x
	}
	var out []promotion
	for i, s := range picked {
		sum, ok := byID[ids[i]]
		if !ok {
			continue
		}
		// The card strikes through the regular price of the variant on
		// sale, and counts the sale's units left.
		sum.MinPrice, sum.MaxPrice = s.ListPrice, s.ListPrice
		sum.Stock = min(info[s.VariantID].Variant.Stock, s.Left())
		item := promoItem{Summary: sum, Price: s.Price}
		if n := len(out); n > 0 && out[n-1].EndsAt.Equal(s.Ends) {
			out[n-1].Items = append(out[n-1].Items, item)
		} else {
			out = append(out, promotion{Name: h.texts("promo.flash_sale"), EndsAt: s.Ends, Items: []promoItem{item}})
		}
	}
	return out, nil
}

// texts returns a message in every language, for content that carries
// its own three texts.
func (h *Handler) texts(key string) i18n.Text {
	return i18n.Text{Ko: h.cat.T(i18n.Ko, key), Zh: h.cat.T(i18n.Zh, key), En: h.cat.T(i18n.En, key)}
}

// productOffers is what the product page shows of the prices now: the
// promotions of every variant for any buyer (a buyer past a flash sale's
// limit sees the list price in the cart, which is what checkout charges).
// It depends on the time alone, so that the page's cache may keep it.
type productOffers struct {
	// Offers are, by variant id, the prices now below the list price.
	Offers map[int64]promo.Offer
	// Low is the lowest price now of a variant in stock, and Was the list
	// price it replaces (0 when no promotion lowers it).
	Low money.Fen
	Was money.Fen
	// Flash is the product's running flash sale that ends first, with
	// units left; nil when none.
	Flash *promo.FlashSale
	// Today is the first day a booking may be for (YYYY-MM-DD, China
	// time).
	Today string
}

// Offer returns the price now of a variant, nil at the list price.
func (o productOffers) Offer(variantID int64) *promo.Offer {
	if x, ok := o.Offers[variantID]; ok {
		return &x
	}
	return nil
}

// productOffers works out the prices now of a product's variants under
// the promotion rule (a flash sale's price within its cap, else the best
// special price) and the flash sale to count down to.
func (h *Handler) productOffers(ctx context.Context, p catalog.Product) (productOffers, error) {
	now := h.Now()
	b := productOffers{Offers: map[int64]promo.Offer{}, Today: now.In(chinatime.Zone).Format(time.DateOnly)}
	b.Low, _ = p.PriceRange()
	if h.Orders == nil || len(p.Variants) == 0 {
		return b, nil
	}
	items := make([]orders.CartItem, len(p.Variants))
	for i, x := range p.Variants {
		items[i] = orders.CartItem{VariantID: x.ID, Qty: 1}
	}
	info, err := h.Orders.Store.Offerables(ctx, 0, items, now)
	if err != nil {
		return b, err
	}
	low := money.Fen(-1)
	for _, x := range p.Variants {
		price := x.Price
		if off, ok := info[x.ID]; ok {
			o := promo.Best(x.Price, off.Flash, 0, 1, off.Specials, now)
			if o.Price < x.Price {
				b.Offers[x.ID], price = o, o.Price
			}
			if f := off.Flash; f != nil && f.Live(now) && f.Left() > 0 && (b.Flash == nil || f.Ends.Before(b.Flash.Ends)) {
				b.Flash = f
			}
		}
		if x.Stock > 0 && (low < 0 || price < low) {
			low, b.Was = price, 0
			if price < x.Price {
				b.Was = x.Price
			}
		}
	}
	if low >= 0 {
		b.Low = low
	}
	return b, nil
}
