// Package programme keeps the programme's registers: the demonstration
// titles conferred on counties, towns, villages, enterprises, cooperatives,
// bases, parks and stations; the pairings of enterprises with the villages
// they help sell; and the matchmaking sales events with their
// participants and the deals signed there. It counts them per region
// through the division hierarchy, and reports what the events and
// pairings sold on the platform.
package programme

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"maeul/internal/chinatime"
	"maeul/internal/errs"
	"maeul/internal/impact"
)

// Level is the rank of the government that confers a title.
type Level string

// The levels, from the top.
const (
	National   Level = "national"
	Provincial Level = "provincial"
	Prefecture Level = "prefecture"
)

// Levels lists the levels from the top down.
var Levels = []Level{National, Provincial, Prefecture}

// ParseLevel returns the level named s, or an Invalid error about the
// field "level".
func ParseLevel(s string) (Level, error) {
	l := Level(strings.ToLower(strings.TrimSpace(s)))
	for _, x := range Levels {
		if x == l {
			return l, nil
		}
	}
	return "", errs.Field("level", "err.programme.level", s)
}

// SubjectKind is what a title is conferred on.
type SubjectKind string

// The kinds of subject: divisions of the hierarchy, organizations of a
// kind, and service stations.
const (
	County      SubjectKind = "county"
	Town        SubjectKind = "town"
	Village     SubjectKind = "village"
	Enterprise  SubjectKind = "enterprise"
	Cooperative SubjectKind = "cooperative"
	Base        SubjectKind = "base"
	Park        SubjectKind = "park"
	Station     SubjectKind = "station"
)

// SubjectKinds lists the kinds in display order.
var SubjectKinds = []SubjectKind{County, Town, Village, Enterprise, Cooperative, Base, Park, Station}

// ParseSubjectKind returns the kind named s, or an Invalid error about the
// field "subject_kind".
func ParseSubjectKind(s string) (SubjectKind, error) {
	k := SubjectKind(strings.ToLower(strings.TrimSpace(s)))
	for _, x := range SubjectKinds {
		if x == k {
			return k, nil
		}
	}
	return "", errs.Field("subject_kind", "err.programme.subject_kind", s)
}

// IsRegion reports whether subjects of the kind are divisions (their code
// a region code); IsOrganization whether they are organizations; else they
// are service points.
func (k SubjectKind) IsRegion() bool { return k == County || k == Town || k == Village }

// IsOrganization: see IsRegion.
func (k SubjectKind) IsOrganization() bool {
	return k == Enterprise || k == Cooperative || k == Base || k == Park
}

// The limits of text fields.
const (
	MaxTitle  = 200
	MaxReason = 500
	MaxGoods  = 300
	MaxName   = 200
	MinYear   = 1990
	MaxYear   = 2999
)

// CheckText checks a piece of text a person typed: valid UTF-8, no control
// characters, not empty when required, at most max characters. field names
// the input in the error.
func CheckText(field, s string, required bool, max int) error {
	switch {
	case !utf8.ValidString(s):
		return errs.Field(field, "err.programme.text_encoding")
	case required && strings.TrimSpace(s) == "":
		return errs.Field(field, "err.programme.text_empty")
	case utf8.RuneCountInString(s) > max:
		return errs.Field(field, "err.programme.text_long", max)
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return errs.Field(field, "err.programme.text_control")
		}
	}
	return nil
}

// Day returns the date of t in China, as a UTC midnight (impact.Day).
func Day(t time.Time) time.Time { return impact.Day(t) }

// DayStart returns the instant the China date d (a UTC midnight, as Day
// returns dates) begins.
func DayStart(d time.Time) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC).Add(-chinatime.Offset)
}

// LocalLayout is how a time in China is written in forms and files.
const LocalLayout = "2006-01-02T15:04"

// ParseLocal reads a time of day in China written "2006-01-02T15:04" (or
// with a space for the T) and returns the instant; anything else is an
// Invalid error about field.
func ParseLocal(field, s string) (time.Time, error) {
	s = strings.Replace(strings.TrimSpace(s), " ", "T", 1)
	t, err := time.Parse(LocalLayout, s)
	if err != nil {
		return time.Time{}, errs.Field(field, "err.programme.local_time", s)
	}
	return t.Add(-chinatime.Offset), nil
}

// Local returns the instant t as a wall-clock time in China, in a UTC
// time.Time whose fields read as China's clock (for formatting).
func Local(t time.Time) time.Time { return t.UTC().Add(chinatime.Offset) }

// ParseDate reads a date "2006-01-02"; "" is the zero time when optional.
func ParseDate(field, s string, required bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		if required {
			return time.Time{}, errs.Field(field, "err.programme.text_empty")
		}
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, errs.Field(field, "err.programme.date", s)
	}
	return t, nil
}

// YearEnd returns the last day of year y.
func YearEnd(y int) time.Time { return time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC) }

// YearStart returns the first day of year y.
func YearStart(y int) time.Time { return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC) }
