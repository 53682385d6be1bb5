// Package region holds China's administrative division hierarchy as the
// programme uses it: province → prefecture → county → town → village, each
// identified by a 12-digit statistical division code.
package region

import (
	"context"
	"strings"

	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/text"
)

// Code is a 12-digit statistical division code such as "222401000000"
// (Yanji). Use ParseCode to make one from input.
type Code string

// Level is a rank in the hierarchy.
type Level string

// The levels, from the top.
const (
	Province   Level = "province"
	Prefecture Level = "prefecture"
	County     Level = "county"
	Town       Level = "town"
	Village    Level = "village"
)

// Levels lists the levels from the top down.
var Levels = []Level{Province, Prefecture, County, Town, Village}

// prefixLen is how many leading digits identify a division at each level;
// the rest of its code is zeros.
var prefixLen = map[Level]int{Province: 2, Prefecture: 4, County: 6, Town: 9, Village: 12}

// ParseLevel returns the level named s, or an Invalid error.
func ParseLevel(s string) (Level, error) {
	l := Level(strings.ToLower(strings.TrimSpace(s)))
	if _, ok := prefixLen[l]; !ok {
		return "", errs.E(errs.Invalid, "err.region.unknown_level", s)
	}
	return l, nil
}

// Noun is the level's name as a message puts it inside a sentence ("a
// county"), in the reader's language.
func (l Level) Noun() i18n.Msg { return i18n.M("region.noun." + string(l)) }

// Rank returns 0 for a province up to 4 for a village.
func (l Level) Rank() int {
	for i, x := range Levels {
		if x == l {
			return i
		}
	}
	return -1
}

// ParseCode normalises a division code: surrounding space is trimmed and a
// code of 2, 4, 6 or 9 digits is padded with zeros to 12 ("222401" →
// "222401000000"). Anything that is not 2, 4, 6, 9 or 12 digits, or that is
// all zeros, is refused with an Invalid error.
func ParseCode(s string) (Code, error) {
	t := strings.TrimSpace(s)
	switch len(t) {
	case 2, 4, 6, 9, 12:
	default:
		return "", errs.E(errs.Invalid, "err.region.code_length", s)
	}
	for _, r := range t {
		if r < '0' || r > '9' {
			return "", errs.E(errs.Invalid, "err.region.code_digits", s)
		}
	}
	t += strings.Repeat("0", 12-len(t))
	if t[:2] == "00" {
		return "", errs.E(errs.Invalid, "err.region.code_province", s)
	}
	return Code(t), nil
}

// Level returns the level the code's digits imply: the deepest level whose
// identifying digits are not all zero.
func (c Code) Level() Level {
	s := string(c)
	switch {
	case len(s) != 12:
		return ""
	case s[9:] != "000":
		return Village
	case s[6:9] != "000":
		return Town
	case s[4:6] != "00":
		return County
	case s[2:4] != "00":
		return Prefecture
	}
	return Province
}

// Prefix returns the digits that identify the division; every division
// inside it has a code starting with them.
func (c Code) Prefix() string {
	n, ok := prefixLen[c.Level()]
	if !ok {
		return string(c)
	}
	return string(c)[:n]
}

// Within reports whether c is outer or lies inside it.
func (c Code) Within(outer Code) bool {
	return outer != "" && strings.HasPrefix(string(c), outer.Prefix())
}

// Ancestor returns the code of c's enclosing division at level l (c itself
// when it is at l), or "" when l is below c's level.
func (c Code) Ancestor(l Level) Code {
	if l.Rank() > c.Level().Rank() || len(c) != 12 {
		return ""
	}
	n := prefixLen[l]
	return Code(string(c)[:n] + strings.Repeat("0", 12-n))
}

// County returns the county that c lies in, or "" for a prefecture or
// province.
func (c Code) County() Code { return c.Ancestor(County) }

// Region is one division.
type Region struct {
	Code   Code
	Parent Code // "" for a province
	Level  Level
	Name   i18n.Text
	Rural  bool
	Poor   bool // a registered poverty-stricken village or county
}

// Validate checks the rules a region must meet on its own: a known level
// that agrees with the code's digits, a parent one or more levels up that
// contains the code, and a name in at least one language.
func (r Region) Validate() error {
	if err := text.CheckText("name", r.Name, text.MaxName, false); err != nil {
		return err
	}
	if r.Level.Rank() < 0 {
		return errs.Field("level", "err.region.unknown_level", r.Level)
	}
	if got := r.Code.Level(); got != r.Level {
		return errs.Field("level", "err.region.level_mismatch", r.Code, got.Noun(), r.Level.Noun())
	}
	if r.Level == Province {
		if r.Parent != "" {
			return errs.Field("parent_code", "err.region.province_parent")
		}
	} else {
		if r.Parent == "" {
			return errs.Field("parent_code", "err.region.needs_parent", r.Level.Noun())
		}
		if r.Parent.Level().Rank() >= r.Level.Rank() || !r.Code.Within(r.Parent) {
			return errs.Field("parent_code", "err.region.bad_parent", r.Parent, r.Code)
		}
	}
	if r.Name.IsZero() {
		return errs.Field("name_ko", "err.region.name")
	}
	return nil
}

// Summary is a region with the counts an overview page shows.
type Summary struct {
	Region
	Children      int
	Organizations int
	ServicePoints int
}

// Store is what the region rules need from storage.
type Store interface {
	// Region returns one region, or a NotFound error.
	Region(ctx context.Context, code Code) (Region, error)
	// Children returns the regions whose parent is code, ordered by code.
	Children(ctx context.Context, code Code) ([]Summary, error)
	// Path returns code's ancestors from the top down, ending with code.
	Path(ctx context.Context, code Code) ([]Region, error)
	// MissingRegions returns those of codes that are not stored.
	MissingRegions(ctx context.Context, codes []Code) ([]Code, error)
	// UpsertRegions inserts or updates regions by code in one transaction,
	// parents before children; on error nothing is written.
	UpsertRegions(ctx context.Context, rs []Region) error
	// RegionsByCode returns the stored regions among codes, ordered by
	// code (a division's ancestors before it); unknown codes are left out.
	RegionsByCode(ctx context.Context, codes []Code) ([]Region, error)
	// RegionsWithin returns every region inside code (not code itself),
	// ordered by code.
	RegionsWithin(ctx context.Context, code Code) ([]Region, error)
}
