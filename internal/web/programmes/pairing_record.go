package programmes

import (
	"net/http"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/programme"
	"maeul/internal/region"
)

// pairingRecord records a pairing from the register's form.
func (h *Handler) pairingRecord(w http.ResponseWriter, r *http.Request) error {
	f := pairingForm{Org: r.PostFormValue("org_code"), Village: r.PostFormValue("village_code"),
		Since: r.PostFormValue("since"), Until: r.PostFormValue("until")}
	np := programme.NewPairing{OrgCode: f.Org}
	var err error
	if np.VillageCode, err = region.ParseCode(f.Village); err != nil {
		err = errs.Field("village_code", "err.programme.region_code", f.Village)
	}
	if err == nil {
		np.Since, err = formDate(r, "since", true)
	}
	if err == nil {
		np.Until, err = formDate(r, "until", false)
	}
	if err == nil {
		_, err = h.Programme.RecordPairing(r.Context(), accounts.ActorFrom(r.Context()), np)
	}
	if refused(err) {
		return h.renderPairings(w, r, http.StatusUnprocessableEntity, f, h.Message(r, err))
	}
	if err != nil {
		return err
	}
	return back(w, r, r.URL.Path+"?"+r.URL.RawQuery)
}
