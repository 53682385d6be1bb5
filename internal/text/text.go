// Package text holds the rule every piece of text maeul stores or looks
// up meets, whichever surface it came through and whichever engine keeps
// it: valid UTF-8, no control characters (a multi-line text may hold tabs
// and line breaks), and no longer than its field allows. PostgreSQL
// refuses NUL and invalid UTF-8 while SQLite stores them, so text is
// checked once, at the boundary, for both alike.
package text

import (
	"encoding/csv"
	"io"
	"strings"
	"unicode/utf8"

	"maeul/internal/errs"
	"maeul/internal/i18n"
)

// Lengths, in characters, that fields are held to.
const (
	// MaxName is a name or title in one language.
	MaxName = 200
	// MaxLine is a one-line text that is not a name: an address, a note, a
	// reason, a certificate number.
	MaxLine = 500
	// MaxBlock is a multi-line text: a description, a store's story.
	MaxBlock = 10_000
)

// Problem returns the message saying what is wrong with s as text, and
// whether anything is: invalid UTF-8, or a control character (tab, line
// feed and carriage return are allowed when multiline).
func Problem(s string, multiline bool) (i18n.Msg, bool) {
	switch bad, r := scan(s, multiline); bad {
	case badUTF8:
		return i18n.M("err.text.utf8"), true
	case badControl:
		return i18n.M("err.text.control", int(r)), true
	}
	return i18n.Msg{}, false
}

const (
	good = iota
	badUTF8
	badControl
)

// scan finds the first thing wrong with s as text, and the control
// character when that is it.
func scan(s string, multiline bool) (int, rune) {
	if !utf8.ValidString(s) {
		return badUTF8, 0
	}
	for _, r := range s {
		if r < 0x20 && !(multiline && (r == '\t' || r == '\n' || r == '\r')) || r == 0x7f || r >= 0x80 && r < 0xa0 {
			return badControl, r
		}
	}
	return good, 0
}

// Check returns an Invalid error about field when s is not text (see
// Problem) or has more than max characters.
func Check(field, s string, max int, multiline bool) error {
	switch bad, r := scan(s, multiline); bad {
	case badUTF8:
		return errs.Field(field, "err.text.utf8")
	case badControl:
		return errs.Field(field, "err.text.control", int(r))
	}
	if n := utf8.RuneCountInString(s); n > max {
		return errs.Field(field, "err.text.too_long", max, n)
	}
	return nil
}

// CheckText checks each language of t with Check, naming the field
// prefix_ko, prefix_zh or prefix_en.
func CheckText(prefix string, t i18n.Text, max int, multiline bool) error {
	for _, l := range []struct {
		lang i18n.Lang
		s    string
	}{{i18n.Ko, t.Ko}, {i18n.Zh, t.Zh}, {i18n.En, t.En}} {
		if err := Check(prefix+"_"+string(l.lang), l.s, max, multiline); err != nil {
			return err
		}
	}
	return nil
}

// CSVWriter is a csv.Writer whose records go through CSVCells: what every
// CSV export writes with, so that no cell runs as a formula when the file
// is opened in a spreadsheet.
type CSVWriter struct{ *csv.Writer }

// NewCSVWriter returns a CSVWriter writing to w.
func NewCSVWriter(w io.Writer) CSVWriter { return CSVWriter{csv.NewWriter(w)} }

// Write writes one record, its cells made inert (see CSVCells).
func (c CSVWriter) Write(rec []string) error { return c.Writer.Write(CSVCells(rec)) }

// CSVCells returns rec with each cell a spreadsheet would read as a
// formula made inert: a cell starting with = + - @, a tab or a carriage
// return gets a leading apostrophe, unless it is a plain number (a
// negative amount stays a number).
func CSVCells(rec []string) []string {
	out := make([]string, len(rec))
	for i, c := range rec {
		out[i] = csvCell(c)
	}
	return out
}

func csvCell(c string) string {
	if c == "" || !strings.ContainsRune("=+-@\t\r", rune(c[0])) || plainNumber(c) {
		return c
	}
	return "'" + c
}

// plainNumber reports whether s is an optionally negative decimal number
// ("-1240", "-12.40").
func plainNumber(s string) bool {
	s = strings.TrimPrefix(s, "-")
	whole, frac, dot := strings.Cut(s, ".")
	return whole != "" && digits(whole) && (!dot || frac != "" && digits(frac))
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
