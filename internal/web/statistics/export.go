package statistics

import (
	"fmt"
	"net/http"

	prog "maeul/internal/programme/reports"
	"maeul/internal/web"
)

// export downloads the dashboard's tables: the one named by ?table=
// (trend, metrics, channels, categories, divisions) as CSV when
// ?format=csv, all of them as the sheets of an XLSX workbook otherwise.
func (h *Handler) export(w http.ResponseWriter, r *http.Request) error {
	d, err := h.dashboard(r, "dashboard")
	if err != nil {
		return err
	}
	tables := d.tables(web.Lang(r))
	base := fmt.Sprintf("maeul-sales-%s-%s", d.Region.Code, d.Period.Text)
	w.Header().Set("Cache-Control", "no-store")
	if r.URL.Query().Get("format") == "csv" {
		t := tables[0]
		for _, x := range tables {
			if x.Name == "stats.sheet."+r.URL.Query().Get("table") {
				t = x
			}
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", base+"-"+t.Name[len("stats.sheet."):]+".csv"))
		w.Write([]byte("\uFEFF")) // spreadsheets read the file as UTF-8
		return prog.WriteCSV(w, t)
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", base+".xlsx"))
	return prog.WriteXLSX(w, tables, h.Catalog(), web.Lang(r))
}
