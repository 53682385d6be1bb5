package api

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"

	"maeul/internal/errs"
	"maeul/internal/photo"
)

// uploadSlack is what a photo upload's body may hold beyond the photo
// itself: the multipart boundaries and headers.
const uploadSlack = 64 << 10

// sellerPhotoAdd attaches a photo to a product. The photo is the
// multipart/form-data field "photo", or the whole body when its
// Content-Type is image/*. An oversized upload, like every other refused
// photo (see photo.Process), is an Invalid error about field "photo": 422,
// not 413, so that all refusals share one shape.
func (h *Handler) sellerPhotoAdd(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a, err := signedIn(r)
	if err != nil {
		return err
	}
	p, err := h.Products.Product(ctx, r.PathValue("code"))
	if err != nil {
		return err
	}
	// Refuse strangers before reading their upload; AddPhoto checks again.
	if _, err := h.Catalog.Authorize(ctx, a, p.OrgID); err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, photo.MaxUploadBytes+uploadSlack)
	body, err := uploadedPhoto(r)
	if err != nil {
		return err
	}
	ph, err := h.Catalog.AddPhoto(ctx, a, p.ID, body)
	if err != nil {
		return tooLarge(err)
	}
	return writeJSON(w, http.StatusCreated, toPhoto(ph))
}

// uploadedPhoto returns the reader of the photo in r's body.
func uploadedPhoto(r *http.Request) (io.Reader, error) {
	ct, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case err != nil:
		return nil, errs.Field("photo", "err.api.photo_how")
	case strings.HasPrefix(ct, "image/"):
		return r.Body, nil
	case ct != "multipart/form-data":
		return nil, errs.Field("photo", "err.api.photo_content_type", ct)
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, errs.Field("photo", "err.api.bad_multipart", err.Error())
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil, errs.Field("photo", "err.api.no_photo_field")
		}
		if err != nil {
			return nil, badBody(err)
		}
		if part.FormName() == "photo" {
			return part, nil
		}
		if _, err := io.Copy(io.Discard, part); err != nil {
			return nil, badBody(err)
		}
	}
}

// tooLarge turns a failure caused by the body limit into the Invalid error
// photo.Process gives for an oversized photo; other errors pass unchanged.
func tooLarge(err error) error {
	if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
		return errs.Field("photo", "err.api.upload_too_large", photo.MaxUploadBytes>>20)
	}
	return err
}

// badBody describes a multipart body that cannot be read.
func badBody(err error) error {
	if e := tooLarge(err); e != err {
		return e
	}
	return errs.Field("photo", "err.api.bad_multipart", err.Error())
}

// sellerPhotoRemove detaches a photo from a product.
func (h *Handler) sellerPhotoRemove(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a, err := signedIn(r)
	if err != nil {
		return err
	}
	p, err := h.Products.Product(ctx, r.PathValue("code"))
	if err != nil {
		return err
	}
	if err := h.Catalog.RemovePhoto(ctx, a, p.ID, r.PathValue("key")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
