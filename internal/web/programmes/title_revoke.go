package programmes

import (
	"net/http"
	"strconv"

	"maeul/internal/accounts"
)

// titleRevoke revokes a title from the register's row.
func (h *Handler) titleRevoke(w http.ResponseWriter, r *http.Request) error {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	on, err := formDate(r, "revoked_on", true)
	if err == nil {
		_, err = h.Programme.RevokeDesignation(r.Context(), accounts.ActorFrom(r.Context()), id, on, r.PostFormValue("reason"))
	}
	if refused(err) {
		return h.renderTitles(w, r, http.StatusUnprocessableEntity, titleForm{}, h.Message(r, err))
	}
	if err != nil {
		return err
	}
	return back(w, r, "/admin/programmes/titles?"+r.URL.RawQuery)
}
