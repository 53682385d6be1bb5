package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/chinatime"
	"maeul/internal/errs"
	"maeul/internal/impact"
)

// The auditor's view of the ledger, read-only: its entries with filters,
// a page at a time, the verify result (auditor_verify.go) and a period's
// entries as CSV (auditor_export.go). impact.Service lets the prefecture
// admin and auditors of the prefecture read it.

// ledgerData is a page of ledger entries and the filters that chose them.
type ledgerData struct {
	Filter  ledgerFilter
	Entries []ledgerRow
	NextURL string
	Kinds   []string
	// ExportPeriod is the export form's default: last month.
	ExportPeriod string
}

// ledgerFilter is the filter form as filled in.
type ledgerFilter struct {
	Account, Kind, Household, Org, Tx, From, To string
}

// ledgerRow is an entry with its organization's code.
type ledgerRow struct {
	impact.Entry
	OrgCode string
}

// ledgerKinds are the kinds of posting the filter offers.
var ledgerKinds = []string{string(impact.KindSale), string(impact.KindSupply), string(impact.KindPool),
	string(impact.KindRefund), string(impact.KindDividend), string(impact.KindPayout)}

// auditorLedger lists ledger entries in ledger order, 100 a page
// (?after=SEQ for the next), filtered by account, kind, household (its
// code), organization (its code), ledger transaction and dates (China
// time, both days included). A household is looked up as the auditor may
// see it, so its personal data stays masked.
func (h *Handler) auditorLedger(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	q := r.URL.Query()
	f := ledgerFilter{Account: strings.TrimSpace(q.Get("account")), Kind: q.Get("kind"), Household: strings.TrimSpace(q.Get("household")),
		Org: strings.TrimSpace(q.Get("org")), Tx: strings.TrimSpace(q.Get("tx")), From: q.Get("from"), To: q.Get("to")}
	ef, err := h.entryFilter(r, f)
	if err != nil {
		return err
	}
	if s := q.Get("after"); s != "" {
		if ef.AfterSeq, err = strconv.ParseInt(s, 10, 64); err != nil || ef.AfterSeq < 0 {
			return errs.Field("after", "err.web.ledger_after")
		}
	}
	pg, err := h.Impact.Entries(ctx, a, ef)
	if err != nil {
		return err
	}
	d := ledgerData{Filter: f, Kinds: ledgerKinds, ExportPeriod: impact.MonthPeriod(h.Now()).Previous().Text}
	orgs := map[int64]string{}
	for _, e := range pg.Entries {
		code, ok := orgs[e.OrgID]
		if !ok && e.OrgID != 0 {
			if o, err := h.OrgStore.OrganizationByID(ctx, e.OrgID); err == nil {
				code = o.Code
			} else if !errs.Is(err, errs.NotFound) {
				return err
			}
			orgs[e.OrgID] = code
		}
		d.Entries = append(d.Entries, ledgerRow{Entry: e, OrgCode: code})
	}
	if pg.Next != 0 {
		v := url.Values{}
		for k, vs := range q {
			if k != "after" && k != "notice" {
				v[k] = vs
			}
		}
		v.Set("after", strconv.FormatInt(pg.Next, 10))
		d.NextURL = r.URL.Path + "?" + v.Encode()
	}
	l := langFrom(r)
	w.Header().Set("Cache-Control", "no-store")
	return h.render(w, r, http.StatusOK, "auditor_ledger", page{Title: h.cat.T(l, "ledger.title"), NavArea: "ledger", Data: d})
}

// entryFilter turns the filter form into the ledger's filter, looking up
// the household and organization codes.
func (h *Handler) entryFilter(r *http.Request, f ledgerFilter) (impact.EntryFilter, error) {
	ctx := r.Context()
	var ef impact.EntryFilter
	ef.Account = impact.Account(f.Account)
	if f.Kind != "" {
		ok := false
		for _, k := range ledgerKinds {
			ok = ok || k == f.Kind
		}
		if !ok {
			return ef, errs.Field("kind", "err.web.posting_kind", f.Kind)
		}
		ef.Kind = impact.Kind(f.Kind)
	}
	if f.Household != "" {
		hh, err := h.Impact.Household(ctx, accounts.ActorFrom(ctx), f.Household)
		if err != nil {
			return ef, err
		}
		ef.HouseholdID = hh.ID
	}
	if f.Org != "" {
		o, err := h.OrgStore.Organization(ctx, f.Org)
		if err != nil {
			return ef, err
		}
		ef.OrgID = o.ID
	}
	if f.Tx != "" {
		n, err := strconv.ParseInt(f.Tx, 10, 64)
		if err != nil || n <= 0 {
			return ef, errs.Field("tx", "err.web.ledger_tx")
		}
		ef.TxID = n
	}
	var err error
	if f.From != "" {
		if ef.From, err = chinaDay("from", f.From); err != nil {
			return ef, err
		}
	}
	if f.To != "" {
		if ef.To, err = chinaDay("to", f.To); err != nil {
			return ef, err
		}
		ef.To = ef.To.AddDate(0, 0, 1) // the whole day
	}
	return ef, nil
}

// chinaDay reads a date (YYYY-MM-DD) as the instant it starts in China.
func chinaDay(field, s string) (time.Time, error) {
	t, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(s), chinatime.Zone)
	if err != nil {
		return time.Time{}, errs.Field(field, "err.input.date", s)
	}
	return t, nil
}
