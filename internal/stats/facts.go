package stats

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/chinatime"
	"maeul/internal/errs"
	"maeul/internal/impact"
	"maeul/internal/money"
	"maeul/internal/org"
	"maeul/internal/region"
)

// Channel is where a sale was made: the platform itself or an outside
// platform.
type Channel string

// The channels.
const (
	Platform  Channel = "platform"
	JD        Channel = "jd"
	Taobao    Channel = "taobao"
	Tmall     Channel = "tmall"
	Pinduoduo Channel = "pinduoduo"
	Suning    Channel = "suning"
	WeChat    Channel = "wechat"
	Douyin    Channel = "douyin"
	Other     Channel = "other"
)

// Channels lists every channel, the platform first.
var Channels = []Channel{Platform, JD, Taobao, Tmall, Pinduoduo, Suning, WeChat, Douyin, Other}

// OutsideChannels lists the channels whose sales are imported (all but the
// platform, whose sales the checkout records).
var OutsideChannels = Channels[1:]

// ParseChannel returns the outside channel named s, or an Invalid error
// about the field "channel".
func ParseChannel(s string) (Channel, error) {
	c := Channel(strings.ToLower(strings.TrimSpace(s)))
	for _, x := range OutsideChannels {
		if x == c {
			return c, nil
		}
	}
	return "", errs.Field("channel", "err.stats.channel", s)
}

// Fact is one sale (a positive amount) or refund (a negative one) on a
// channel. The seller's region, the category and the
// poverty-alleviation label are as they were at the sale.
type Fact struct {
	Channel  Channel
	OrderRef string // unique per channel
	OrgID    int64  // the seller; 0 when a file named only its region
	Region   region.Code
	Category string // a catalog category code, "" when not known
	Poverty  bool   // the product carried the poverty-alleviation label
	Amount   money.Fen
	At       time.Time
}

// Periods returns the month, quarter and year the instant t falls in, in
// China: "2019-03", "2019-Q1", "2019".
func Periods(t time.Time) [3]string {
	d := impact.Day(t)
	return [3]string{d.Format("2006-01"), fmt.Sprintf("%d-Q%d", d.Year(), (int(d.Month())+2)/3), d.Format("2006")}
}

// MaxOrderRef is the longest order reference a file may give.
const MaxOrderRef = 100

// ParseOrderRef checks an order reference: 1 to MaxOrderRef characters,
// no control characters; an Invalid error about "order_ref" otherwise.
func ParseOrderRef(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" || !utf8.ValidString(s) || utf8.RuneCountInString(s) > MaxOrderRef || strings.ContainsFunc(s, unicode.IsControl) {
		return "", errs.Field("order_ref", "err.stats.order_ref", MaxOrderRef)
	}
	return s, nil
}

// ParseOccurred reads when a sale occurred: a date "2019-03-05" (its
// start in China), an RFC 3339 time, or a time without a zone
// ("2019-03-05T14:30:00", "2019-03-05 14:30" …), taken as China time.
// Anything else is an Invalid error about "occurred_at".
func ParseOccurred(s string) (time.Time, error) {
	t := strings.TrimSpace(s)
	if d, err := time.ParseInLocation(time.DateOnly, t, chinatime.Zone); err == nil {
		return d.UTC(), nil
	}
	if at, err := time.Parse(time.RFC3339Nano, t); err == nil {
		return at, nil
	}
	local := strings.Replace(t, " ", "T", 1)
	for _, layout := range []string{"2006-01-02T15:04:05.999999999", "2006-01-02T15:04"} {
		if at, err := time.ParseInLocation(layout, local, chinatime.Zone); err == nil {
			return at.UTC(), nil
		}
	}
	return time.Time{}, errs.Field("occurred_at", "err.stats.occurred_at", s)
}

// NewSale is a line of a sales file: a sale on an outside channel by an
// organization (OrgCode) or in a region (Region, when the seller is not
// registered), of a category ("" when not known).
type NewSale struct {
	Channel  Channel
	OrderRef string
	OrgCode  string
	Region   region.Code
	Category string
	Amount   money.Fen
	At       time.Time
}

// FactStore keeps the sales facts and their rollup.
type FactStore interface {
	// SaveFacts writes facts in one transaction, each replacing the fact
	// stored with its channel and order reference, and keeps the rollup
	// in step.
	SaveFacts(ctx context.Context, fs []Fact) error
}

// CategoryStore lists the catalog's categories.
type CategoryStore interface {
	Categories(ctx context.Context) ([]catalog.Category, error)
}

