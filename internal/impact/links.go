package impact

import (
	"strings"
	"time"

	"maeul/internal/chinatime"
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
	return "", errs.Field("kind", "err.impact.link_kind", s)
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
		return errs.Field("org_code", "err.impact.link_org_missing")
	}
	if l.ValidFrom.IsZero() {
		return errs.Field("valid_from", "err.impact.link_from_missing")
	}
	if !l.ValidTo.IsZero() && l.ValidTo.Before(l.ValidFrom) {
		return errs.Field("valid_to", "err.impact.link_ends_before")
	}
	if l.PercentBP < 0 || l.PercentBP > 10000 {
		return errs.Field("percent", "err.impact.percent_range")
	}
	switch l.Kind {
	case Supplier:
		switch {
		case l.HouseholdID == 0:
			return errs.Field("household_code", "err.impact.supplier_household")
		case l.ProductID == 0:
			return errs.Field("sku", "err.impact.supplier_sku")
		case (l.PercentBP > 0) == (l.PerUnit > 0):
			return errs.Field("percent", "err.impact.supplier_terms")
		case l.PerUnit < 0:
			return errs.Field("per_unit_fen", "err.impact.per_unit_negative")
		case l.Shares != 0:
			return errs.Field("shares", "err.impact.supplier_shares")
		}
	case Member:
		switch {
		case l.HouseholdID == 0:
			return errs.Field("household_code", "err.impact.member_household")
		case l.Shares <= 0:
			return errs.Field("shares", "err.impact.member_shares")
		case l.PercentBP != 0 || l.PerUnit != 0 || l.ProductID != 0:
			return errs.Field("shares", "err.impact.member_terms")
		}
	case Pool:
		switch {
		case l.HouseholdID != 0:
			return errs.Field("household_code", "err.impact.pool_household")
		case l.PercentBP <= 0:
			return errs.Field("percent", "err.impact.pool_percent")
		case l.PerUnit != 0 || l.Shares != 0 || l.ProductID != 0:
			return errs.Field("percent", "err.impact.pool_terms")
		}
	default:
		return errs.Field("kind", "err.impact.link_kind", l.Kind)
	}
	return nil
}

// Day returns the date of t in China, as a UTC midnight, the form link
// dates are kept in.
func Day(t time.Time) time.Time {
	c := t.In(chinatime.Zone)
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
