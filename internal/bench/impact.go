package bench

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"sort"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/impact"
	"maeul/internal/money"
	"maeul/internal/org"
	"maeul/internal/region"
	"maeul/internal/store"
)

// The impact load: a county whose ledger holds many posted order lines, and
// how fast its impact figures read. SetUpImpact registers households in
// the county's villages, gives its organizations products with supplier
// links to them, and makes the households members of its village stores
// and cooperatives; GenerateImpact posts paid order lines month by month
// over the past year (through store.GenerateOrders, which posts them as the
// checkout does) and runs each month's dividends through impact.Service;
// MeasureImpact times the figures the impact pages and `maeul report
// impact` read.

// ImpactOptions tune the impact load.
type ImpactOptions struct {
	County     region.Code // default Wangqing (222424)
	Households int         // registered in the county's villages (default 5,000)
	Lines      int         // order lines to post (default 1,000,000)
	Months     int         // spread over the months before this one (default 12)
	Samples    int         // timings per figure (default 200)
	Seed       uint64
	Now        time.Time // default time.Now()
	Out        io.Writer // progress; nil for none
}

func (o *ImpactOptions) defaults() {
	if o.County == "" {
		o.County = "222424000000"
	}
	if o.Households <= 0 {
		o.Households = 5000
	}
	if o.Lines <= 0 {
		o.Lines = 1_000_000
	}
	if o.Months <= 0 {
		o.Months = 12
	}
	if o.Samples <= 0 {
		o.Samples = 200
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.Out == nil {
		o.Out = io.Discard
	}
}

// ImpactWorld is what SetUpImpact made: the county's products with their
// organizations, and the buyers.
type ImpactWorld struct {
	County   region.Code
	Products []catalog.Product
	Orgs     []org.Organization
	Buyers   []int64
}

// SetUpImpact registers the households, products, links and buyers of the
// impact load in db (whose demo data must be loaded), or finds them from an
// earlier run. It fails if any step does.
func SetUpImpact(ctx context.Context, db *store.DB, opt ImpactOptions) (*ImpactWorld, error) {
	opt.defaults()
	w := &ImpactWorld{County: opt.County}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x696d70616374))
	var villages []region.Code
	towns, err := db.Children(ctx, opt.County)
	if err != nil {
		return nil, fmt.Errorf("bench.SetUpImpact: %w", err)
	}
	for _, t := range towns {
		vs, err := db.Children(ctx, t.Code)
		if err != nil {
			return nil, fmt.Errorf("bench.SetUpImpact: %w", err)
		}
		for _, v := range vs {
			villages = append(villages, v.Code)
		}
	}
	if len(villages) == 0 {
		return nil, fmt.Errorf("bench.SetUpImpact: county %s has no villages: load the demo data first", opt.County)
	}
	if w.Orgs, err = db.Organizations(ctx, org.Filter{Within: opt.County}); err != nil || len(w.Orgs) == 0 {
		return nil, fmt.Errorf("bench.SetUpImpact: the organizations of %s: %v", opt.County, err)
	}
	prefix := fmt.Sprintf("bench-%s-", opt.County.Prefix())
	fresh := false
	if _, err := db.Household(ctx, prefix+"00001"); errs.Is(err, errs.NotFound) {
		fresh = true
	} else if err != nil {
		return nil, fmt.Errorf("bench.SetUpImpact: %w", err)
	}
	// Households, products and links: once.
	if fresh {
		fmt.Fprintf(opt.Out, "registering %d households in %d villages …\n", opt.Households, len(villages))
		var hs []impact.Household
		for i := 1; i <= opt.Households; i++ {
			hs = append(hs, impact.Household{Code: fmt.Sprintf("%s%05d", prefix, i), Village: villages[rng.IntN(len(villages))],
				Members: 1 + rng.IntN(6), HeadName: fmt.Sprintf("가구주 %d", i), IDNumber: benchIDNumber(opt.County, i),
				Phone: fmt.Sprintf("139%08d", i), Status: impact.Poor})
			if len(hs) == 1000 || i == opt.Households {
				if err := db.UpsertHouseholds(ctx, hs); err != nil {
					return nil, fmt.Errorf("bench.SetUpImpact: %w", err)
				}
				hs = hs[:0]
			}
		}
	}
	all, err := db.Households(ctx, impact.HouseholdFilter{Within: opt.County})
	if err != nil {
		return nil, fmt.Errorf("bench.SetUpImpact: %w", err)
	}
	var ours []impact.Household
	for _, h := range all {
		if len(h.Code) > len(prefix) && h.Code[:len(prefix)] == prefix {
			ours = append(ours, h)
		}
	}
	nproducts := max(len(ours)/4, 1)
	codeOf := func(i int) string { return fmt.Sprintf("%sp%05d", prefix, i) }
	if fresh {
		fmt.Fprintf(opt.Out, "listing %d products with supplier links, and members …\n", nproducts)
		var ps []catalog.Product
		var chs []catalog.Change
		for i := 1; i <= nproducts; i++ {
			o := w.Orgs[rng.IntN(len(w.Orgs))]
			g := goods[rng.IntN(len(goods))]
			ps = append(ps, catalog.Product{Code: codeOf(i), OrgID: o.ID, Category: g.category, Origin: villages[rng.IntN(len(villages))],
				Kind: catalog.Goods, Name: i18n.Text{Ko: g.ko + fmt.Sprint(i), Zh: g.zh + fmt.Sprint(i), En: g.en + fmt.Sprint(i)},
				Variants: []catalog.Variant{{SKU: fmt.Sprintf("BENCH-%s-%05d", opt.County.Prefix(), i), Name: i18n.Text{Ko: "1", En: "1"},
					Price: money.Yuan(int64(g.yuan)) + money.Fen(rng.IntN(100)), Stock: 1_000_000}}})
			chs = append(chs, catalog.Change{OrgID: o.ID, Action: "bench", At: opt.Now})
			if len(ps) == 500 || i == nproducts {
				if _, err := db.SaveProducts(ctx, ps, chs); err != nil {
					return nil, fmt.Errorf("bench.SetUpImpact: %w", err)
				}
				ps, chs = ps[:0], chs[:0]
			}
		}
	}
	for i := 1; i <= nproducts; i++ {
		p, err := db.Product(ctx, codeOf(i))
		if err != nil {
			return nil, fmt.Errorf("bench.SetUpImpact: %w", err)
		}
		w.Products = append(w.Products, p)
	}
	if fresh {
		from := impact.MonthPeriod(opt.Now).Start.AddDate(0, -opt.Months-1, 0)
		var ls []impact.Link
		for _, p := range w.Products {
			// One or two suppliers per product, each 3–8% of the price, per
			// unit or as a percentage.
			for _, k := range rng.Perm(len(ours))[:1+rng.IntN(2)] {
				l := impact.Link{HouseholdID: ours[k].ID, OrgID: p.OrgID, Kind: impact.Supplier, ProductID: p.ID, ValidFrom: from}
				if rng.IntN(2) == 0 {
					l.PerUnit = money.Scale(p.Variants[0].Price, int64(3+rng.IntN(6)), 100)
				} else {
					l.PercentBP = int64(300 + rng.IntN(500))
				}
				ls = append(ls, l)
			}
		}
		for _, o := range w.Orgs {
			if o.Kind != org.VillageStore && o.Kind != org.Cooperative {
				continue
			}
			for _, k := range rng.Perm(len(ours))[:min(len(ours), 150)] {
				ls = append(ls, impact.Link{HouseholdID: ours[k].ID, OrgID: o.ID, Kind: impact.Member, Shares: int64(1 + rng.IntN(5)), ValidFrom: from})
			}
		}
		for i := 0; i < len(ls); i += 1000 {
			if _, err := db.SaveLinks(ctx, ls[i:min(i+1000, len(ls))]); err != nil {
				return nil, fmt.Errorf("bench.SetUpImpact: %w", err)
			}
		}
	}
	for i := 0; i < 100; i++ {
		email := fmt.Sprintf("bench-impact-%03d@maeul.test", i)
		u, _, err := db.UserByEmail(ctx, email)
		if errs.Is(err, errs.NotFound) {
			var id int64
			if id, err = db.CreateUser(ctx, accounts.User{Email: email, Name: "Bench", Role: accounts.Shopper, Lang: i18n.Ko}, "-"); err == nil {
				u.ID = id
			}
		}
		if err != nil {
			return nil, fmt.Errorf("bench.SetUpImpact: %w", err)
		}
		w.Buyers = append(w.Buyers, u.ID)
	}
	return w, nil
}

