package statistics

import (
	"errors"
	"net/http"
	"path"
	"strconv"
	"strings"

	"maeul/internal/accounts"
	"maeul/internal/importer"
	"maeul/internal/web"
)

// maxUpload bounds a sales file uploaded in the back office.
const maxUpload = 16 << 20

type importData struct {
	view
	// Seller marks the seller's upload (/seller/sales), which covers its
	// own organization; an admin's covers its area.
	Seller   bool
	Action   string
	Imported int
	File     string
	Problems []string
	More     int
	Error    string
	Required []string
	Optional []string
}

// importPage reads who uploads where: a seller its organization's sales
// at /seller/sales, an admin its area's at /admin/stats/import.
func (h *Handler) importPage(r *http.Request) (importData, error) {
	a := accounts.ActorFrom(r.Context())
	s := importer.Kinds["sales"].Schema
	d := importData{Required: s.Required, Optional: s.Optional}
	if strings.HasPrefix(r.URL.Path, "/seller/") {
		if err := a.Require(a.Role == accounts.Seller && a.OrgID != 0, "act.import", "sales"); err != nil {
			return d, err
		}
		d.Seller, d.Action = true, "/seller/sales"
		return d, nil
	}
	v, err := h.scope(r, "import")
	if err != nil {
		return d, err
	}
	if err := a.Require(v.CanUpload, "act.import_sales_in", string(v.Region.Code)); err != nil {
		return d, err
	}
	d.view, d.Action = v, v.URL("/admin/stats/import")
	return d, nil
}

// importForm shows the sales file upload, and how many lines the last
// upload imported (?done=N).
func (h *Handler) importForm(w http.ResponseWriter, r *http.Request) error {
	d, err := h.importPage(r)
	if err != nil {
		return err
	}
	d.Imported, _ = strconv.Atoi(r.URL.Query().Get("done"))
	return h.renderImport(w, r, http.StatusOK, d)
}

func (h *Handler) renderImport(w http.ResponseWriter, r *http.Request, status int, d importData) error {
	area := "stats"
	if d.Seller {
		area = "seller"
	}
	return h.Render(w, r, status, "stats_import", web.Page{Title: h.T(r, "stats.import.title"), NavArea: area, Data: d})
}

// importFile imports an uploaded sales file all or nothing, as the
// signed-in actor (the statistics service decides whose sales each line
// may record); a refused file is shown with every problem at its line and
// column, and nothing is written.
func (h *Handler) importFile(w http.ResponseWriter, r *http.Request) error {
	d, err := h.importPage(r)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	var f interface {
		Read([]byte) (int, error)
		Close() error
	}
	err = r.ParseMultipartForm(1 << 20)
	if err == nil {
		f, _, err = r.FormFile("file")
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		d.Error = h.T(r, "stats.import.too_large", "16 MiB")
		return h.renderImport(w, r, http.StatusRequestEntityTooLarge, d)
	case errors.Is(err, http.ErrMissingFile), errors.Is(err, http.ErrNotMultipart):
		d.Error = h.T(r, "stats.import.missing")
		return h.renderImport(w, r, http.StatusUnprocessableEntity, d)
	case err != nil:
		d.Error = h.T(r, "stats.import.broken")
		return h.renderImport(w, r, http.StatusBadRequest, d)
	}
	defer f.Close()
	d.File = "sales.csv"
	if _, fh, err := r.FormFile("file"); err == nil {
		if name := path.Base(strings.ReplaceAll(fh.Filename, `\`, "/")); name != "." && name != "/" && len(name) <= 100 {
			d.File = name
		}
	}
	im := &importer.Importer{Store: h.Imports, Stats: h.Stats, Actor: accounts.ActorFrom(r.Context())}
	n, err := im.Import(r.Context(), "sales", d.File, f)
	var bad *importer.Error
	if errors.As(err, &bad) {
		for _, p := range bad.Problems {
			d.Problems = append(d.Problems, p.Localize(h.Catalog(), web.Lang(r)))
		}
		d.More = bad.More
		return h.renderImport(w, r, http.StatusUnprocessableEntity, d)
	}
	if err != nil {
		return err
	}
	sep := "?"
	if strings.Contains(d.Action, "?") {
		sep = "&"
	}
	http.Redirect(w, r, d.Action+sep+"done="+strconv.Itoa(n), http.StatusSeeOther)
	return nil
}
