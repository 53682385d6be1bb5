package impact

import (
	"context"
	"io"
	"strconv"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/region"
	"maeul/internal/text"
)

// EntryFilter selects ledger entries for the auditor; zero fields select
// everything. Entries come in ledger order (by Seq).
type EntryFilter struct {
	Account     Account
	Kind        Kind
	HouseholdID int64
	OrgID       int64
	TxID        int64
	From, To    time.Time // From ≤ At < To; zero for open
	// AfterSeq continues a listing after the entry with this Seq: pass the
	// previous page's Next.
	AfterSeq int64
	// Limit is the most entries a page holds: DefaultEntries when zero, at
	// most MaxEntries.
	Limit int
}

// The sizes of a page of entries.
const (
	DefaultEntries = 100
	MaxEntries     = 1000
)

// EntryPage is one page of entries.
type EntryPage struct {
	Entries []Entry
	// Next is the AfterSeq of the next page; 0 when this page is the last.
	Next int64
}

// mayReadLedger reports whether by may read the ledger's entries: it
// covers the whole prefecture, so the operator, the prefecture admin and
// auditors whose scope is a prefecture or wider (or unlimited) may.
func mayReadLedger(by accounts.Actor) bool {
	switch {
	case by.System:
		return true
	case by.Disabled || (by.Role != accounts.Auditor && by.Role != accounts.PrefectureAdmin):
		return false
	case by.Scope == "":
		return by.Role == accounts.Auditor
	}
	r := by.Scope.Level().Rank()
	return r >= 0 && r <= region.Prefecture.Rank()
}

// Entries returns a page of ledger entries matching f, to the prefecture
// admin and auditors of the prefecture (others Forbidden, guests
// Unauthorized). A limit out of range is Invalid.
func (s *Service) Entries(ctx context.Context, by accounts.Actor, f EntryFilter) (EntryPage, error) {
	if err := by.Require(mayReadLedger(by), "act.read_ledger"); err != nil {
		return EntryPage{}, err
	}
	switch {
	case f.Limit == 0:
		f.Limit = DefaultEntries
	case f.Limit < 0 || f.Limit > MaxEntries:
		return EntryPage{}, errs.Field("limit", "err.impact.page_limit", MaxEntries)
	}
	want := f.Limit
	f.Limit++ // one more tells whether there is a next page
	es, err := s.Store.LedgerEntries(ctx, f)
	if err != nil {
		return EntryPage{}, err
	}
	page := EntryPage{Entries: es}
	if len(es) > want {
		page.Entries = es[:want]
		page.Next = es[want-1].Seq
	}
	return page, nil
}

// EntryColumns are the columns of the entries' CSV export, in order.
var EntryColumns = []string{"seq", "tx_id", "at", "account", "amount_fen", "kind", "org_id", "household_id", "link_id",
	"line_id", "refund_id", "run_id", "payout_id", "prev_hash", "hash"}

// ExportEntries writes the ledger entries of a period to w as CSV (a
// header of EntryColumns, then one row per entry in ledger order, times in
// RFC 3339 UTC with microseconds), streaming them from the store. The
// hashes let an auditor check the chain from the export alone: each row's
// hash is Entry.ComputeHash of its fields. Who may: as for Entries.
func (s *Service) ExportEntries(ctx context.Context, by accounts.Actor, period string, w io.Writer) error {
	if err := by.Require(mayReadLedger(by), "act.read_ledger"); err != nil {
		return err
	}
	p, err := ParsePeriod(period)
	if err != nil {
		return err
	}
	cw := text.NewCSVWriter(w)
	if err := cw.Write(EntryColumns); err != nil {
		return err
	}
	n := 0
	err = s.Store.EachLedgerEntry(ctx, EntryFilter{From: p.From(), To: p.To()}, func(e Entry) error {
		i := func(v int64) string { return strconv.FormatInt(v, 10) }
		if err := cw.Write(([]string{i(e.Seq), i(e.TxID), e.At.UTC().Format("2006-01-02T15:04:05.000000Z"), string(e.Account),
			i(int64(e.Amount)), string(e.Kind), i(e.OrgID), i(e.HouseholdID), i(e.LinkID), i(e.LineID), i(e.RefundID),
			i(e.RunID), i(e.PayoutID), e.PrevHash, e.Hash})); err != nil {
			return err
		}
		if n++; n%1000 == 0 {
			cw.Flush()
			return cw.Error()
		}
		return nil
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}
