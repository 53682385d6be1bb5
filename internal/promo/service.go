package promo

import (
	"context"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/money"
	"maeul/internal/org"
)

// Store is what managing promotions needs from storage.
type Store interface {
	// VariantBySKU returns the product holding the live variant sku, with
	// that variant alone in its Variants, or a NotFound error.
	VariantBySKU(ctx context.Context, sku string) (catalog.Product, error)
	// CreateFlashSale stores a new flash sale and returns its id.
	CreateFlashSale(ctx context.Context, f FlashSale) (int64, error)
	// FlashSale returns a flash sale, or a NotFound error.
	FlashSale(ctx context.Context, id int64) (FlashSale, error)
	// OverlappingFlashSales counts the flash sales of a variant that run at
	// some moment between starts and ends.
	OverlappingFlashSales(ctx context.Context, variantID int64, starts, ends time.Time) (int, error)
	// CreateSpecialPrice stores a new special price and returns its id.
	CreateSpecialPrice(ctx context.Context, s SpecialPrice) (int64, error)
	// CreateCoupon stores a new coupon; a taken code is a Conflict.
	CreateCoupon(ctx context.Context, c Coupon) error
	// FlashSaleListings lists the flash sales running at now or starting
	// within soon, of products on show, soonest ending first.
	FlashSaleListings(ctx context.Context, now time.Time, soon time.Duration, limit int) ([]Listing, error)
	// PromotedVariants returns, of the given products, those with a
	// promotion live at now: all their live variants, each with its live
	// flash sale and special prices.
	PromotedVariants(ctx context.Context, productIDs []int64, now time.Time) ([]Priced, error)
	// SpecialPriceProducts returns the ids of the products on show, with
	// stock, that have a special price live at now, the special ending
	// soonest first, at most limit.
	SpecialPriceProducts(ctx context.Context, now time.Time, limit int) ([]int64, error)
}

// Listing is a flash sale as the mall lists it.
type Listing struct {
	FlashSale
	SKU         string
	ProductCode string
	Name        i18n.Text // the product's
	VariantName i18n.Text
	ListPrice   money.Fen
}

