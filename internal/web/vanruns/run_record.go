package vanruns

import (
	"fmt"
	"net/http"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/vans"
)

// runDeliver records the delivery scan of a parcel of the run and goes
// back to the manifest.
func (h *Handler) runDeliver(w http.ResponseWriter, r *http.Request) error {
	id, p, err := runParcel(r)
	if err != nil {
		return err
	}
	if _, err := h.Vans.Deliver(r.Context(), accounts.ActorFrom(r.Context()), id, p); err != nil {
		return h.refused(w, r, id, err)
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/van-runs/%d#p%d", id, p), http.StatusSeeOther)
	return nil
}

// runBack records that a parcel of the run came back undelivered or is
// returned (form: outcome, note) and goes back to the manifest.
func (h *Handler) runBack(w http.ResponseWriter, r *http.Request) error {
	id, p, err := runParcel(r)
	if err != nil {
		return err
	}
	out, err := vans.ParseOutcome(r.PostFormValue("outcome"))
	if err == nil {
		_, err = h.Vans.MarkBack(r.Context(), accounts.ActorFrom(r.Context()), id, p, out, r.PostFormValue("note"))
	}
	if err != nil {
		return h.refused(w, r, id, err)
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/van-runs/%d#p%d", id, p), http.StatusSeeOther)
	return nil
}

// refused shows the manifest again with a form's refusal above it; a
// refusal of the reader or of the run itself is the error page's.
func (h *Handler) refused(w http.ResponseWriter, r *http.Request, id int64, err error) error {
	switch errs.CodeOf(err) {
	case errs.Invalid, errs.Conflict:
		return h.showRun(w, r, id, errs.CodeOf(err).HTTPStatus(), h.Message(r, err))
	}
	return err
}
