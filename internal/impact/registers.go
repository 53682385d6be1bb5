package impact

import (
	"context"
	"time"

	"maeul/internal/catalog"
	"maeul/internal/region"
)

// HouseholdStore is the storage of the household and benefit-link
// registers.
type HouseholdStore interface {
	// Household returns a household by code, or a NotFound error.
	Household(ctx context.Context, code string) (Household, error)
	// HouseholdByID returns a household by id, or a NotFound error.
	HouseholdByID(ctx context.Context, id int64) (Household, error)
	// Households lists the households a filter selects, ordered by code.
	Households(ctx context.Context, f HouseholdFilter) ([]Household, error)
	// UpsertHouseholds creates or updates households by code in one
	// transaction; a household whose values are unchanged is not touched
	// (not even its updated time). An unknown village (Invalid) or an
	// identity card number another household's head has (Conflict) fails
	// the whole call with nothing written.
	UpsertHouseholds(ctx context.Context, hs []Household) error
	// RegisterSummary counts the households registered in villages within
	// a region (everywhere for "").
	RegisterSummary(ctx context.Context, within region.Code) (RegisterSummary, error)

	// Link returns a benefit link by id, or a NotFound error.
	Link(ctx context.Context, id int64) (Link, error)
	// Links lists the links a filter selects, ordered by id.
	Links(ctx context.Context, f LinkFilter) ([]Link, error)
	// SaveLinks stores links in one transaction: a link without an id is
	// inserted, and of a link with one only ValidTo is stored (a link's
	// terms never change once recorded). It returns the links' ids in
	// order; an unknown link id is NotFound and nothing is written.
	SaveLinks(ctx context.Context, ls []Link) ([]int64, error)

	// VariantBySKU returns the product holding the live variant sku, with
	// that variant alone in its Variants, or a NotFound error.
	VariantBySKU(ctx context.Context, sku string) (catalog.Product, error)
}

// HouseholdFilter selects households; the zero filter selects them all.
type HouseholdFilter struct {
	Within region.Code // villages inside this region
	Status Status      // "" for any
	// Lists select only the households they name; nil selects any, an
	// empty list none.
	Codes     []string      // only these codes
	IDs       []int64       // only these ids
	IDNumbers []string      // only the households headed by these ID numbers
	WithinAny []region.Code // only those living inside one of these regions: a station's served villages and towns
	After     string        // codes after this one, for paging
	Limit     int           // at most this many (0: no limit)
}

// LinkFilter selects benefit links; zero fields select everything.
type LinkFilter struct {
	OrgID       int64
	HouseholdID int64
	ProductID   int64
	Kind        LinkKind
	// LiveOn keeps the links in force on this date (see Day); zero keeps
	// every link, ended or not.
	LiveOn time.Time
}

// RegisterSummary is what anyone may know of a region's household
// register: counts, never a household.
type RegisterSummary struct {
	Within     region.Code
	Households int // registered households
	Persons    int // their members
	Poor       int // households still poor
	Lifted     int // households lifted out of poverty
	Villages   int // villages with at least one registered household
}
