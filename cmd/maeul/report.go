package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"maeul/internal/i18n"
	"maeul/internal/impact"
	"maeul/internal/money"
	"maeul/internal/store"
	"maeul/internal/text"
)

const reportUsage = "report impact --region CODE --period P [--format table|csv|json] [--lang ko|zh|en] [--db URL]\n" +
	reportProgrammesUsage + "\n" + reportEventsUsage + "\n" + reportSalesUsage + "\n" + reportCoverageUsage

var cmdReport = &command{
	name:  "report",
	usage: reportUsage,
	short: "print a region's impact figures for a period (P: 2026, 2026-Q4 or 2026-11), programme registers, events, sales figures or service coverage",
	run:   runReport,
}

// reportKinds are the kinds of report, each in its own file.
var reportKinds = map[string]func(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error{
	"impact":     runReportImpact,
	"programmes": runReportProgrammes,
	"events":     runReportEvents,
	"sales":      runReportSales,
	"coverage":   runReportCoverage,
}

func runReport(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	if len(args) == 0 || reportKinds[args[0]] == nil {
		return usageError{"usage: maeul " + strings.ReplaceAll(reportUsage, "\n", "\n       maeul ")}
	}
	return reportKinds[args[0]](ctx, e, fs, args[1:])
}

// newImpact returns the impact service over db.
func newImpact(db *store.DB) *impact.Service {
	return &impact.Service{Store: db, Orgs: db, Points: db, Regions: db, Products: db}
}

// impactReport is the report's JSON: the figures of impact.Figures, money
// in fen.
type impactReport struct {
	Region                  string          `json:"region"`
	Name                    string          `json:"name"`
	Period                  string          `json:"period"`
	From                    string          `json:"from"`
	To                      string          `json:"to"`
	HouseholdsReached       int64           `json:"households_reached"`
	PersonsReached          int64           `json:"persons_reached"`
	IncomeAddedFen          int64           `json:"income_added_fen"`
	SupplyIncomeFen         int64           `json:"supply_income_fen"`
	DividendsPaidFen        int64           `json:"dividends_paid_fen"`
	IncomeAddedPerHousehold int64           `json:"income_added_per_household_fen"`
	IncomeAddedPerPersonFen int64           `json:"income_added_per_person_fen"`
	UnitsSold               int64           `json:"units_sold"`
	TopProducts             []reportProduct `json:"top_products"`
}

type reportProduct struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	Units      int64  `json:"units"`
	IncomeFen  int64  `json:"income_fen"`
	Households int64  `json:"households"`
}

func runReportImpact(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	dbURL := e.dbFlag(fs)
	code := fs.String("region", "", "region code: a village, town, county, prefecture or province (6 digits are padded)")
	period := fs.String("period", "", "period: a year (2026), a quarter (2026-Q4) or a month (2026-11)")
	format := fs.String("format", "table", "output format: table, csv or json")
	lang := e.langFlag(fs, i18n.Ko) // the names' language, Korean by default
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := e.setLang(*lang); err != nil {
		return err
	}
	if *code == "" || *period == "" {
		return usageError{"give --region and --period; usage: maeul report impact --region CODE --period P"}
	}
	switch *format {
	case "table", "csv", "json":
	default:
		return usageError{fmt.Sprintf("unknown --format %q: want table, csv or json", *format)}
	}
	l := e.lang
	if _, err := impact.ParsePeriod(*period); err != nil {
		return usageError{e.refused(err, "--period: ").Error()}
	}
	db, err := e.openDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	f, err := newImpact(db).RegionFigures(ctx, *code, *period)
	if err != nil {
		return e.refused(err, "report: ")
	}
	r := impactReport{
		Region: string(f.Region), Name: f.Name.In(l), Period: f.Period.Text,
		From: f.Period.Start.Format("2006-01-02"), To: f.Period.LastDay().Format("2006-01-02"),
		HouseholdsReached: f.HouseholdsReached, PersonsReached: f.PersonsReached,
		IncomeAddedFen: int64(f.IncomeAdded), SupplyIncomeFen: int64(f.Supply), DividendsPaidFen: int64(f.DividendsPaid),
		IncomeAddedPerHousehold: int64(f.IncomePerHousehold), IncomeAddedPerPersonFen: int64(f.IncomePerPerson),
		UnitsSold: f.Units, TopProducts: []reportProduct{},
	}
	for _, p := range f.TopProducts {
		r.TopProducts = append(r.TopProducts, reportProduct{Code: p.Code, Name: p.Name.In(l), Units: p.Units,
			IncomeFen: int64(p.Income), Households: p.Households})
	}
	switch *format {
	case "json":
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	case "csv":
		return reportCSV(e.stdout, r)
	}
	return reportTable(e.stdout, r)
}

// reportFields are the report's scalar figures, as CSV columns and table
// rows.
func reportFields(r impactReport) [][2]string {
	i := func(v int64) string { return strconv.FormatInt(v, 10) }
	return [][2]string{
		{"region", r.Region}, {"name", r.Name}, {"period", r.Period}, {"from", r.From}, {"to", r.To},
		{"households_reached", i(r.HouseholdsReached)}, {"persons_reached", i(r.PersonsReached)},
		{"income_added_fen", i(r.IncomeAddedFen)}, {"supply_income_fen", i(r.SupplyIncomeFen)},
		{"dividends_paid_fen", i(r.DividendsPaidFen)}, {"income_added_per_household_fen", i(r.IncomeAddedPerHousehold)},
		{"income_added_per_person_fen", i(r.IncomeAddedPerPersonFen)}, {"units_sold", i(r.UnitsSold)},
	}
}

// reportCSV writes one header and one row of the scalar figures (the top
// products are in the table and JSON formats).
func reportCSV(w io.Writer, r impactReport) error {
	cw := text.NewCSVWriter(w)
	var head, row []string
	for _, f := range reportFields(r) {
		head, row = append(head, f[0]), append(row, f[1])
	}
	cw.Write((head))
	cw.Write((row))
	cw.Flush()
	return cw.Error()
}

func reportTable(w io.Writer, r impactReport) error {
	yuan := func(f int64) string { return money.Fen(f).String() }
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "Impact of %s (%s), %s (%s to %s)\n\n", r.Name, r.Region, r.Period, r.From, r.To)
	fmt.Fprintf(tw, "poor households reached\t%d\n", r.HouseholdsReached)
	fmt.Fprintf(tw, "persons reached\t%d\n", r.PersonsReached)
	fmt.Fprintf(tw, "income added\t%s\n", yuan(r.IncomeAddedFen))
	fmt.Fprintf(tw, "  from supplies\t%s\n", yuan(r.SupplyIncomeFen))
	fmt.Fprintf(tw, "  from dividends\t%s\n", yuan(r.DividendsPaidFen))
	fmt.Fprintf(tw, "income added per household\t%s\n", yuan(r.IncomeAddedPerHousehold))
	fmt.Fprintf(tw, "income added per person\t%s\n", yuan(r.IncomeAddedPerPersonFen))
	fmt.Fprintf(tw, "units sold\t%d\n", r.UnitsSold)
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(r.TopProducts) == 0 {
		return nil
	}
	fmt.Fprintln(w, "\ntop products")
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "product\tunits\tincome\thouseholds\t")
	for _, p := range r.TopProducts {
		fmt.Fprintf(tw, "%s %s\t%d\t%s\t%d\t\n", p.Code, p.Name, p.Units, yuan(p.IncomeFen), p.Households)
	}
	return tw.Flush()
}
