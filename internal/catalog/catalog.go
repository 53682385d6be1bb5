// Package catalog holds the mall's products: their variants (pack sizes
// with a price and stock each), categories, labels and certificates,
// photos, and the rules for listing them, including listing on behalf of
// a household or village store by a service station.
package catalog

import (
	"strings"
	"time"

	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/money"
	"maeul/internal/region"
	"maeul/internal/text"
)

// Kind tells goods, which are shipped, from tourism experiences, which are
// booked for a date against a daily capacity and need no shipping.
type Kind string

// The kinds of product.
const (
	Goods   Kind = "goods"
	Tourism Kind = "tourism"
)

// ParseKind returns the kind named s, or an Invalid error.
func ParseKind(s string) (Kind, error) {
	switch k := Kind(strings.ToLower(strings.TrimSpace(s))); k {
	case Goods, Tourism:
		return k, nil
	case "":
		return Goods, nil
	}
	return "", errs.Field("kind", "err.catalog.unknown_kind", s)
}

// Label is a quality or programme mark on a product.
type Label string

// The labels.
const (
	PovertyAlleviation   Label = "poverty_alleviation"   // 扶贫产品, needs a certificate
	GeographicIndication Label = "geographic_indication" // 地理标志
	Organic              Label = "organic"
	GreenFood            Label = "green_food" // 绿色食品
)

// Labels lists every label in display order.
var Labels = []Label{PovertyAlleviation, GeographicIndication, Organic, GreenFood}

// ParseLabel returns the label named s, or an Invalid error.
func ParseLabel(s string) (Label, error) {
	l := Label(strings.ToLower(strings.TrimSpace(s)))
	for _, x := range Labels {
		if x == l {
			return l, nil
		}
	}
	return "", errs.Field("labels", "err.catalog.unknown_label", s)
}

// Category is a node of the category tree.
type Category struct {
	Code     string
	Parent   string // "" for a top category
	Name     i18n.Text
	Position int
}

// Variant is one buyable option of a product: a pack size or weight for
// goods, an option (such as "1 night, 2 people") for tourism.
type Variant struct {
	ID        int64
	ProductID int64
	SKU       string
	Name      i18n.Text
	Price     money.Fen
	// Stock is the units on hand for goods, and the capacity per day for
	// tourism.
	Stock    int
	Position int
}

// LowStock is the stock at or below which sellers are warned and shoppers
// told "only N left".
const LowStock = 5

// MaxStock is the most units a variant may hold in stock, or take a day
// for tourism: far beyond what a village seller holds, and small enough
// that returning units to stock and summing a product's variants never
// overflow.
const MaxStock = 1_000_000

// MaxVariants is the most variants one product may have.
const MaxVariants = 50

// Photo is a product or store photo, stored once per content key in the
// standard widths.
type Photo struct {
	Key    string
	Width  int
	Height int
}

// Product is one listing.
type Product struct {
	ID          int64
	Code        string
	OrgID       int64
	Category    string
	Origin      region.Code // the village or town it comes from
	Kind        Kind
	Name        i18n.Text
	Description i18n.Text
	Labels      []Label
	// CertNo and CertExpiry are the poverty-alleviation product certificate;
	// required while the product carries that label.
	CertNo     string
	CertExpiry time.Time
	Hidden     bool
	// ListedVia is the service point whose operator listed the product on
	// the seller's behalf (0 when the seller listed it).
	ListedVia int64
	CreatedAt time.Time
	UpdatedAt time.Time
	Variants  []Variant
	Photos    []Photo
}

// Has reports whether the product carries label l.
func (p Product) Has(l Label) bool {
	for _, x := range p.Labels {
		if x == l {
			return true
		}
	}
	return false
}

// PriceRange returns the lowest and highest variant prices.
func (p Product) PriceRange() (lo, hi money.Fen) {
	for i, v := range p.Variants {
		if i == 0 || v.Price < lo {
			lo = v.Price
		}
		if v.Price > hi {
			hi = v.Price
		}
	}
	return lo, hi
}

// TotalStock returns the stock of all variants together.
func (p Product) TotalStock() int {
	n := 0
	for _, v := range p.Variants {
		n += v.Stock
	}
	return n
}

