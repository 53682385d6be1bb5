package importer

import (
	"context"
	"errors"
	"io"
	"strconv"
	"strings"

	"maeul/internal/errs"
	"maeul/internal/impact"
	"maeul/internal/region"
)

var householdSchema = Schema{
	Required: []string{"code", "village_code", "members", "head_name", "id_number", "phone", "status", "lifted_year"},
	Optional: []string{"bank_account"},
}

// loadHouseholds imports the household register: one row per household,
// created or updated by code through impact.Service.SaveHouseholds (which
// decides who may, and checks what the file's form cannot).
func loadHouseholds(ctx context.Context, im *Importer, file string, r io.Reader) (int, error) {
	if im.Impact == nil {
		return 0, errors.New("importer: households need the impact service")
	}
	ps := &problems{file: file}
	var hs []impact.Household
	var rows []*Row
	codes := dupCheck{}
	idNumbers := map[string]int{}
	var villages refs
	ok := read(ps, r, householdSchema, func(row *Row) {
		h := impact.Household{
			Code:        row.Required("code"),
			HeadName:    row.Required("head_name"),
			IDNumber:    strings.ToUpper(row.Required("id_number")),
			Phone:       row.Get("phone"),
			BankAccount: row.Get("bank_account"),
			Status:      impact.Status(strings.ToLower(row.Required("status"))),
		}
		codes.check(row, "code", h.Code)
		if s := row.Required("village_code"); s != "" {
			h.Village = parseRegionCode(row, "village_code")
			if h.Village != "" {
				if lvl := h.Village.Level(); lvl != region.Village {
					row.Fail("village_code", "err.importer.not_village", h.Village, lvl.Noun())
				} else {
					villages.add(row, "village_code", h.Village)
				}
			}
		}
		if s := row.Required("members"); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 {
				row.Fail("members", "err.importer.members", s)
			}
			h.Members = n
		}
		if h.IDNumber != "" {
			if err := impact.ValidIDNumber(h.IDNumber); err != nil {
				row.FailErr("id_number", err)
			} else if first, ok := idNumbers[h.IDNumber]; ok {
				row.Fail("id_number", "err.importer.same_id_number", first)
			} else {
				idNumbers[h.IDNumber] = row.Line
			}
		}
		if err := impact.ValidPhone(h.Phone); err != nil {
			row.FailErr("phone", err)
		}
		if err := impact.ValidBankAccount(strings.ReplaceAll(h.BankAccount, " ", "")); err != nil {
			row.FailErr("bank_account", err)
		}
		year := row.Get("lifted_year")
		if year != "" {
			n, err := strconv.Atoi(year)
			if err != nil {
				row.Fail("lifted_year", "err.importer.year", year)
			}
			h.LiftedYear = n
		}
		switch h.Status {
		case impact.Poor:
			if year != "" {
				row.Fail("lifted_year", "err.importer.lifted_year_poor")
			}
		case impact.Lifted:
			if year == "" {
				row.Fail("lifted_year", "err.importer.lifted_year_missing")
			}
		case "":
		default:
			row.Fail("status", "err.input.household_status", row.Get("status"))
		}
		hs = append(hs, h)
		rows = append(rows, row)
	})
	if !ok {
		return 0, ps.err()
	}
	if err := villages.check(ctx, im.Store, nil, "err.importer.village_not_found"); err != nil {
		return 0, err
	}
	if err := ps.err(); err != nil {
		return 0, err
	}
	if err := im.Impact.SaveHouseholds(ctx, im.Actor, hs); err != nil {
		return 0, batchProblems(ps, rows, err)
	}
	return len(hs), nil
}

// batchProblems reports the refusals of an impact batch at their rows'
// lines and columns; another domain error is a problem of the whole file,
// and an internal error is returned as it is.
func batchProblems(ps *problems, rows []*Row, err error) error {
	var be *impact.BatchError
	if errors.As(err, &be) {
		for _, re := range be.Rows {
			rows[re.Index].FailErr("", re.Err)
		}
		return ps.err()
	}
	if c := errs.CodeOf(err); c != errs.Internal {
		ps.add(Problem{Line: 1, Msg: errMsg(err)})
		return ps.err()
	}
	return err
}
