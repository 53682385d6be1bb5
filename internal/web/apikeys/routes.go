package apikeys

import "maeul/internal/route"

// Routes registers the console's pages on mux.
func (h *Handler) Routes(mux route.Mux) {
	mux.Handle("GET /admin/api-keys", h.Handle(h.keyList))
	mux.Handle("POST /admin/api-keys", h.Handle(h.keyCreate))
	mux.Handle("POST /admin/api-keys/{id}/revoke", h.Handle(h.keyRevoke))
}
