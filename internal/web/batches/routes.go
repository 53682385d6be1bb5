package batches

import "maeul/internal/route"

// Routes registers the pages on mux: the station console's under
// /station/batches, the public batch page and its QR code under /batches.
func (h *Handler) Routes(mux route.Mux) {
	mux.Handle("GET /station/batches", h.Handle(h.list))
	mux.Handle("GET /station/batches/new", h.Handle(h.form))
	mux.Handle("POST /station/batches", h.Handle(h.create))
	mux.Handle("GET /station/batches/{code}/receipt", h.Handle(h.receipt))
	mux.Handle("GET /station/batches/{code}/label", h.Handle(h.label))
	mux.Handle("GET /batches/{code}", h.Handle(h.public))
	mux.Handle("GET /batches/{code}/qr.png", h.Handle(h.qr))
}
