package bench

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/impact"
	"maeul/internal/importer"
	"maeul/internal/money"
	"maeul/internal/region"
	"maeul/internal/stats"
	"maeul/internal/store"
)

// SalesOptions shape the statistics' load: how many sales facts to
// generate over how many months before Now, spread over the prefecture's
// villages and counties, every channel and the catalog's categories; how
// many times to time each figure; and how many lines the sales file to
// import holds.
type SalesOptions struct {
	Prefecture  region.Code
	Facts       int
	Months      int
	Samples     int
	ImportLines int
	Now         time.Time
	Seed        uint64
	Out         io.Writer
}

// salesBatch is how many facts a generating transaction writes.
const salesBatch = 100000

// sellerRegions returns where the generated sellers are: the
// prefecture's villages and counties.
func sellerRegions(ctx context.Context, db *store.DB, pref region.Code) ([]region.Code, error) {
	var out []region.Code
	for _, l := range []region.Level{region.County, region.Village} {
		rs, err := db.RegionsAt(ctx, pref, l)
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			out = append(out, r.Code)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("bench: no counties or villages in %s", pref)
	}
	return out, nil
}

func categoryCodes(ctx context.Context, db *store.DB) ([]string, error) {
	cs, err := db.Categories(ctx)
	if err != nil {
		return nil, err
	}
	out := []string{""}
	for _, c := range cs {
		out = append(out, c.Code)
	}
	return out, nil
}

// GenerateSales writes opt.Facts made-up sales facts (a tenth of them
// refunds) through the store's fact writer, rollup and all, in
// transactions of salesBatch facts, and reports progress to opt.Out.
func GenerateSales(ctx context.Context, db *store.DB, opt SalesOptions) error {
	regions, err := sellerRegions(ctx, db, opt.Prefecture)
	if err != nil {
		return err
	}
	cats, err := categoryCodes(ctx, db)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(opt.Seed, uint64(time.Now().UnixNano())))
	run := time.Now().UnixNano()
	span := time.Duration(opt.Months) * 30 * 24 * time.Hour
	start := time.Now()
	batch := make([]stats.Fact, 0, salesBatch)
	for i := range opt.Facts {
		amount := money.Fen(500 + rng.IntN(50000))
		if rng.IntN(10) == 0 {
			amount = -amount / 2
		}
		batch = append(batch, stats.Fact{
			Channel: stats.Channels[rng.IntN(len(stats.Channels))], OrderRef: fmt.Sprintf("bench-%d-%d", run, i),
			Region: regions[rng.IntN(len(regions))], Category: cats[rng.IntN(len(cats))], Poverty: rng.IntN(4) == 0,
			Amount: amount, At: opt.Now.Add(-time.Duration(rng.Int64N(int64(span)))),
		})
		if len(batch) == salesBatch || i == opt.Facts-1 {
			if err := db.GenerateFacts(ctx, batch); err != nil {
				return err
			}
			batch = batch[:0]
			if done := i + 1; done%1_000_000 == 0 || done == opt.Facts {
				d := time.Since(start)
				fmt.Fprintf(opt.Out, "generated %d facts in %s (%.0f facts/s)\n", done, d.Round(time.Second), float64(done)/d.Seconds())
			}
		}
	}
	return nil
}

