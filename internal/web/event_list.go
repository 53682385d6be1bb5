package web

import (
	"net/http"

	"maeul/internal/programme"
)

type eventListData struct {
	shopChrome
	Events []programme.Event
}

// eventList lists the matchmaking events on now or to come, the soonest
// first.
func (h *Handler) eventList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	tree, err := h.categories(ctx)
	if err != nil {
		return err
	}
	d := eventListData{shopChrome: shopChrome{Menu: tree.tops()}}
	if h.Programme != nil {
		es, err := h.Programme.Events(ctx, programme.EventFilter{EndsAfter: h.Now(), Limit: 50})
		if err != nil {
			return err
		}
		for i := len(es) - 1; i >= 0; i-- {
			d.Events = append(d.Events, es[i])
		}
	}
	return h.render(w, r, http.StatusOK, "events", page{Title: h.cat.T(langFrom(r), "programme.events"), Data: d})
}
