package programmes

import (
	"net/http"
	"net/url"

	"maeul/internal/accounts"
	"maeul/internal/programme"
)

// participantAdd adds a participant to an event.
func (h *Handler) participantAdd(w http.ResponseWriter, r *http.Request) error {
	e, err := h.Programme.Event(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	np := programme.NewParticipant{Kind: programme.ParticipantKind(r.PostFormValue("kind")), Code: r.PostFormValue("code"),
		Role: programme.Role(r.PostFormValue("role"))}
	err = programme.Single(h.Programme.AddParticipants(r.Context(), accounts.ActorFrom(r.Context()), e, []programme.NewParticipant{np}))
	if refused(err) {
		return h.renderEvent(w, r, http.StatusUnprocessableEntity, dealForm{}, h.Message(r, err))
	}
	if err != nil {
		return err
	}
	return back(w, r, "/admin/programmes/events/"+url.PathEscape(e.Code))
}
