package api

import (
	"net/http"

	"maeul/internal/accounts"
	"maeul/internal/errs"
)

// The public impact figures: aggregates only, no household named, served
// with the catalog's ETags (cacheable).

// impactRegion answers GET /impact/regions/{code}?period=: a region's
// figures (the households living in it) for a period: this_month,
// last_month, this_quarter, this_year (the default), all, or a period
// such as 2026, 2026-Q4 or 2026-11; with the region's register counts.
func (h *Handler) impactRegion(w http.ResponseWriter, r *http.Request) error {
	if err := h.needImpact(); err != nil {
		return err
	}
	ctx := r.Context()
	p, err := h.Impact.FigurePeriod(ctx, queryPeriod(r))
	if err != nil {
		return err
	}
	f, err := h.Impact.RegionFiguresOver(ctx, r.PathValue("code"), p)
	if err != nil {
		return err
	}
	reg, err := h.Impact.RegisterSummary(ctx, f.Region)
	if err != nil {
		return err
	}
	out := toFigures(f, "")
	out.Register = &registerJSON{Households: reg.Households, Persons: reg.Persons, Poor: reg.Poor, Lifted: reg.Lifted, Villages: reg.Villages}
	return writeJSON(w, http.StatusOK, out)
}

// impactStore answers GET /impact/stores/{code}?period=: what an
// organization paid households, wherever they live.
func (h *Handler) impactStore(w http.ResponseWriter, r *http.Request) error {
	if err := h.needImpact(); err != nil {
		return err
	}
	ctx := r.Context()
	p, err := h.Impact.FigurePeriod(ctx, queryPeriod(r))
	if err != nil {
		return err
	}
	code := r.PathValue("code")
	f, err := h.Impact.OrgFiguresOver(ctx, code, p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toFigures(f, code))
}

// impactProduct answers GET /impact/products/{code}: the households a
// product's sale supports today, by village, and what share of each
// variant's price reaches them.
func (h *Handler) impactProduct(w http.ResponseWriter, r *http.Request) error {
	if err := h.needImpact(); err != nil {
		return err
	}
	ctx := r.Context()
	code := r.PathValue("code")
	p, err := h.Products.Product(ctx, code)
	if err != nil {
		return err
	}
	if p.Hidden {
		// As for the product itself: hidden but to those who manage it.
		if _, err := h.Catalog.Authorize(ctx, accounts.ActorFrom(ctx), p.OrgID); err != nil {
			if c := errs.CodeOf(err); c == errs.Forbidden || c == errs.Unauthorized {
				return errs.E(errs.NotFound, "err.catalog.product_not_found", p.Code)
			}
			return err
		}
	}
	// At the prices a buyer pays now, as the product page says it.
	prices, err := h.Promo.PricesNow(ctx, p.ID)
	if err != nil {
		return err
	}
	im, err := h.Impact.ProductImpact(ctx, code, prices)
	if err != nil {
		return err
	}
	out := productImpactJSON{ProductCode: code, Households: im.Households, Villages: toVillages(im.Villages), Variants: make([]variantShareJSON, 0, len(im.Variants))}
	for _, v := range im.Variants {
		out.Variants = append(out.Variants, variantShareJSON{SKU: v.SKU, PriceFen: v.Price, SuppliersFen: v.Suppliers, PoolFen: v.Pool, ShareBP: v.ShareBP})
	}
	return writeJSON(w, http.StatusOK, out)
}
