package apikeys

import (
	"net/http"
	"strconv"

	"maeul/internal/accounts"
	"maeul/internal/errs"
)

// keyRevoke revokes a key from the list's row and goes back to the list.
func (h *Handler) keyRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errs.E(errs.NotFound, "err.machines.key_not_found", r.PathValue("id"))
	}
	if _, err := h.Keys.Revoke(r.Context(), accounts.ActorFrom(r.Context()), id); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/api-keys?"+r.URL.RawQuery, http.StatusSeeOther)
	return nil
}
