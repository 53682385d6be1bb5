// Package importer reads the programme's CSV files (regions,
// organizations, service points, and the kinds later domains add) and
// writes them all or nothing.
//
// Every file is UTF-8 (a byte-order mark is accepted) with a header row
// naming its columns in any order. A file with any bad row is refused
// whole, with each problem reported as "FILE:LINE: column NAME: message",
// the message in the reader's language.
package importer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/text"
)

// MaxProblems is how many problems a refused file reports before the
// rest are summarised.
const MaxProblems = 50

// MaxFileBytes is the largest file an import reads: a file is checked
// whole before anything is written, so its size bounds the memory an
// import takes. A larger register is imported in parts.
const MaxFileBytes = 16 << 20

// errTooLarge ends the reading of a file over MaxFileBytes.
var errTooLarge = errors.New("importer: file too large")

// limitedReader reads up to n bytes of r, then fails with errTooLarge.
type limitedReader struct {
	r io.Reader
	n int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, errTooLarge
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

// Problem is one thing wrong with a file.
type Problem struct {
	File   string
	Line   int    // 1-based; the header is line 1
	Column string // the column's header name, "" for the whole row
	// Msg is what is wrong: a message key ("err.AREA.NAME") with its
	// arguments, rendered in the reader's language.
	Msg i18n.Msg
}

// String is the problem in English, as a log shows it.
func (p Problem) String() string { return p.Localize(i18n.Embedded(), i18n.En) }

// Localize renders the problem as "FILE:LINE: column NAME: message" (or
// "FILE:LINE: message" for the whole row), the message in l.
func (p Problem) Localize(c *i18n.Catalog, l i18n.Lang) string {
	msg := p.Msg.Localize(c, l)
	if p.Column != "" {
		return fmt.Sprintf("%s:%d: column %s: %s", p.File, p.Line, p.Column, msg)
	}
	return fmt.Sprintf("%s:%d: %s", p.File, p.Line, msg)
}

// Error is a refused file: the problems found, in line order.
type Error struct {
	Problems []Problem
	More     int // problems found beyond MaxProblems
}

// Error is the problems in English, one a line.
func (e *Error) Error() string { return e.Localize(i18n.Embedded(), i18n.En) }

// Localize renders the problems in l, one a line, and how many more were
// found beyond them.
func (e *Error) Localize(c *i18n.Catalog, l i18n.Lang) string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.Localize(c, l))
	}
	if e.More > 0 {
		b.WriteByte('\n')
		b.WriteString(c.T(l, "err.importer.more", e.More))
	}
	return b.String()
}

// ErrorCode makes a refused file an Invalid error for every adapter.
func (e *Error) ErrorCode() errs.Code { return errs.Invalid }

// Reason is a refused file's reason, for programs.
func (e *Error) Reason() string { return "err.importer.refused" }

// Schema names a file kind's columns. Required columns must be in the
// header; optional ones may be left out, and then read as empty.
type Schema struct {
	Required []string
	Optional []string
	// MaxBytes is the largest file of the kind; 0 means MaxFileBytes.
	MaxBytes int64
}

// maxBytes returns the largest file of the kind.
func (s Schema) maxBytes() int64 {
	if s.MaxBytes > 0 {
		return s.MaxBytes
	}
	return MaxFileBytes
}

// Columns returns all columns, required first.
func (s Schema) Columns() []string {
	return append(append([]string(nil), s.Required...), s.Optional...)
}

// Row is one data row of a file being read.
type Row struct {
	Line int
	cols map[string]int
	rec  []string
	sink *problems
}

// Get returns the trimmed value of a column ("" when the header omitted an
// optional column).
func (r *Row) Get(col string) string {
	i, ok := r.cols[col]
	if !ok || i >= len(r.rec) {
		return ""
	}
	return strings.TrimSpace(r.rec[i])
}

// Fail records a problem with a column of this row: the message key and
// its arguments.
func (r *Row) Fail(col, key string, args ...any) {
	r.sink.add(Problem{Line: r.Line, Column: col, Msg: i18n.M(key, args...)})
}

// FailErr records err as a problem with a column, using the message of a
// domain error (and its field, when the error names one and col is "").
func (r *Row) FailErr(col string, err error) {
	var e *errs.Error
	if errors.As(err, &e) && col == "" {
		col = e.Field
	}
	r.sink.add(Problem{Line: r.Line, Column: col, Msg: errMsg(err)})
}

// errMsg is the message of a domain error, or the plain apology for any
// other error, whose details must not reach users.
func errMsg(err error) i18n.Msg {
	var e *errs.Error
	if errors.As(err, &e) {
		return i18n.M(e.Key, e.Args...)
	}
	return i18n.M(errs.ReasonInternal)
}

// Bool reads a boolean column: true/false, 1/0, yes/no; empty is false.
func (r *Row) Bool(col string) bool {
	switch strings.ToLower(r.Get(col)) {
	case "", "false", "0", "no", "n":
		return false
	case "true", "1", "yes", "y":
		return true
	}
	r.Fail(col, "err.importer.bool", r.Get(col))
	return false
}

