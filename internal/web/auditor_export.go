package web

import (
	"io"
	"net/http"
	"strings"

	"maeul/internal/accounts"
	"maeul/internal/download"
	"maeul/internal/impact"
)

// auditorExport streams the ledger entries of a period as CSV
// (/audit/ledger.csv?period=2026-05, last month by default), with every
// field and both hashes, so that the chain can be checked from the file
// alone (impact.Service.ExportEntries). Nothing is written until the
// permission and the period have been checked, so a refusal is an error
// page rather than a broken file.
func (h *Handler) auditorExport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	key := strings.TrimSpace(r.URL.Query().Get("period"))
	if key == "" {
		key = impact.LastMonth
	}
	p, err := impact.PeriodAt(key, h.Now())
	if err != nil {
		return err
	}
	by := accounts.ActorFrom(ctx)
	return download.CSV(w, "maeul-ledger-"+p.Text+".csv", h.Logger, "ledger export", func(out io.Writer) error {
		return h.Impact.ExportEntries(ctx, by, p.Text, out)
	})
}
