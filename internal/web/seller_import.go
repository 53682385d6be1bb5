package web

import (
	"errors"
	"net/http"
	"path"
	"strconv"
	"strings"

	"maeul/internal/accounts"
	"maeul/internal/importer"
)

// maxImportRequest bounds a product file upload.
const maxImportRequest = 4 << 20

type sellerImportData struct {
	Office   sellerOffice
	Imported int    // rows imported by the upload just made; 0 for none
	File     string // the refused file's name
	Problems []string
	More     int
	Error    string
	Required []string
	Optional []string
}

// sellerImportForm shows the product file upload, and how many rows the
// last upload imported (?done=N).
func (h *Handler) sellerImportForm(w http.ResponseWriter, r *http.Request) error {
	o, err := h.sellerOfficeFromRequest(r)
	if err != nil {
		return err
	}
	d := sellerImportData{Office: o}
	d.Imported, _ = strconv.Atoi(r.URL.Query().Get("done"))
	return h.renderSellerImport(w, r, http.StatusOK, d)
}

func (h *Handler) renderSellerImport(w http.ResponseWriter, r *http.Request, status int, d sellerImportData) error {
	s := importer.Kinds["products"].Schema
	d.Required, d.Optional = s.Required, s.Optional
	return h.render(w, r, status, "seller_import", page{Title: h.cat.T(langFrom(r), "seller.import.title"), NavArea: "seller", Data: d})
}

// sellerImport imports an uploaded product file all or nothing, as the
// signed-in actor: each product goes through the catalog's rules, so a
// seller may import only its own organization's products and a station
// operator only those of the stores its station serves. A refused file is
// shown with every problem at its line and column, and nothing is written.
func (h *Handler) sellerImport(w http.ResponseWriter, r *http.Request) error {
	o, err := h.sellerOfficeFromRequest(r)
	if err != nil {
		return err
	}
	l := langFrom(r)
	d := sellerImportData{Office: o}
	f, err := sellerUploadedFile(w, r, "file", maxImportRequest)
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		d.Error = h.cat.T(l, "seller.import.too_large", "4 MiB")
		return h.renderSellerImport(w, r, http.StatusRequestEntityTooLarge, d)
	case errors.Is(err, http.ErrMissingFile):
		d.Error = h.cat.T(l, "seller.import.missing")
		return h.renderSellerImport(w, r, http.StatusUnprocessableEntity, d)
	case err != nil:
		d.Error = h.cat.T(l, "seller.upload.broken")
		return h.renderSellerImport(w, r, http.StatusBadRequest, d)
	}
	defer f.Close()
	d.File = "products.csv"
	if _, fh, err := r.FormFile("file"); err == nil {
		if name := path.Base(strings.ReplaceAll(fh.Filename, `\`, "/")); name != "." && name != "/" && len(name) <= 100 {
			d.File = name
		}
	}
	im := &importer.Importer{Store: h.Imports, Catalog: h.Catalog, Actor: accounts.ActorFrom(r.Context())}
	n, err := im.Import(r.Context(), "products", d.File, f)
	var bad *importer.Error
	if errors.As(err, &bad) {
		for _, p := range bad.Problems {
			d.Problems = append(d.Problems, p.Localize(h.cat, l))
		}
		d.More = bad.More
		return h.renderSellerImport(w, r, http.StatusUnprocessableEntity, d)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, o.URL("/seller/import", "done", strconv.Itoa(n), "notice", "seller.notice.imported"))
}
