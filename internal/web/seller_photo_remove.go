package web

import (
	"net/http"

	"maeul/internal/accounts"
)

// sellerPhotoRemove takes a photo off a product, for those who may manage
// it.
func (h *Handler) sellerPhotoRemove(w http.ResponseWriter, r *http.Request) error {
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
	if err := h.Catalog.RemovePhoto(ctx, a, p.ID, r.PathValue("key")); err != nil {
		return err
	}
	return redirect(w, r, o.URL("/seller/products/"+p.Code, "notice", "seller.notice.photo_removed")+"#photos")
}
