package web

import (
	"net/http"

	"maeul/internal/accounts"
)

// sellerAfterSalesData is the store's list of refund and return requests.
type sellerAfterSalesData struct {
	Office   sellerOffice
	Requests []requestView
	// All lists every request, not only the open ones.
	All     bool
	OpenURL string
	AllURL  string
	// MayDecide is the store's own seller or an admin of its region; an
	// auditor only reads.
	MayDecide bool
	// Hours is how long the seller has to answer.
	Hours int
	// Org is the organization's code the forms send back, for an admin.
	Org string
}

// sellerRequestLimit is how many of a store's newest requests the list
// shows.
const sellerRequestLimit = 50

// sellerAfterSales lists a store's refund and return requests, the open
// ones (?all=1: every one) newest first, with the forms to accept or
// refuse those the viewer may still decide: the seller before the
// deadline, the region's admins at any time.
func (h *Handler) sellerAfterSales(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	off, err := h.ordersOffice(r)
	if err != nil {
		return err
	}
	all := r.URL.Query().Get("all") != ""
	rs, err := h.AfterSales.ForStore(ctx, accounts.ActorFrom(ctx), off.Org.ID, !all, sellerRequestLimit)
	if err != nil {
		return err
	}
	d := sellerAfterSalesData{Office: off, All: all, OpenURL: off.URL("/seller/aftersales"), AllURL: off.URL("/seller/aftersales", "all", "1"),
		MayDecide: off.own || off.Admin, Hours: int(h.AfterSales.AnswerWithin().Hours())}
	if off.Admin {
		d.Org = off.Org.Code
	}
	if d.Requests, err = h.requestViews(ctx, rs, nil, h.Now()); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return h.render(w, r, http.StatusOK, "seller_aftersales", page{Title: h.cat.T(langFrom(r), "aftersales.seller_title"), NavArea: "seller", Data: d})
}
