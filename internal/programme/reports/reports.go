// Package reports writes the programme's reports in the forms people take
// them away in: the JSON document of `maeul report programmes` and the
// API, and tables as CSV and XLSX for the command line and the back
// office's exports. One document and one set of tables serve every
// surface.
package reports

import (
	"fmt"
	"io"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"maeul/internal/i18n"
	"maeul/internal/money"
	"maeul/internal/programme"
	"maeul/internal/text"
)

// Designation is one row of a region's titles by level and kind.
type Designation struct {
	Level       string `json:"level"`
	SubjectKind string `json:"subject_kind"`
	// Count is the titles that count on the report's as_of day; Awarded
	// those conferred in its year.
	Count   int `json:"count"`
	Awarded int `json:"awarded"`
	// ProvinceTotal is the province's reported total, when known, and
	// Share the region's count over it.
	ProvinceTotal *int64   `json:"province_total"`
	Share         *float64 `json:"share"`
}

// Village is a village by code and name.
type Village struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Event is an event's line: its participants and what it sold.
type Event struct {
	Code         string    `json:"code"`
	Name         string    `json:"name"`
	Region       string    `json:"region"`
	Starts       time.Time `json:"starts"`
	Ends         time.Time `json:"ends"`
	Participants int       `json:"participants"`
	SalesFen     int64     `json:"sales_fen"`
	DealsFen     int64     `json:"deals_fen"`
	TotalFen     int64     `json:"total_fen"`
}

// Programmes is a region's programme report for a year.
type Programmes struct {
	Region               string        `json:"region"`
	Name                 string        `json:"name"`
	Year                 int           `json:"year"`
	AsOf                 string        `json:"as_of"`
	Designations         []Designation `json:"designations"`
	PairedVillages       int           `json:"paired_villages"`
	PairedVillagesInYear int           `json:"paired_villages_in_year"`
	UnpairedPoorVillages []Village     `json:"unpaired_poor_villages"`
	PairedSalesFen       int64         `json:"paired_sales_fen"`
	Events               []Event       `json:"events"`
	// Sources names where each part comes from.
	Sources map[string]string `json:"sources"`
}

// FromReport makes the document of a report, names in l.
func FromReport(r programme.Report, l i18n.Lang) Programmes {
	p := Programmes{Region: string(r.Region.Code), Name: r.Region.Name.In(l), Year: r.Year, AsOf: r.AsOf.Format(time.DateOnly),
		Designations: []Designation{}, PairedVillages: r.PairedVillages, PairedVillagesInYear: r.PairedInYear,
		UnpairedPoorVillages: []Village{}, PairedSalesFen: int64(r.PairedSales), Events: Events(r.Events, l),
		Sources: map[string]string{}}
	for _, d := range r.Designations {
		row := Designation{Level: string(d.Level), SubjectKind: string(d.SubjectKind), Count: d.Count, Awarded: d.Awarded}
		if d.Known {
			total, share := d.ProvinceTotal, d.Share
			row.ProvinceTotal, row.Share = &total, &share
		}
		p.Designations = append(p.Designations, row)
	}
	for _, v := range r.UnpairedPoor {
		p.UnpairedPoorVillages = append(p.UnpairedPoorVillages, Village{Code: string(v.Code), Name: v.Name.In(l)})
	}
	for k, s := range programme.Sources {
		p.Sources[k] = string(s)
	}
	return p
}

// Events makes the lines of events, names in l.
func Events(ls []programme.EventLine, l i18n.Lang) []Event {
	out := make([]Event, 0, len(ls))
	for _, e := range ls {
		out = append(out, Event{Code: e.Event.Code, Name: e.Event.Name.In(l), Region: string(e.Event.Region),
			Starts: e.Event.Starts.UTC(), Ends: e.Event.Ends.UTC(), Participants: e.Participants,
			SalesFen: int64(e.Sales), DealsFen: int64(e.Deals), TotalFen: int64(e.Total)})
	}
	return out
}

// Cell is one value of a table: text, a whole number, an amount of money,
// a fraction or a time.
type Cell struct {
	Text   string
	Int    *int64
	Fen    *money.Fen
	Ratio  *float64
	Time   time.Time
	IsTime bool
}

// Text, Int, Fen, Ratio and At make cells.
func Text(s string) Cell { return Cell{Text: s} }

// Int: see Text.
func Int(n int64) Cell { return Cell{Int: &n} }

