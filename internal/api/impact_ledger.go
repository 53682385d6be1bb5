package api

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/chinatime"
	"maeul/internal/download"
	"maeul/internal/errs"
	"maeul/internal/impact"
)

// The auditor's reads of the ledger: entries, the verify result and a
// period's export. impact.Service lets the prefecture admin and auditors
// of the prefecture read them; households appear by id only.

// ledgerEntries answers GET /ledger/entries: entries in ledger order,
// filtered by account, kind, household (its code), org (its code), tx and
// dates (from and to, YYYY-MM-DD in China, both included), a page at a
// time (limit up to 1,000; next_cursor is the after of the next page).
func (h *Handler) ledgerEntries(w http.ResponseWriter, r *http.Request) error {
	if err := h.needImpact(); err != nil {
		return err
	}
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	v := r.URL.Query()
	f := impact.EntryFilter{Account: impact.Account(strings.TrimSpace(v.Get("account"))), Kind: impact.Kind(v.Get("kind"))}
	num := func(name string) (int64, error) {
		s := v.Get(name)
		if s == "" {
			return 0, nil
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			return 0, errs.Field(name, "err.api.whole_number", name)
		}
		return n, nil
	}
	var err error
	if f.TxID, err = num("tx"); err != nil {
		return err
	}
	if f.AfterSeq, err = num("after"); err != nil {
		return err
	}
	limit, err := num("limit")
	if err != nil {
		return err
	}
	f.Limit = int(limit)
	if code := v.Get("household"); code != "" {
		hh, err := h.Impact.Household(ctx, a, code)
		if errs.Is(err, errs.NotFound) {
			return errs.Field("household", "err.api.household_unknown", code)
		}
		if err != nil {
			return err
		}
		f.HouseholdID = hh.ID
	}
	if code := v.Get("org"); code != "" {
		o, err := h.OrgStore.Organization(ctx, code)
		if errs.Is(err, errs.NotFound) {
			return errs.Field("org", "err.org.unknown", code)
		}
		if err != nil {
			return err
		}
		f.OrgID = o.ID
	}
	for _, d := range []struct {
		name string
		dst  *time.Time
		next bool
	}{{"from", &f.From, false}, {"to", &f.To, true}} {
		s := v.Get(d.name)
		if s == "" {
			continue
		}
		t, err := time.ParseInLocation(time.DateOnly, s, chinatime.Zone)
		if err != nil {
			return errs.Field(d.name, "err.input.date", s)
		}
		if d.next {
			t = t.AddDate(0, 0, 1)
		}
		*d.dst = t
	}
	pg, err := h.Impact.Entries(ctx, a, f)
	if err != nil {
		return err
	}
	out := listOf(pg.Entries, toEntry)
	if pg.Next != 0 {
		out.NextCursor = strconv.FormatInt(pg.Next, 10)
	}
	return writeJSON(w, http.StatusOK, out)
}

// ledgerVerify answers GET /ledger/verify: a check of the whole ledger,
// as `maeul verify` makes it.
func (h *Handler) ledgerVerify(w http.ResponseWriter, r *http.Request) error {
	if err := h.needImpact(); err != nil {
		return err
	}
	ctx := r.Context()
	c, err := h.Impact.CheckLedger(ctx, accounts.ActorFrom(ctx), h.Ledger)
	if err != nil {
		return err
	}
	out := ledgerCheckJSON{OK: c.OK(), Entries: c.Entries, Transactions: c.Transactions, Accounts: c.Accounts,
		PaidLines: c.PaidLines, RefundLines: c.RefundLines, Problems: c.Problems, More: c.More}
	if out.Problems == nil {
		out.Problems = []string{}
	}
	return writeJSON(w, http.StatusOK, out)
}

// ledgerExport answers GET /ledger/export?period=: the period's entries
// as CSV (impact.EntryColumns), streamed as an attachment. Refusals are
// JSON errors, sent before any of the file.
func (h *Handler) ledgerExport(w http.ResponseWriter, r *http.Request) error {
	if err := h.needImpact(); err != nil {
		return err
	}
	ctx := r.Context()
	key := queryPeriod(r)
	if key == "" {
		key = impact.LastMonth
	}
	p, err := impact.PeriodAt(key, h.clock())
	if err != nil {
		return err
	}
	by := accounts.ActorFrom(ctx)
	return download.CSV(w, "maeul-ledger-"+p.Text+".csv", h.Logger, "ledger export", func(out io.Writer) error {
		return h.Impact.ExportEntries(ctx, by, p.Text, out)
	})
}
