package impact

import (
	"cmp"
	"context"
	"slices"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/money"
	"maeul/internal/org"
	"maeul/internal/region"
)

// E-commerce dividends. A village store or cooperative with a pool link
// puts a percentage of each paid sale into its dividend pool (the account
// OrgPool). A dividend run pays what the pool holds to the households
// holding shares in the organization (its member links), by shares, with
// the largest-remainder method: each household first gets the floor of
// pool × its shares ÷ all shares, and the fen left over go one each to the
// largest remainders, ties to the lower household id. The parts sum to the
// pool exactly, so a run empties the pool.
//
// A run is for an organization and a period (a month, quarter or year).
// The members are those whose member links are live on the period's last
// day; the amount is the pool's balance when the run executes, whatever
// period the sales that filled it fell in: what earlier runs paid has
// left the pool, what later sales add waits for the next run. A period is
// paid once: executing it again returns the first run.

// Share is one household's part of a dividend run.
type Share struct {
	HouseholdID int64
	Household   string // its code
	Village     region.Code
	Shares      int64
	Amount      money.Fen
}

// DividendPlan is a dividend run worked out but not executed.
type DividendPlan struct {
	Org    org.Organization
	Period Period
	// Pool is the pool's balance now: what pool postings put in, less what
	// earlier runs paid out.
	Pool        money.Fen
	TotalShares int64
	Shares      []Share // ordered by household id
	// Executed is the run already made for the period, if any: executing
	// the plan would return it rather than pay again.
	Executed *DividendRun
}

// DividendRun is an executed dividend run.
type DividendRun struct {
	ID         int64
	OrgID      int64
	Period     string
	Amount     money.Fen
	ExecutedBy int64 // the user; 0 for the operator's command line
	ExecutedAt time.Time
	TxID       int64 // its ledger transaction
	Shares     []Share
	// Earlier reports that the period had already been run: this is that
	// run, and nothing was paid now.
	Earlier bool
}

// SplitDividends fills in each member's amount of pool, by shares, largest
// remainder (ties to the earlier member), as DividendPostings pays it.
// Members without shares get nothing; with no shares at all, or nothing in
// the pool, every amount is zero.
func SplitDividends(pool money.Fen, members []Share) []Share {
	out := append([]Share(nil), members...)
	var idx []int
	var w []int64
	for i, m := range out {
		out[i].Amount = 0
		if m.Shares > 0 {
			idx = append(idx, i)
			w = append(w, m.Shares)
		}
	}
	if pool <= 0 || len(w) == 0 {
		return out
	}
	parts, err := money.Split(pool, w)
	if err != nil {
		return out
	}
	for k, i := range idx {
		out[i].Amount = parts[k]
	}
	return out
}

// mayRunDividends reports whether by may execute an organization's
// dividend runs: its own seller, or a county admin of the county it lies
// in (and the operator's command line).
func mayRunDividends(by accounts.Actor, o org.Organization) bool {
	switch {
	case by.System:
		return true
	case by.Disabled:
		return false
	case by.Role == accounts.Seller:
		return by.OrgID == o.ID
	case by.Role == accounts.CountyAdmin:
		return by.Administers(o.Region)
	}
	return false
}

// mayReadDividends reports whether by may see an organization's dividend
// plans and runs (who gets what): those who may run them, and those who
// oversee the organization's region.
func mayReadDividends(by accounts.Actor, o org.Organization) bool {
	return mayRunDividends(by, o) || by.Oversees(o.Region)
}

// PreviewDividends works out the dividend run of an organization (by code)
// for a period: the pool's balance now and each member's part of it. The
// organization's seller, the admins and auditors overseeing its region may
// preview; others get Forbidden (Unauthorized for a guest). A period
// already run shows the run in Executed.
func (s *Service) PreviewDividends(ctx context.Context, by accounts.Actor, orgCode, period string) (DividendPlan, error) {
	o, p, err := s.dividendTarget(ctx, orgCode, period)
	if err != nil {
		return DividendPlan{}, err
	}
	if err := by.Require(mayReadDividends(by, o), "act.see_dividends"); err != nil {
		return DividendPlan{}, err
	}
	plan := DividendPlan{Org: o, Period: p}
	if run, err := s.Store.DividendRun(ctx, o.ID, p.Text); err == nil {
		plan.Executed = &run
	} else if !errs.Is(err, errs.NotFound) {
		return DividendPlan{}, err
	}
	if plan.Pool, err = s.Store.AccountBalance(ctx, OrgPool(o.ID)); err != nil {
		return DividendPlan{}, err
	}
	members, err := s.members(ctx, o.ID, p.LastDay())
	if err != nil {
		return DividendPlan{}, err
	}
	for _, m := range members {
		plan.TotalShares += m.Shares
	}
	plan.Shares = SplitDividends(plan.Pool, members)
	return plan, nil
}

