// Package consignment holds the batches of produce that registered
// households leave at a service station for sale: who left what, how much
// and when, the batch's public code (its label's QR code opens its public
// page), and what its sales credit the household. The ledger allocates a
// variant's paid units to its open batches first in, first out and
// credits each batch's household its per-unit amount for them, in the
// transaction that posts the sale (impact.AllocateLots,
// impact.SalePostings); see docs/design.md, "Consignment".
package consignment

import (
	"context"
	"crypto/rand"
	"strings"
	"time"

	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/impact"
	"maeul/internal/money"
	"maeul/internal/network"
	"maeul/internal/org"
	"maeul/internal/region"
)

// Batch is one receipt of produce from a household at a station.
type Batch struct {
	ID          int64
	Code        string // public: the label's QR code opens /batches/CODE
	PointID     int64
	HouseholdID int64
	OrgID       int64 // the store that sells it: the variant's
	ProductID   int64
	VariantID   int64
	Units       int64     // in the variant's units
	WeightG     int64     // the gross weight received, in grams; 0 when not weighed
	PerUnit     money.Fen // credited to the household per unit sold
	ReceivedOn  time.Time // a date in China, kept as a UTC midnight (impact.Day)
	Sold        int64     // units allocated to sales so far
	Token       string    // the form's token: a repeat records nothing new
	CreatedBy   int64
	CreatedAt   time.Time

	// Read with the batch, for showing it. Household is whole as the
	// store reads it; the service discloses it to its reader.
	Household impact.Household
	Product   catalog.Product // with the batch's variant alone in Variants
	Point     network.ServicePoint
	Store     org.Organization
}

// Left is the units of the batch not sold yet.
func (b Batch) Left() int64 { return b.Units - b.Sold }

// Variant is the batch's variant (the zero Variant when not read).
func (b Batch) Variant() catalog.Variant {
	if len(b.Product.Variants) == 0 {
		return catalog.Variant{}
	}
	return b.Product.Variants[0]
}

// Credited is what the household has been credited for the batch's sold
// units before any cut of the ledger (see impact.SalePostings) and any
// refund.
func (b Batch) Credited() money.Fen { return b.PerUnit * money.Fen(b.Sold) }

// NewBatch is a batch as a station operator records it, by codes.
type NewBatch struct {
	HouseholdCode string
	SKU           string
	Units         int64
	WeightG       int64
	// PerUnit is credited per unit sold; 0 means the variant's price when
	// received.
	PerUnit    money.Fen
	ReceivedOn time.Time // a date; zero means today
	Token      string    // "" for none
}

// The bounds of a batch.
const (
	MaxUnits   = catalog.MaxStock
	MaxWeightG = 100_000_000 // 100 tonnes
	// MaxAgeDays is how long after receiving produce a batch may still be
	// recorded.
	MaxAgeDays = 90
	// CodeLength is the length of a batch's public code.
	CodeLength = 10
	// MaxToken is the longest form token kept.
	MaxToken = 64
)

// codeAlphabet has no 0, 1, I or O, which read alike on a printed label.
const codeAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// NewCode returns a random batch code of CodeLength characters (50 bits):
// not guessable from another batch's, so the public pages cannot be
// walked in order.
func NewCode() string {
	b := make([]byte, CodeLength)
	rand.Read(b)
	for i := range b {
		b[i] = codeAlphabet[int(b[i])%len(codeAlphabet)]
	}
	return string(b)
}

// NormalizeCode returns code in the form batches are stored under: upper
// case, without spaces or dashes, so a code read off a label and typed in
// finds its batch.
func NormalizeCode(code string) string {
	return strings.NewReplacer(" ", "", "-", "").Replace(strings.ToUpper(strings.TrimSpace(code)))
}

// Filter selects a station's batches, newest first.
type Filter struct {
	PointID int64
	// BeforeID pages: batches recorded before this one (0 for the newest).
	BeforeID int64
	Limit    int
}

// Offer is a variant a station may receive produce for: one of a
// household shop's or village store's in the villages the station serves.
type Offer struct {
	Store   org.Organization
	Product catalog.Product // with this variant alone in Variants
}

