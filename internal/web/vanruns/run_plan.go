package vanruns

import (
	"net/http"
	"net/url"
	"strconv"

	"maeul/internal/accounts"
	"maeul/internal/region"
)

// runPlan plans the runs of a base (form: base, date) and goes back to
// the day's runs, saying how many it planned and how many parcels wait.
func (h *Handler) runPlan(w http.ResponseWriter, r *http.Request) error {
	a := accounts.ActorFrom(r.Context())
	day, err := h.day(r.PostFormValue("date"))
	if err != nil {
		return err
	}
	p, err := h.Vans.PlanRuns(r.Context(), a, r.PostFormValue("base"), day)
	if err != nil {
		return err
	}
	u := listURL(day, region.Code(r.PostFormValue("region")))
	u += "&" + url.Values{"planned": {strconv.Itoa(len(p.Runs))}, "left": {strconv.Itoa(p.Waiting)}}.Encode()
	http.Redirect(w, r, u, http.StatusSeeOther)
	return nil
}