// ImportSales records outside channels' sales, each replacing the fact of
// its channel and order reference, so that a file imported twice counts
// once. A line names its seller by organization code or, for a seller
// the platform does not register, by region; with both, the organization
// must lie in the region. The operator imports any sales; a seller those
// of its own organization; an admin those of sellers and regions in its
// area. Refusals are an *impact.BatchError by line index, and nothing is
// written when there is any.
func (s *Service) ImportSales(ctx context.Context, by accounts.Actor, sales []NewSale) (int, error) {
	if err := by.Require(by.System || by.IsAdmin() || by.Role == accounts.Seller, "act.import", "sales"); err != nil {
		return 0, err
	}
	cats, err := s.Categories.Categories(ctx)
	if err != nil {
		return 0, fmt.Errorf("stats.ImportSales: %w", err)
	}
	known := map[string]bool{}
	for _, c := range cats {
		known[c.Code] = true
	}
	orgs := map[string]org.Organization{}
	regions := map[region.Code]bool{}
	var bad impact.BatchError
	facts := make([]Fact, 0, len(sales))
	for i, ns := range sales {
		f, err := s.saleFact(ctx, by, ns, known, orgs, regions)
		if err != nil {
			if errs.CodeOf(err) == errs.Internal {
				return 0, fmt.Errorf("stats.ImportSales: %w", err)
			}
			bad.Rows = append(bad.Rows, impact.RowError{Index: i, Err: err})
			continue
		}
		facts = append(facts, f)
	}
	if len(bad.Rows) > 0 {
		return 0, &bad
	}
	if err := s.Facts.SaveFacts(ctx, facts); err != nil {
		return 0, fmt.Errorf("stats.ImportSales: %w", err)
	}
	return len(facts), nil
}

// saleFact checks one sale and makes its fact, looking organizations and
// regions up once each (in orgs and regions).
func (s *Service) saleFact(ctx context.Context, by accounts.Actor, ns NewSale, cats map[string]bool,
	orgs map[string]org.Organization, regions map[region.Code]bool) (Fact, error) {
	f := Fact{Channel: ns.Channel, OrderRef: ns.OrderRef, Category: ns.Category, Amount: ns.Amount, At: ns.At}
	if _, err := ParseChannel(string(ns.Channel)); err != nil {
		return f, err
	}
	if _, err := ParseOrderRef(ns.OrderRef); err != nil {
		return f, err
	}
	if ns.Category != "" && !cats[ns.Category] {
		return f, errs.Field("category", "err.stats.category", ns.Category)
	}
	switch {
	case ns.OrgCode != "":
		o, ok := orgs[ns.OrgCode]
		if !ok {
			var err error
			o, err = s.Orgs.Organization(ctx, ns.OrgCode)
			if errs.Is(err, errs.NotFound) {
				return f, errs.Field("org_code", "err.stats.no_org", ns.OrgCode)
			}
			if err != nil {
				return f, err
			}
			orgs[ns.OrgCode] = o
		}
		if ns.Region != "" && !o.Region.Within(ns.Region) {
			return f, errs.Field("region_code", "err.stats.org_elsewhere", ns.OrgCode, string(ns.Region))
		}
		if !by.ActsFor(o.ID, o.Region) {
			return f, errs.InField("org_code", by.Require(false, "act.import_sales_of", ns.OrgCode))
		}
		f.OrgID, f.Region = o.ID, o.Region
	case ns.Region != "":
		known, ok := regions[ns.Region]
		if !ok {
			_, err := s.Regions.Region(ctx, ns.Region)
			if err != nil && !errs.Is(err, errs.NotFound) {
				return f, err
			}
			known = err == nil
			regions[ns.Region] = known
		}
		if !known {
			return f, errs.Field("region_code", "err.stats.no_region", string(ns.Region))
		}
		if !by.Administers(ns.Region) {
			return f, errs.InField("region_code", by.Require(false, "act.import_sales_in", string(ns.Region)))
		}
		f.Region = ns.Region
	default:
		return f, errs.Field("org_code", "err.stats.no_seller")
	}
	return f, nil
}

// Sums are the sales of a group of sellers in a period, summed from the
// facts: all of them, those of sellers in rural regions, of agricultural
// categories, and of poverty-alleviation sales (products carrying the
// label when sold, or sellers in poor villages); and how many facts they
// sum.
type Sums struct {
	Total, Rural, Agri, Poverty money.Fen
	Facts                       int64
}

// Of returns the amount of a sales metric.
func (s Sums) Of(m Metric) money.Fen {
	switch m {
	case OnlineRetailSales:
		return s.Total
	case RuralOnlineRetailSales:
		return s.Rural
	case AgriOnlineSales:
		return s.Agri
	case PovertyAlleviationSales:
		return s.Poverty
	}
	return 0
}

// Add adds o to s.
func (s *Sums) Add(o Sums) {
	s.Total += o.Total
	s.Rural += o.Rural
	s.Agri += o.Agri
	s.Poverty += o.Poverty
	s.Facts += o.Facts
}