// Validate checks the rules a product must meet on its own at time now:
// codes and names present, at least one variant, prices positive, stock
// not negative, SKUs unique within it, known labels, and a certificate that
// has not expired when it carries the poverty-alleviation label.
func (p Product) Validate(now time.Time) error {
	if err := ValidCode(p.Code); err != nil {
		return err
	}
	if p.OrgID == 0 {
		return errs.Field("org_code", "err.catalog.no_seller")
	}
	if p.Category == "" {
		return errs.Field("category", "err.catalog.no_category")
	}
	if p.Origin == "" {
		return errs.Field("origin_code", "err.catalog.no_origin")
	}
	if lvl := p.Origin.Level(); lvl != region.Village && lvl != region.Town {
		return errs.Field("origin_code", "err.catalog.origin_level", p.Origin, lvl.Noun())
	}
	if p.Kind != Goods && p.Kind != Tourism {
		return errs.Field("kind", "err.catalog.unknown_kind", p.Kind)
	}
	if p.Name.IsZero() {
		return errs.Field("name_ko", "err.catalog.no_name")
	}
	if err := text.CheckText("name", p.Name, text.MaxName, false); err != nil {
		return err
	}
	if err := text.CheckText("description", p.Description, text.MaxBlock, true); err != nil {
		return err
	}
	if err := text.Check("cert_no", p.CertNo, text.MaxName, false); err != nil {
		return err
	}
	seen := map[Label]bool{}
	for _, l := range p.Labels {
		if _, err := ParseLabel(string(l)); err != nil {
			return err
		}
		if seen[l] {
			return errs.Field("labels", "err.catalog.label_twice", i18n.M("label."+string(l)))
		}
		seen[l] = true
	}
	if err := p.checkCertificate(now); err != nil {
		return err
	}
	if len(p.Variants) == 0 {
		return errs.Field("variants", "err.catalog.no_variants")
	}
	if len(p.Variants) > MaxVariants {
		return errs.Field("variants", "err.catalog.variants_max", MaxVariants)
	}
	skus := map[string]bool{}
	for _, v := range p.Variants {
		if err := ValidSKU(v.SKU); err != nil {
			return err
		}
		if skus[v.SKU] {
			return errs.Field("sku", "err.catalog.sku_twice", v.SKU)
		}
		skus[v.SKU] = true
		if err := v.Validate(); err != nil {
			return err
		}
	}
	return nil
}

func (p Product) checkCertificate(now time.Time) error {
	if !p.Has(PovertyAlleviation) {
		return nil
	}
	if strings.TrimSpace(p.CertNo) == "" || p.CertExpiry.IsZero() {
		return errs.Field("cert_no", "err.catalog.cert_missing")
	}
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	if p.CertExpiry.Before(today) {
		return errs.Field("cert_expiry", "err.catalog.cert_expired", p.CertNo, p.CertExpiry.Format(time.DateOnly))
	}
	return nil
}

// Validate checks a variant on its own.
func (v Variant) Validate() error {
	if v.Price <= 0 {
		return errs.Field("price", "err.catalog.price_positive", v.SKU, v.Price)
	}
	if v.Price > money.Yuan(1_000_000) {
		return errs.Field("price", "err.catalog.price_max", v.SKU, money.Yuan(1_000_000))
	}
	if v.Stock < 0 {
		return errs.Field("stock", "err.catalog.stock_negative", v.SKU, v.Stock)
	}
	if v.Stock > MaxStock {
		return errs.Field("stock", "err.catalog.stock_max", v.SKU, MaxStock)
	}
	if v.Name.IsZero() {
		return errs.Field("variant_ko", "err.catalog.variant_name", v.SKU)
	}
	if err := text.CheckText("variant", v.Name, text.MaxName, false); err != nil {
		return err
	}
	return nil
}

// ValidCode checks a product code: 1 to 60 lower-case letters, digits and
// '-'. Codes appear in URLs.
func ValidCode(s string) error {
	if s == "" || len(s) > 60 {
		return errs.Field("product_code", "err.catalog.product_code", s)
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return errs.Field("product_code", "err.catalog.product_code", s)
		}
	}
	return nil
}

// ValidSKU checks a SKU: 1 to 40 upper-case letters, digits and '-'.
func ValidSKU(s string) error {
	if s == "" || len(s) > 40 {
		return errs.Field("sku", "err.catalog.sku", s)
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return errs.Field("sku", "err.catalog.sku", s)
		}
	}
	return nil
}

// ParseDate reads a YYYY-MM-DD date as UTC midnight; empty is the zero
// time.
func ParseDate(field, s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, errs.Field(field, "err.input.date", s)
	}
	return t, nil
}
