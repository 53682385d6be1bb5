package programmes

import "maeul/internal/route"

// Routes registers the console's pages on mux.
func (h *Handler) Routes(mux route.Mux) {
	mux.Handle("GET /admin/programmes", h.Handle(h.overview))
	mux.Handle("GET /admin/programmes/export", h.Handle(h.overviewExport))
	mux.Handle("GET /admin/programmes/titles", h.Handle(h.titleList))
	mux.Handle("POST /admin/programmes/titles", h.Handle(h.titleRecord))
	mux.Handle("POST /admin/programmes/titles/{id}/revoke", h.Handle(h.titleRevoke))
	mux.Handle("GET /admin/programmes/pairings", h.Handle(h.pairingList))
	mux.Handle("POST /admin/programmes/pairings", h.Handle(h.pairingRecord))
	mux.Handle("POST /admin/programmes/pairings/{id}/end", h.Handle(h.pairingEnd))
	mux.Handle("GET /admin/programmes/events", h.Handle(h.eventList))
	mux.Handle("POST /admin/programmes/events", h.Handle(h.eventRecord))
	mux.Handle("GET /admin/programmes/events/{code}", h.Handle(h.eventView))
	mux.Handle("GET /admin/programmes/events/{code}/export", h.Handle(h.eventExport))
	mux.Handle("POST /admin/programmes/events/{code}/participants", h.Handle(h.participantAdd))
	mux.Handle("POST /admin/programmes/events/{code}/participants/{id}/remove", h.Handle(h.participantRemove))
	mux.Handle("POST /admin/programmes/events/{code}/deals", h.Handle(h.dealRecord))
}
