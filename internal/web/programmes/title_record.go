package programmes

import (
	"net/http"
	"strconv"

	"maeul/internal/accounts"
	"maeul/internal/programme"
)

// titleRecord records a title from the register's form.
func (h *Handler) titleRecord(w http.ResponseWriter, r *http.Request) error {
	f := titleForm{Kind: r.PostFormValue("subject_kind"), Code: r.PostFormValue("subject_code"), Level: r.PostFormValue("level"),
		Title: r.PostFormValue("title"), Year: r.PostFormValue("year")}
	year, _ := strconv.Atoi(f.Year)
	_, err := h.Programme.RecordDesignation(r.Context(), accounts.ActorFrom(r.Context()), programme.NewDesignation{
		SubjectKind: programme.SubjectKind(f.Kind), SubjectCode: f.Code, Level: programme.Level(f.Level), Title: f.Title, Year: year})
	if refused(err) {
		return h.renderTitles(w, r, http.StatusUnprocessableEntity, f, h.Message(r, err))
	}
	if err != nil {
		return err
	}
	return back(w, r, r.URL.Path+"?"+r.URL.RawQuery)
}
