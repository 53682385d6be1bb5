package apikeys

import "net/http"

// keyList shows the keys of ?region= (the reader's scope by default) to
// those who oversee it, with the form that creates one for its admins.
func (h *Handler) keyList(w http.ResponseWriter, r *http.Request) error {
	return h.render(w, r, http.StatusOK, keyForm{}, "", nil)
}
