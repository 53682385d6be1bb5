package batches

import (
	"net/http"

	qrcode "github.com/skip2/go-qrcode"

	"maeul/internal/web"
)

// public is a batch's public page, which its label's QR code opens:
// anyone may read it, and it shows of the household only that it is a
// registered household of its village (consignment.Public). An unknown
// code is NotFound.
func (h *Handler) public(w http.ResponseWriter, r *http.Request) error {
	p, err := h.Batches.Public(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	return h.Render(w, r, http.StatusOK, "batch_public", web.Page{Title: h.T(r, "batches.public.title", p.Product.Name.In(web.Lang(r))), Data: p})
}

// qr is the PNG of the QR code that opens a batch's public page, at this
// site's address. An unknown code is NotFound.
func (h *Handler) qr(w http.ResponseWriter, r *http.Request) error {
	p, err := h.Batches.Public(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	png, err := qrcode.Encode(web.AbsURL(r, PublicURL(p.Code)), qrcode.Medium, 320)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	_, err = w.Write(png)
	return err
}
