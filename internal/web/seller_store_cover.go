package web

import (
	"errors"
	"net/http"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/photo"
)

// sellerStoreCover makes an uploaded photo the store's cover, or, when the
// form says remove, takes the cover off. Upload refusals are shown on the
// store page as for product photos.
func (h *Handler) sellerStoreCover(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	o, err := h.sellerOfficeFromRequest(r)
	if err != nil {
		return err
	}
	l := langFrom(r)
	refuse := func(status int, msg string) error {
		return h.renderSellerStore(w, r, status, sellerStoreData{Office: o, Story: o.Org.Story, CoverError: msg})
	}
	f, err := sellerUploadedFile(w, r, "cover", maxPhotoRequest)
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return refuse(http.StatusRequestEntityTooLarge, h.cat.T(l, "seller.photo.too_large", photo.MaxUploadText))
	case errors.Is(err, http.ErrMissingFile) && r.PostFormValue("remove") != "":
		if _, err := h.Catalog.RemoveCover(ctx, a, o.Org.ID); err != nil {
			return err
		}
		return redirect(w, r, o.URL("/seller/store", "notice", "seller.notice.cover_removed"))
	case errors.Is(err, http.ErrMissingFile):
		return refuse(http.StatusUnprocessableEntity, h.cat.T(l, "seller.photo.missing"))
	case err != nil:
		return refuse(http.StatusBadRequest, h.cat.T(l, "seller.upload.broken"))
	}
	defer f.Close()
	_, err = h.Catalog.SetCover(ctx, a, o.Org.ID, f)
	if errs.Is(err, errs.Invalid) {
		return refuse(http.StatusUnprocessableEntity, h.message(r, err))
	}
	if err != nil {
		return err
	}
	return redirect(w, r, o.URL("/seller/store", "notice", "seller.notice.cover_set"))
}
