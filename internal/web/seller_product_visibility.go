package web

import (
	"net/http"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
)

// sellerProductVisibility hides a product from the mall or shows it again
// (the form's hidden is "true" or "false"), then returns to the page the
// form came from: the dashboard when from=list, else the product. Showing
// a product whose certificate has expired is refused on the product's
// form.
func (h *Handler) sellerProductVisibility(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	p, act, err := h.Catalog.SellerProduct(ctx, a, r.PathValue("code"))
	if err != nil {
		return err
	}
	o, err := h.sellerOfficeFor(ctx, a, act)
	if err != nil {
		return err
	}
	hidden := r.PostFormValue("hidden") == "true"
	err = h.Catalog.SetHidden(ctx, a, p.ID, hidden)
	if errs.Is(err, errs.Invalid) {
		d := sellerProductForm{Office: o, Product: p, Rows: sellerRowsOf(p.Variants)}
		if !p.CertExpiry.IsZero() {
			d.CertExpiry = p.CertExpiry.Format(time.DateOnly)
		}
		h.sellerPlaceError(r, &d, err)
		return h.renderSellerProduct(w, r, http.StatusUnprocessableEntity, d)
	}
	if err != nil {
		return err
	}
	notice := "seller.notice.shown"
	if hidden {
		notice = "seller.notice.hidden"
	}
	if r.PostFormValue("from") == "list" {
		return redirect(w, r, o.URL("/seller", "notice", notice))
	}
	return redirect(w, r, o.URL("/seller/products/"+p.Code, "notice", notice))
}
