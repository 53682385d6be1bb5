package impact

import (
	"strings"
	"time"

	"maeul/internal/errs"
	"maeul/internal/money"
)

// LinkKind is how a household (or a pool) is tied to an organization's
// sales: the "benefit linkage mechanism".
type LinkKind string

// The kinds of link.
const (
	// Supplier: the household supplies a product (or one variant); each unit
	// sold credits it a fixed amount or a percentage of the line's net.
	Supplier LinkKind = "supplier"
	// Member: the household holds shares in a cooperative or village store,
	// whose dividend pool is paid out by shares.
	Member LinkKind = "member"
	// Pool: the organization puts a percentage of each paid sale into its
	// dividend pool (no household).
	Pool LinkKind = "pool"
)

// ParseLinkKind returns the kind named s, or an Invalid error.
func ParseLinkKind(s string) (LinkKind, error) {
	switch k := LinkKind(strings.ToLower(strings.TrimSpace(s))); k {
	case Supplier, Member, Pool:
		return k, nil
	}
	return "", errs.Field("kind", "unknown link kind %q (want supplier, member or pool)", s)
}

// Link ties a household to an organization for a period.
type Link struct {
	ID          int64
	HouseholdID int64 // 0 for a pool link
	OrgID       int64
	Kind        LinkKind
	// ProductID (and VariantID, when the link is for one variant only)
	// name what a supplier supplies.
	ProductID int64
	VariantID int64
	PercentBP int64     // supplier: of the line's net; pool: of the sale (basis points)
	PerUnit   money.Fen // supplier: per unit sold
	Shares    int64     // member
	ValidFrom time.Time // a date
	ValidTo   time.Time // a date, inclusive; zero for open-ended
}

// Validate checks a link on its own.
func (l Link) Validate() error {
	if l.OrgID == 0 {
		return errs.Field("org_code", "a link needs an organization")
	}
	if l.ValidFrom.IsZero() {
		return errs.Field("valid_from", "a link needs the date it starts")
	}
	if !l.ValidTo.IsZero() && l.ValidTo.Before(l.ValidFrom) {
		return errs.Field("valid_to", "a link cannot end before it starts")
	}
	if l.PercentBP < 0 || l.PercentBP > 10000 {
		return errs.Field("percent", "a percentage is between 0 and 100")
	}
	switch l.Kind {
	case Supplier:
		switch {
		case l.HouseholdID == 0:
			return errs.Field("household_code", "a supplier link needs a household")
		case l.ProductID == 0:
			return errs.Field("sku", "a supplier link needs the product (SKU) supplied")
		case (l.PercentBP > 0) == (l.PerUnit > 0):
			return errs.Field("percent", "a supplier link credits either a percentage or an amount per unit")
		case l.PerUnit < 0:
			return errs.Field("per_unit_fen", "the amount per unit cannot be negative")
		case l.Shares != 0:
			return errs.Field("shares", "a supplier link has no shares")
		}
	case Member:
		switch {
		case l.HouseholdID == 0:
			return errs.Field("household_code", "a member link needs a household")
		case l.Shares <= 0:
			return errs.Field("shares", "a member holds at least one share")
		case l.PercentBP != 0 || l.PerUnit != 0 || l.ProductID != 0:
			return errs.Field("shares", "a member link has shares only")
		}
	case Pool:
		switch {
		case l.HouseholdID != 0:
			return errs.Field("household_code", "a pool link belongs to the organization, not a household")
		case l.PercentBP <= 0:
			return errs.Field("percent", "a pool link needs the percentage of each sale it keeps")
		case l.PerUnit != 0 || l.Shares != 0 || l.ProductID != 0:
			return errs.Field("percent", "a pool link has a percentage only")
		}
	default:
		return errs.Field("kind", "unknown link kind %q", l.Kind)
	}
	return nil
}

// China keeps one time zone without daylight saving; links are dated in it.
var chinaTime = time.FixedZone("CST", 8*3600)

// Day returns the date of t in China, as a UTC midnight, the form link
// dates are kept in.
func Day(t time.Time) time.Time {
	c := t.In(chinaTime)
	return time.Date(c.Year(), c.Month(), c.Day(), 0, 0, 0, 0, time.UTC)
}

// LiveOn reports whether the link is in force at t (by its date in China).
func (l Link) LiveOn(t time.Time) bool {
	d := Day(t)
	return !d.Before(l.ValidFrom) && (l.ValidTo.IsZero() || !d.After(l.ValidTo))
}

// Covers reports whether a supplier link covers a sold variant.
func (l Link) Covers(productID, variantID int64) bool {
	return l.Kind == Supplier && l.ProductID == productID && (l.VariantID == 0 || l.VariantID == variantID)
}
