package web

import (
	"net/http"
	"strings"

	"maeul/internal/accounts"
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
	cw := &csvDownload{w: w, name: "maeul-ledger-" + p.Text + ".csv"}
	if err := h.Impact.ExportEntries(ctx, accounts.ActorFrom(ctx), p.Text, cw); err != nil {
		if cw.started {
			// Half a file went out: all that is left is to say so in the log.
			h.Logger.Error("ledger export failed", "period", p.Text, "err", err)
			return nil
		}
		return err
	}
	if !cw.started {
		cw.start()
	}
	return nil
}

// csvDownload writes a CSV attachment, sending its headers with the first
// bytes, so that an error before them can still be an error page.
type csvDownload struct {
	w       http.ResponseWriter
	name    string
	started bool
}

func (c *csvDownload) start() {
	c.started = true
	hdr := c.w.Header()
	hdr.Set("Content-Type", "text/csv; charset=utf-8")
	hdr.Set("Content-Disposition", `attachment; filename="`+c.name+`"`)
	hdr.Set("Cache-Control", "no-store")
	c.w.WriteHeader(http.StatusOK)
}

func (c *csvDownload) Write(p []byte) (int, error) {
	if !c.started {
		c.start()
	}
	n, err := c.w.Write(p)
	if err == nil {
		http.NewResponseController(c.w).Flush() // a writer that cannot flush sends it at the end
	}
	return n, err
}