// Store is what consignment needs from storage.
type Store interface {
	// CreateBatch stores a new batch (its code set) and returns it as
	// BatchByCode would; a batch of the same station and token returns
	// the one stored first, writing nothing.
	CreateBatch(ctx context.Context, b Batch) (Batch, error)
	// BatchByCode returns a batch with what it refers to, or a NotFound
	// error.
	BatchByCode(ctx context.Context, code string) (Batch, error)
	// Batches lists a station's batches, newest first.
	Batches(ctx context.Context, f Filter) ([]Batch, error)
	// ConsignableVariants lists the live variants of the organizations'
	// products, hidden products included, by organization and product.
	ConsignableVariants(ctx context.Context, orgIDs []int64) ([]Offer, error)
}

// Households is what consignment reads of the household register.
type Households interface {
	Household(ctx context.Context, code string) (impact.Household, error)
}

// Public is what anyone may read of a batch: what, where, when and how
// much, and of the household only that it is registered, its status and
// its village — never its name, code or any other personal data.
type Public struct {
	Code       string
	Product    catalog.Product // with the batch's variant alone in Variants
	Store      org.Organization
	Station    network.ServicePoint
	Village    region.Region // the household's
	Status     impact.Status // the household's
	Units      int64
	WeightG    int64
	ReceivedOn time.Time
}

// PublicOf returns what the public may read of b, with the household's
// village region.
func PublicOf(b Batch, village region.Region) Public {
	return Public{Code: b.Code, Product: b.Product, Store: b.Store, Station: b.Point, Village: village, Status: b.Household.Status,
		Units: b.Units, WeightG: b.WeightG, ReceivedOn: b.ReceivedOn}
}

// check checks a new batch's numbers and date against today (a China
// date as impact.Day gives it) and fills in the date.
func (nb *NewBatch) check(today time.Time) error {
	if nb.Units < 1 || nb.Units > MaxUnits {
		return errs.Field("quantity", "err.consignment.quantity", nb.Units, MaxUnits)
	}
	if nb.WeightG < 0 || nb.WeightG > MaxWeightG {
		return errs.Field("weight", "err.consignment.weight", MaxWeightG/1_000_000)
	}
	if nb.PerUnit < 0 {
		return errs.Field("per_unit", "err.consignment.per_unit_negative")
	}
	if nb.ReceivedOn.IsZero() {
		nb.ReceivedOn = today
	}
	nb.ReceivedOn = time.Date(nb.ReceivedOn.Year(), nb.ReceivedOn.Month(), nb.ReceivedOn.Day(), 0, 0, 0, 0, time.UTC)
	if nb.ReceivedOn.After(today) {
		return errs.Field("received_on", "err.consignment.date_future", nb.ReceivedOn.Format(time.DateOnly))
	}
	if nb.ReceivedOn.Before(today.AddDate(0, 0, -MaxAgeDays)) {
		return errs.Field("received_on", "err.consignment.date_old", nb.ReceivedOn.Format(time.DateOnly), MaxAgeDays)
	}
	if len(nb.Token) > MaxToken {
		return errs.Field("token", "err.consignment.token")
	}
	nb.HouseholdCode, nb.SKU = strings.TrimSpace(nb.HouseholdCode), strings.TrimSpace(nb.SKU)
	if nb.HouseholdCode == "" {
		return errs.Field("household", "err.consignment.household_missing")
	}
	if nb.SKU == "" {
		return errs.Field("sku", "err.consignment.sku_missing")
	}
	return nil
}

// ParseWeightKg reads a weight in kilograms with at most three decimals
// ("12.5", "0.25"; "" is 0, not weighed) as grams, or an Invalid error
// about "weight".
func ParseWeightKg(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	whole, frac, dot := strings.Cut(s, ".")
	bad := errs.Field("weight", "err.consignment.weight_number", s)
	if whole == "" && frac == "" || dot && frac == "" || len(frac) > 3 || len(whole) > 6 {
		return 0, bad
	}
	var g int64
	for _, c := range whole + (frac + "000")[:3] {
		if c < '0' || c > '9' {
			return 0, bad
		}
		g = g*10 + int64(c-'0')
	}
	return g, nil
}
