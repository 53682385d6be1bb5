package demo

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/chinatime"
	"maeul/internal/impact"
	"maeul/internal/money"
	"maeul/internal/org"
	"maeul/internal/programme"
	"maeul/internal/region"
	"maeul/internal/stats"
)

// The demo's statistics: three years of monthly sales on outside
// platforms by every demo seller of the prefecture (up to the month before
// the demo is loaded), growing about 17% a year with the harvest's
// seasons, so that the dashboards show trends and growth on first start;
// the figures the province's other prefectures report for the same
// quarters and years, which put Yanbian second in the province; and the
// province's totals of demonstration titles. Amounts vary by a hash of
// the seller, channel and month, so the data are the same on every load;
// loading again replaces them.

// DemoMonths is how many months of outside sales the demo holds.
const DemoMonths = 36

// channelsOf are the outside channels a kind of seller sells on, with
// their weights.
var channelsOf = map[org.Kind][]struct {
	c stats.Channel
	w float64
}{
	org.Enterprise:    {{stats.JD, 1}, {stats.Tmall, 0.8}, {stats.Taobao, 0.5}, {stats.Suning, 0.3}},
	org.Cooperative:   {{stats.Taobao, 1}, {stats.Pinduoduo, 0.7}, {stats.WeChat, 0.4}},
	org.Farm:          {{stats.Pinduoduo, 1}, {stats.Douyin, 0.6}},
	org.HouseholdShop: {{stats.WeChat, 1}, {stats.Douyin, 0.5}},
	org.VillageStore:  {{stats.WeChat, 1}, {stats.Pinduoduo, 0.6}, {stats.Douyin, 0.3}},
}

// monthlyYuan is what a kind of seller sells a month on its first channel.
var monthlyYuan = map[org.Kind]float64{org.Enterprise: 60000, org.Cooperative: 12000, org.Farm: 7000, org.HouseholdShop: 2500, org.VillageStore: 5000}

// demoCategories are what the sellers sell, picked by a hash of the code.
var demoCategories = []string{"grains-rice", "forest-mushroom", "fruit-apple-pear", "processed-kimchi", "eggs-poultry",
	"vegetables", "forest-ginseng-honey", "processed-rice-cakes-noodles", "handicrafts", "tourism-farm-stay"}

// season scales a month's sales: slow in spring, the harvest in autumn,
// the festivals in winter.
var season = [12]float64{1.1, 1.2, 0.8, 0.75, 0.8, 0.85, 0.9, 0.95, 1.15, 1.25, 1.2, 1.3}

// otherPrefectures are the province's other prefectures with their sales
// as a multiple of Yanbian's, and the rural part of theirs.
var otherPrefectures = []struct {
	code         region.Code
	scale, rural float64
}{
	{"220100000000", 3.1, 0.18}, {"220200000000", 0.86, 0.3}, {"220300000000", 0.52, 0.45}, {"220400000000", 0.28, 0.35},
	{"220500000000", 0.61, 0.4}, {"220600000000", 0.44, 0.42}, {"220700000000", 0.47, 0.5}, {"220800000000", 0.33, 0.55},
}

// designationTotals are the province's titles of a level and kind, by
// year from 2019 on.
var designationTotals = []struct {
	l        programme.Level
	k        programme.SubjectKind
	from, by int64 // the total of 2019, and its growth a year
}{
	{programme.National, programme.County, 12, 2}, {programme.Provincial, programme.County, 20, 2},
	{programme.Provincial, programme.Town, 30, 4}, {programme.Provincial, programme.Village, 90, 15},
	{programme.Prefecture, programme.Village, 150, 20}, {programme.National, programme.Enterprise, 8, 1},
	{programme.Provincial, programme.Cooperative, 25, 3}, {programme.National, programme.Base, 6, 1},
	{programme.Prefecture, programme.Station, 200, 40},
}

// demoListings are demo products also sold on outside platforms (the
// links are made up).
var demoListings = []stats.NewListing{
	{ProductCode: "yj-chaoyangchuan-rice", Channel: stats.JD, URL: "https://item.jd.com/100000000001.html"},
	{ProductCode: "yj-chaoyangchuan-rice", Channel: stats.Tmall, URL: "https://detail.tmall.com/item.htm?id=600000000001"},
	{ProductCode: "yj-rice-gift-box", Channel: stats.JD, URL: "https://item.jd.com/100000000002.html"},
	{ProductCode: "wq-dongxing-eggs", Channel: stats.Pinduoduo, URL: "https://mobile.yangkeduo.com/goods.html?goods_id=300000000001"},
	{ProductCode: "wq-dongxing-eggs", Channel: stats.WeChat, URL: "https://shop.weixin.qq.com/dongxing"},
}

