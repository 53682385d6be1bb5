package programmes

import (
	"fmt"
	"net/http"

	"maeul/internal/accounts"
	"maeul/internal/money"
	"maeul/internal/programme"
	"maeul/internal/programme/reports"
	"maeul/internal/web"
)

type pairingData struct {
	view
	Pairings []programme.PairingLine
	Sales    money.Fen
	Form     pairingForm
	Today    string
}

type pairingForm struct {
	Org, Village, Since, Until string
}

// pairingList is the register of the region's pairings in force in the
// year, each with its sales that year, and the form to record one;
// ?format= downloads it.
func (h *Handler) pairingList(w http.ResponseWriter, r *http.Request) error {
	return h.renderPairings(w, r, http.StatusOK, pairingForm{}, "")
}

func (h *Handler) renderPairings(w http.ResponseWriter, r *http.Request, status int, f pairingForm, problem string) error {
	v, err := h.scope(r, "pairings")
	if err != nil {
		return err
	}
	v.Problem = problem
	ls, err := h.Programme.PairingLines(r.Context(), accounts.ActorFrom(r.Context()), v.Region.Code, v.Year)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("format") != "" {
		return h.writeExport(w, r, fmt.Sprintf("maeul-pairings-%s-%d", v.Region.Code, v.Year), []reports.Table{reports.PairingTable(ls, web.Lang(r))})
	}
	d := pairingData{view: v, Pairings: ls, Form: f, Today: h.Programme.Today().Format("2006-01-02")}
	for _, l := range ls {
		d.Sales += l.Sales
	}
	return h.Render(w, r, status, "programme_pairings", web.Page{Title: h.T(r, "programme.pairings"), NavArea: "admin", Data: d})
}
