package programmes

import (
	"net/http"
	"strconv"

	"maeul/internal/accounts"
)

// pairingEnd ends a pairing from the register's row.
func (h *Handler) pairingEnd(w http.ResponseWriter, r *http.Request) error {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	until, err := formDate(r, "until", true)
	if err == nil {
		_, err = h.Programme.EndPairing(r.Context(), accounts.ActorFrom(r.Context()), id, until)
	}
	if refused(err) {
		return h.renderPairings(w, r, http.StatusUnprocessableEntity, pairingForm{}, h.Message(r, err))
	}
	if err != nil {
		return err
	}
	return back(w, r, "/admin/programmes/pairings?"+r.URL.RawQuery)
}
