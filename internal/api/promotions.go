package api

import (
	"net/http"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/money"
	"maeul/internal/promo"
)

// Promotions: the mall's flash sales for everyone, and creating flash
// sales, special prices and coupons in the back office. promo.Service
// decides who may create what.

// upcoming is how far ahead the promotions list shows flash sales that
// have not started.
const upcoming = 24 * time.Hour

// promotionList lists the flash sales running now or starting within a
// day, soonest ending first.
func (c *commerce) promotionList(w http.ResponseWriter, r *http.Request) error {
	ls, err := c.Promo.FlashSales(r.Context(), upcoming, 100)
	if err != nil {
		return err
	}
	now := c.now()
	return writeJSON(w, http.StatusOK, listOf(ls, func(l promo.Listing) flashSaleJSON { return toFlashSale(l, now) }))
}

type flashSaleRequest struct {
	SKU      string    `json:"sku"`
	PriceFen int64     `json:"price_fen"`
	StartsAt time.Time `json:"starts_at"`
	EndsAt   time.Time `json:"ends_at"`
	Cap      int       `json:"cap"`
	PerBuyer int       `json:"per_buyer"`
}

// flashSaleCreate puts a variant on a flash sale (201).
func (c *commerce) flashSaleCreate(w http.ResponseWriter, r *http.Request) error {
	a := accounts.ActorFrom(r.Context())
	var req flashSaleRequest
	if err := readJSON(r, &req); err != nil {
		return err
	}
	l, err := c.Promo.CreateFlashSale(r.Context(), a, req.SKU, promo.FlashSale{
		Price: money.Fen(req.PriceFen), Starts: req.StartsAt, Ends: req.EndsAt, Cap: req.Cap, PerBuyer: req.PerBuyer,
	})
	if err != nil {
		return promoError(err)
	}
	return writeJSON(w, http.StatusCreated, toFlashSale(l, c.now()))
}

type specialPriceRequest struct {
	SKU          string    `json:"sku"`
	PercentOffBP int64     `json:"percent_off_bp"`
	PriceFen     int64     `json:"price_fen"`
	StartsAt     time.Time `json:"starts_at"`
	EndsAt       time.Time `json:"ends_at"`
}

// specialPriceCreate lowers a variant's price for a period (201).
func (c *commerce) specialPriceCreate(w http.ResponseWriter, r *http.Request) error {
	a := accounts.ActorFrom(r.Context())
	var req specialPriceRequest
	if err := readJSON(r, &req); err != nil {
		return err
	}
	sp, err := c.Promo.CreateSpecialPrice(r.Context(), a, req.SKU, promo.SpecialPrice{
		PercentOff: req.PercentOffBP, Fixed: money.Fen(req.PriceFen), Starts: req.StartsAt, Ends: req.EndsAt,
	})
	if err != nil {
		return promoError(err)
	}
	return writeJSON(w, http.StatusCreated, specialPriceJSON{
		ID: sp.ID, SKU: req.SKU, PercentOffBP: sp.PercentOff, PriceFen: sp.Fixed, StartsAt: sp.Starts, EndsAt: sp.Ends,
	})
}

type couponRequest struct {
	Code         string    `json:"code"`
	OrgCode      string    `json:"org_code"`
	AmountOffFen int64     `json:"amount_off_fen"`
	PercentOffBP int64     `json:"percent_off_bp"`
	MinSpendFen  int64     `json:"min_spend_fen"`
	TotalLimit   int       `json:"total_limit"`
	PerBuyer     int       `json:"per_buyer"`
	StartsAt     time.Time `json:"starts_at"`
	EndsAt       time.Time `json:"ends_at"`
}

// couponCreate issues a coupon (201): for the store org_code, or, when
// org_code is left out, a seller's own store, or for any other caller
// every store of the mall.
func (c *commerce) couponCreate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	var req couponRequest
	if err := readJSON(r, &req); err != nil {
		return err
	}
	cp := promo.Coupon{
		Code: req.Code, AmountOff: money.Fen(req.AmountOffFen), PercentOff: req.PercentOffBP, MinSpend: money.Fen(req.MinSpendFen),
		TotalLimit: req.TotalLimit, PerBuyer: req.PerBuyer, Starts: req.StartsAt, Ends: req.EndsAt,
	}
	orgCode := req.OrgCode
	switch {
	case orgCode != "":
		o, err := c.OrgStore.Organization(ctx, orgCode)
		if errs.Is(err, errs.NotFound) {
			return errs.Field("org_code", "err.org.unknown", orgCode)
		}
		if err != nil {
			return err
		}
		cp.OrgID = o.ID
	case a.Role == accounts.Seller && a.OrgID != 0:
		o, err := c.OrgStore.OrganizationByID(ctx, a.OrgID)
		if err != nil {
			return err
		}
		cp.OrgID, orgCode = o.ID, o.Code
	}
	saved, err := c.Promo.CreateCoupon(ctx, a, cp)
	if err != nil {
		return promoError(err)
	}
	return writeJSON(w, http.StatusCreated, couponJSON{
		Code: saved.Code, OrgCode: orgCode, AmountOffFen: saved.AmountOff, PercentOffBP: saved.PercentOff,
		MinSpendFen: saved.MinSpend, TotalLimit: saved.TotalLimit, Used: saved.Used, PerBuyer: saved.PerBuyer,
		StartsAt: saved.Starts, EndsAt: saved.Ends,
	})
}

// promoFields names, in the API's terms, the fields the promotion rules
// report problems with.
var promoFields = map[string]string{
	"variant": "sku", "price": "price_fen", "percent_off": "percent_off_bp", "amount_off": "amount_off_fen", "min_spend": "min_spend_fen",
}

// promoError renames the field of a promotion rule's error.
func promoError(err error) error {
	var e *errs.Error
	if !asError(err, &e) {
		return err
	}
	f, ok := promoFields[e.Field]
	if !ok {
		return err
	}
	out := *e
	out.Field = f
	return &out
}
