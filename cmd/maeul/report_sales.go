package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"maeul/internal/accounts"
	"maeul/internal/money"
	"maeul/internal/region"
	"maeul/internal/stats"
	"maeul/internal/stats/reports"
)

const reportSalesUsage = "report sales --region CODE --period P [--format table|csv|json|xlsx] [--lang ko|zh|en] [--db URL]"

func runReportSales(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	f := programmeFlags(e, fs, "region code: a village, town, county, prefecture or province (6 digits are padded)")
	period := fs.String("period", "", "period: a year 2026, a quarter 2026-Q1 (or 2026Q1) or a month 2026-03, in China time")
	if err := parse(fs, args); err != nil {
		return err
	}
	l, err := f.check(e)
	if err != nil {
		return err
	}
	if *f.region == "" || *period == "" {
		return usageError{"give --region and --period; usage: maeul " + reportSalesUsage}
	}
	code, err := region.ParseCode(*f.region)
	if err != nil {
		return usageError{e.refused(err, "--region: ").Error()}
	}
	p, err := stats.ParsePeriod(*period)
	if err != nil {
		return usageError{e.refused(err, "--period: ").Error()}
	}
	db, err := e.openDB(ctx, *f.db)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := newStats(db)
	fig, err := svc.RegionSales(ctx, accounts.SystemActor, code, p)
	if err != nil {
		return e.refused(err, "report: ")
	}
	divs, err := svc.Divisions(ctx, accounts.SystemActor, code, p)
	if err != nil {
		return e.refused(err, "report: ")
	}
	doc := reports.FromFigures(fig, divs, l)
	switch *f.format {
	case "json":
		return writeIndentedJSON(e.stdout, doc)
	case "csv", "xlsx":
		return writeTables(e.stdout, *f.format, reports.Tables(doc), l)
	}
	return salesTable(e.stdout, doc)
}

// percent writes a fraction as a percentage, "–" when nil.
func percent(r *float64) string {
	if r == nil {
		return "–"
	}
	return fmt.Sprintf("%+.2f%%", 100**r)
}

func salesTable(w io.Writer, s reports.Sales) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "Sales of %s (%s), %s, %s\n\n", s.Name, s.Region, s.Period, s.Source)
	fmt.Fprintln(tw, "metric\tamount\tsource\tyear on year\tshare of parent\trank")
	for _, m := range s.Metrics {
		rank := "–"
		if m.Rank != nil {
			rank = fmt.Sprintf("%d of %d", *m.Rank, *m.RankAmong)
		}
		share := "–"
		if m.Share != nil {
			share = fmt.Sprintf("%.1f%%", 100**m.Share)
		}
		src := m.Source
		if src == "" {
			src = "–"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", m.Metric, money.Fen(m.AmountFen), src, percent(m.YoYGrowth), share, rank)
	}
	if len(s.ByChannel) > 0 {
		fmt.Fprintln(tw, "\nchannel\tamount")
		for _, r := range reports.ChannelTable(s).Rows {
			fmt.Fprintf(tw, "%s\t%s\n", r[0].Text, *r[1].Fen)
		}
	}
	if len(s.Divisions) > 0 {
		fmt.Fprintln(tw, "\ndivision\tonline retail sales\tyear on year\trank\tsource")
		for _, d := range s.Divisions {
			rank := "–"
			if d.Metrics[0].Rank != nil {
				rank = fmt.Sprint(*d.Metrics[0].Rank)
			}
			fmt.Fprintf(tw, "%s %s\t%s\t%s\t%s\t%s\n", d.Region, d.Name, money.Fen(d.Metrics[0].AmountFen), percent(d.Metrics[0].YoYGrowth), rank, d.Source)
		}
	}
	return tw.Flush()
}
