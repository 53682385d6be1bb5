package batches

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/consignment"
	"maeul/internal/errs"
	"maeul/internal/money"
)

// create records a batch from the form and shows its receipt; a refusal
// shows the form again with the refusal beside its field, nothing
// recorded. Submitting the same form twice records one batch.
func (h *Handler) create(w http.ResponseWriter, r *http.Request) error {
	if _, err := h.Batches.Station(r.Context(), accounts.ActorFrom(r.Context())); err != nil {
		return err
	}
	f := formValues{Token: r.PostFormValue("token"), Household: r.PostFormValue("household"), SKU: r.PostFormValue("sku"),
		Quantity: strings.TrimSpace(r.PostFormValue("quantity")), WeightKg: r.PostFormValue("weight_kg"),
		PerUnit: strings.TrimSpace(r.PostFormValue("per_unit")), ReceivedOn: strings.TrimSpace(r.PostFormValue("received_on"))}
	nb, err := parseForm(f)
	if err == nil {
		var b consignment.Batch
		b, err = h.Batches.Record(r.Context(), accounts.ActorFrom(r.Context()), nb)
		if err == nil {
			http.Redirect(w, r, "/station/batches/"+url.PathEscape(b.Code)+"/receipt?recorded=1", http.StatusSeeOther)
			return nil
		}
	}
	if refused(err) {
		if f.Token == "" {
			f.Token = consignment.NewCode()
		}
		return h.renderForm(w, r, http.StatusUnprocessableEntity, f, err)
	}
	return err
}

// parseForm reads the form's numbers and date; a field that is not one
// is an Invalid error about it.
func parseForm(f formValues) (consignment.NewBatch, error) {
	nb := consignment.NewBatch{HouseholdCode: f.Household, SKU: f.SKU, Token: f.Token}
	n, err := strconv.ParseInt(f.Quantity, 10, 64)
	if err != nil {
		return nb, errs.Field("quantity", "err.consignment.not_number", f.Quantity)
	}
	nb.Units = n
	if nb.WeightG, err = consignment.ParseWeightKg(f.WeightKg); err != nil {
		return nb, err
	}
	if f.PerUnit != "" {
		if nb.PerUnit, err = money.Parse(f.PerUnit); err != nil {
			return nb, errs.InField("per_unit", err)
		}
		if nb.PerUnit <= 0 {
			return nb, errs.Field("per_unit", "err.consignment.per_unit_negative")
		}
	}
	if f.ReceivedOn != "" {
		if nb.ReceivedOn, err = time.Parse(time.DateOnly, f.ReceivedOn); err != nil {
			return nb, errs.Field("received_on", "err.consignment.date", f.ReceivedOn)
		}
	}
	return nb, nil
}