// Service carries out the rules for managing promotions: a seller puts
// its own organization's variants on sale and issues coupons for its own
// store; the admins of a region do the same for the organizations located
// in it; only a prefecture admin issues coupons good in every store of the
// mall.
type Service struct {
	Store Store
	Orgs  org.Store
	Now   func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// variant returns the product holding the live variant sku (with that
// variant alone) after checking that by may put it on promotion. An
// unknown SKU is Invalid (field sku); a guest is Unauthorized and anyone
// who does not act for the variant's organization Forbidden. what and
// whatFor are the action's keys for Require, without and with the
// organization's code.
func (s *Service) variant(ctx context.Context, by accounts.Actor, sku, what, whatFor string) (catalog.Product, error) {
	if err := by.Require(by.SignedIn(), what); err != nil {
		return catalog.Product{}, err
	}
	p, err := s.Store.VariantBySKU(ctx, sku)
	if errs.Is(err, errs.NotFound) {
		return p, errs.Field("sku", "err.catalog.unknown_sku", sku)
	}
	if err != nil {
		return p, err
	}
	o, err := s.Orgs.OrganizationByID(ctx, p.OrgID)
	if err != nil {
		return p, err
	}
	if err := by.Require(by.ActsFor(o.ID, o.Region), whatFor, o.Code); err != nil {
		return p, err
	}
	return p, nil
}

// CreateFlashSale puts the variant sku on a flash sale described by f
// (its VariantID is filled in; a zero Starts means now) and returns the
// stored sale as the mall lists it. The sale must be valid on its own, end
// in the future, sell below the variant's list price, and not overlap
// another flash sale of the variant (a Conflict), since a variant has one
// flash price at a time.
func (s *Service) CreateFlashSale(ctx context.Context, by accounts.Actor, sku string, f FlashSale) (Listing, error) {
	p, err := s.variant(ctx, by, sku, "act.create_flash_sales", "act.create_flash_sales_for")
	if err != nil {
		return Listing{}, err
	}
	v := p.Variants[0]
	f.ID, f.VariantID, f.Sold = 0, v.ID, 0
	if f.Starts.IsZero() {
		f.Starts = s.now()
	}
	if err := f.Validate(); err != nil {
		return Listing{}, err
	}
	if !f.Ends.After(s.now()) {
		return Listing{}, errs.Field("ends_at", "err.promo.over_already")
	}
	if f.Price >= v.Price {
		return Listing{}, errs.Field("price", "err.promo.below_list", f.Price, v.Price)
	}
	n, err := s.Store.OverlappingFlashSales(ctx, v.ID, f.Starts, f.Ends)
	if err != nil {
		return Listing{}, err
	}
	if n > 0 {
		return Listing{}, errs.InField("starts_at", errs.E(errs.Conflict, "err.promo.flash_overlap", v.SKU))
	}
	id, err := s.Store.CreateFlashSale(ctx, f)
	if err != nil {
		return Listing{}, err
	}
	stored, err := s.Store.FlashSale(ctx, id)
	if err != nil {
		return Listing{}, err
	}
	return Listing{FlashSale: stored, SKU: v.SKU, ProductCode: p.Code, Name: p.Name, VariantName: v.Name, ListPrice: v.Price}, nil
}

// CreateSpecialPrice lowers the price of the variant sku for a period and
// returns the stored special price (VariantID and ID filled in). It must
// be valid on its own, end in the future and, when fixed, be below the
// list price. A zero Starts means now.
func (s *Service) CreateSpecialPrice(ctx context.Context, by accounts.Actor, sku string, sp SpecialPrice) (SpecialPrice, error) {
	p, err := s.variant(ctx, by, sku, "act.set_special_prices", "act.set_special_prices_for")
	if err != nil {
		return SpecialPrice{}, err
	}
	v := p.Variants[0]
	sp.ID, sp.VariantID = 0, v.ID
	if sp.Starts.IsZero() {
		sp.Starts = s.now()
	}
	if err := sp.Validate(); err != nil {
		return SpecialPrice{}, err
	}
	if !sp.Ends.After(s.now()) {
		return SpecialPrice{}, errs.Field("ends_at", "err.promo.over_already")
	}
	if sp.Fixed > 0 && sp.Fixed >= v.Price {
		return SpecialPrice{}, errs.Field("price", "err.promo.below_list", sp.Fixed, v.Price)
	}
	id, err := s.Store.CreateSpecialPrice(ctx, sp)
	if err != nil {
		return SpecialPrice{}, err
	}
	sp.ID = id
	return sp, nil
}

// CreateCoupon issues a coupon, its code normalized. A store coupon
// (OrgID set) may be issued by those who act for the store; a mall-wide
// one (OrgID 0) only by a prefecture admin. The coupon must be valid on
// its own and end in the future (a zero Starts means now); a code in use
// is a Conflict.
func (s *Service) CreateCoupon(ctx context.Context, by accounts.Actor, c Coupon) (Coupon, error) {
	if err := by.Require(by.SignedIn(), "act.issue_coupons"); err != nil {
		return Coupon{}, err
	}
	c.Code, c.Used = NormalizeCode(c.Code), 0
	if c.Starts.IsZero() {
		c.Starts = s.now()
	}
	if c.OrgID == 0 {
		mallAdmin := by.System || (by.Role == accounts.PrefectureAdmin && !by.Disabled)
		if err := by.Require(mallAdmin, "act.issue_mall_coupons"); err != nil {
			return Coupon{}, err
		}
	} else {
		o, err := s.Orgs.OrganizationByID(ctx, c.OrgID)
		if err != nil {
			return Coupon{}, err
		}
		if err := by.Require(by.ActsFor(o.ID, o.Region), "act.issue_store_coupons", o.Code); err != nil {
			return Coupon{}, err
		}
	}
	if err := c.Validate(); err != nil {
		return Coupon{}, err
	}
	if !c.Ends.After(s.now()) {
		return Coupon{}, errs.Field("ends_at", "err.promo.over_already")
	}
	if err := s.Store.CreateCoupon(ctx, c); err != nil {
		return Coupon{}, err
	}
	return c, nil
}

// FlashSales lists the flash sales running now or starting within soon,
// soonest ending first, for anyone.
func (s *Service) FlashSales(ctx context.Context, soon time.Duration, limit int) ([]Listing, error) {
	return s.Store.FlashSaleListings(ctx, s.now(), soon, limit)
}