// Int reads an integer column; empty is 0.
func (r *Row) Int(col string) int64 {
	s := r.Get(col)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		r.Fail(col, "err.importer.whole_number", s)
	}
	return n
}

// Required returns a column's value, recording a problem when it is empty.
func (r *Row) Required(col string) string {
	s := r.Get(col)
	if s == "" {
		r.Fail(col, "err.importer.empty")
	}
	return s
}

type problems struct {
	file string
	list []Problem
	more int
}

func (ps *problems) add(p Problem) {
	p.File = ps.file
	if len(ps.list) < MaxProblems {
		ps.list = append(ps.list, p)
	} else {
		ps.more++
	}
}

// err returns the problems as an *Error in line order, or nil.
func (ps *problems) err() error {
	if len(ps.list) == 0 {
		return nil
	}
	sort.SliceStable(ps.list, func(i, j int) bool { return ps.list[i].Line < ps.list[j].Line })
	return &Error{Problems: ps.list, More: ps.more}
}

// Read parses a whole file against a schema and calls fn for each data
// row. It returns an *Error listing every problem found (a bad header,
// a malformed CSV line, or what fn recorded on the rows); fn is not called
// when the header is bad.
func Read(file string, r io.Reader, s Schema, fn func(*Row)) error {
	ps := &problems{file: file}
	read(ps, r, s, fn)
	return ps.err()
}

// read is Read recording into ps; it returns false when the header is bad
// or missing, so that no row was read.
func read(ps *problems, r io.Reader, s Schema, fn func(*Row)) bool {
	br := bufio.NewReader(&limitedReader{r: r, n: s.maxBytes() + 1})
	if b, _ := br.Peek(3); bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		ps.add(Problem{Line: 1, Msg: i18n.M("err.importer.no_header", strings.Join(s.Columns(), ","))})
		return false
	}
	if err != nil {
		ps.add(csvProblem(err, 1, s))
		return false
	}
	cols, ok := readHeader(header, s, ps)
	if !ok {
		return false
	}
	line := 1 // of the last record read
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err == nil {
			line, _ = cr.FieldPos(0)
		} else {
			// FieldPos knows no record that failed to read (it panics);
			// the problem is after the last good one.
			line++
		}
		if errors.Is(err, errTooLarge) {
			// The file is refused for its size alone: its other problems
			// would hide that one.
			ps.list, ps.more = nil, 0
			ps.add(csvProblem(err, line, s))
			break
		}
		if err != nil {
			ps.add(csvProblem(err, line, s))
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				continue // the reader resumes at the next line
			}
			break
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		if len(rec) != len(header) {
			ps.add(Problem{Line: line, Msg: i18n.M("err.importer.field_count", len(rec), len(header))})
			continue
		}
		if !checkText(ps, header, rec, cr) {
			continue
		}
		fn(&Row{Line: line, cols: cols, rec: rec, sink: ps})
	}
	return true
}

// checkText records a problem for each cell of rec that is not text
// (invalid UTF-8, a NUL or another control character; a cell may hold
// line breaks and tabs) and reports whether all were.
func checkText(ps *problems, header, rec []string, cr *csv.Reader) bool {
	ok := true
	for i, cell := range rec {
		if msg, bad := text.Problem(cell, true); bad {
			line, _ := cr.FieldPos(i)
			ps.add(Problem{Line: line, Column: strings.ToLower(strings.TrimSpace(header[i])), Msg: msg})
			ok = false
		}
	}
	return ok
}

func readHeader(header []string, s Schema, ps *problems) (map[string]int, bool) {
	known := map[string]bool{}
	for _, c := range s.Columns() {
		known[c] = true
	}
	cols := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		switch {
		case !known[h]:
			ps.add(Problem{Line: 1, Column: h, Msg: i18n.M("err.importer.unknown_column", strings.Join(s.Columns(), ","))})
		case hasCol(cols, h):
			ps.add(Problem{Line: 1, Column: h, Msg: i18n.M("err.importer.column_twice")})
		default:
			cols[h] = i
		}
	}
	for _, c := range s.Required {
		if !hasCol(cols, c) {
			ps.add(Problem{Line: 1, Column: c, Msg: i18n.M("err.importer.column_missing")})
		}
	}
	return cols, len(ps.list) == 0
}

func hasCol(cols map[string]int, c string) bool { _, ok := cols[c]; return ok }

func csvProblem(err error, line int, s Schema) Problem {
	if errors.Is(err, errTooLarge) {
		return Problem{Line: line, Msg: i18n.M("err.importer.too_large", s.maxBytes()>>20)}
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return Problem{Line: pe.Line, Msg: i18n.M("err.importer.malformed", pe.Err.Error())}
	}
	return Problem{Line: line, Msg: i18n.M("err.importer.unreadable", err.Error())}
}
