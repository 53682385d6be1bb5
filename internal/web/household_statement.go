package web

import (
	"net/http"
	"strings"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/impact"
	"maeul/internal/money"
	"maeul/internal/region"
)

// statementData is a household's printable income statement for a
// period, with the payout form of whoever may pay the household.
type statementData struct {
	St      impact.Statement
	Village region.Region
	Period  periodView
	Periods []periodChoice
	// Balance is the household's balance now, which a payout may not
	// exceed (shown beside the payout form).
	Balance money.Fen
	// Pay is the payout method the reader may record: "cash" for the
	// operator of a station serving the village, "bank" for the county
	// admin of the household's county (when a bank account is on file);
	// "" for nobody.
	Pay    string
	NoBank bool // a county admin, but no bank account on file
	// ShowID says whether the statement shows the head's ID number as
	// disclosed: not at a station, which works by name and phone.
	ShowID bool
	// Form is the payout form sent back with Error.
	Form    payoutForm
	Error   string
	Printed time.Time
	// Back is the list the reader came from.
	Back string
}

// payoutForm is the payout form as filled in.
type payoutForm struct {
	Amount    string // yuan
	Reference string
}

// householdStatement shows a household's income statement for a period
// (?period=: this month by default; last month, this quarter, this year,
// or a named period such as 2026-05): the opening balance, the supplies
// by product, the dividends by run, the payouts and the closing balance.
// It is printable. Who may see it, and how much of the household's
// personal data, are impact.Service.Statement's rules: the prefecture
// admin and the county admin in full, the operator of a station serving
// the village name and phone, auditors masked; others are refused.
func (h *Handler) householdStatement(w http.ResponseWriter, r *http.Request) error {
	d, err := h.statementPage(r)
	if err != nil {
		return err
	}
	return h.renderStatement(w, r, http.StatusOK, d)
}

// statementPage reads the statement of the request's household and
// period, and what the reader may do with it.
func (h *Handler) statementPage(r *http.Request) (statementData, error) {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	if err := a.Require(a.SignedIn(), "act.see_household_statement"); err != nil {
		return statementData{}, err
	}
	key := strings.TrimSpace(r.URL.Query().Get("period"))
	if key == "" {
		key = impact.ThisMonth
	}
	now := h.Now()
	p, err := impact.PeriodAt(key, now)
	if err != nil {
		return statementData{}, err
	}
	code := r.PathValue("code")
	st, err := h.Impact.Statement(ctx, a, code, p.Text)
	if err != nil {
		return statementData{}, err
	}
	d := statementData{St: st, Period: viewPeriod(key, p), Printed: now, Back: "/admin/households"}
	d.Periods = periodChoices(r.URL.Path, r.URL.Query(), impact.StatementPeriods, key)
	d.ShowID = a.Role != accounts.StationOperator
	if a.Role == accounts.StationOperator {
		d.Back = "/station/households"
	}
	if d.Village, err = h.Regions.Region(ctx, st.Household.Village); err != nil {
		return statementData{}, err
	}
	switch {
	case a.Role == accounts.StationOperator:
		d.Pay = impact.Cash
	case a.Role == accounts.CountyAdmin && a.Administers(st.Household.Village):
		d.Pay = impact.Bank
		if st.Household.BankAccount == "" {
			d.Pay, d.NoBank = "", true
		}
	}
	// The balance now: the closing balance of a period that holds now,
	// nothing being posted in the future.
	d.Balance = st.Closing
	if d.Pay != "" && !p.Contains(now) {
		cur, err := h.Impact.Statement(ctx, a, code, impact.MonthPeriod(now).Text)
		if err != nil {
			return statementData{}, err
		}
		d.Balance = cur.Closing
	}
	return d, nil
}

func (h *Handler) renderStatement(w http.ResponseWriter, r *http.Request, status int, d statementData) error {
	l := langFrom(r)
	w.Header().Set("Cache-Control", "no-store")
	return h.render(w, r, status, "household_statement", page{Title: h.cat.T(l, "statement.title", d.St.Household.Code), NavArea: "households", Data: d})
}
