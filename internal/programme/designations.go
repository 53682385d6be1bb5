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
	"maeul/internal/network"
	"maeul/internal/org"
	"maeul/internal/region"
)

// subject is a title's subject as stored.
type subject struct {
	regionCode region.Code
	orgID      int64
	pointID    int64
	where      region.Code // the region it lies in
}

// subjectOrgKinds maps an organization subject kind to the organization
// kind it must have.
var subjectOrgKinds = map[SubjectKind]org.Kind{
	Enterprise: org.Enterprise, Cooperative: org.Cooperative, Base: org.Base, Park: org.Park,
}

// regionLevels maps a division subject kind to its level.
var regionLevels = map[SubjectKind]region.Level{County: region.County, Town: region.Town, Village: region.Village}

// StationKind reports whether a service point of kind k may hold a
// station's title: county service centres and town and village stations.
func StationKind(k network.Kind) bool { return k == network.CountyCenter || k.IsStation() }

// resolveSubject finds the stored subject of kind k named code: a region of
// that level, an organization of that kind, or a service station. A
// missing or mismatched subject is an Invalid error about subject_code.
func (s *Service) resolveSubject(ctx context.Context, k SubjectKind, code string) (subject, error) {
	switch {
	case k.IsRegion():
		c, err := region.ParseCode(code)
		if err != nil {
			return subject{}, errs.Field("subject_code", "err.programme.region_code", code)
		}
		r, err := s.Regions.Region(ctx, c)
		if errs.Is(err, errs.NotFound) {
			return subject{}, errs.Field("subject_code", "err.programme.no_region", string(c))
		}
		if err != nil {
			return subject{}, err
		}
		if r.Level != regionLevels[k] {
			return subject{}, errs.Field("subject_code", "err.programme.subject_level", string(c), i18n.M("level."+string(r.Level)), i18n.M("programme.kind."+string(k)))
		}
		return subject{regionCode: r.Code, where: r.Code}, nil
	case k.IsOrganization():
		o, err := s.Orgs.Organization(ctx, code)
		if errs.Is(err, errs.NotFound) {
			return subject{}, errs.Field("subject_code", "err.programme.no_org", code)
		}
		if err != nil {
			return subject{}, err
		}
		if o.Kind != subjectOrgKinds[k] {
			return subject{}, errs.Field("subject_code", "err.programme.subject_org_kind", code, i18n.M("org.kind."+string(o.Kind)), i18n.M("programme.kind."+string(k)))
		}
		return subject{orgID: o.ID, where: o.Region}, nil
	case k == Station:
		p, err := s.Points.ServicePoint(ctx, code)
		if errs.Is(err, errs.NotFound) {
			return subject{}, errs.Field("subject_code", "err.programme.no_point", code)
		}
		if err != nil {
			return subject{}, err
		}
		if !StationKind(p.Kind) {
			return subject{}, errs.Field("subject_code", "err.programme.subject_point_kind", code, i18n.M("point.kind."+string(p.Kind)))
		}
		return subject{pointID: p.ID, where: p.Region}, nil
	}
	return subject{}, errs.Field("subject_kind", "err.programme.subject_kind", string(k))
}

// checkNew checks a new title on its own.
func (nd *NewDesignation) check(thisYear int) error {
	if _, err := ParseSubjectKind(string(nd.SubjectKind)); err != nil {
		return err
	}
	if _, err := ParseLevel(string(nd.Level)); err != nil {
		return err
	}
	nd.SubjectCode = strings.TrimSpace(nd.SubjectCode)
	nd.Title = strings.TrimSpace(nd.Title)
	if nd.SubjectCode == "" {
		return errs.Field("subject_code", "err.programme.text_empty")
	}
	if err := CheckText("title", nd.Title, true, MaxTitle); err != nil {
		return err
	}
	if nd.Year < MinYear || nd.Year > thisYear {
		return errs.Field("year", "err.programme.year", nd.Year, MinYear, thisYear)
	}
	return nil
}

// RecordDesignation records one title on behalf of by and returns it (see
// RecordDesignations).
func (s *Service) RecordDesignation(ctx context.Context, by accounts.Actor, nd NewDesignation) (Designation, error) {
	ids, err := s.RecordDesignations(ctx, by, []NewDesignation{nd})
	if err != nil {
		return Designation{}, Single(err)
	}
	return s.Store.Designation(ctx, ids[0])
}

