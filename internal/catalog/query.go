package catalog

import (
	"time"

	"maeul/internal/i18n"
	"maeul/internal/money"
	"maeul/internal/org"
	"maeul/internal/region"
)

// Sort orders a listing.
type Sort string

// The orders. Relevance applies to text searches; without text it falls
// back to newest.
const (
	ByRelevance Sort = "relevance"
	ByPriceAsc  Sort = "price_asc"
	ByPriceDesc Sort = "price_desc"
	ByNewest    Sort = "newest"
)

// ParseSort returns the order named s; unknown or empty names give the
// default, relevance.
func ParseSort(s string) Sort {
	switch Sort(s) {
	case ByPriceAsc, ByPriceDesc, ByNewest:
		return Sort(s)
	}
	return ByRelevance
}

// Query selects and orders products for listings and search.
type Query struct {
	Text       string
	Category   string      // a category and everything under it
	Within     region.Code // products originating inside this region
	OrgID      int64
	MinPrice   money.Fen // 0: no lower bound (compared with the lowest variant price)
	MaxPrice   money.Fen // 0: no upper bound
	InStock    bool
	Label      Label
	Kind       Kind
	FarmDirect bool // sold by households, farms and village stores
	// WithHidden includes hidden products, for the seller's back office.
	WithHidden bool
	Sort       Sort   // zero: relevance (newest without text)
	Limit      int    // default 24, at most 100
	Cursor     string // from a previous page's NextCursor
	// SkipTotal leaves Page.Total 0 instead of counting every match, for
	// lists that show no count (the home page's sections): counting is
	// most of a broad listing's cost at 100,000 products.
	SkipTotal bool
	// CountBound, when above 0, counts at most that many matches: a
	// listing with more has Page.Total equal to the bound and
	// Page.TotalCapped set, and shows "1,000+" (see ListingCountBound).
	// Counting every match of a broad listing reads every matching row.
	CountBound int
}

// ListingCountBound is how many matches the storefront's listings and
// the API's product search count at most.
const ListingCountBound = 1000

// Summary is a product as listings show it.
type Summary struct {
	ID         int64
	Code       string
	Name       i18n.Text
	Kind       Kind
	Category   string
	OrgID      int64
	OrgCode    string
	OrgName    i18n.Text
	OrgKind    org.Kind
	Origin     region.Code
	OriginName i18n.Text
	MinPrice   money.Fen
	MaxPrice   money.Fen
	Stock      int
	Labels     []Label
	Photo      string // the first photo's key, "" when none
	Hidden     bool
	CreatedAt  time.Time
	// Sale is the price a buyer pays now when a promotion lowers it; the
	// zero Sale when none does. Listings fill it in as they show the
	// summary (see promo.Service.PriceSummaries).
	Sale Sale
}

// Sale is what a promotion makes a product cost now: the lowest price now
// of its variants in stock, the list price it replaces and when the
// promotion ends.
type Sale struct {
	Price money.Fen // 0: no promotion lowers the price
	List  money.Fen
	Flash bool // a flash sale, else a special price
	Ends  time.Time
}

// On reports whether a promotion lowers the price now.
func (s Sale) On() bool { return s.Price > 0 && s.Price < s.List }

// Page is one page of a listing.
type Page struct {
	Items []Summary
	Total int // matching products in all, up to Query.CountBound
	// TotalCapped reports that more products match than Total: the
	// count stopped at Query.CountBound.
	TotalCapped bool
	NextCursor  string // "" on the last page
}

// Change records who changed a product and for whom, for the audit trail
// and the "listed with help of station X" note.
type Change struct {
	ProductID int64
	ActorID   int64
	OrgID     int64 // on behalf of
	PointID   int64 // via this service point, when a station operator acted
	Action    string
	At        time.Time
}
