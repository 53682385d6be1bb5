package programmes

import (
	"fmt"
	"net/http"

	"maeul/internal/accounts"
	"maeul/internal/programme/reports"
	"maeul/internal/web"
)

type overviewData struct {
	view
	Report reports.Programmes
}

// overview shows a region's programme figures for a year: titles by level
// and kind (with the province's share where known), paired villages, the
// poor villages not paired, the sales of paired enterprises, and events.
func (h *Handler) overview(w http.ResponseWriter, r *http.Request) error {
	v, err := h.scope(r, "overview")
	if err != nil {
		return err
	}
	rep, err := h.Programme.Report(r.Context(), accounts.ActorFrom(r.Context()), v.Region.Code, v.Year)
	if err != nil {
		return err
	}
	d := overviewData{view: v, Report: reports.FromReport(rep, web.Lang(r))}
	return h.Render(w, r, http.StatusOK, "programmes", web.Page{Title: h.T(r, "programme.title"), NavArea: "admin", Data: d})
}

// overviewExport downloads the overview's tables.
func (h *Handler) overviewExport(w http.ResponseWriter, r *http.Request) error {
	v, err := h.scope(r, "overview")
	if err != nil {
		return err
	}
	rep, err := h.Programme.Report(r.Context(), accounts.ActorFrom(r.Context()), v.Region.Code, v.Year)
	if err != nil {
		return err
	}
	doc := reports.FromReport(rep, web.Lang(r))
	return h.writeExport(w, r, fmt.Sprintf("maeul-programmes-%s-%d", v.Region.Code, v.Year), reports.ProgrammeTables(doc))
}
