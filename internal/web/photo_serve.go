package web

import (
	"bytes"
	"net/http"
	"strconv"
	"time"

	"maeul/internal/errs"
	"maeul/internal/photo"
)

// photoServe serves a photo rendition, GET /photos/KEY-WIDTH.jpg. Photos
// are content-addressed, so a URL always means the same bytes and is cached
// forever. When the photo has no rendition of that width (it is narrower),
// the largest narrower one is served; a URL that names no photo, or a
// width below every rendition, is not found.
func (h *Handler) photoServe(w http.ResponseWriter, r *http.Request) error {
	key, width, ok := photo.ParseURLName(r.PathValue("name"))
	if !ok {
		return errs.E(errs.NotFound, "err.web.no_photo", r.PathValue("name"))
	}
	ctx := r.Context()
	b, err := h.Products.PhotoRendition(ctx, key, width)
	if errs.Is(err, errs.NotFound) {
		ws, werr := h.Products.PhotoWidths(ctx, key)
		if werr != nil {
			return werr
		}
		best := 0
		for _, x := range ws {
			if x < width && x > best {
				best = x
			}
		}
		if best == 0 {
			return err
		}
		width = best
		b, err = h.Products.PhotoRendition(ctx, key, width)
	}
	if err != nil {
		return err
	}
	hd := w.Header()
	hd.Set("Content-Type", "image/jpeg")
	hd.Set("Cache-Control", "public, max-age=31536000, immutable")
	hd.Set("ETag", `"`+key+"-"+strconv.Itoa(width)+`"`)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(b))
	return nil
}