// benchIDNumber returns a valid identity card number for the n-th bench
// household of a county.
func benchIDNumber(county region.Code, n int) string {
	s := fmt.Sprintf("%s%s%03d", county.Prefix(), time.Date(1940+n%60, time.Month(1+n%12), 1+n%28, 0, 0, 0, 0, time.UTC).Format("20060102"), n%1000)
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := range 17 {
		sum += int(s[i]-'0') * weights[i]
	}
	return s + string("10X98765432"[sum%11])
}

// GenerateImpact posts opt.Lines paid order lines of the world's products,
// one to three per order, at random times over the opt.Months months
// before this one, and after each month runs the dividends of every
// organization with a pool. It returns the lines and orders posted.
func GenerateImpact(ctx context.Context, db *store.DB, w *ImpactWorld, opt ImpactOptions) (lines, orders int, err error) {
	opt.defaults()
	rng := rand.New(rand.NewPCG(opt.Seed, uint64(opt.Now.UnixNano())))
	byOrg := map[int64][]catalog.Product{}
	for _, p := range w.Products {
		byOrg[p.OrgID] = append(byOrg[p.OrgID], p)
	}
	imp := &impact.Service{Store: db, Orgs: db, Points: db, Regions: db, Products: db}
	first := impact.MonthPeriod(opt.Now).Start.AddDate(0, -opt.Months, 0)
	start := time.Now()
	for m := 0; m < opt.Months; m++ {
		p := impact.MonthPeriod(first.AddDate(0, m, 0).Add(12 * time.Hour))
		want := opt.Lines * (m + 1) / opt.Months
		var batch []store.GeneratedOrder
		for lines < want {
			prod := w.Products[rng.IntN(len(w.Products))]
			o := store.GeneratedOrder{BuyerID: w.Buyers[rng.IntN(len(w.Buyers))], OrgID: prod.OrgID,
				PaidAt: p.From().Add(time.Duration(rng.Int64N(int64(p.To().Sub(p.From())))))}
			same := byOrg[prod.OrgID]
			for k := 0; k < 1+rng.IntN(3) && lines < want; k++ {
				if k > 0 {
					prod = same[rng.IntN(len(same))]
				}
				if slices.ContainsFunc(o.Lines, func(l store.GeneratedLine) bool { return l.ProductID == prod.ID }) {
					continue
				}
				v := prod.Variants[0]
				o.Lines = append(o.Lines, store.GeneratedLine{ProductID: prod.ID, VariantID: v.ID, ProductCode: prod.Code, SKU: v.SKU,
					Qty: 1 + rng.IntN(4), UnitPrice: v.Price})
				lines++
			}
			batch = append(batch, o)
			orders++
			if len(batch) == 5000 {
				if err := db.GenerateOrders(ctx, sortOrders(batch), string(w.County)); err != nil {
					return lines, orders, err
				}
				batch = batch[:0]
			}
		}
		if err := db.GenerateOrders(ctx, sortOrders(batch), string(w.County)); err != nil {
			return lines, orders, err
		}
		// The month's dividends, paid on the 1st of the next.
		imp.Now = func() time.Time { return p.To().Add(10 * time.Hour) }
		runs := 0
		for _, o := range w.Orgs {
			if _, err := imp.ExecuteDividends(ctx, accounts.SystemActor, o.Code, p.Text); err == nil {
				runs++
			} else if !errs.Is(err, errs.Invalid) {
				return lines, orders, err
			}
		}
		fmt.Fprintf(opt.Out, "  %s: %d lines posted in all, %d dividend runs (%s)\n", p.Text, lines, runs, time.Since(start).Round(time.Second))
	}
	return lines, orders, nil
}

