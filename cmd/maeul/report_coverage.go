package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"maeul/internal/accounts"
	"maeul/internal/i18n"
	"maeul/internal/network"
	"maeul/internal/network/reports"
	"maeul/internal/region"
)

const reportCoverageUsage = "report coverage --region CODE [--choose K] [--format table|csv|json] [--lang ko|zh|en] [--db URL]"

func runReportCoverage(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	dbURL := e.dbFlag(fs)
	code := fs.String("region", "", "region code: a prefecture, county, town or village (6 digits are padded)")
	choose := fs.Int("choose", 0, "also choose up to K candidate stations that would serve the most unserved poor villages")
	format := fs.String("format", "table", "output format: table, csv or json")
	lang := e.langFlag(fs, i18n.Ko) // the names' language, Korean by default
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := e.setLang(*lang); err != nil {
		return err
	}
	switch *format {
	case "table", "csv", "json":
	default:
		return usageError{fmt.Sprintf("unknown --format %q: want table, csv or json", *format)}
	}
	if *code == "" {
		return usageError{"give --region; usage: maeul " + reportCoverageUsage}
	}
	if *choose < 0 {
		return usageError{"--choose takes a count of 0 or more"}
	}
	within, err := region.ParseCode(*code)
	if err != nil {
		return usageError{e.refused(err, "--region: ").Error()}
	}
	db, err := e.openDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := (&network.Service{Store: db}).Coverage(ctx, accounts.SystemActor, within, network.ReportOptions{Choose: *choose})
	if err != nil {
		return e.refused(err, "report: ")
	}
	doc := reports.FromReport(rep, e.lang)
	switch *format {
	case "json":
		return writeIndentedJSON(e.stdout, doc)
	case "csv":
		return reports.WriteCSV(e.stdout, doc)
	}
	return coverageTable(e.stdout, doc)
}

func coverageTable(w io.Writer, doc reports.Coverage) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "Coverage of %s (%s)\n\n", doc.Name, doc.Region)
	fmt.Fprintln(tw, "region\tpoor villages\tserved\tcoverage\ttowns\twith express point\tstations\tcandidates")
	for _, f := range append([]reports.Figures{doc.Figures}, doc.Counties...) {
		st := f.ServicePoints[string(network.TownStation)] + f.ServicePoints[string(network.VillageStation)]
		fmt.Fprintf(tw, "%s %s\t%d\t%d\t%s\t%d\t%d\t%d\t%d\n", f.Region, f.Name, f.PoorVillages, f.PoorVillagesServed,
			reports.Rate(f.CoverageRate), f.Towns, f.TownsWithExpressPoint, st, f.CandidateStations)
	}
	var kinds []string
	for _, k := range network.Kinds {
		kinds = append(kinds, fmt.Sprintf("%s %d", k, doc.ServicePoints[string(k)]))
	}
	fmt.Fprintf(tw, "\nservice points\t%s\n", strings.Join(kinds, ", "))
	fmt.Fprintf(tw, "poor villages not served\t%d\n", len(doc.UncoveredPoorVillages))
	for i, c := range doc.UncoveredPoorVillages {
		fmt.Fprintf(tw, "  %s %s\t\n", c, doc.UncoveredNames()[i])
	}
	if len(doc.CandidateChoice) > 0 {
		fmt.Fprintln(tw, "\ncandidates to open, in order\tnewly served\tpoor villages served\tcoverage")
		for i, c := range doc.CandidateChoice {
			fmt.Fprintf(tw, "  %d. %s %s\t%d\t%d\t%s\n", i+1, c.Code, c.Name, len(c.Covers), c.PoorVillagesServed, reports.Rate(c.CoverageRate))
		}
	}
	return tw.Flush()
}
