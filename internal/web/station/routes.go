package station

import "maeul/internal/route"

// Routes registers the console's pages on mux.
func (h *Handler) Routes(mux route.Mux) {
	mux.Handle("GET /station/{$}", h.Handle(h.today))
	mux.Handle("GET /station/buy", h.Handle(h.buy))
	mux.Handle("POST /station/buy/cart", h.Handle(h.buyCart))
	mux.Handle("POST /station/buy", h.Handle(h.buyPlace))
}