// Fen: see Text.
func Fen(f money.Fen) Cell { return Cell{Fen: &f} }

// Ratio: see Text; nil is an empty cell.
func Ratio(r *float64) Cell { return Cell{Ratio: r} }

// At: see Text.
func At(t time.Time) Cell { return Cell{Time: t, IsTime: true} }

// Column is a table's column: its stable name (the CSV header) and the
// message key of its label (the XLSX header, in the reader's language).
type Column struct {
	Name  string
	Label string
}

// Table is a named table of rows.
type Table struct {
	Name    string // a message key, the XLSX sheet's name
	Columns []Column
	Rows    [][]Cell
}

// String writes a cell as the CSV does: money in whole fen (its columns
// are named *_fen), times in China as 2006-01-02 15:04.
func (c Cell) String() string {
	switch {
	case c.Int != nil:
		return strconv.FormatInt(*c.Int, 10)
	case c.Fen != nil:
		return strconv.FormatInt(int64(*c.Fen), 10)
	case c.Ratio != nil:
		return strconv.FormatFloat(*c.Ratio, 'f', 4, 64)
	case c.IsTime:
		return programme.Local(c.Time).Format("2006-01-02 15:04")
	}
	return c.Text
}

// WriteCSV writes a table with its columns' names as the header.
func WriteCSV(w io.Writer, t Table) error {
	cw := text.NewCSVWriter(w)
	head := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		head[i] = c.Name
	}
	cw.Write((head))
	for _, row := range t.Rows {
		rec := make([]string, len(row))
		for i, c := range row {
			rec[i] = c.String()
		}
		cw.Write((rec))
	}
	cw.Flush()
	return cw.Error()
}

// WriteXLSX writes tables as the sheets of a workbook, headers in l,
// with real number, money and date cells, the header row frozen and
// columns wide enough for their contents.
func WriteXLSX(w io.Writer, tables []Table, cat *i18n.Catalog, l i18n.Lang) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	yuan := "#,##0.00"
	moneyStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &yuan})
	if err != nil {
		return err
	}
	pct := "0.0%"
	ratioStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &pct})
	if err != nil {
		return err
	}
	when := "yyyy-mm-dd hh:mm"
	timeStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &when})
	if err != nil {
		return err
	}
	for i, t := range tables {
		name := sheetName(cat.T(l, t.Name), i)
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		widths := make([]int, len(t.Columns))
		for j, c := range t.Columns {
			label := cat.T(l, c.Label)
			cell, _ := excelize.CoordinatesToCellName(j+1, 1)
			if err := f.SetCellValue(name, cell, label); err != nil {
				return err
			}
			f.SetCellStyle(name, cell, cell, bold)
			widths[j] = textWidth(label)
		}
		for r, row := range t.Rows {
			for j, c := range row {
				cell, _ := excelize.CoordinatesToCellName(j+1, r+2)
				var v any
				style := 0
				switch {
				case c.Int != nil:
					v = *c.Int
				case c.Fen != nil:
					v, style = float64(*c.Fen)/100, moneyStyle
				case c.Ratio != nil:
					v, style = *c.Ratio, ratioStyle
				case c.IsTime:
					v, style = programme.Local(c.Time), timeStyle
				default:
					v = c.Text
				}
				if err := f.SetCellValue(name, cell, v); err != nil {
					return err
				}
				if style != 0 {
					f.SetCellStyle(name, cell, cell, style)
				}
				if j < len(widths) {
					widths[j] = max(widths[j], textWidth(c.String()))
				}
			}
		}
		for j, wd := range widths {
			col, _ := excelize.ColumnNumberToName(j + 1)
			if err := f.SetColWidth(name, col, col, float64(min(wd+2, 60))); err != nil {
				return err
			}
		}
		if err := f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
	}
	return f.Write(w)
}

// textWidth estimates a text's width in characters, counting the wide
// Hangul and Hanzi twice.
func textWidth(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x1100 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// sheetName makes a valid, unique sheet name: at most 31 characters,
// none of []:*?/\.
func sheetName(s string, i int) string {
	out := make([]rune, 0, 31)
	for _, r := range s {
		switch r {
		case '[', ']', ':', '*', '?', '/', '\\':
			r = ' '
		}
		out = append(out, r)
	}
	if len(out) > 28 {
		out = out[:28]
	}
	name := string(out)
	if name == "" || !utf8.ValidString(name) {
		name = "Sheet"
	}
	return fmt.Sprintf("%d %s", i+1, name)
}
