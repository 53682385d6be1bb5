package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"maeul/internal/accounts"
	"maeul/internal/i18n"
	"maeul/internal/money"
	"maeul/internal/programme"
	"maeul/internal/programme/reports"
	"maeul/internal/region"
	"maeul/internal/stats"
	"maeul/internal/store"
)

const reportProgrammesUsage = "report programmes --region CODE [--year Y] [--format table|csv|json|xlsx] [--lang ko|zh|en] [--db URL]"

// newProgramme returns the programme service over db, with the
// province's totals of titles from the reported figures.
func newProgramme(db *store.DB) *programme.Service {
	return &programme.Service{Store: db, Regions: db, Orgs: db, Points: db, Totals: stats.ProgrammeTotals{Figures: db}}
}

// reportFlags are the flags the programme reports share.
type reportFlags struct {
	db, region, format, lang *string
	year                     *int
}

func programmeFlags(e *env, fs *flag.FlagSet, regionHelp string) reportFlags {
	return reportFlags{
		db:     e.dbFlag(fs),
		region: fs.String("region", "", regionHelp),
		year:   fs.Int("year", 0, "year, in China time (default: this year)"),
		format: fs.String("format", "table", "output format: table, csv, json or xlsx (to standard output)"),
		lang:   e.langFlag(fs, i18n.Ko), // the names' (and the XLSX headers') language, Korean by default
	}
}

// check checks the shared flags and returns the language.
func (f reportFlags) check(e *env) (i18n.Lang, error) {
	switch *f.format {
	case "table", "csv", "json", "xlsx":
	default:
		return "", usageError{fmt.Sprintf("unknown --format %q: want table, csv, json or xlsx", *f.format)}
	}
	if err := e.setLang(*f.lang); err != nil {
		return "", err
	}
	return e.lang, nil
}

func runReportProgrammes(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	f := programmeFlags(e, fs, "region code: a village, town, county, prefecture or province (6 digits are padded)")
	if err := parse(fs, args); err != nil {
		return err
	}
	l, err := f.check(e)
	if err != nil {
		return err
	}
	if *f.region == "" {
		return usageError{"give --region; usage: maeul " + reportProgrammesUsage}
	}
	code, err := region.ParseCode(*f.region)
	if err != nil {
		return usageError{e.refused(err, "--region: ").Error()}
	}
	db, err := e.openDB(ctx, *f.db)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := newProgramme(db)
	year := *f.year
	if year == 0 {
		year = svc.ThisYear()
	}
	rep, err := svc.Report(ctx, accounts.SystemActor, code, year)
	if err != nil {
		return e.refused(err, "report: ")
	}
	doc := reports.FromReport(rep, l)
	switch *f.format {
	case "json":
		return writeIndentedJSON(e.stdout, doc)
	case "csv", "xlsx":
		return writeTables(e.stdout, *f.format, reports.ProgrammeTables(doc), l)
	}
	return programmesTable(e.stdout, doc)
}

func writeIndentedJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func programmesTable(w io.Writer, p reports.Programmes) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "Programmes of %s (%s), %d, as of %s\n\n", p.Name, p.Region, p.Year, p.AsOf)
	fmt.Fprintln(tw, "demonstration titles\tin force\tconferred in the year\tprovince's total\tshare")
	for _, d := range p.Designations {
		total, share := "–", "–"
		if d.ProvinceTotal != nil {
			total, share = fmt.Sprint(*d.ProvinceTotal), fmt.Sprintf("%.1f%%", 100**d.Share)
		}
		fmt.Fprintf(tw, "  %s %s\t%d\t%d\t%s\t%s\n", d.Level, d.SubjectKind, d.Count, d.Awarded, total, share)
	}
	fmt.Fprintf(tw, "\npaired villages on %s\t%d\n", p.AsOf, p.PairedVillages)
	fmt.Fprintf(tw, "paired villages in %d\t%d\n", p.Year, p.PairedVillagesInYear)
	fmt.Fprintf(tw, "sales of paired enterprises from their villages\t%s\n", money.Fen(p.PairedSalesFen))
	fmt.Fprintf(tw, "poor villages not paired\t%d\n", len(p.UnpairedPoorVillages))
	for _, v := range p.UnpairedPoorVillages {
		fmt.Fprintf(tw, "  %s %s\t\n", v.Code, v.Name)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return eventsTable(w, p.Events)
}

// writeTables writes a report's tables to w as CSV (one after another,
// a blank line between them) or as an XLSX workbook (a sheet each, headed
// in language l).
func writeTables(w io.Writer, format string, tables []reports.Table, l i18n.Lang) error {
	if format == "xlsx" {
		cat, err := i18n.Load()
		if err != nil {
			return err
		}
		return reports.WriteXLSX(w, tables, cat, l)
	}
	for i, t := range tables {
		if i > 0 {
			fmt.Fprintln(w)
		}
		if err := reports.WriteCSV(w, t); err != nil {
			return err
		}
	}
	return nil
}