func jitter(parts ...string) float64 {
	h := fnv.New32a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return 0.85 + float64(h.Sum32()%3000)/10000 // 0.85 to 1.15
}

// DemoSales returns the demo's outside sales from the start of the quarter
// DemoMonths months before now's month up to the month before it, and what
// they add up to by quarter and year (in fen).
func DemoSales(orgs []org.Organization, now time.Time) ([]stats.NewSale, map[string]money.Fen) {
	first := impact.MonthPeriod(now)
	for range DemoMonths {
		first = first.Previous()
	}
	// From the start of that month's quarter, so every quarter is whole.
	for (first.Start.Month()-1)%3 != 0 {
		first = first.Previous()
	}
	this := impact.MonthPeriod(now).Start
	months := (this.Year()-first.Start.Year())*12 + int(this.Month()) - int(first.Start.Month())
	var out []stats.NewSale
	sums := map[string]money.Fen{}
	for i := range months {
		m := first.Start.AddDate(0, i, 0)
		years := float64(i) / 12
		for _, o := range orgs {
			cat := demoCategories[int(jitter(o.Code)*1e4)%len(demoCategories)]
			for _, ch := range channelsOf[o.Kind] {
				month := m.Format("2006-01")
				y := monthlyYuan[o.Kind] * ch.w * season[m.Month()-1] * math.Pow(1.17, years) * jitter(o.Code, string(ch.c), month)
				amount := money.Fen(math.Round(y * 100))
				day := 1 + int(jitter(month, o.Code)*100)%27
				out = append(out, stats.NewSale{Channel: ch.c, OrderRef: fmt.Sprintf("demo-%s-%s", o.Code, month), OrgCode: o.Code,
					Category: cat, Amount: amount, At: time.Date(m.Year(), m.Month(), day, 12, 0, 0, 0, chinatime.Zone).UTC()})
				ps := stats.Periods(out[len(out)-1].At)
				sums[ps[1]] += amount
				sums[ps[2]] += amount
			}
		}
	}
	return out, sums
}

// loadStatistics loads the demo's outside sales and reported figures.
func loadStatistics(ctx context.Context, st Store, now time.Time) error {
	svc := &stats.Service{Figures: st, Facts: st, Categories: st, Orgs: st, Regions: st, Listings: st, Products: st}
	orgs, err := st.Organizations(ctx, org.Filter{Within: "222400000000"})
	if err != nil {
		return fmt.Errorf("demo.loadStatistics: %w", err)
	}
	var sellers []org.Organization
	for _, o := range orgs {
		if _, ok := channelsOf[o.Kind]; ok {
			sellers = append(sellers, o)
		}
	}
	sales, sums := DemoSales(sellers, now)
	if _, err := svc.ImportSales(ctx, accounts.SystemActor, sales); err != nil {
		return fmt.Errorf("demo.loadStatistics: %w", err)
	}
	var figs []stats.Figure
	for period, yanbian := range sums {
		for _, p := range otherPrefectures {
			total := int64(float64(yanbian) * p.scale * jitter(string(p.code), period))
			figs = append(figs,
				stats.Figure{Region: p.code, Period: period, Metric: stats.OnlineRetailSales, Value: total},
				stats.Figure{Region: p.code, Period: period, Metric: stats.RuralOnlineRetailSales, Value: int64(float64(total) * p.rural)},
				stats.Figure{Region: p.code, Period: period, Metric: stats.AgriOnlineSales, Value: int64(float64(total) * 0.4)})
		}
	}
	for y := 2019; y <= now.Year(); y++ {
		for _, d := range designationTotals {
			figs = append(figs, stats.Figure{Region: "220000000000", Period: fmt.Sprint(y), Metric: stats.Metric(programme.TotalsMetric(d.l, d.k)),
				Value: d.from + d.by*int64(y-2019)})
		}
	}
	if err := svc.SaveFigures(ctx, accounts.SystemActor, figs); err != nil {
		return fmt.Errorf("demo.loadStatistics: %w", err)
	}
	if _, err := svc.SaveListings(ctx, accounts.SystemActor, demoListings); err != nil {
		return fmt.Errorf("demo.loadStatistics: %w", err)
	}
	return nil
}
