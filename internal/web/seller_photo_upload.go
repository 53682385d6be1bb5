package web

import (
	"errors"
	"mime/multipart"
	"net/http"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/photo"
)

// maxPhotoRequest bounds a photo upload's request body: the largest photo
// accepted and room for the multipart framing.
const maxPhotoRequest = photo.MaxUploadBytes + 64<<10

// sellerPhotoUpload adds an uploaded photo to a product. Permission is
// checked before the upload is read; a request over maxPhotoRequest is
// cut off and answered 413 with the product's form, and a photo the
// photo rules refuse (not an image, damaged, too small or too large) is
// answered 422 the same way.
func (h *Handler) sellerPhotoUpload(w http.ResponseWriter, r *http.Request) error {
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
	refuse := func(status int, msg string) error {
		d := sellerProductForm{Office: o, Product: p, Rows: sellerRowsOf(p.Variants), PhotoError: msg, Error: msg}
		if !p.CertExpiry.IsZero() {
			d.CertExpiry = p.CertExpiry.Format(time.DateOnly)
		}
		return h.renderSellerProduct(w, r, status, d)
	}
	l := langFrom(r)
	f, err := sellerUploadedFile(w, r, "photo", maxPhotoRequest)
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return refuse(http.StatusRequestEntityTooLarge, h.cat.T(l, "seller.photo.too_large", photo.MaxUploadText))
	case errors.Is(err, http.ErrMissingFile):
		return refuse(http.StatusUnprocessableEntity, h.cat.T(l, "seller.photo.missing"))
	case err != nil:
		return refuse(http.StatusBadRequest, h.cat.T(l, "seller.upload.broken"))
	}
	defer f.Close()
	_, err = h.Catalog.AddPhoto(ctx, a, p.ID, f)
	if errs.Is(err, errs.Invalid) {
		return refuse(http.StatusUnprocessableEntity, h.message(r, err))
	}
	if err != nil {
		return err
	}
	return redirect(w, r, o.URL("/seller/products/"+p.Code, "notice", "seller.notice.photo_added")+"#photos")
}

// sellerUploadedFile limits the request body to limit bytes and returns the
// file uploaded in field. A body over the limit is an *http.MaxBytesError;
// no file is http.ErrMissingFile. Parts beyond a small size go to
// temporary files, which the server removes after the request.
func sellerUploadedFile(w http.ResponseWriter, r *http.Request, field string, limit int64) (multipart.File, error) {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		if errors.Is(err, http.ErrNotMultipart) {
			return nil, http.ErrMissingFile
		}
		return nil, err
	}
	f, _, err := r.FormFile(field)
	return f, err
}