// ExecuteDividends pays an organization's dividend pool to its members for
// a period, by shares, in one ledger transaction recorded with the run. It
// is idempotent: a period already run returns that run (Earlier set) and
// pays nothing. Only the organization's seller or a county admin of its
// county may execute (others Forbidden). A period not yet over is Invalid
// (its members are counted on its last day), and so is an organization
// whose pool is empty or that has no members holding shares.
func (s *Service) ExecuteDividends(ctx context.Context, by accounts.Actor, orgCode, period string) (DividendRun, error) {
	o, p, err := s.dividendTarget(ctx, orgCode, period)
	if err != nil {
		return DividendRun{}, err
	}
	if err := by.Require(mayRunDividends(by, o), "act.pay_dividends"); err != nil {
		return DividendRun{}, err
	}
	now := s.now()
	if !p.Over(now) {
		return DividendRun{}, errs.Field("period", "err.impact.period_not_over",
			p.Text, p.LastDay().Format("2006-01-02"))
	}
	members, err := s.members(ctx, o.ID, p.LastDay())
	if err != nil {
		return DividendRun{}, err
	}
	holdings := make([]Holding, 0, len(members))
	for _, m := range members {
		holdings = append(holdings, Holding{HouseholdID: m.HouseholdID, Shares: m.Shares})
	}
	return s.Store.ExecuteDividendRun(ctx, DividendRun{OrgID: o.ID, Period: p.Text, ExecutedBy: by.ID, ExecutedAt: now}, holdings)
}

// DividendRuns lists an organization's executed runs, newest first, to
// those who may preview them.
func (s *Service) DividendRuns(ctx context.Context, by accounts.Actor, orgCode string) ([]DividendRun, error) {
	o, err := s.Orgs.Organization(ctx, orgCode)
	if err != nil {
		return nil, err
	}
	if err := by.Require(mayReadDividends(by, o), "act.see_dividends"); err != nil {
		return nil, err
	}
	return s.Store.DividendRuns(ctx, o.ID)
}

func (s *Service) dividendTarget(ctx context.Context, orgCode, period string) (org.Organization, Period, error) {
	p, err := ParsePeriod(period)
	if err != nil {
		return org.Organization{}, Period{}, err
	}
	o, err := s.Orgs.Organization(ctx, orgCode)
	if err != nil {
		return org.Organization{}, Period{}, err
	}
	return o, p, nil
}

// members returns the households holding shares in an organization by its
// member links live on day, a household's links added up, ordered by
// household id (the order the largest-remainder split breaks ties in).
func (s *Service) members(ctx context.Context, orgID int64, day time.Time) ([]Share, error) {
	links, err := s.Store.Links(ctx, LinkFilter{OrgID: orgID, Kind: Member, LiveOn: day})
	if err != nil {
		return nil, err
	}
	shares := map[int64]int64{}
	var ids []int64
	for _, l := range links {
		if l.Kind != Member || l.HouseholdID == 0 || l.Shares <= 0 || !l.LiveOn(day) {
			continue
		}
		if _, ok := shares[l.HouseholdID]; !ok {
			ids = append(ids, l.HouseholdID)
		}
		shares[l.HouseholdID] += l.Shares
	}
	if len(ids) == 0 {
		return nil, nil
	}
	hs, err := s.Store.Households(ctx, HouseholdFilter{IDs: ids})
	if err != nil {
		return nil, err
	}
	out := make([]Share, 0, len(hs))
	for _, h := range hs {
		out = append(out, Share{HouseholdID: h.ID, Household: h.Code, Village: h.Village, Shares: shares[h.ID]})
	}
	slices.SortFunc(out, func(a, b Share) int { return cmp.Compare(a.HouseholdID, b.HouseholdID) })
	return out, nil
}
