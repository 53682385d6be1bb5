package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/chinatime"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/money"
	"maeul/internal/promo"
)

// The seller's promotions: flash sales, special prices and coupons for
// the store, created through promo.Service, which decides who may.

// promoForm is one of the promotion forms as the seller filled it in.
type promoForm struct {
	SKU        string
	Price      string // yuan
	PercentOff string // percent
	Starts     string // YYYY-MM-DDTHH:MM, China time
	Ends       string
	Cap        string
	PerBuyer   string
	Code       string
	MinSpend   string
	TotalLimit string
}

type sellerPromotionsData struct {
	Office   sellerOffice
	Variants []promoVariant
	Sales    []promo.Listing
	// Form is the form sent back with Error; Which names it ("flash",
	// "special" or "coupon").
	Form  promoForm
	Which string
	Error string
	// Now and Later are the default start and end of a new promotion.
	Now, Later string
}

// promoVariant is a variant the forms offer.
type promoVariant struct {
	SKU     string
	Product i18n.Text
	Variant i18n.Text
	Price   money.Fen
}

// promoVariantLimit is how many of the store's products the forms offer.
const promoVariantLimit = 60

// sellerPromotionsPage builds the promotions page: the store's variants
// for the forms, and its flash sales running or starting within a day.
func (h *Handler) sellerPromotionsPage(r *http.Request) (sellerPromotionsData, error) {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	off, err := h.ordersOffice(r)
	if err != nil {
		return sellerPromotionsData{}, err
	}
	if err := a.Require(a.ActsFor(off.Org.ID, off.Org.Region), "act.manage_promotions", off.Org.Code); err != nil {
		return sellerPromotionsData{}, err
	}
	now := h.Now().In(chinatime.Zone)
	d := sellerPromotionsData{Office: off, Now: now.Format("2006-01-02T15:04"), Later: now.Add(2 * time.Hour).Format("2006-01-02T15:04")}
	pg, err := h.Catalog.SellerProducts(ctx, a, off.Org.ID, catalog.Query{Sort: catalog.ByNewest, Limit: promoVariantLimit})
	if err != nil {
		return d, err
	}
	mine := map[string]bool{}
	for _, s := range pg.Items {
		mine[s.Code] = true
		p, err := h.Products.Product(ctx, s.Code)
		if err != nil {
			return d, err
		}
		for _, v := range p.Variants {
			d.Variants = append(d.Variants, promoVariant{SKU: v.SKU, Product: p.Name, Variant: v.Name, Price: v.Price})
		}
	}
	sales, err := h.Promo.FlashSales(ctx, 24*time.Hour, 200)
	if err != nil {
		return d, err
	}
	for _, s := range sales {
		if mine[s.ProductCode] {
			d.Sales = append(d.Sales, s)
		}
	}
	return d, nil
}

// sellerPromotions shows the store's promotions and the forms that
// create them.
func (h *Handler) sellerPromotions(w http.ResponseWriter, r *http.Request) error {
	d, err := h.sellerPromotionsPage(r)
	if err != nil {
		return err
	}
	return h.renderPromotions(w, r, http.StatusOK, d)
}

func (h *Handler) renderPromotions(w http.ResponseWriter, r *http.Request, status int, d sellerPromotionsData) error {
	w.Header().Set("Cache-Control", "no-store")
	return h.render(w, r, status, "seller_promotions", page{Title: h.cat.T(langFrom(r), "promo.seller.title"), NavArea: "seller", Data: d})
}

