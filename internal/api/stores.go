package api

import (
	"net/http"
	"net/url"

	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/org"
	"maeul/internal/region"
)

// storeGet returns an organization as the mall shows it: its story, cover
// and region, and the first page of its visible products, newest first.
// products_url continues the listing: append &cursor=NEXT_CURSOR.
func (h *Handler) storeGet(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o, err := h.OrgStore.Organization(ctx, r.PathValue("code"))
	if err != nil {
		return err
	}
	reg, err := h.Regions.Region(ctx, o.Region)
	if err != nil {
		return err
	}
	page, err := h.Products.Search(ctx, catalog.Query{OrgID: o.ID, Sort: catalog.ByNewest})
	if err != nil {
		return err
	}
	products, err := h.productPage(ctx, page)
	if err != nil {
		return err
	}
	sizes, err := h.photoSizes(ctx, o.Cover)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, storeJSON{
		Code: o.Code, Kind: o.Kind, Name: o.Name, Leading: o.Leading, Region: toRegion(reg),
		Story: o.Story, Cover: photoOf(sizes, o.Cover), Products: products,
		ProductsURL: "/api/v1/products?" + url.Values{"org": {o.Code}, "sort": {string(catalog.ByNewest)}}.Encode(),
	})
}

// villageGet returns a village with the stores located in it and the first
// page of the visible products that come from it, newest first.
func (h *Handler) villageGet(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	code, err := region.ParseCode(r.PathValue("code"))
	if err != nil {
		return err
	}
	reg, err := h.Regions.Region(ctx, code)
	if err != nil {
		return err
	}
	if reg.Level != region.Village {
		return errs.E(errs.NotFound, "err.api.not_village", code, reg.Level.Noun())
	}
	os, err := h.OrgStore.Organizations(ctx, org.Filter{Within: code})
	if err != nil {
		return err
	}
	page, err := h.Products.Search(ctx, catalog.Query{Within: code, Sort: catalog.ByNewest})
	if err != nil {
		return err
	}
	products, err := h.productPage(ctx, page)
	if err != nil {
		return err
	}
	covers := make([]string, 0, len(os))
	for _, o := range os {
		covers = append(covers, o.Cover)
	}
	sizes, err := h.photoSizes(ctx, covers...)
	if err != nil {
		return err
	}
	stores := make([]storeSummaryJSON, 0, len(os))
	for _, o := range os {
		stores = append(stores, storeSummaryJSON{Code: o.Code, Kind: o.Kind, Name: o.Name, Leading: o.Leading, Cover: photoOf(sizes, o.Cover)})
	}
	return writeJSON(w, http.StatusOK, villageJSON{
		Region: toRegion(reg), Stores: stores, Products: products,
		ProductsURL: "/api/v1/products?" + url.Values{"region": {string(code)}, "sort": {string(catalog.ByNewest)}}.Encode(),
	})
}
