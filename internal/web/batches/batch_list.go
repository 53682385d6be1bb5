package batches

import (
	"net/http"
	"strconv"

	"maeul/internal/accounts"
	"maeul/internal/consignment"
	"maeul/internal/errs"
	"maeul/internal/web"
)

// PageSize is how many batches the list shows at once.
const PageSize = 50

type listData struct {
	Batches []consignment.Batch
	// Older links the next page, "" on the last.
	Older string
}

// list is the station's batches, newest first, a page at a time
// (?before=ID). Only a station operator may see it.
func (h *Handler) list(w http.ResponseWriter, r *http.Request) error {
	a := accounts.ActorFrom(r.Context())
	f := consignment.Filter{Limit: PageSize + 1}
	if s := r.URL.Query().Get("before"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return errs.Field("before", "err.consignment.not_number", s)
		}
		f.BeforeID = id
	}
	bs, err := h.Batches.Batches(r.Context(), a, f)
	if err != nil {
		return err
	}
	var d listData
	if len(bs) > PageSize {
		bs = bs[:PageSize]
		d.Older = "/station/batches?before=" + strconv.FormatInt(bs[len(bs)-1].ID, 10)
	}
	d.Batches = bs
	return h.Render(w, r, http.StatusOK, "batches", web.Page{Title: h.T(r, "batches.title"), NavArea: "batches", Data: d})
}