func sortOrders(os []store.GeneratedOrder) []store.GeneratedOrder {
	sort.Slice(os, func(i, j int) bool { return os[i].PaidAt.Before(os[j].PaidAt) })
	return os
}

// Timing is how long one kind of read took over its samples.
type Timing struct {
	Key      string // for the machine-readable line: county_month, …
	Name     string
	N        int
	P50, P99 time.Duration
	// Min is the fastest sample: the read's cost when nothing else
	// competes for the machine.
	Min time.Duration
}

func (t Timing) String() string {
	return fmt.Sprintf("%-44s p50 %7.2f ms  p99 %7.2f ms  (%d)", t.Name, ms(t.P50), ms(t.P99), t.N)
}

// MeasureImpact times, opt.Samples times each, the figures the impact pages
// and `maeul report impact` read, for the world's county: the last month,
// quarter and year; one village; the prefecture's year; an organization's
// year; and a household's statement for the year.
func MeasureImpact(ctx context.Context, db *store.DB, w *ImpactWorld, opt ImpactOptions) ([]Timing, error) {
	opt.defaults()
	imp := &impact.Service{Store: db, Orgs: db, Points: db, Regions: db, Products: db}
	last := impact.MonthPeriod(opt.Now).Previous()
	quarter := fmt.Sprintf("%d-Q%d", last.Start.Year(), (int(last.Start.Month())+2)/3)
	year := last.Start.Format("2006")
	busiest, err := busiestHousehold(ctx, db, w)
	if err != nil {
		return nil, err
	}
	o := w.Orgs[0]
	for _, x := range w.Orgs {
		if x.Kind == org.VillageStore {
			o = x
			break
		}
	}
	village := w.Products[0].Origin
	cases := []struct {
		key, name string
		fn        func() error
	}{
		{"county_month", "county " + last.Text, func() error { _, err := imp.RegionFigures(ctx, string(w.County), last.Text); return err }},
		{"county_quarter", "county " + quarter, func() error { _, err := imp.RegionFigures(ctx, string(w.County), quarter); return err }},
		{"county_year", "county " + year, func() error { _, err := imp.RegionFigures(ctx, string(w.County), year); return err }},
		{"village_year", "village " + string(village) + " " + year, func() error { _, err := imp.RegionFigures(ctx, string(village), year); return err }},
		{"prefecture_year", "prefecture " + year, func() error {
			_, err := imp.RegionFigures(ctx, string(w.County.Ancestor(region.Prefecture)), year)
			return err
		}},
		{"org_year", "organization " + o.Code + " " + year, func() error { _, err := imp.OrgFigures(ctx, o.Code, year); return err }},
		{"statement_year", "statement " + busiest + " " + year, func() error {
			_, err := imp.Statement(ctx, accounts.SystemActor, busiest, year)
			return err
		}},
	}
	var out []Timing
	for _, c := range cases {
		ds := make([]time.Duration, 0, opt.Samples)
		for range opt.Samples {
			s := time.Now()
			if err := c.fn(); err != nil {
				return nil, fmt.Errorf("bench.MeasureImpact %s: %w", c.name, err)
			}
			ds = append(ds, time.Since(s))
		}
		slices.Sort(ds)
		out = append(out, Timing{Key: c.key, Name: c.name, N: len(ds), P50: ds[len(ds)/2], P99: ds[len(ds)*99/100]})
	}
	return out, nil
}

