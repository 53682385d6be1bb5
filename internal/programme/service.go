package programme

import (
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/impact"
	"maeul/internal/network"
	"maeul/internal/org"
	"maeul/internal/region"
)

// Service carries out the programme rules. Who may do what:
//   - the admins of a region (a county admin in the county, a prefecture
//     admin in the prefecture) record and revoke the titles of subjects
//     lying in it, record and end the pairings of its villages, and run
//     the events it hosts (their participants);
//   - those who oversee a region (its admins, auditors) read its
//     registers, counts and reports, never writing;
//   - an event's organizer (the sellers of an organization, the operators
//     of a service point taking part as organizer) records its deals and
//     reads its report;
//   - anyone sees the titles in force on public pages, and the events
//     with their participants.
type Service struct {
	Store   Store
	Regions region.Store
	Orgs    org.Store
	Points  network.Store
	// Totals gives the province's reported totals of titles, for the
	// share of them a region holds; nil when none are kept.
	Totals ProvinceTotals
	Now    func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// today returns the date in China now.
func (s *Service) today() time.Time { return Day(s.now()) }

// require returns nil when ok; otherwise Unauthorized for a guest and
// Forbidden for a signed-in user, naming what (a message key) was refused.
func require(by accounts.Actor, ok bool, what string, args ...any) error {
	if ok {
		return nil
	}
	if !by.SignedIn() {
		return errs.E(errs.Unauthorized, "err.programme.sign_in", i18n.M(what, args...))
	}
	return errs.E(errs.Forbidden, "err.programme.forbidden", i18n.M(what, args...))
}

// overseen returns the region a read covers: within, or the actor's scope
// when within is "" (everything for an auditor without one), after
// checking that the actor oversees it.
func overseen(by accounts.Actor, within region.Code) (region.Code, error) {
	if within == "" {
		within = by.Scope
	}
	ok := by.System || by.Oversees(within) && (within != "" || by.Role == accounts.Auditor)
	if err := require(by, ok, "programme.what.read", within); err != nil {
		return "", err
	}
	return within, nil
}

// Single unwraps a batch of one refusal into that refusal.
func Single(err error) error {
	if be, ok := err.(*impact.BatchError); ok && len(be.Rows) == 1 {
		return be.Rows[0].Err
	}
	return err
}