// RecordDesignations records titles, all or nothing, on behalf of by, and
// returns their ids in order. Each names a stored subject of its kind (a
// region of that level, an organization of that kind, a service station)
// lying in a region by administers, a level, a title and a year not after
// this one. A title is identified by its subject, level, title and year:
// recording one again changes nothing, revoked or not. A refusal is an
// *impact.BatchError naming every refused title; nothing is written.
func (s *Service) RecordDesignations(ctx context.Context, by accounts.Actor, nds []NewDesignation) ([]int64, error) {
	if err := require(by, by.IsAdmin(), "programme.what.record_titles"); err != nil {
		return nil, err
	}
	thisYear := s.today().Year()
	ds := make([]Designation, len(nds))
	var bad impact.BatchError
	seen := map[string]int{}
	for i, nd := range nds {
		d, err := s.prepareDesignation(ctx, by, nd, thisYear)
		if errs.CodeOf(err) == errs.Internal {
			return nil, err
		}
		if err == nil {
			key := strings.Join([]string{string(d.SubjectKind), d.SubjectCode, string(d.Level), d.Title, fmt.Sprint(d.Year)}, "\x00")
			if first, ok := seen[key]; ok {
				// The same title twice in one batch is recorded once.
				ds[i] = ds[first]
				continue
			}
			seen[key] = i
		}
		if err != nil {
			bad.Rows = append(bad.Rows, impact.RowError{Index: i, Err: err})
			continue
		}
		ds[i] = d
	}
	if len(bad.Rows) > 0 {
		return nil, &bad
	}
	ids, err := s.Store.SaveDesignations(ctx, ds, by.ID)
	if err != nil {
		return nil, fmt.Errorf("programme.RecordDesignations: %w", err)
	}
	return ids, nil
}

func (s *Service) prepareDesignation(ctx context.Context, by accounts.Actor, nd NewDesignation, thisYear int) (Designation, error) {
	if err := nd.check(thisYear); err != nil {
		return Designation{}, err
	}
	sub, err := s.resolveSubject(ctx, nd.SubjectKind, nd.SubjectCode)
	if err != nil {
		return Designation{}, err
	}
	if err := require(by, by.Administers(sub.where), "programme.what.record_title_of", nd.SubjectCode); err != nil {
		return Designation{}, err
	}
	code := nd.SubjectCode
	if sub.regionCode != "" {
		code = string(sub.regionCode)
	}
	return Designation{SubjectKind: nd.SubjectKind, SubjectCode: code, RegionCode: sub.regionCode, OrgID: sub.orgID,
		PointID: sub.pointID, Where: sub.where, Level: nd.Level, Title: nd.Title, Year: nd.Year}, nil
}

// RevokeDesignation revokes a title on behalf of by: from day on (not
// before the year it was conferred, not after today) it no longer counts.
// The admins of the region its subject lies in may; the reason is
// required. A title revoked already is a Conflict; an unknown one
// NotFound.
func (s *Service) RevokeDesignation(ctx context.Context, by accounts.Actor, id int64, on time.Time, reason string) (Designation, error) {
	d, err := s.Store.Designation(ctx, id)
	if err != nil {
		return Designation{}, err
	}
	if err := require(by, by.Administers(d.Where), "programme.what.revoke_title_of", d.SubjectCode); err != nil {
		return Designation{}, err
	}
	if !d.RevokedOn.IsZero() {
		return Designation{}, errs.E(errs.Conflict, "err.programme.revoked_already", d.RevokedOn.Format(time.DateOnly))
	}
	reason = strings.TrimSpace(reason)
	if err := CheckText("reason", reason, true, MaxReason); err != nil {
		return Designation{}, err
	}
	on = time.Date(on.Year(), on.Month(), on.Day(), 0, 0, 0, 0, time.UTC)
	if on.IsZero() || on.Before(YearStart(d.Year)) || on.After(s.today()) {
		return Designation{}, errs.Field("revoked_on", "err.programme.revoke_date", YearStart(d.Year).Format(time.DateOnly), s.today().Format(time.DateOnly))
	}
	if err := s.Store.RevokeDesignation(ctx, id, on, reason, by.ID); err != nil {
		return Designation{}, fmt.Errorf("programme.RevokeDesignation: %w", err)
	}
	return s.Store.Designation(ctx, id)
}

// Designation returns one title for those who oversee where its subject
// lies.
func (s *Service) Designation(ctx context.Context, by accounts.Actor, id int64) (Designation, error) {
	d, err := s.Store.Designation(ctx, id)
	if err != nil {
		return Designation{}, err
	}
	if _, err := overseen(by, d.Where); err != nil {
		return Designation{}, err
	}
	return d, nil
}