// busiestHousehold returns the code of the bench household with the most
// supplier links.
func busiestHousehold(ctx context.Context, db *store.DB, w *ImpactWorld) (string, error) {
	count := map[int64]int{}
	for _, p := range w.Products[:min(len(w.Products), 200)] {
		ls, err := db.Links(ctx, impact.LinkFilter{ProductID: p.ID, Kind: impact.Supplier})
		if err != nil {
			return "", err
		}
		for _, l := range ls {
			count[l.HouseholdID]++
		}
	}
	var best int64
	for id, n := range count {
		if n > count[best] || (n == count[best] && id < best) {
			best = id
		}
	}
	h, err := db.HouseholdByID(ctx, best)
	if err != nil {
		return "", fmt.Errorf("bench: busiest household: %w", err)
	}
	return h.Code, nil
}

// LinkFlashSale puts n supplier links (1 to 10) on a flash sale's product,
// from the demo households of its village (222424100201-01 …), alternately
// 20 fen per unit and 2% of the line, from today: each paid order then
// posts n more credits with its sale.
func LinkFlashSale(ctx context.Context, db *store.DB, sale *FlashSale, n int) error {
	if n < 1 || n > 10 {
		return fmt.Errorf("bench.LinkFlashSale: %d links: want 1 to 10", n)
	}
	imp := &impact.Service{Store: db, Orgs: db, Points: db, Regions: db, Products: db}
	var ls []impact.NewLink
	for i := 1; i <= n; i++ {
		l := impact.NewLink{HouseholdCode: fmt.Sprintf("%s-%02d", FlashSaleOrigin, i), OrgCode: FlashSaleStore, Kind: impact.Supplier,
			SKU: impact.ProductPrefix + sale.ProductCode, ValidFrom: impact.Day(time.Now())}
		if i%2 == 1 {
			l.PerUnit = 20
		} else {
			l.PercentBP = 200
		}
		ls = append(ls, l)
	}
	if _, err := imp.SaveLinks(ctx, accounts.SystemActor, ls); err != nil {
		return fmt.Errorf("bench.LinkFlashSale: %w", err)
	}
	return nil
}
