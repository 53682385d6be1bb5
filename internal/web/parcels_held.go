package web

import (
	"net/http"
	"strconv"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/parcels"
	"maeul/internal/region"
)

// heldLimit is how many held parcels the page lists, longest held first.
const heldLimit = 200

// maxHeldHours bounds the page's ?hours= threshold (30 days).
const maxHeldHours = 720

// heldData is the list of parcels held up at a node.
type heldData struct {
	Hours   int
	Options []int
	Parcels []heldRow
	// Region is the ?region= the list was asked for ("" for the
	// reader's own), kept by the threshold's form.
	Region string
}

// heldRow is one held parcel: where it is, since when, for how long.
type heldRow struct {
	Parcel parcels.Parcel
	At     i18n.Text
	Hours  int
}

// parcelsHeld lists the parcels that came to their current node (in
// transit or waiting at the pick-up station) longer than ?hours= ago
// (parcels.DefaultHeldFor unless given, 1 to maxHeldHours): for a seller,
// its own; for the admins and auditors of a region (?region=, their scope
// by default), those sent from or to it. Others are refused by
// parcels.Service.Held (Forbidden; a guest is sent to sign in).
func (h *Handler) parcelsHeld(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	d := heldData{Hours: int(parcels.DefaultHeldFor.Hours()), Options: []int{24, 48, 72, 168}}
	if s := r.URL.Query().Get("hours"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxHeldHours {
			return errs.Field("hours", "err.parcel.held_hours", s, maxHeldHours)
		}
		d.Hours = n
	}
	var within region.Code
	if s := r.URL.Query().Get("region"); s != "" {
		c, err := region.ParseCode(s)
		if err != nil {
			return errs.InField("region", err)
		}
		within, d.Region = c, string(c)
	}
	ps, err := h.Parcels.Held(ctx, a, within, time.Duration(d.Hours)*time.Hour, heldLimit)
	if err != nil {
		return err
	}
	now := h.Now()
	for _, p := range ps {
		row := heldRow{Parcel: p, Hours: int(now.Sub(p.AtSince).Hours())}
		for _, l := range p.Legs {
			if l.PointID != 0 && l.PointID == p.AtPointID {
				row.At = l.PointName
			}
		}
		d.Parcels = append(d.Parcels, row)
	}
	area := "admin"
	if a.Role == accounts.Seller {
		area = "seller"
	}
	w.Header().Set("Cache-Control", "no-store")
	return h.render(w, r, http.StatusOK, "parcels_held", page{Title: h.cat.T(langFrom(r), "parcel.held.title"), NavArea: area, Data: d})
}
