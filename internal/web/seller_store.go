package web

import (
	"errors"
	"net/http"
	"strings"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/photo"
)

type sellerStoreData struct {
	Office     sellerOffice
	Story      i18n.Text // as stored or as typed
	Cover      string    // the cover's URL, "" for none
	Errors     map[string]string
	Error      string
	CoverError string
	MaxStory   int
	PhotoLimit string // photo.MaxUploadText
}

// sellerStoreForm shows the store's story in the three languages and its
// cover photo, with forms to change them.
func (h *Handler) sellerStoreForm(w http.ResponseWriter, r *http.Request) error {
	o, err := h.sellerOfficeFromRequest(r)
	if err != nil {
		return err
	}
	return h.renderSellerStore(w, r, http.StatusOK, sellerStoreData{Office: o, Story: o.Org.Story})
}

func (h *Handler) renderSellerStore(w http.ResponseWriter, r *http.Request, status int, d sellerStoreData) error {
	if key := d.Office.Org.Cover; key != "" {
		width := photo.Widths[1]
		ws, err := h.Products.PhotoWidths(r.Context(), key)
		if err != nil {
			return err
		}
		for _, w := range ws {
			if w <= photo.Widths[1] {
				width = w
			}
		}
		d.Cover = photo.URL(key, width)
	}
	if len(d.Errors) > 0 && d.Error == "" {
		d.Error = h.cat.T(langFrom(r), "seller.form.fix")
	}
	d.MaxStory = catalog.MaxStoryRunes
	d.PhotoLimit = photo.MaxUploadText
	return h.render(w, r, status, "seller_store", page{Title: h.cat.T(langFrom(r), "seller.store.title"), NavArea: "seller", Data: d})
}

// sellerStoreSave saves the store's story; a refusal keeps what was typed.
func (h *Handler) sellerStoreSave(w http.ResponseWriter, r *http.Request) error {
	o, err := h.sellerOfficeFromRequest(r)
	if err != nil {
		return err
	}
	story := i18n.Text{
		Ko: strings.TrimSpace(r.PostFormValue("story_ko")),
		Zh: strings.TrimSpace(r.PostFormValue("story_zh")),
		En: strings.TrimSpace(r.PostFormValue("story_en")),
	}
	_, err = h.Catalog.SetStory(r.Context(), accounts.ActorFrom(r.Context()), o.Org.ID, story)
	var e *errs.Error
	if errs.Is(err, errs.Invalid) && errors.As(err, &e) {
		d := sellerStoreData{Office: o, Story: story, Errors: map[string]string{e.Field: h.message(r, err)}}
		return h.renderSellerStore(w, r, http.StatusUnprocessableEntity, d)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, o.URL("/seller/store", "notice", "seller.notice.saved"))
}
