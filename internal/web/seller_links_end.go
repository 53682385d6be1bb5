package web

import (
	"net/http"
	"strconv"

	"maeul/internal/accounts"
	"maeul/internal/errs"
)

// sellerLinkEnd ends a benefit link (POST /seller/links/{id}/end) on the
// day the form names, today by default: the sales already credited under
// it stay as they are. impact.Service.EndLink decides who may and which
// days are allowed; a refusal shows the list again with the reason.
func (h *Handler) sellerLinkEnd(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return errs.E(errs.NotFound, "err.api.link_not_found", r.PathValue("id"))
	}
	d, err := h.sellerLinksPage(r)
	if err != nil {
		return err
	}
	last := r.PostFormValue("last_day")
	if last == "" {
		last = d.Today
	}
	day, err := formDay("valid_to", last)
	if err == nil {
		_, err = h.Impact.EndLink(ctx, a, id, day)
	}
	switch errs.CodeOf(err) {
	case "":
	case errs.Invalid:
		d.Error = h.message(r, err)
		return h.renderLinks(w, r, http.StatusUnprocessableEntity, d)
	default:
		return err
	}
	return redirect(w, r, d.Office.URL("/seller/links", "notice", "links.notice.ended"))
}
