package programmes

import (
	"net/http"
	"net/url"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/programme"
	"maeul/internal/region"
)

// eventRecord holds (or changes) an event from the list's form; its
// times are China's.
func (h *Handler) eventRecord(w http.ResponseWriter, r *http.Request) error {
	f := eventForm{Code: r.PostFormValue("code"), Region: r.PostFormValue("region_code"), NameKo: r.PostFormValue("name_ko"),
		NameZh: r.PostFormValue("name_zh"), NameEn: r.PostFormValue("name_en"), PlaceKo: r.PostFormValue("place_ko"),
		PlaceZh: r.PostFormValue("place_zh"), PlaceEn: r.PostFormValue("place_en"), Starts: r.PostFormValue("starts"), Ends: r.PostFormValue("ends")}
	e := programme.Event{Code: f.Code, Name: i18n.Text{Ko: f.NameKo, Zh: f.NameZh, En: f.NameEn},
		Place: i18n.Text{Ko: f.PlaceKo, Zh: f.PlaceZh, En: f.PlaceEn}}
	var err error
	if e.Region, err = region.ParseCode(f.Region); err != nil {
		err = errs.Field("region_code", "err.programme.region_code", f.Region)
	}
	if err == nil {
		e.Starts, err = programme.ParseLocal("starts", f.Starts)
	}
	if err == nil {
		e.Ends, err = programme.ParseLocal("ends", f.Ends)
	}
	if err == nil {
		e, err = h.Programme.SaveEvent(r.Context(), accounts.ActorFrom(r.Context()), e)
	}
	if refused(err) {
		return h.renderEvents(w, r, http.StatusUnprocessableEntity, f, h.Message(r, err))
	}
	if err != nil {
		return err
	}
	return back(w, r, "/admin/programmes/events/"+url.PathEscape(e.Code))
}
