package station

import (
	"net/http"
	"strconv"
	"strings"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/money"
	"maeul/internal/parcels"
)

// handOver hands a parcel waiting at the station to the buyer who tells
// its pick-up code, taking the cash of an order paid on pick-up in the
// same step (the form's "cash", in yuan). A wrong code, a wrong amount or
// a locked parcel shows today's page again with the refusal; sending the
// form again after it succeeded changes nothing and says so.
func (h *Handler) handOver(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errs.E(errs.NotFound, "err.parcels.not_found", r.PathValue("id"))
	}
	if err := a.Require(a.SignedIn(), "act.hand_over_parcel", id); err != nil {
		return err
	}
	in := parcels.HandOverInput{ParcelID: id, Code: r.PostFormValue("code")}
	if s := strings.TrimSpace(r.PostFormValue("cash")); s != "" {
		if in.Cash, err = money.Parse(s); err != nil {
			return h.todayRefused(w, r, id, errs.InField("cash", err))
		}
	}
	done, err := h.Parcels.HandOver(ctx, a, in)
	if c := errs.CodeOf(err); c == errs.Invalid || c == errs.Conflict {
		return h.todayRefused(w, r, id, err)
	}
	if err != nil {
		return err
	}
	notice := "station.hand.notice.handed"
	switch {
	case done.Repeated:
		notice = "station.hand.notice.repeated"
	case done.Paid > 0:
		notice = "station.hand.notice.paid"
	}
	return back(w, r, "/station/", notice)
}

// unlock clears the wrong codes counted at a locked parcel, for an admin
// of the station's region.
func (h *Handler) unlock(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errs.E(errs.NotFound, "err.parcels.not_found", r.PathValue("id"))
	}
	if err := a.Require(a.SignedIn(), "act.unlock_parcel", id); err != nil {
		return err
	}
	if err := h.Parcels.Unlock(ctx, a, id); err != nil {
		return err
	}
	return back(w, r, "/station/", "station.hand.notice.unlocked")
}