// Designations lists the titles of subjects within f.Within (the actor's
// scope when empty) for those who oversee it.
func (s *Service) Designations(ctx context.Context, by accounts.Actor, f DesignationFilter) ([]Designation, error) {
	within, err := overseen(by, f.Within)
	if err != nil {
		return nil, err
	}
	f.Within = within
	return s.Store.Designations(ctx, f)
}

// SubjectTitles returns the titles in force today of one subject, for its
// public page: anyone may see them.
func (s *Service) SubjectTitles(ctx context.Context, k SubjectKind, code string) ([]Designation, error) {
	return s.Store.Designations(ctx, DesignationFilter{SubjectKind: k, SubjectCode: code, InForceOn: s.today()})
}

// RegionTitleKind returns the subject kind of a division's titles (county,
// town or village), or "" for another level.
func RegionTitleKind(l region.Level) SubjectKind {
	for k, x := range regionLevels {
		if x == l {
			return k
		}
	}
	return ""
}

// OrgTitleKind returns the subject kind of an organization's titles, or ""
// for a kind that holds none.
func OrgTitleKind(k org.Kind) SubjectKind {
	for sk, x := range subjectOrgKinds {
		if x == k {
			return sk
		}
	}
	return ""
}

// DesignationRow is the count of one level and kind of title in a region.
type DesignationRow struct {
	Level       Level
	SubjectKind SubjectKind
	// Count is the titles that count on the day the figures are taken;
	// Awarded those conferred in the year, revoked since or not.
	Count   int
	Awarded int
	// ProvinceTotal is the province's reported total of the level and
	// kind for the year, when Known; Share is Count over it.
	ProvinceTotal int64
	Known         bool
	Share         float64
}

// DesignationCounts counts a region's titles by level and kind: those of
// its subjects (itself, the divisions, organizations and stations inside
// it) that count on day (conferred in its year or before and not revoked
// by it), and those conferred in year; with the share of the province's
// reported total for year where it is known. Rows with nothing are left
// out. Those who oversee the region may read it.
func (s *Service) DesignationCounts(ctx context.Context, by accounts.Actor, within region.Code, year int, day time.Time) ([]DesignationRow, error) {
	within, err := overseen(by, within)
	if err != nil {
		return nil, err
	}
	return s.designationRows(ctx, within, year, day)
}

func (s *Service) designationRows(ctx context.Context, within region.Code, year int, day time.Time) ([]DesignationRow, error) {
	counts, err := s.Store.CountDesignations(ctx, within, day)
	if err != nil {
		return nil, fmt.Errorf("programme.DesignationCounts: %w", err)
	}
	awarded, err := s.Store.CountAwarded(ctx, within, year)
	if err != nil {
		return nil, fmt.Errorf("programme.DesignationCounts: %w", err)
	}
	type key struct {
		l Level
		k SubjectKind
	}
	byKey := map[key]*DesignationRow{}
	var rows []DesignationRow
	for _, l := range Levels {
		for _, k := range SubjectKinds {
			rows = append(rows, DesignationRow{Level: l, SubjectKind: k})
		}
	}
	for i := range rows {
		byKey[key{rows[i].Level, rows[i].SubjectKind}] = &rows[i]
	}
	for _, c := range counts {
		if r := byKey[key{c.Level, c.SubjectKind}]; r != nil {
			r.Count = c.Count
		}
	}
	for _, c := range awarded {
		if r := byKey[key{c.Level, c.SubjectKind}]; r != nil {
			r.Awarded = c.Count
		}
	}
	province := within.Ancestor(region.Province)
	out := rows[:0]
	for _, r := range rows {
		if s.Totals != nil && province != "" {
			n, ok, err := s.Totals.DesignationTotal(ctx, province, year, r.Level, r.SubjectKind)
			if err != nil {
				return nil, fmt.Errorf("programme.DesignationCounts: %w", err)
			}
			if ok && n > 0 {
				r.ProvinceTotal, r.Known, r.Share = n, true, float64(r.Count)/float64(n)
			}
		}
		if r.Count > 0 || r.Awarded > 0 || r.Known {
			out = append(out, r)
		}
	}
	return out, nil
}

// TotalsMetric is the name of the reported figure that holds the
// province's total of titles of a level and kind
// ("designations_provincial_village").
func TotalsMetric(l Level, k SubjectKind) string {
	return "designations_" + string(l) + "_" + string(k)
}

// TotalsMetrics lists every such metric name.
func TotalsMetrics() []string {
	var out []string
	for _, l := range Levels {
		for _, k := range SubjectKinds {
			out = append(out, TotalsMetric(l, k))
		}
	}
	return out
}
