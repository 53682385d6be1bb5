package catalog

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"unicode/utf8"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/org"
	"maeul/internal/photo"
)

// The rules of the seller back office beyond saving products: reading a
// product and its history for editing, the stock warnings, and the store's
// own story and cover photo. Every method authorizes through Authorize, so
// a station operator may do for a served household shop or village store
// what its sellers may.

// SellerProduct returns the product with code, with its live variants and
// photos, and who by acts as on it, for those who may manage it. A missing
// product is NotFound; a product of an organization by may not manage is
// Forbidden (Unauthorized for a guest).
func (s *Service) SellerProduct(ctx context.Context, by accounts.Actor, code string) (Product, Acting, error) {
	p, err := s.Store.Product(ctx, code)
	if err != nil {
		return Product{}, Acting{}, err
	}
	act, err := s.Authorize(ctx, by, p.OrgID)
	if err != nil {
		return Product{}, Acting{}, err
	}
	return p, act, nil
}

// History returns the recorded changes of a product, newest first, for
// those who may manage it; others are Forbidden, a missing product is
// NotFound.
func (s *Service) History(ctx context.Context, by accounts.Actor, productID int64) ([]Change, error) {
	p, err := s.Store.ProductByID(ctx, productID)
	if err != nil {
		return nil, err
	}
	if _, err := s.Authorize(ctx, by, p.OrgID); err != nil {
		return nil, err
	}
	chs, err := s.Store.Changes(ctx, productID)
	if err != nil {
		return nil, fmt.Errorf("catalog.History: %w", err)
	}
	return chs, nil
}

// StockWarning is a variant whose stock is at or below LowStock.
type StockWarning struct {
	ProductCode string
	ProductName i18n.Text
	Hidden      bool
	Variant     Variant
}

// SoldOut reports whether the variant has no stock left.
func (w StockWarning) SoldOut() bool { return w.Variant.Stock <= 0 }

// maxWarningProducts bounds how many products StockWarnings reads.
const maxWarningProducts = 1000

// StockWarnings lists the variants of an organization's products, hidden
// ones included, whose stock is at or below LowStock: sold-out ones first,
// then by stock, product and position. Only those who may manage the
// organization may see them; others are Forbidden. It reads at most the
// newest 1,000 products.
func (s *Service) StockWarnings(ctx context.Context, by accounts.Actor, orgID int64) ([]StockWarning, error) {
	var out []StockWarning
	q := Query{Sort: ByNewest, Limit: 100}
	for read := 0; read < maxWarningProducts; {
		pg, err := s.SellerProducts(ctx, by, orgID, q)
		if err != nil {
			return nil, err
		}
		for _, sm := range pg.Items {
			p, err := s.Store.ProductByID(ctx, sm.ID)
			if err != nil {
				return nil, fmt.Errorf("catalog.StockWarnings: %w", err)
			}
			for _, v := range p.Variants {
				if v.Stock <= LowStock {
					out = append(out, StockWarning{ProductCode: p.Code, ProductName: p.Name, Hidden: p.Hidden, Variant: v})
				}
			}
		}
		read += len(pg.Items)
		if pg.NextCursor == "" || len(pg.Items) == 0 {
			break
		}
		q.Cursor = pg.NextCursor
	}
	slices.SortStableFunc(out, func(a, b StockWarning) int {
		return cmp.Or(cmp.Compare(a.Variant.Stock, b.Variant.Stock), cmp.Compare(a.ProductCode, b.ProductCode),
			cmp.Compare(a.Variant.Position, b.Variant.Position))
	})
	return out, nil
}

// MaxStoryRunes is how long a store's story may be in each language.
const MaxStoryRunes = 4000

// SetStory replaces the story of organization orgID's store, in the three
// languages, on behalf of by. Those Authorize admits may; others are
// Forbidden, and a story over MaxStoryRunes in a language is Invalid (its
// field story_ko, story_zh or story_en). A missing organization is
// NotFound.
func (s *Service) SetStory(ctx context.Context, by accounts.Actor, orgID int64, story i18n.Text) (org.Organization, error) {
	act, err := s.Authorize(ctx, by, orgID)
	if err != nil {
		return org.Organization{}, err
	}
	for _, f := range []struct{ field, text string }{{"story_ko", story.Ko}, {"story_zh", story.Zh}, {"story_en", story.En}} {
		if n := utf8.RuneCountInString(f.text); n > MaxStoryRunes {
			return org.Organization{}, errs.Field(f.field, "err.catalog.story_long", MaxStoryRunes, n)
		}
	}
	o := act.Org
	o.Story = story
	if err := s.Orgs.UpdateOrganization(ctx, o); err != nil {
		return org.Organization{}, fmt.Errorf("catalog.SetStory: %w", err)
	}
	return s.Orgs.OrganizationByID(ctx, orgID)
}

// SetCover processes an uploaded photo (see photo.Process for what is
// refused, as Invalid errors about the field "photo") and makes it the
// cover of organization orgID's store, on behalf of by. Those Authorize
// admits may; others are Forbidden, before the upload is read.
func (s *Service) SetCover(ctx context.Context, by accounts.Actor, orgID int64, r io.Reader) (org.Organization, error) {
	act, err := s.Authorize(ctx, by, orgID)
	if err != nil {
		return org.Organization{}, err
	}
	pr, err := photo.Process(r, photo.MaxUploadBytes)
	if err != nil {
		return org.Organization{}, err
	}
	if err := s.Store.StorePhoto(ctx, pr); err != nil {
		return org.Organization{}, fmt.Errorf("catalog.SetCover: %w", err)
	}
	o := act.Org
	o.Cover = pr.Key
	if err := s.Orgs.UpdateOrganization(ctx, o); err != nil {
		return org.Organization{}, fmt.Errorf("catalog.SetCover: %w", err)
	}
	return s.Orgs.OrganizationByID(ctx, orgID)
}

// RemoveCover takes the cover photo off organization orgID's store, on
// behalf of by; the photo's bytes stay. Permissions are those of SetCover.
func (s *Service) RemoveCover(ctx context.Context, by accounts.Actor, orgID int64) (org.Organization, error) {
	act, err := s.Authorize(ctx, by, orgID)
	if err != nil {
		return org.Organization{}, err
	}
	o := act.Org
	o.Cover = ""
	if err := s.Orgs.UpdateOrganization(ctx, o); err != nil {
		return org.Organization{}, fmt.Errorf("catalog.RemoveCover: %w", err)
	}
	return s.Orgs.OrganizationByID(ctx, orgID)
}
