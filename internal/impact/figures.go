package impact

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/money"
	"maeul/internal/region"
)

// Figures are the programme's impact figures for a region or an
// organization over a period, read from the monthly impact rollup that the
// ledger keeps with its postings. They are aggregates: no household is
// named, so they are public.
//
//   - Income added is what registered poor households earned in the
//     period: supplier credits (net of the reversals of refunds posted in
//     the period) and dividends. Money moves into a household's income when
//     it is posted; a refund lowers the month it is made in.
//   - Households reached are the distinct households whose income in the
//     period is more than zero; persons reached the sum of their members.
//   - Per household and per person are the income added divided by those
//     counts, rounded down to the fen — toward minus infinity, so a period
//     whose refunds outweigh its income shows −¥3.07, not −¥3.06 (zero when
//     nobody was reached).
//   - A top product's households are those whose net income from it in the
//     period is more than zero, like the households reached.
//   - For a region, the households are those living in it (a village, a
//     town, a county, the prefecture) whatever organization paid them; for
//     an organization, those it paid, wherever they live.
type Figures struct {
	Region             region.Code // "" for an organization's figures
	OrgID              int64       // 0 for a region's figures
	Name               i18n.Text   // the region's or organization's
	Period             Period
	HouseholdsReached  int64
	PersonsReached     int64
	IncomeAdded        money.Fen // Supply + DividendsPaid
	Supply             money.Fen
	DividendsPaid      money.Fen
	IncomePerHousehold money.Fen
	IncomePerPerson    money.Fen
	Units              int64 // units sold of products with supplier links
	TopProducts        []ProductFigure
}

// ProductFigure is one product's part of the income added.
type ProductFigure struct {
	ProductID  int64
	Code       string
	Name       i18n.Text
	Units      int64
	Income     money.Fen
	Households int64 // whose net income from the product is above zero
}

// FigureQuery selects the rollup rows figures are made of: a region's
// households (Region) or an organization's payments (OrgID), over the
// months of Period; Top is how many products to list.
type FigureQuery struct {
	Region region.Code
	OrgID  int64
	Period Period
	Top    int
}

// TopProducts is how many products figures list.
const TopProducts = 5

// finish derives the per-household and per-person figures.
func (f *Figures) finish() {
	f.IncomeAdded = f.Supply + f.DividendsPaid
	f.IncomePerHousehold = perHead(f.IncomeAdded, f.HouseholdsReached)
	f.IncomePerPerson = perHead(f.IncomeAdded, f.PersonsReached)
}

// perHead divides an amount among n, rounded down to the fen: toward
// minus infinity, for amounts below zero too. It is zero for nobody.
func perHead(amount money.Fen, n int64) money.Fen {
	if n <= 0 {
		return 0
	}
	q := int64(amount) / n
	if int64(amount)%n < 0 {
		q--
	}
	return money.Fen(q)
}

// RegionFigures returns the impact figures of a region (a village, town,
// county, prefecture or province code; see region.ParseCode) for a
// period. An unknown region is NotFound; a bad code or period Invalid.
func (s *Service) RegionFigures(ctx context.Context, code, period string) (Figures, error) {
	p, err := ParsePeriod(period)
	if err != nil {
		return Figures{}, err
	}
	return s.RegionFiguresOver(ctx, code, p)
}

// DivisionFigures are a division's figures as a region's page lists its
// divisions: the division and its figures, without top products.
type DivisionFigures struct {
	Region  region.Region
	Figures Figures
}

// ChildFigures returns the impact figures of each division below a region
// (see region.Store.Children), in the order of their codes, for a period:
// each as RegionFigures returns it but for the top products, read in one
// query for them all. A village has none; an unknown region is NotFound; a
// bad code or period Invalid.
func (s *Service) ChildFigures(ctx context.Context, code, period string) ([]DivisionFigures, error) {
	p, err := ParsePeriod(period)
	if err != nil {
		return nil, err
	}
	return s.ChildFiguresOver(ctx, code, p)
}

// OrgFigures returns the impact figures of an organization (by code) for
// a period: the households it paid, wherever they live. An unknown
// organization is NotFound; a bad period Invalid.
func (s *Service) OrgFigures(ctx context.Context, orgCode, period string) (Figures, error) {
	p, err := ParsePeriod(period)
	if err != nil {
		return Figures{}, err
	}
	return s.OrgFiguresOver(ctx, orgCode, p)
}

// OrderImpact is what one order, or the orders of one checkout, added to
// poor households' income: the supplier credits of its lines, net of the
// reversals of its refunds, by the households' village. ("This order adds
// ¥12.40 to 3 households in 동흥촌.") Pool is what went to village stores'
// dividend pools, which members receive with the next dividend run.
type OrderImpact struct {
	Amount     money.Fen
	Households int
	Villages   []VillageImpact // most first
	Pool       money.Fen
}

