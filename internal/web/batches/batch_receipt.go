package batches

import (
	"net/http"

	"maeul/internal/accounts"
	"maeul/internal/consignment"
	"maeul/internal/region"
	"maeul/internal/web"
)

type batchData struct {
	Batch   consignment.Batch
	Village region.Region // the household's
	// Recorded says the batch was recorded just now.
	Recorded bool
	// PublicURL is the absolute URL of the public page, which the label's
	// QR code holds.
	PublicURL string
}

// batch reads the batch of the request's {code} for its receipt or
// label: its station's operators and the admins of its region may.
func (h *Handler) batch(r *http.Request) (batchData, error) {
	b, err := h.Batches.Batch(r.Context(), accounts.ActorFrom(r.Context()), r.PathValue("code"))
	if err != nil {
		return batchData{}, err
	}
	vs, err := h.villages(r, []region.Code{b.Household.Village})
	if err != nil {
		return batchData{}, err
	}
	return batchData{Batch: b, Village: vs[b.Household.Village], Recorded: r.URL.Query().Get("recorded") == "1",
		PublicURL: web.AbsURL(r, PublicURL(b.Code))}, nil
}

// receipt is the batch's receipt for the household, to print: who left
// what, how much, when, and what each unit sold credits it.
func (h *Handler) receipt(w http.ResponseWriter, r *http.Request) error {
	d, err := h.batch(r)
	if err != nil {
		return err
	}
	return h.Render(w, r, http.StatusOK, "batch_receipt", web.Page{Title: h.T(r, "batches.receipt.title", d.Batch.Code), NavArea: "batches", Data: d})
}

// label is the batch's label, to print and stick on the produce: the
// product, the village, the station, the date and the QR code of the
// public page; never the household's name.
func (h *Handler) label(w http.ResponseWriter, r *http.Request) error {
	d, err := h.batch(r)
	if err != nil {
		return err
	}
	return h.Render(w, r, http.StatusOK, "batch_label", web.Page{Title: h.T(r, "batches.label.title", d.Batch.Code), NavArea: "batches", Data: d})
}
