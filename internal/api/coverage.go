package api

import (
	"net/http"
	"strconv"
	"strings"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/network"
	"maeul/internal/network/reports"
	"maeul/internal/region"
)

// maxChoose is the most candidates one coverage request may choose.
const maxChoose = 20

// coverageReport answers GET /coverage/{region}: the service network's
// coverage of a region as `maeul report coverage` writes it in JSON, with
// the greedy choice of ?choose= candidates (none by default), names in the
// Accept-Language; for those who oversee the region.
func (h *Handler) coverageReport(w http.ResponseWriter, r *http.Request) error {
	c, err := region.ParseCode(r.PathValue("region"))
	if err != nil {
		return errs.InField("region", err)
	}
	choose := 0
	if s := strings.TrimSpace(r.URL.Query().Get("choose")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > maxChoose {
			return errs.Field("choose", "err.network.choose", s, maxChoose)
		}
		choose = n
	}
	rep, err := h.Network.Coverage(r.Context(), accounts.ActorFrom(r.Context()), c, network.ReportOptions{Choose: choose})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, reports.FromReport(rep, apiLang(r)))
}