// VillageImpact is an order's or product's impact in one village.
type VillageImpact struct {
	Village    region.Code
	Name       i18n.Text
	Households int
	Amount     money.Fen // for an order; zero for a product
}

// OrderCredit is what an order's lines passed on to one account, net of
// the reversals of its refunds: a household's (HouseholdID, with the
// village it lives in) or a dividend pool's (HouseholdID 0).
type OrderCredit struct {
	HouseholdID int64
	Village     region.Code
	VillageName i18n.Text
	Amount      money.Fen
}

// NewOrderImpact adds an order's credits up: the households it adds
// income to — those whose net credit is more than zero, since a line
// refunded in full adds nothing — by village, most first, and what went
// to dividend pools.
func NewOrderImpact(cs []OrderCredit) OrderImpact {
	var im OrderImpact
	villages := map[region.Code]int{}
	for _, c := range cs {
		if c.HouseholdID == 0 {
			im.Pool += c.Amount
			continue
		}
		if c.Amount <= 0 {
			continue
		}
		i, ok := villages[c.Village]
		if !ok {
			i = len(im.Villages)
			villages[c.Village] = i
			im.Villages = append(im.Villages, VillageImpact{Village: c.Village, Name: c.VillageName})
		}
		im.Villages[i].Households++
		im.Villages[i].Amount += c.Amount
		im.Households++
		im.Amount += c.Amount
	}
	sortVillages(im.Villages)
	return im
}

// OrderParty is who may see an order's impact: its buyer, its store and
// its pick-up point.
type OrderParty struct {
	OrderID int64
	BuyerID int64
	OrgID   int64
	PointID int64
}

// OrderQuery names an order (OrderID) or a checkout (GroupID).
type OrderQuery struct {
	OrderID int64
	GroupID int64
}

// OrderImpact returns what an order added to households. Its buyer, its
// seller, the operator of its pick-up point and those overseeing its
// store's region may see it; others get NotFound, so order ids reveal
// nothing (Unauthorized for a guest).
func (s *Service) OrderImpact(ctx context.Context, by accounts.Actor, orderID int64) (OrderImpact, error) {
	return s.orderImpact(ctx, by, OrderQuery{OrderID: orderID})
}

// CheckoutImpact is OrderImpact for all the orders of a checkout, which
// its buyer may see.
func (s *Service) CheckoutImpact(ctx context.Context, by accounts.Actor, groupID int64) (OrderImpact, error) {
	return s.orderImpact(ctx, by, OrderQuery{GroupID: groupID})
}

func (s *Service) orderImpact(ctx context.Context, by accounts.Actor, q OrderQuery) (OrderImpact, error) {
	credits, parties, err := s.Store.OrderCredits(ctx, q)
	if err != nil {
		return OrderImpact{}, err
	}
	for _, p := range parties {
		ok, err := s.maySeeOrder(ctx, by, p)
		if err != nil {
			return OrderImpact{}, err
		}
		if !ok {
			if !by.SignedIn() {
				return OrderImpact{}, errs.E(errs.Unauthorized, "err.impact.order_sign_in")
			}
			return OrderImpact{}, errs.E(errs.NotFound, "err.impact.order_not_found")
		}
	}
	return NewOrderImpact(credits), nil
}

func (s *Service) maySeeOrder(ctx context.Context, by accounts.Actor, p OrderParty) (bool, error) {
	if by.System || (by.ID != 0 && by.ID == p.BuyerID) {
		return true, nil
	}
	if p.PointID != 0 && by.Role == accounts.StationOperator && !by.Disabled && by.ServicePointID == p.PointID {
		return true, nil
	}
	o, err := s.Orgs.OrganizationByID(ctx, p.OrgID)
	if err != nil {
		return false, err
	}
	return by.ActsFor(o.ID, o.Region) || by.Oversees(o.Region), nil
}

// ProductImpact is what buying a product does for poor households, from
// the benefit links live today: the households it supports (its
// suppliers, and the members of its store when the store keeps a dividend
// pool), in which villages, and the share of each variant's price that
// reaches them.
type ProductImpact struct {
	ProductID  int64
	Households int
	Villages   []VillageImpact // most households first
	Variants   []VariantShare
}

// VariantShare is how much of one unit's price reaches households: the
// supplier credits and the pool share the ledger would post for a unit
// sold at the variant's price today.
type VariantShare struct {
	VariantID int64
	SKU       string
	Price     money.Fen
	Suppliers money.Fen // to supplier households
	Pool      money.Fen // to the store's dividend pool, for its members
	// ShareBP is (Suppliers + Pool) / Price in basis points, rounded down.
	ShareBP int64
}

// Beneficiary is a benefit link with where its household lives (for
// pool links: nowhere).
type Beneficiary struct {
	Link
	Village     region.Code
	VillageName i18n.Text
}

