package batches

import (
	"net/http"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/consignment"
	"maeul/internal/errs"
	"maeul/internal/impact"
	"maeul/internal/region"
	"maeul/internal/web"
)

// formValues are the form's fields as typed, to show again with a
// refusal.
type formValues struct {
	Token, Household, SKU, Quantity, WeightKg, PerUnit, ReceivedOn string
}

// householdChoice is a household the form offers, with its village.
type householdChoice struct {
	Household impact.Household
	Village   region.Region
}

type formData struct {
	Form       formValues
	Households []householdChoice
	Offers     []consignment.Offer
	Today      string
	// Error is the refusal in the reader's language and ErrorField the
	// field it concerns, after a refused submission.
	Error, ErrorField string
}

// form is the form that records a batch: a household of the villages the
// station serves, a variant of the stores it lists for, the quantity,
// the weight, the amount per unit and the day. Only a station operator
// may see it.
func (h *Handler) form(w http.ResponseWriter, r *http.Request) error {
	today := h.Batches.Today().Format(time.DateOnly)
	return h.renderForm(w, r, http.StatusOK, formValues{Token: consignment.NewCode(), ReceivedOn: today}, nil)
}

// renderForm shows the form with its values and, after a refusal, the
// refusal beside its field.
func (h *Handler) renderForm(w http.ResponseWriter, r *http.Request, status int, f formValues, refusal error) error {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	offers, err := h.Batches.Offers(ctx, a)
	if err != nil {
		return err
	}
	hs, err := h.Impact.Households(ctx, a, impact.HouseholdQuery{})
	if err != nil {
		return err
	}
	codes := make([]region.Code, len(hs))
	for i, x := range hs {
		codes[i] = x.Village
	}
	vs, err := h.villages(r, codes)
	if err != nil {
		return err
	}
	d := formData{Form: f, Offers: offers, Today: h.Batches.Today().Format(time.DateOnly)}
	for _, x := range hs {
		d.Households = append(d.Households, householdChoice{Household: x, Village: vs[x.Village]})
	}
	if refusal != nil {
		d.Error, d.ErrorField = h.Message(r, refusal), errs.FieldOf(refusal)
	}
	return h.Render(w, r, status, "batch_new", web.Page{Title: h.T(r, "batches.new.title"), NavArea: "batches", Data: d})
}
