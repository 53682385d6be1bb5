package web

import (
	"net/http"

	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/programme"
)

type eventData struct {
	shopChrome
	Event  programme.Event
	Status programme.Status
	// Sellers, Buyers and Organizers are the participants by role; while
	// the event is upcoming or running, Shelves are the sellers'
	// products.
	Sellers, Buyers, Organizers []programme.Participant
	Shelves                     []eventShelf
}

// eventShelf is a selling participant with its products.
type eventShelf struct {
	Seller programme.Participant
	URL    string
	Items  []catalog.Summary
}

// eventProducts is how many products a shelf shows.
const eventProducts = 8

// event is a matchmaking event's public page: where and when, who takes
// part, and, until it is over, the products of its sellers (an
// organization's, or those from a village).
func (h *Handler) event(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if h.Programme == nil {
		return errs.E(errs.NotFound, "err.programme.no_event", r.PathValue("code"))
	}
	e, err := h.Programme.Event(ctx, r.PathValue("code"))
	if err != nil {
		return err
	}
	ps, err := h.Programme.Participants(ctx, e)
	if err != nil {
		return err
	}
	tree, err := h.categories(ctx)
	if err != nil {
		return err
	}
	d := eventData{shopChrome: shopChrome{Menu: tree.tops()}, Event: e, Status: e.StatusAt(h.Now())}
	for _, p := range ps {
		switch p.Role {
		case programme.Seller:
			d.Sellers = append(d.Sellers, p)
		case programme.Buyer:
			d.Buyers = append(d.Buyers, p)
		case programme.Organizer:
			d.Organizers = append(d.Organizers, p)
		}
	}
	if d.Status != programme.Over {
		for _, p := range d.Sellers {
			q := catalog.Query{Limit: eventProducts, SkipTotal: true}
			shelf := eventShelf{Seller: p}
			switch p.Kind {
			case programme.OrgParticipant:
				q.OrgID, shelf.URL = p.OrgID, "/stores/"+p.Code
			case programme.VillageParticipant:
				q.Within, shelf.URL = p.Village, "/villages/"+p.Code
			default:
				continue
			}
			page, err := h.searched(ctx, q)
			if err != nil {
				return err
			}
			shelf.Items = page.Items
			d.Shelves = append(d.Shelves, shelf)
		}
	}
	return h.render(w, r, http.StatusOK, "event", page{Title: e.Name.In(langFrom(r)), Data: d})
}
