package main

import (
	"context"
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
)

const reportEventsUsage = "report events [--region CODE] [--year Y] [--format table|csv|json|xlsx] [--lang ko|zh|en] [--db URL]"

func runReportEvents(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	f := programmeFlags(e, fs, "only the events hosted inside this region (default: all)")
	if err := parse(fs, args); err != nil {
		return err
	}
	l, err := f.check(e)
	if err != nil {
		return err
	}
	var within region.Code
	if *f.region != "" {
		if within, err = region.ParseCode(*f.region); err != nil {
			return usageError{e.refused(err, "--region: ").Error()}
		}
	}
	db, err := e.openDB(ctx, *f.db)
	if err != nil {
		return err
	}
	defer db.Close()
	lines, err := newProgramme(db).EventLines(ctx, accounts.SystemActor, programme.EventFilter{Within: within, Year: *f.year})
	if err != nil {
		return e.refused(err, "report: ")
	}
	es := reports.Events(lines, l)
	switch *f.format {
	case "json":
		return writeIndentedJSON(e.stdout, struct {
			Events  []reports.Event   `json:"events"`
			Sources map[string]string `json:"sources"`
		}{es, map[string]string{"sales_fen": string(programme.SourcePlatform), "deals_fen": string(programme.SourceDeals)}})
	case "csv":
		return reports.WriteCSV(e.stdout, reports.EventTable(es))
	case "xlsx":
		cat, err := i18n.Load()
		if err != nil {
			return err
		}
		return reports.WriteXLSX(e.stdout, []reports.Table{reports.EventTable(es)}, cat, l)
	}
	return eventsTable(e.stdout, es)
}

// eventsTable prints events with their figures; sales are the platform
// sales of the participating sellers within the events' days, deals those
// their organizers recorded.
func eventsTable(w io.Writer, es []reports.Event) error {
	fmt.Fprintf(w, "\nmatchmaking events: %d\n", len(es))
	if len(es) == 0 {
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "event\tstarts (China)\tends\tparticipants\tplatform sales\tdeals\ttotal")
	for _, x := range es {
		fmt.Fprintf(tw, "%s %s\t%s\t%s\t%d\t%s\t%s\t%s\n", x.Code, x.Name, reports.At(x.Starts), reports.At(x.Ends), x.Participants,
			money.Fen(x.SalesFen), money.Fen(x.DealsFen), money.Fen(x.TotalFen))
	}
	return tw.Flush()
}
