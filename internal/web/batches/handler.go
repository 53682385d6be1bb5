// Package batches is the station console's consignment pages — the
// batches of produce households leave at the station for sale, the form
// that records one, its receipt for the household and its label with a QR
// code — and the public page the QR code opens, which shows a batch's
// product, village, station and date but never who the household is.
package batches

import (
	"embed"
	"fmt"
	"html/template"
	"net/http"

	"maeul/internal/consignment"
	"maeul/internal/errs"
	"maeul/internal/impact"
	"maeul/internal/region"
	"maeul/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Handler holds the console and the services its pages use.
type Handler struct {
	*web.Console
	Batches *consignment.Service
	// Impact lists the households of the villages the station serves,
	// for the form.
	Impact  *impact.Service
	Regions region.Store
}

// New makes the pages on the shared layout of pages.
func New(pages *web.Handler, batches *consignment.Service, imp *impact.Service, regions region.Store) (*Handler, error) {
	c, err := pages.NewConsole(templateFiles, template.FuncMap{"kg": Kilograms})
	if err != nil {
		return nil, err
	}
	return &Handler{Console: c, Batches: batches, Impact: imp, Regions: regions}, nil
}

// Kilograms writes grams as kilograms with the decimals they need
// ("12.5", "0.25", "3").
func Kilograms(g int64) string {
	s := fmt.Sprintf("%d.%03d", g/1000, g%1000)
	for s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	if s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	return s
}

// refused reports whether err is a refusal a form shows beside its
// fields rather than an error page.
func refused(err error) bool {
	c := errs.CodeOf(err)
	return c == errs.Invalid || c == errs.Conflict
}

// PublicURL is the path of a batch's public page, which its QR code opens.
func PublicURL(code string) string { return "/batches/" + code }

// villages returns the regions of codes, each read once.
func (h *Handler) villages(r *http.Request, codes []region.Code) (map[region.Code]region.Region, error) {
	out := map[region.Code]region.Region{}
	for _, c := range codes {
		if _, ok := out[c]; ok {
			continue
		}
		rg, err := h.Regions.Region(r.Context(), c)
		if err != nil {
			return nil, err
		}
		out[c] = rg
	}
	return out, nil
}
