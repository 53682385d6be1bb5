package programmes

import (
	"fmt"
	"net/http"

	"maeul/internal/accounts"
	"maeul/internal/programme"
	"maeul/internal/programme/reports"
	"maeul/internal/web"
)

type eventListData struct {
	view
	Events []reports.Event
	Form   eventForm
}

type eventForm struct {
	Code, Region, NameKo, NameZh, NameEn, PlaceKo, PlaceZh, PlaceEn, Starts, Ends string
}

// eventList lists the events the region hosts that start in the year,
// with what each sold, and the form to hold one; ?format= downloads it.
func (h *Handler) eventList(w http.ResponseWriter, r *http.Request) error {
	return h.renderEvents(w, r, http.StatusOK, eventForm{}, "")
}

func (h *Handler) renderEvents(w http.ResponseWriter, r *http.Request, status int, f eventForm, problem string) error {
	v, err := h.scope(r, "events")
	if err != nil {
		return err
	}
	v.Problem = problem
	ls, err := h.Programme.EventLines(r.Context(), accounts.ActorFrom(r.Context()), programme.EventFilter{Within: v.Region.Code, Year: v.Year})
	if err != nil {
		return err
	}
	if r.URL.Query().Get("format") != "" {
		return h.writeExport(w, r, fmt.Sprintf("maeul-events-%s-%d", v.Region.Code, v.Year), []reports.Table{reports.EventTable(reports.Events(ls, web.Lang(r)))})
	}
	if f.Region == "" {
		f.Region = string(v.Region.Code)
	}
	d := eventListData{view: v, Events: reports.Events(ls, web.Lang(r)), Form: f}
	return h.Render(w, r, status, "programme_events", web.Page{Title: h.T(r, "programme.events"), NavArea: "admin", Data: d})
}
