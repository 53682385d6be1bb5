package programme

import (
	"context"
	"fmt"
	"strings"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/impact"
	"maeul/internal/org"
	"maeul/internal/region"
)

// Pairable reports whether an organization of kind k may be paired with a
// village: enterprises, cooperatives, farms, bases and parks, not a
// village's own store or a household's shop.
func Pairable(k org.Kind) bool {
	return k == org.Enterprise || k == org.Cooperative || k == org.Farm || k == org.Base || k == org.Park
}

// RecordPairing records one pairing on behalf of by and returns it (see
// SavePairings).
func (s *Service) RecordPairing(ctx context.Context, by accounts.Actor, np NewPairing) (Pairing, error) {
	ids, err := s.SavePairings(ctx, by, []NewPairing{np})
	if err != nil {
		return Pairing{}, Single(err)
	}
	return s.Store.Pairing(ctx, ids[0])
}

// SavePairings records pairings, all or nothing, on behalf of by, and
// returns their ids in order. Each names a stored organization that may be
// paired (see Pairable), a stored village in a region by administers, its
// first day, and optionally its last (not before the first). A pairing is
// identified by its organization, village and first day: saving one
// recorded already with the same last day changes nothing, with another
// moves its last day. Two pairings of the same organization and village
// may not be in force on the same day (a Conflict). A refusal is an
// *impact.BatchError naming every refused pairing; nothing is written.
func (s *Service) SavePairings(ctx context.Context, by accounts.Actor, nps []NewPairing) ([]int64, error) {
	if err := require(by, by.IsAdmin(), "programme.what.record_pairings"); err != nil {
		return nil, err
	}
	ready := make([]Pairing, len(nps))
	var bad impact.BatchError
	fail := func(i int, err error) { bad.Rows = append(bad.Rows, impact.RowError{Index: i, Err: err}) }
	orgs := map[string]org.Organization{}
	stored := map[[2]string][]Pairing{} // the pairings recorded for an organization and village
	for i, np := range nps {
		p, err := s.preparePairing(ctx, by, np, orgs)
		if errs.CodeOf(err) == errs.Internal {
			return nil, err
		}
		if err != nil {
			fail(i, err)
			continue
		}
		key := [2]string{p.OrgCode, string(p.VillageCode)}
		if _, ok := stored[key]; !ok {
			ps, err := s.Store.Pairings(ctx, PairingFilter{Within: p.VillageCode, OrgID: p.OrgID})
			if err != nil {
				return nil, fmt.Errorf("programme.SavePairings: %w", err)
			}
			stored[key] = ps
		}
		ready[i] = p
	}
	if len(bad.Rows) > 0 {
		return nil, &bad
	}
	// The pairings of one organization and village as they would stand,
	// checked for overlaps: the stored ones, each new one replacing the
	// stored one with its first day.
	for i, p := range ready {
		key := [2]string{p.OrgCode, string(p.VillageCode)}
		list := stored[key]
		replaced := false
		for j, q := range list {
			if q.Since.Equal(p.Since) {
				p.ID = q.ID
				ready[i].ID = q.ID
				list[j] = p
				replaced = true
			}
		}
		if !replaced {
			list = append(list, p)
		}
		stored[key] = list
		for _, q := range list {
			if q.Since.Equal(p.Since) {
				continue
			}
			if overlap(p, q) {
				fail(i, errs.E(errs.Conflict, "err.programme.pairing_overlap", p.OrgCode, string(p.VillageCode),
					q.Since.Format(time.DateOnly), untilText(q.Until)))
				break
			}
		}
	}
	if len(bad.Rows) > 0 {
		return nil, &bad
	}
	ids, err := s.Store.SavePairings(ctx, ready, by.ID)
	if err != nil {
		return nil, fmt.Errorf("programme.SavePairings: %w", err)
	}
	return ids, nil
}

// overlap reports whether two pairings are in force on a common day.
func overlap(a, b Pairing) bool {
	aEnds := a.Until.IsZero() || !b.Since.After(a.Until)
	bEnds := b.Until.IsZero() || !a.Since.After(b.Until)
	return aEnds && bEnds
}

