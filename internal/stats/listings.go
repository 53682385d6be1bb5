package stats

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/impact"
	"maeul/internal/org"
)

// Listing is a product of the platform also sold on an outside platform,
// with the link to its page there.
type Listing struct {
	ProductID   int64
	ProductCode string
	Channel     Channel
	URL         string
}

// NewListing is a line of a listings file.
type NewListing struct {
	ProductCode string
	Channel     Channel
	URL         string
}

// MaxURL is the longest link a listing keeps.
const MaxURL = 500

// ParseListingURL checks a listing's link: an absolute http or https URL
// of at most MaxURL characters; an Invalid error about "url" otherwise.
func ParseListingURL(s string) (string, error) {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || utf8.RuneCountInString(s) > MaxURL {
		return "", errs.Field("url", "err.stats.url", MaxURL)
	}
	return s, nil
}

// ListingStore keeps the register of channel listings.
type ListingStore interface {
	// SaveListings stores listings in one transaction, each replacing the
	// link of its product and channel.
	SaveListings(ctx context.Context, ls []Listing) error
	// ProductListings returns a product's listings in the channels' order.
	ProductListings(ctx context.Context, productID int64) ([]Listing, error)
}

// ProductStore finds products by code.
type ProductStore interface {
	Product(ctx context.Context, code string) (catalog.Product, error)
}

// SaveListings records which products are sold on which outside
// platforms, each line replacing the link of its product and channel. A
// seller records its own organization's products, an admin those of the
// sellers in its area, the operator anyone's. Refusals are an
// *impact.BatchError by line index, and nothing is written when there is
// any.
func (s *Service) SaveListings(ctx context.Context, by accounts.Actor, nls []NewListing) (int, error) {
	if err := by.Require(by.System || by.IsAdmin() || by.Role == accounts.Seller, "act.import", "listings"); err != nil {
		return 0, err
	}
	orgs := map[int64]org.Organization{}
	var bad impact.BatchError
	var ls []Listing
	for i, nl := range nls {
		l, err := s.listing(ctx, by, nl, orgs)
		if err != nil {
			if errs.CodeOf(err) == errs.Internal {
				return 0, fmt.Errorf("stats.SaveListings: %w", err)
			}
			bad.Rows = append(bad.Rows, impact.RowError{Index: i, Err: err})
			continue
		}
		ls = append(ls, l)
	}
	if len(bad.Rows) > 0 {
		return 0, &bad
	}
	if err := s.Listings.SaveListings(ctx, ls); err != nil {
		return 0, fmt.Errorf("stats.SaveListings: %w", err)
	}
	return len(ls), nil
}

func (s *Service) listing(ctx context.Context, by accounts.Actor, nl NewListing, orgs map[int64]org.Organization) (Listing, error) {
	if _, err := ParseChannel(string(nl.Channel)); err != nil {
		return Listing{}, err
	}
	u, err := ParseListingURL(nl.URL)
	if err != nil {
		return Listing{}, err
	}
	p, err := s.Products.Product(ctx, nl.ProductCode)
	if errs.Is(err, errs.NotFound) {
		return Listing{}, errs.Field("product_code", "err.stats.no_product", nl.ProductCode)
	}
	if err != nil {
		return Listing{}, err
	}
	o, ok := orgs[p.OrgID]
	if !ok {
		if o, err = s.Orgs.OrganizationByID(ctx, p.OrgID); err != nil {
			return Listing{}, err
		}
		orgs[p.OrgID] = o
	}
	if !by.ActsFor(o.ID, o.Region) {
		return Listing{}, errs.InField("product_code", by.Require(false, "act.list_product", nl.ProductCode))
	}
	return Listing{ProductID: p.ID, ProductCode: p.Code, Channel: nl.Channel, URL: u}, nil
}

// ProductListings returns where else a product sells, for its public
// page.
func (s *Service) ProductListings(ctx context.Context, productID int64) ([]Listing, error) {
	ls, err := s.Listings.ProductListings(ctx, productID)
	if err != nil {
		return nil, fmt.Errorf("stats.ProductListings: %w", err)
	}
	return ls, nil
}