// MeasureSales times, opt.Samples times each, the figures `maeul report
// sales` and the dashboard read: the prefecture's and a county's and a
// village's last quarter, the prefecture's last month and year, the
// ranking of the prefecture's counties in the quarter, and a whole report
// (figures and divisions) of the prefecture's quarter.
func MeasureSales(ctx context.Context, db *store.DB, opt SalesOptions) ([]Timing, error) {
	svc := &stats.Service{Figures: db, Facts: db, Sales: db, Categories: db, Orgs: db, Regions: db}
	regions, err := sellerRegions(ctx, db, opt.Prefecture)
	if err != nil {
		return nil, err
	}
	month := impact.MonthPeriod(opt.Now).Previous()
	quarter, _ := stats.ParsePeriod(stats.Periods(month.Start)[1])
	year, _ := stats.ParsePeriod(month.Start.Format("2006"))
	county, village := regions[0], regions[len(regions)-1]
	figure := func(code region.Code, p impact.Period) func() error {
		return func() error { _, err := svc.RegionSales(ctx, accounts.SystemActor, code, p); return err }
	}
	cases := []struct {
		key, name string
		fn        func() error
	}{
		{"prefecture_quarter", "prefecture " + quarter.Text, figure(opt.Prefecture, quarter)},
		{"prefecture_month", "prefecture " + month.Text, figure(opt.Prefecture, month)},
		{"prefecture_year", "prefecture " + year.Text, figure(opt.Prefecture, year)},
		{"county_quarter", "county " + string(county) + " " + quarter.Text, figure(county, quarter)},
		{"village_quarter", "village " + string(village) + " " + quarter.Text, figure(village, quarter)},
		{"counties_ranked", "the counties ranked, " + quarter.Text, func() error {
			_, err := svc.Divisions(ctx, accounts.SystemActor, opt.Prefecture, quarter)
			return err
		}},
		{"report", "report sales, prefecture " + quarter.Text, func() error {
			if err := figure(opt.Prefecture, quarter)(); err != nil {
				return err
			}
			_, err := svc.Divisions(ctx, accounts.SystemActor, opt.Prefecture, quarter)
			return err
		}},
	}
	var out []Timing
	for _, c := range cases {
		ds := make([]time.Duration, 0, opt.Samples)
		for range opt.Samples {
			s := time.Now()
			if err := c.fn(); err != nil {
				return nil, fmt.Errorf("bench.MeasureSales %s: %w", c.name, err)
			}
			ds = append(ds, time.Since(s))
		}
		slices.Sort(ds)
		out = append(out, Timing{Key: c.key, Name: c.name, N: len(ds), P50: ds[len(ds)/2], P99: ds[len(ds)*99/100], Min: ds[0]})
	}
	return out, nil
}

// ImportSales writes a sales file of opt.ImportLines lines (outside
// channels, sellers named by village) to dir and imports it as the
// operator does, returning how long the import took.
func ImportSales(ctx context.Context, db *store.DB, opt SalesOptions, dir string) (time.Duration, error) {
	regions, err := sellerRegions(ctx, db, opt.Prefecture)
	if err != nil {
		return 0, err
	}
	name := filepath.Join(dir, "bench-sales.csv")
	f, err := os.Create(name)
	if err != nil {
		return 0, err
	}
	defer os.Remove(name)
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "channel,order_ref,org_code,region_code,category,amount,occurred_at")
	rng := rand.New(rand.NewPCG(opt.Seed, 7))
	run := time.Now().UnixNano()
	for i := range opt.ImportLines {
		day := opt.Now.AddDate(0, 0, -rng.IntN(365)).Format(time.DateOnly)
		fmt.Fprintf(w, "%s,file-%d-%d,,%s,grains-rice,%d.%02d,%s\n", stats.OutsideChannels[rng.IntN(len(stats.OutsideChannels))], run, i,
			regions[rng.IntN(len(regions))], 5+rng.IntN(500), rng.IntN(100), day)
	}
	if err := w.Flush(); err != nil {
		return 0, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return 0, err
	}
	defer f.Close()
	im := &importer.Importer{Store: db, Stats: &stats.Service{Figures: db, Facts: db, Sales: db, Categories: db, Orgs: db, Regions: db},
		Actor: accounts.SystemActor}
	start := time.Now()
	n, err := im.Import(ctx, "sales", name, f)
	if err != nil {
		return 0, err
	}
	if n != opt.ImportLines {
		return 0, fmt.Errorf("bench.ImportSales: imported %d lines of %d", n, opt.ImportLines)
	}
	return time.Since(start), nil
}
