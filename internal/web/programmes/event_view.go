package programmes

import (
	"fmt"
	"net/http"

	"maeul/internal/accounts"
	"maeul/internal/programme"
	"maeul/internal/programme/reports"
	"maeul/internal/web"
)

type eventData struct {
	Report programme.EventReport
	// CanEdit: the reader runs the event (its region's admins) and may
	// change its participants; Report.Organizer: records its deals.
	CanEdit   bool
	Sellers   []programme.Participant
	Buyers    []programme.Participant
	Kinds     []programme.ParticipantKind
	Roles     []programme.Role
	Problem   string
	DealForm  dealForm
	Starts    string
	Ends      string
	PublicURL string
}

type dealForm struct {
	Seller, Buyer, BuyerName, Amount, Goods, Ref string
}

// eventView is an event's report: participants by kind, the platform
// sales of its sellers within its days, its deals and the total, each
// with its source; with the forms to add participants (its region's
// admins) and record deals (its organizer).
func (h *Handler) eventView(w http.ResponseWriter, r *http.Request) error {
	return h.renderEvent(w, r, http.StatusOK, dealForm{}, "")
}

func (h *Handler) renderEvent(w http.ResponseWriter, r *http.Request, status int, f dealForm, problem string) error {
	a := accounts.ActorFrom(r.Context())
	rep, err := h.Programme.EventReport(r.Context(), a, r.PathValue("code"))
	if err != nil {
		return err
	}
	d := eventData{Report: rep, CanEdit: a.Administers(rep.Event.Region), Kinds: programme.ParticipantKinds, Roles: programme.Roles,
		Problem: problem, DealForm: f, PublicURL: "/events/" + rep.Event.Code,
		Starts: programme.Local(rep.Event.Starts).Format(programme.LocalLayout), Ends: programme.Local(rep.Event.Ends).Format(programme.LocalLayout)}
	for _, p := range rep.Participants {
		switch p.Role {
		case programme.Seller:
			d.Sellers = append(d.Sellers, p)
		case programme.Buyer:
			d.Buyers = append(d.Buyers, p)
		}
	}
	return h.Render(w, r, status, "programme_event", web.Page{Title: rep.Event.Name.In(web.Lang(r)), NavArea: "admin", Data: d})
}

// eventExport downloads an event's report.
func (h *Handler) eventExport(w http.ResponseWriter, r *http.Request) error {
	rep, err := h.Programme.EventReport(r.Context(), accounts.ActorFrom(r.Context()), r.PathValue("code"))
	if err != nil {
		return err
	}
	return h.writeExport(w, r, fmt.Sprintf("maeul-event-%s", rep.Event.Code), reports.EventReportTables(rep, h.Catalog(), web.Lang(r)))
}
