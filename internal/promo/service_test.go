package promo_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/org"
	"maeul/internal/promo"
	"maeul/internal/region"
)

// fakeStore is a promo.Store of function fields; those a test leaves nil
// are not expected to be called.
type fakeStore struct {
	variantBySKU      func(ctx context.Context, sku string) (catalog.Product, error)
	createFlashSale   func(ctx context.Context, f promo.FlashSale) (int64, error)
	flashSale         func(ctx context.Context, id int64) (promo.FlashSale, error)
	overlapping       func(ctx context.Context, variantID int64, starts, ends time.Time) (int, error)
	createSpecial     func(ctx context.Context, s promo.SpecialPrice) (int64, error)
	createCoupon      func(ctx context.Context, c promo.Coupon) error
	flashSaleListings func(ctx context.Context, now time.Time, soon time.Duration, limit int) ([]promo.Listing, error)
	promotedVariants  func(ctx context.Context, productIDs []int64, now time.Time) ([]promo.Priced, error)
	specialProducts   func(ctx context.Context, now time.Time, limit int) ([]int64, error)
}

var _ promo.Store = fakeStore{}

func (f fakeStore) VariantBySKU(ctx context.Context, sku string) (catalog.Product, error) {
	return f.variantBySKU(ctx, sku)
}
func (f fakeStore) CreateFlashSale(ctx context.Context, s promo.FlashSale) (int64, error) {
	return f.createFlashSale(ctx, s)
}
func (f fakeStore) FlashSale(ctx context.Context, id int64) (promo.FlashSale, error) {
	return f.flashSale(ctx, id)
}
func (f fakeStore) OverlappingFlashSales(ctx context.Context, variantID int64, starts, ends time.Time) (int, error) {
	return f.overlapping(ctx, variantID, starts, ends)
}
func (f fakeStore) CreateSpecialPrice(ctx context.Context, s promo.SpecialPrice) (int64, error) {
	return f.createSpecial(ctx, s)
}
func (f fakeStore) CreateCoupon(ctx context.Context, c promo.Coupon) error {
	return f.createCoupon(ctx, c)
}
func (f fakeStore) SpecialPriceProducts(ctx context.Context, now time.Time, limit int) ([]int64, error) {
	return f.specialProducts(ctx, now, limit)
}
func (f fakeStore) PromotedVariants(ctx context.Context, productIDs []int64, now time.Time) ([]promo.Priced, error) {
	return f.promotedVariants(ctx, productIDs, now)
}
func (f fakeStore) FlashSaleListings(ctx context.Context, now time.Time, soon time.Duration, limit int) ([]promo.Listing, error) {
	return f.flashSaleListings(ctx, now, soon, limit)
}

// fakeOrgs is an org.Store that knows organizations by id.
type fakeOrgs struct {
	org.Store // the methods the service does not use
	byID      map[int64]org.Organization
}

func (f fakeOrgs) OrganizationByID(ctx context.Context, id int64) (org.Organization, error) {
	o, ok := f.byID[id]
	if !ok {
		return o, errs.E(errs.NotFound, "organization %d not found", id)
	}
	return o, nil
}

// The variant EGG-30 (list price 4990) belongs to organization 1 in
// Wangqing; RICE-5 to organization 2 in Yanji.
func newService(t *testing.T, now time.Time) (*promo.Service, *[]any) {
	t.Helper()
	var stored []any
	variants := map[string]catalog.Product{
		"EGG-30": {ID: 10, Code: "eggs", OrgID: 1, Variants: []catalog.Variant{{ID: 100, SKU: "EGG-30", Price: 4990}}},
		"RICE-5": {ID: 20, Code: "rice", OrgID: 2, Variants: []catalog.Variant{{ID: 200, SKU: "RICE-5", Price: 6980}}},
	}
	st := fakeStore{
		variantBySKU: func(ctx context.Context, sku string) (catalog.Product, error) {
			p, ok := variants[sku]
			if !ok {
				return p, errs.E(errs.NotFound, "variant %s not found", sku)
			}
			return p, nil
		},
		overlapping: func(ctx context.Context, variantID int64, starts, ends time.Time) (int, error) { return 0, nil },
		createFlashSale: func(ctx context.Context, f promo.FlashSale) (int64, error) {
			stored = append(stored, f)
			return 7, nil
		},
		flashSale: func(ctx context.Context, id int64) (promo.FlashSale, error) {
			f := stored[len(stored)-1].(promo.FlashSale)
			f.ID = id
			return f, nil
		},
		createSpecial: func(ctx context.Context, s promo.SpecialPrice) (int64, error) {
			stored = append(stored, s)
			return 8, nil
		},
		createCoupon: func(ctx context.Context, c promo.Coupon) error {
			stored = append(stored, c)
			return nil
		},
	}
	orgs := fakeOrgs{byID: map[int64]org.Organization{
		1: {ID: 1, Code: "wq-store", Region: region.Code("222424100201")},
		2: {ID: 2, Code: "yj-enterprise", Region: region.Code("222401000000")},
	}}
	return &promo.Service{Store: st, Orgs: orgs, Now: func() time.Time { return now }}, &stored
}

func actor(id int64, role accounts.Role, scope string, orgID int64) accounts.Actor {
	return accounts.Actor{User: accounts.User{ID: id, Role: role, Scope: region.Code(scope), OrgID: orgID}}
}

