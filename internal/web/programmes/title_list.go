package programmes

import (
	"fmt"
	"net/http"

	"maeul/internal/accounts"
	"maeul/internal/programme"
	"maeul/internal/programme/reports"
	"maeul/internal/web"
)

type titleData struct {
	view
	Titles []programme.Designation
	Kinds  []programme.SubjectKind
	Levels []programme.Level
	Form   titleForm
	Today  string
}

type titleForm struct {
	Kind, Code, Level, Title, Year string
}

// titleList is the register of titles conferred in the region (all years,
// or ?year= with ?only=year), with the form to record one; ?format=
// downloads it.
func (h *Handler) titleList(w http.ResponseWriter, r *http.Request) error {
	return h.renderTitles(w, r, http.StatusOK, titleForm{}, "")
}

func (h *Handler) renderTitles(w http.ResponseWriter, r *http.Request, status int, f titleForm, problem string) error {
	v, err := h.scope(r, "titles")
	if err != nil {
		return err
	}
	v.Problem = problem
	ds, err := h.Programme.Designations(r.Context(), accounts.ActorFrom(r.Context()), programme.DesignationFilter{Within: v.Region.Code})
	if err != nil {
		return err
	}
	if r.URL.Query().Get("format") != "" {
		return h.writeExport(w, r, fmt.Sprintf("maeul-titles-%s", v.Region.Code), []reports.Table{reports.TitleTable(ds, web.Lang(r))})
	}
	d := titleData{view: v, Titles: ds, Kinds: programme.SubjectKinds, Levels: programme.Levels, Form: f,
		Today: h.Programme.Today().Format("2006-01-02")}
	return h.Render(w, r, status, "programme_titles", web.Page{Title: h.T(r, "programme.titles"), NavArea: "admin", Data: d})
}
