// Package impact holds what the platform exists for: the registered poor
// households, the benefit links that tie sales to them, the double-entry
// ledger that records, fen by fen, what each sale added to their income,
// the e-commerce dividends village stores pay their members, and the
// figures (households reached, income per person, dividends paid) the
// programme reports.
package impact

import (
	"strings"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/region"
	"maeul/internal/text"
)

// Status is where a household stands in the poverty register.
type Status string

// The statuses.
const (
	Poor   Status = "poor"
	Lifted Status = "lifted" // lifted out of poverty in LiftedYear
)

// Household is a registered poor household (建档立卡贫困户).
type Household struct {
	ID          int64
	Code        string
	Village     region.Code
	Members     int
	HeadName    string
	IDNumber    string // the head's resident identity card number
	Phone       string
	BankAccount string
	Status      Status
	LiftedYear  int
}

// Validate checks a household on its own.
func (h Household) Validate() error {
	switch {
	case h.Code == "" || len(h.Code) > 40:
		return errs.Field("code", "err.impact.household_code_length")
	case h.Village.Level() != region.Village:
		return errs.Field("village_code", "err.impact.not_village_code", h.Village)
	case h.Members < 1 || h.Members > 30:
		return errs.Field("members", "err.impact.members_range", h.Members)
	case strings.TrimSpace(h.HeadName) == "":
		return errs.Field("head_name", "err.impact.head_name_missing")
	}
	if err := ValidIDNumber(h.IDNumber); err != nil {
		return err
	}
	for _, f := range []struct{ field, s string }{{"head_name", h.HeadName}, {"phone", h.Phone}, {"bank_account", h.BankAccount}} {
		if err := text.Check(f.field, f.s, text.MaxName, false); err != nil {
			return err
		}
	}
	switch h.Status {
	case Poor:
		if h.LiftedYear != 0 {
			return errs.Field("lifted_year", "err.impact.lifted_year_poor")
		}
	case Lifted:
		if h.LiftedYear < 2013 || h.LiftedYear > 2100 {
			return errs.Field("lifted_year", "err.impact.lifted_year_missing")
		}
	default:
		return errs.Field("status", "err.impact.status_unknown", h.Status)
	}
	return nil
}

// idWeights are the weights of the ISO 7064 MOD 11-2 check of GB 11643.
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const idChecks = "10X98765432"

// ValidIDNumber checks an 18-character resident identity card number: 17
// digits, a valid birth date, and the check character (a digit or X).
func ValidIDNumber(s string) error {
	if len(s) != 18 {
		return errs.Field("id_number", "err.impact.id_length", len(s))
	}
	sum := 0
	for i := 0; i < 17; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return errs.Field("id_number", "err.impact.id_digits")
		}
		sum += int(c-'0') * idWeights[i]
	}
	if _, err := time.Parse("20060102", s[6:14]); err != nil {
		return errs.Field("id_number", "err.impact.id_birth_date")
	}
	if want := idChecks[sum%11]; strings.ToUpper(s[17:])[0] != want {
		return errs.Field("id_number", "err.impact.id_check")
	}
	return nil
}

// MaskID shows the first four and last four characters of an identity
// card number ("2224**********1234"), as auditors see it.
func MaskID(s string) string {
	if len(s) <= 8 {
		return strings.Repeat("*", len(s))
	}
	return s[:4] + strings.Repeat("*", len(s)-8) + s[len(s)-4:]
}

// MaskPhone keeps a phone number's first three and last two digits.
func MaskPhone(s string) string {
	if len(s) <= 5 {
		return strings.Repeat("*", len(s))
	}
	return s[:3] + strings.Repeat("*", len(s)-5) + s[len(s)-2:]
}

// Disclosure is how much of a household's personal data an actor may see.
type Disclosure int

// The levels of disclosure.
const (
	Hidden  Disclosure = iota // aggregates only: the public
	Masked                    // code, village, members; masked ID and phone: auditors
	Contact                   // plus name and phone: the operator of a station serving the village
	Full                      // everything: the prefecture admin and the county admin of its county
)

// DisclosureFor decides what by may see of a household in village, given
// whether by operates a station serving that village.
func DisclosureFor(by accounts.Actor, village region.Code, servesVillage bool) Disclosure {
	switch {
	case by.System:
		return Full
	case by.Role == accounts.PrefectureAdmin || by.Role == accounts.CountyAdmin:
		if by.Administers(village) {
			return Full
		}
	case by.Role == accounts.StationOperator && servesVillage:
		return Contact
	case by.Role == accounts.Auditor && by.Oversees(village):
		return Masked
	}
	return Hidden
}

// Disclose returns the household as by may see it: fields beyond the
// disclosure level are masked or emptied.
func (h Household) Disclose(d Disclosure) Household {
	switch d {
	case Full:
		return h
	case Contact:
		h.IDNumber, h.BankAccount = MaskID(h.IDNumber), ""
		return h
	case Masked:
		h.HeadName = ""
		h.IDNumber, h.Phone, h.BankAccount = MaskID(h.IDNumber), MaskPhone(h.Phone), ""
		return h
	}
	return Household{ID: h.ID, Village: h.Village, Members: h.Members, Status: h.Status}
}
