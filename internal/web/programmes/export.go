package programmes

import (
	"fmt"
	"net/http"

	"maeul/internal/programme/reports"
	"maeul/internal/web"
)

// writeExport answers with tables as an attachment: the one named by
// ?table= as CSV when ?format=csv, all of them as XLSX otherwise.
func (h *Handler) writeExport(w http.ResponseWriter, r *http.Request, base string, tables []reports.Table) error {
	w.Header().Set("Cache-Control", "no-store")
	if r.URL.Query().Get("format") == "csv" {
		t := tables[0]
		for _, x := range tables {
			if x.Name == "programme.sheet."+r.URL.Query().Get("table") {
				t = x
			}
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", base+".csv"))
		w.Write([]byte("\uFEFF")) // spreadsheets read the file as UTF-8
		return reports.WriteCSV(w, t)
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", base+".xlsx"))
	return reports.WriteXLSX(w, tables, h.Catalog(), web.Lang(r))
}