// sellerPromotionCreate answers the three forms (POST
// /seller/promotions/{kind}: flash, special or coupon). A refusal of the
// promotion rules shows the form again with the reason.
func (h *Handler) sellerPromotionCreate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	d, err := h.sellerPromotionsPage(r)
	if err != nil {
		return err
	}
	f := promoForm{
		SKU: r.PostFormValue("sku"), Price: strings.TrimSpace(r.PostFormValue("price")), PercentOff: strings.TrimSpace(r.PostFormValue("percent_off")),
		Starts: r.PostFormValue("starts"), Ends: r.PostFormValue("ends"), Cap: strings.TrimSpace(r.PostFormValue("cap")),
		PerBuyer: strings.TrimSpace(r.PostFormValue("per_buyer")), Code: r.PostFormValue("code"),
		MinSpend: strings.TrimSpace(r.PostFormValue("min_spend")), TotalLimit: strings.TrimSpace(r.PostFormValue("total_limit")),
	}
	kind := r.PathValue("kind")
	starts, ends, err := promoPeriod(f)
	if err == nil {
		switch kind {
		case "flash":
			var price money.Fen
			if price, err = yuan(f.Price, "price"); err == nil {
				_, err = h.Promo.CreateFlashSale(ctx, a, f.SKU, promo.FlashSale{Price: price, Starts: starts, Ends: ends, Cap: atoi(f.Cap), PerBuyer: atoi(f.PerBuyer)})
			}
		case "special":
			sp := promo.SpecialPrice{Starts: starts, Ends: ends}
			if f.PercentOff != "" {
				sp.PercentOff, err = percentOff(f.PercentOff)
			} else {
				sp.Fixed, err = yuan(f.Price, "price")
			}
			if err == nil {
				_, err = h.Promo.CreateSpecialPrice(ctx, a, f.SKU, sp)
			}
		case "coupon":
			c := promo.Coupon{Code: f.Code, OrgID: d.Office.Org.ID, Starts: starts, Ends: ends, TotalLimit: atoi(f.TotalLimit), PerBuyer: atoi(f.PerBuyer)}
			if f.PercentOff != "" {
				c.PercentOff, err = percentOff(f.PercentOff)
			} else {
				c.AmountOff, err = yuan(f.Price, "amount_off")
			}
			if err == nil && f.MinSpend != "" {
				c.MinSpend, err = yuan(f.MinSpend, "min_spend")
			}
			if err == nil {
				_, err = h.Promo.CreateCoupon(ctx, a, c)
			}
		default:
			return errs.E(errs.NotFound, "err.web.promotion_kind", kind)
		}
	}
	var e *errs.Error
	if err != nil && errors.As(err, &e) && (e.Code == errs.Invalid || e.Code == errs.Conflict) {
		d.Form, d.Which = f, kind
		d.Error = h.message(r, e)
		return h.renderPromotions(w, r, e.Code.HTTPStatus(), d)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, d.Office.URL("/seller/promotions", "notice", "promo.notice."+kind))
}

// promoPeriod reads a promotion's start (now when empty) and end, typed
// in China time.
func promoPeriod(f promoForm) (time.Time, time.Time, error) {
	var starts, ends time.Time
	var err error
	if strings.TrimSpace(f.Starts) != "" {
		if starts, err = time.ParseInLocation("2006-01-02T15:04", strings.TrimSpace(f.Starts), chinatime.Zone); err != nil {
			return starts, ends, errs.Field("starts_at", "err.web.time", f.Starts)
		}
	}
	if ends, err = time.ParseInLocation("2006-01-02T15:04", strings.TrimSpace(f.Ends), chinatime.Zone); err != nil {
		return starts, ends, errs.Field("ends_at", "err.web.promotion_end")
	}
	return starts, ends, nil
}

// yuan reads an amount in yuan for field.
func yuan(s, field string) (money.Fen, error) {
	v, err := money.Parse(s)
	if err != nil || v <= 0 {
		return 0, errs.Field(field, "err.web.amount", s)
	}
	return v, nil
}

// percentOff reads a percentage off ("15" or "12.5") as basis points;
// the promotion's rules bound it further.
func percentOff(s string) (int64, error) {
	bp, err := money.ParsePercent(s)
	return bp, errs.InField("percent_off", err)
}

// atoi reads a count; anything else is 0 (none), which the rules judge.
func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0
	}
	return n
}
