package impact

import (
	"context"
	"fmt"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/region"
)

// What the pages and the API add to the service: the period selector's
// relative choices ("this month", …, "all"), figures over any Period, and
// the auditor's verify result.

// The period selector's relative choices. PeriodAt resolves the first four
// at a given time; AllTime needs the ledger (see Service.FigurePeriod).
const (
	ThisMonth   = "this_month"
	LastMonth   = "last_month"
	ThisQuarter = "this_quarter"
	ThisYear    = "this_year"
	AllTime     = "all"
)

// RelativePeriods lists the selector's relative choices in the order a
// page offers them; StatementPeriods are those a household statement
// offers (a statement's balances need a bounded period).
var (
	RelativePeriods  = []string{ThisMonth, LastMonth, ThisQuarter, ThisYear, AllTime}
	StatementPeriods = []string{ThisMonth, LastMonth, ThisQuarter, ThisYear}
)

// PeriodAt resolves a period as people choose it: one of the relative
// choices but AllTime, at now (in China), or a period ParsePeriod reads;
// "" is ThisYear. Anything else, AllTime included, is Invalid.
func PeriodAt(s string, now time.Time) (Period, error) {
	d := Day(now)
	switch s {
	case "", ThisYear:
		return ParsePeriod(d.Format("2006"))
	case ThisMonth:
		return MonthPeriod(now), nil
	case LastMonth:
		return MonthPeriod(now).Previous(), nil
	case ThisQuarter:
		return ParsePeriod(fmt.Sprintf("%d-Q%d", d.Year(), (int(d.Month())+2)/3))
	case AllTime:
		return Period{}, errs.Field("period", "err.impact.period_all_time")
	}
	return ParsePeriod(s)
}

// FigurePeriod resolves the period of impact figures: as PeriodAt, and
// AllTime, the whole years from the year of the ledger's first entry to
// this one (Text "all"; this year alone while the ledger is empty).
func (s *Service) FigurePeriod(ctx context.Context, text string) (Period, error) {
	now := s.now()
	if text != AllTime {
		return PeriodAt(text, now)
	}
	first := Day(now).Year()
	es, err := s.Store.LedgerEntries(ctx, EntryFilter{Limit: 1})
	if err != nil {
		return Period{}, fmt.Errorf("impact.FigurePeriod: %w", err)
	}
	if len(es) > 0 {
		first = min(first, Day(es[0].At).Year())
	}
	return Period{
		Text:  AllTime,
		Start: time.Date(first, time.January, 1, 0, 0, 0, 0, time.UTC),
		End:   time.Date(Day(now).Year()+1, time.January, 1, 0, 0, 0, 0, time.UTC),
	}, nil
}

// RegionFiguresOver is RegionFigures for a resolved period (see
// FigurePeriod), AllTime included.
func (s *Service) RegionFiguresOver(ctx context.Context, code string, p Period) (Figures, error) {
	c, err := region.ParseCode(code)
	if err != nil {
		return Figures{}, errs.InField("region", err)
	}
	r, err := s.Regions.Region(ctx, c)
	if err != nil {
		return Figures{}, err
	}
	f, err := s.Store.ImpactFigures(ctx, FigureQuery{Region: c, Period: p, Top: TopProducts})
	if err != nil {
		return Figures{}, err
	}
	f.Region, f.Name, f.Period = c, r.Name, p
	f.finish()
	return f, nil
}

// ChildFiguresOver is ChildFigures for a resolved period (see
// FigurePeriod), AllTime included.
func (s *Service) ChildFiguresOver(ctx context.Context, code string, p Period) ([]DivisionFigures, error) {
	c, err := region.ParseCode(code)
	if err != nil {
		return nil, errs.InField("region", err)
	}
	kids, err := s.Regions.Children(ctx, c)
	if err != nil {
		return nil, err
	}
	if len(kids) == 0 {
		// A village, or no region at all.
		if _, err := s.Regions.Region(ctx, c); err != nil {
			return nil, err
		}
		return nil, nil
	}
	codes := make([]region.Code, len(kids))
	for i, k := range kids {
		codes[i] = k.Code
	}
	fs, err := s.Store.ChildImpactFigures(ctx, FigureQuery{Region: c, Period: p}, codes)
	if err != nil {
		return nil, fmt.Errorf("impact.ChildFigures: %w", err)
	}
	out := make([]DivisionFigures, len(kids))
	for i, k := range kids {
		f := fs[k.Code]
		f.Region, f.Name, f.Period = k.Code, k.Name, p
		f.finish()
		out[i] = DivisionFigures{Region: k.Region, Figures: f}
	}
	return out, nil
}

// OrgFiguresOver is OrgFigures for a resolved period (see FigurePeriod),
// AllTime included.
func (s *Service) OrgFiguresOver(ctx context.Context, orgCode string, p Period) (Figures, error) {
	o, err := s.Orgs.Organization(ctx, orgCode)
	if err != nil {
		return Figures{}, err
	}
	f, err := s.Store.ImpactFigures(ctx, FigureQuery{OrgID: o.ID, Period: p, Top: TopProducts})
	if err != nil {
		return Figures{}, err
	}
	f.OrgID, f.Name, f.Period = o.ID, o.Name, p
	f.finish()
	return f, nil
}

// LedgerCheck is what a check of the whole ledger found (see Audit): how
// much it read and every problem, none when the ledger is sound.
type LedgerCheck struct {
	Entries      int64
	Transactions int64
	Accounts     int
	PaidLines    int64
	RefundLines  int64
	Batches      int64 // consignment batches checked
	Problems     []string
	More         int // problems beyond those listed
}

// OK reports whether the check found nothing wrong.
func (c LedgerCheck) OK() bool { return len(c.Problems) == 0 && c.More == 0 }

// LedgerVerifier checks the whole ledger: the hash chain, balanced
// transactions, running balances, every paid line and refund posted. An
// error means the check could not run, not that the ledger is unsound.
type LedgerVerifier interface {
	VerifyLedger(ctx context.Context) (LedgerCheck, error)
}

// CheckLedger runs v's check of the whole ledger for by, who may read the
// ledger (see Entries; others Forbidden, guests Unauthorized). It reads
// every entry: a deliberate step, not one for every page.
func (s *Service) CheckLedger(ctx context.Context, by accounts.Actor, v LedgerVerifier) (LedgerCheck, error) {
	if err := by.Require(mayReadLedger(by), "act.verify_ledger"); err != nil {
		return LedgerCheck{}, err
	}
	if v == nil {
		return LedgerCheck{}, fmt.Errorf("impact.CheckLedger: no verifier")
	}
	c, err := v.VerifyLedger(ctx)
	if err != nil {
		return LedgerCheck{}, fmt.Errorf("impact.CheckLedger: %w", err)
	}
	return c, nil
}

// MayReadLedger reports whether by may read the ledger's entries, for
// pages that offer the auditor's tools (the service checks again).
func MayReadLedger(by accounts.Actor) bool { return mayReadLedger(by) }