// ProductImpact returns a product's impact (public). prices holds, by
// variant id, the price a unit sells at now when a promotion sets it: the
// shares are worked out at what the buyer pays, as the order will credit
// them; other variants are at their list prices. An unknown product is
// NotFound.
func (s *Service) ProductImpact(ctx context.Context, productCode string, prices map[int64]money.Fen) (ProductImpact, error) {
	p, err := s.Products.Product(ctx, productCode)
	if err != nil {
		return ProductImpact{}, err
	}
	return s.ProductImpactOf(ctx, p, prices)
}

// ProductImpactOf is ProductImpact of a product the caller has read (with
// its variants), as the product page has: it reads the store's links,
// their households and the households' villages, in three queries.
func (s *Service) ProductImpactOf(ctx context.Context, p catalog.Product, prices map[int64]money.Fen) (ProductImpact, error) {
	if len(prices) > 0 {
		p.Variants = slices.Clone(p.Variants)
		for i, v := range p.Variants {
			if x, ok := prices[v.ID]; ok {
				p.Variants[i].Price = x
			}
		}
	}
	now := s.now()
	links, err := s.Store.Links(ctx, LinkFilter{OrgID: p.OrgID, LiveOn: Day(now)})
	if err != nil {
		return ProductImpact{}, err
	}
	var ids []int64
	for _, l := range links {
		if l.HouseholdID != 0 {
			ids = append(ids, l.HouseholdID)
		}
	}
	villages := map[int64]region.Code{}
	names := map[region.Code]i18n.Text{}
	if len(ids) > 0 {
		hs, err := s.Store.Households(ctx, HouseholdFilter{IDs: ids})
		if err != nil {
			return ProductImpact{}, err
		}
		for _, h := range hs {
			villages[h.ID] = h.Village
			names[h.Village] = i18n.Text{}
		}
	}
	if len(names) > 0 {
		rs, err := s.Regions.RegionsByCode(ctx, slices.Collect(maps.Keys(names)))
		if err != nil {
			return ProductImpact{}, err
		}
		for _, r := range rs {
			names[r.Code] = r.Name
		}
	}
	bs := make([]Beneficiary, 0, len(links))
	for _, l := range links {
		bs = append(bs, Beneficiary{Link: l, Village: villages[l.HouseholdID], VillageName: names[villages[l.HouseholdID]]})
	}
	return productImpact(p, bs, now), nil
}

// productImpact works a product's impact out of its store's live
// beneficiaries.
func productImpact(p catalog.Product, bs []Beneficiary, now time.Time) ProductImpact {
	im := ProductImpact{ProductID: p.ID}
	links := make([]Link, 0, len(bs))
	hasPool := false
	for _, b := range bs {
		links = append(links, b.Link)
		hasPool = hasPool || (b.Kind == Pool && b.LiveOn(now))
	}
	seen := map[int64]bool{}
	byVillage := map[region.Code]int{}
	var order []region.Code
	supports := func(b Beneficiary) bool {
		if !b.LiveOn(now) || b.HouseholdID == 0 || b.OrgID != p.OrgID {
			return false
		}
		switch b.Kind {
		case Supplier:
			return b.ProductID == p.ID
		case Member:
			return hasPool
		}
		return false
	}
	for _, b := range bs {
		if !supports(b) || seen[b.HouseholdID] {
			continue
		}
		seen[b.HouseholdID] = true
		if _, ok := byVillage[b.Village]; !ok {
			order = append(order, b.Village)
			im.Villages = append(im.Villages, VillageImpact{Village: b.Village, Name: b.VillageName})
		}
		byVillage[b.Village]++
	}
	im.Households = len(seen)
	for i := range im.Villages {
		im.Villages[i].Households = byVillage[order[i]]
	}
	sortVillages(im.Villages)
	for _, v := range p.Variants {
		vs := VariantShare{VariantID: v.ID, SKU: v.SKU, Price: v.Price}
		for _, ps := range SalePostings(SaleLine{OrgID: p.OrgID, ProductID: p.ID, VariantID: v.ID, Qty: 1, Net: v.Price, PaidAt: now}, links) {
			switch {
			case ps.Amount <= 0:
			case ps.Kind == KindSupply:
				vs.Suppliers += ps.Amount
			case ps.Kind == KindPool:
				vs.Pool += ps.Amount
			}
		}
		if v.Price > 0 {
			vs.ShareBP = int64(money.Scale(vs.Suppliers+vs.Pool, 10000, int64(v.Price)))
		}
		im.Variants = append(im.Variants, vs)
	}
	return im
}

// sortVillages orders villages by amount, then households, most first,
// then by code.
func sortVillages(vs []VillageImpact) {
	slices.SortFunc(vs, func(a, b VillageImpact) int {
		if c := cmp.Compare(b.Amount, a.Amount); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Households, a.Households); c != 0 {
			return c
		}
		return cmp.Compare(a.Village, b.Village)
	})
}