var (
	guest       = accounts.Actor{}
	shopper     = actor(1, accounts.Shopper, "", 0)
	wqSeller    = actor(2, accounts.Seller, "", 1)
	wqAdmin     = actor(3, accounts.CountyAdmin, "222424000000", 0)
	yjAdmin     = actor(4, accounts.CountyAdmin, "222401000000", 0)
	prefAdmin   = actor(5, accounts.PrefectureAdmin, "222400000000", 0)
	auditor     = actor(6, accounts.Auditor, "222400000000", 0)
	disabledPre = func() accounts.Actor { a := prefAdmin; a.Disabled = true; return a }()
)

func TestWhoMayCreatePromotions(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	flash := promo.FlashSale{Price: 3990, Ends: now.Add(time.Hour), Cap: 10, PerBuyer: 2}
	special := promo.SpecialPrice{PercentOff: 1000, Ends: now.Add(time.Hour)}
	tests := []struct {
		name string
		by   accounts.Actor
		sku  string
		want errs.Code // "" for allowed
	}{
		{"the store's seller", wqSeller, "EGG-30", ""},
		{"a seller for another store", wqSeller, "RICE-5", errs.Forbidden},
		{"the county's admin", wqAdmin, "EGG-30", ""},
		{"another county's admin", yjAdmin, "EGG-30", errs.Forbidden},
		{"the prefecture's admin", prefAdmin, "RICE-5", ""},
		{"an auditor", auditor, "EGG-30", errs.Forbidden},
		{"a shopper", shopper, "EGG-30", errs.Forbidden},
		{"a guest", guest, "EGG-30", errs.Unauthorized},
		{"an unknown SKU", wqSeller, "NOPE", errs.Invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, _ := newService(t, now)
			_, err := svc.CreateFlashSale(context.Background(), tt.by, tt.sku, flash)
			if got := errs.CodeOf(err); got != tt.want {
				t.Errorf("flash sale: got %q (%v); want %q", got, err, tt.want)
			}
			_, err = svc.CreateSpecialPrice(context.Background(), tt.by, tt.sku, special)
			if got := errs.CodeOf(err); got != tt.want {
				t.Errorf("special price: got %q (%v); want %q", got, err, tt.want)
			}
		})
	}
}

func TestWhoMayIssueCoupons(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		by    accounts.Actor
		orgID int64
		want  errs.Code
	}{
		{"the store's seller, for the store", wqSeller, 1, ""},
		{"a seller, for another store", wqSeller, 2, errs.Forbidden},
		{"a seller, for the mall", wqSeller, 0, errs.Forbidden},
		{"the county's admin, for a store in it", wqAdmin, 1, ""},
		{"the county's admin, for a store elsewhere", wqAdmin, 2, errs.Forbidden},
		{"a county admin, for the mall", wqAdmin, 0, errs.Forbidden},
		{"the prefecture's admin, for the mall", prefAdmin, 0, ""},
		{"a disabled prefecture admin", disabledPre, 0, errs.Forbidden},
		{"a shopper", shopper, 0, errs.Forbidden},
		{"a guest", guest, 1, errs.Unauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, stored := newService(t, now)
			c, err := svc.CreateCoupon(context.Background(), tt.by, promo.Coupon{Code: " dx5 ", OrgID: tt.orgID, AmountOff: 500, Ends: now.Add(time.Hour)})
			if got := errs.CodeOf(err); got != tt.want {
				t.Fatalf("got %q (%v); want %q", got, err, tt.want)
			}
			if err == nil && (c.Code != "DX5" || !c.Starts.Equal(now) || len(*stored) != 1) {
				t.Errorf("stored %+v, returned %+v", *stored, c)
			}
		})
	}
}

func TestPromotionRules(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	hour := now.Add(time.Hour)
	tests := []struct {
		name    string
		flash   promo.FlashSale
		overlap int
		field   string
		code    errs.Code
	}{
		{"fine", promo.FlashSale{Price: 3990, Ends: hour, Cap: 5}, 0, "", ""},
		{"at the list price", promo.FlashSale{Price: 4990, Ends: hour, Cap: 5}, 0, "price", errs.Invalid},
		{"no units", promo.FlashSale{Price: 3990, Ends: hour}, 0, "cap", errs.Invalid},
		{"over already", promo.FlashSale{Price: 3990, Starts: now.Add(-2 * time.Hour), Ends: now.Add(-time.Hour), Cap: 5}, 0, "ends_at", errs.Invalid},
		{"overlapping another", promo.FlashSale{Price: 3990, Ends: hour, Cap: 5}, 1, "starts_at", errs.Conflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, stored := newService(t, now)
			st := svc.Store.(fakeStore)
			st.overlapping = func(ctx context.Context, variantID int64, starts, ends time.Time) (int, error) {
				return tt.overlap, nil
			}
			svc.Store = st
			l, err := svc.CreateFlashSale(context.Background(), wqSeller, "EGG-30", tt.flash)
			var e *errs.Error
			if errs.CodeOf(err) != tt.code || err != nil && (!errors.As(err, &e) || e.Field != tt.field) {
				t.Fatalf("got %v; want %q on %q", err, tt.code, tt.field)
			}
			if err != nil {
				if len(*stored) != 0 {
					t.Errorf("stored %+v after refusing", *stored)
				}
				return
			}
			if l.ID != 7 || l.VariantID != 100 || l.SKU != "EGG-30" || l.ListPrice != 4990 || !l.Starts.Equal(now) {
				t.Errorf("listing %+v", l)
			}
		})
	}
}