// untilText writes a pairing's last day, "…" while it lasts.
func untilText(t time.Time) string {
	if t.IsZero() {
		return "…"
	}
	return t.Format(time.DateOnly)
}

func (s *Service) preparePairing(ctx context.Context, by accounts.Actor, np NewPairing, orgs map[string]org.Organization) (Pairing, error) {
	np.OrgCode = strings.TrimSpace(np.OrgCode)
	o, ok := orgs[np.OrgCode]
	if !ok {
		var err error
		o, err = s.Orgs.Organization(ctx, np.OrgCode)
		if errs.Is(err, errs.NotFound) {
			return Pairing{}, errs.Field("org_code", "err.programme.no_org", np.OrgCode)
		}
		if err != nil {
			return Pairing{}, err
		}
		orgs[np.OrgCode] = o
	}
	if !Pairable(o.Kind) {
		return Pairing{}, errs.Field("org_code", "err.programme.not_pairable", o.Code, i18n.M("org.kind."+string(o.Kind)))
	}
	v, err := s.Regions.Region(ctx, np.VillageCode)
	if errs.Is(err, errs.NotFound) {
		return Pairing{}, errs.Field("village_code", "err.programme.no_region", string(np.VillageCode))
	}
	if err != nil {
		return Pairing{}, err
	}
	if v.Level != region.Village {
		return Pairing{}, errs.Field("village_code", "err.programme.not_village", string(v.Code))
	}
	if err := require(by, by.Administers(v.Code), "programme.what.pair_village", string(v.Code)); err != nil {
		return Pairing{}, err
	}
	if np.Since.IsZero() {
		return Pairing{}, errs.Field("since", "err.programme.text_empty")
	}
	if !np.Until.IsZero() && np.Until.Before(np.Since) {
		return Pairing{}, errs.Field("until", "err.programme.until_before_since", np.Until.Format(time.DateOnly), np.Since.Format(time.DateOnly))
	}
	return Pairing{OrgID: o.ID, OrgCode: o.Code, OrgName: o.Name, VillageCode: v.Code, VillageName: v.Name, VillagePoor: v.Poor,
		Since: np.Since, Until: np.Until}, nil
}

// EndPairing ends a pairing on behalf of by: until is its last day (not
// before its first). The admins of the village's region may. A pairing
// that has an end already is a Conflict; an unknown one NotFound.
func (s *Service) EndPairing(ctx context.Context, by accounts.Actor, id int64, until time.Time) (Pairing, error) {
	p, err := s.Store.Pairing(ctx, id)
	if err != nil {
		return Pairing{}, err
	}
	if err := require(by, by.Administers(p.VillageCode), "programme.what.pair_village", string(p.VillageCode)); err != nil {
		return Pairing{}, err
	}
	if !p.Until.IsZero() {
		return Pairing{}, errs.E(errs.Conflict, "err.programme.pairing_ended", p.Until.Format(time.DateOnly))
	}
	if until.IsZero() {
		return Pairing{}, errs.Field("until", "err.programme.text_empty")
	}
	if until.Before(p.Since) {
		return Pairing{}, errs.Field("until", "err.programme.until_before_since", until.Format(time.DateOnly), p.Since.Format(time.DateOnly))
	}
	if err := s.Store.EndPairing(ctx, id, until, by.ID); err != nil {
		return Pairing{}, fmt.Errorf("programme.EndPairing: %w", err)
	}
	return s.Store.Pairing(ctx, id)
}

// Pairings lists the pairings of villages within f.Within (the actor's
// scope when empty) for those who oversee it.
func (s *Service) Pairings(ctx context.Context, by accounts.Actor, f PairingFilter) ([]Pairing, error) {
	within, err := overseen(by, f.Within)
	if err != nil {
		return nil, err
	}
	f.Within = within
	return s.Store.Pairings(ctx, f)
}
