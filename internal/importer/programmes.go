package importer

import (
	"context"
	"errors"
	"io"
	"strconv"
	"strings"

	"maeul/internal/programme"
	"maeul/internal/region"
)

var designationSchema = Schema{Required: []string{"subject_kind", "subject_code", "level", "title", "year"}}

// loadDesignations imports demonstration titles, one per row, recorded
// through programme.Service.RecordDesignations (which finds each subject
// and checks the rules that need the database). Re-importing a title
// changes nothing.
func loadDesignations(ctx context.Context, im *Importer, file string, r io.Reader) (int, error) {
	if im.Programme == nil {
		return 0, errors.New("importer: designations need the programme service")
	}
	ps := &problems{file: file}
	var nds []programme.NewDesignation
	var rows []*Row
	seen := map[string]int{}
	ok := read(ps, r, designationSchema, func(row *Row) {
		nd := programme.NewDesignation{SubjectCode: row.Required("subject_code"), Title: row.Required("title")}
		if s := row.Required("subject_kind"); s != "" {
			k, err := programme.ParseSubjectKind(s)
			if err != nil {
				row.FailErr("subject_kind", err)
			}
			nd.SubjectKind = k
		}
		if s := row.Required("level"); s != "" {
			l, err := programme.ParseLevel(s)
			if err != nil {
				row.FailErr("level", err)
			}
			nd.Level = l
		}
		if s := row.Required("year"); s != "" {
			y, err := strconv.Atoi(s)
			if err != nil || len(s) != 4 {
				row.Fail("year", "err.importer.year_digits", s)
			}
			nd.Year = y
		}
		if err := programme.CheckText("title", nd.Title, false, programme.MaxTitle); err != nil {
			row.FailErr("title", err)
		}
		if nd.SubjectKind.IsRegion() {
			// A division code may be written short ("222401"); the title
			// names it in full.
			if c, err := region.ParseCode(nd.SubjectCode); err == nil {
				nd.SubjectCode = string(c)
			}
		}
		key := strings.Join([]string{string(nd.SubjectKind), nd.SubjectCode, string(nd.Level), nd.Title, row.Get("year")}, "\x00")
		if first, ok := seen[key]; ok {
			row.Fail("", "err.importer.same_title", first)
		} else {
			seen[key] = row.Line
		}
		nds = append(nds, nd)
		rows = append(rows, row)
	})
	if !ok {
		return 0, ps.err()
	}
	if err := ps.err(); err != nil {
		return 0, err
	}
	if _, err := im.Programme.RecordDesignations(ctx, im.Actor, nds); err != nil {
		return 0, batchProblems(ps, rows, err)
	}
	return len(nds), nil
}

var pairingSchema = Schema{Required: []string{"org_code", "village_code", "since"}, Optional: []string{"until"}}

// loadPairings imports enterprise–village pairings, one per row, recorded
// through programme.Service.SavePairings. Re-importing a pairing changes
// nothing; a row may set or move its last day (until).
func loadPairings(ctx context.Context, im *Importer, file string, r io.Reader) (int, error) {
	if im.Programme == nil {
		return 0, errors.New("importer: pairings need the programme service")
	}
	ps := &problems{file: file}
	var nps []programme.NewPairing
	var rows []*Row
	seen := map[string]int{}
	ok := read(ps, r, pairingSchema, func(row *Row) {
		np := programme.NewPairing{OrgCode: row.Required("org_code")}
		if row.Required("village_code") != "" {
			np.VillageCode = parseRegionCode(row, "village_code")
		}
		var err error
		if s := row.Required("since"); s != "" {
			if np.Since, err = programme.ParseDate("since", s, true); err != nil {
				row.FailErr("since", err)
			}
		}
		if np.Until, err = programme.ParseDate("until", row.Get("until"), false); err != nil {
			row.FailErr("until", err)
		}
		if !np.Since.IsZero() && !np.Until.IsZero() && np.Until.Before(np.Since) {
			row.Fail("until", "err.importer.pairing_ends_before", row.Get("until"), row.Get("since"))
		}
		key := strings.Join([]string{np.OrgCode, string(np.VillageCode), row.Get("since")}, "\x00")
		if first, ok := seen[key]; ok {
			row.Fail("", "err.importer.same_pairing", first)
		} else {
			seen[key] = row.Line
		}
		nps = append(nps, np)
		rows = append(rows, row)
	})
	if !ok {
		return 0, ps.err()
	}
	if err := ps.err(); err != nil {
		return 0, err
	}
	if _, err := im.Programme.SavePairings(ctx, im.Actor, nps); err != nil {
		return 0, batchProblems(ps, rows, err)
	}
	return len(nps), nil
}
