package statistics

import "maeul/internal/route"

// Routes registers the console's pages on mux.
func (h *Handler) Routes(mux route.Mux) {
	mux.Handle("GET /admin/stats", h.Handle(h.overview))
	mux.Handle("GET /admin/stats/export", h.Handle(h.export))
	mux.Handle("GET /admin/stats/report", h.Handle(h.report))
	mux.Handle("GET /admin/stats/import", h.Handle(h.importForm))
	mux.Handle("POST /admin/stats/import", route.MaxBody(maxUpload, h.Handle(h.importFile)))
	mux.Handle("GET /seller/sales", h.Handle(h.importForm))
	mux.Handle("POST /seller/sales", route.MaxBody(maxUpload, h.Handle(h.importFile)))
}
