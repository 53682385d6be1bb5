package programmes

import (
	"net/http"
	"net/url"
	"strconv"

	"maeul/internal/accounts"
)

// participantRemove takes a participant without deals off an event.
func (h *Handler) participantRemove(w http.ResponseWriter, r *http.Request) error {
	e, err := h.Programme.Event(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	err = h.Programme.RemoveParticipant(r.Context(), accounts.ActorFrom(r.Context()), e, id)
	if refused(err) {
		return h.renderEvent(w, r, http.StatusUnprocessableEntity, dealForm{}, h.Message(r, err))
	}
	if err != nil {
		return err
	}
	return back(w, r, "/admin/programmes/events/"+url.PathEscape(e.Code))
}
