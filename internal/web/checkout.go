package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/money"
	"maeul/internal/network"
	"maeul/internal/orders"
	"maeul/internal/org"
	"maeul/internal/payments"
	"maeul/internal/promo"
	"maeul/internal/region"
)

// The checkout page is one form that works without JavaScript: the
// buyer chooses the county, then (after "update", which a small script
// presses on change) the village among the county's towns, the delivery
// of each store (home, or pick-up at a point that serves the village),
// a coupon and the payment; every update reprices the order with the
// order service's quote, and the form carries the total it showed, so
// that placing fails rather than charge a total the buyer did not see.

// checkoutForm is the checkout form as the buyer filled it in.
type checkoutForm struct {
	County region.Code
	Region region.Code // the village or town
	Detail string
	Name   string
	Phone  string
	// Delivery is, by store code, "home" or the code of a pick-up point.
	Delivery map[string]string
	Coupon   string
	Payment  string
	Expect   money.Fen
	// Buy is the line bought now, without the cart (a flash-sale page's
	// "buy now"): the product form's product, sku, qty and date. Empty
	// (no product) for a checkout of the cart.
	Buy url.Values
}

// deliveryField is the form field of a store's delivery choice.
func deliveryField(orgCode string) string { return "delivery." + orgCode }

func readCheckoutForm(r *http.Request) checkoutForm {
	r.ParseForm() // a form that cannot be read is an empty one
	f := checkoutForm{
		County:   region.Code(strings.TrimSpace(r.PostFormValue("county"))),
		Region:   region.Code(strings.TrimSpace(r.PostFormValue("region"))),
		Detail:   strings.TrimSpace(r.PostFormValue("detail")),
		Name:     strings.TrimSpace(r.PostFormValue("name")),
		Phone:    strings.TrimSpace(r.PostFormValue("phone")),
		Coupon:   promo.NormalizeCode(r.PostFormValue("coupon")),
		Payment:  r.PostFormValue("payment"),
		Delivery: map[string]string{},
	}
	f.Buy = buyValues(r.PostForm)
	if n, err := strconv.ParseInt(r.PostFormValue("expect"), 10, 64); err == nil {
		f.Expect = money.Fen(n)
	}
	for k, vs := range r.PostForm {
		if code, ok := strings.CutPrefix(k, "delivery."); ok && len(vs) > 0 {
			f.Delivery[code] = vs[0]
		}
	}
	return f
}

// checkoutData is the checkout page.
type checkoutData struct {
	Form     checkoutForm
	Counties []region.Summary
	Towns    []townChoice
	// Place is the chosen village or town with its ancestors, for the
	// address shown in the summary.
	Place    []region.Region
	Stores   []checkoutStore
	Subtotal money.Fen
	Discount money.Fen
	Shipping money.Fen
	Total    money.Fen
	Units    int
	// CashPoint is where cash would be paid (the last pick-up point
	// chosen); nil without pick-up, when cash is not offered.
	CashPoint *network.ServicePoint
	// OnPickup is whether cash on pick-up is offered: one store's order,
	// picked up at CashPoint.
	OnPickup  bool
	CashHours int
	PayMins   int
	// Online is whether the online wallet is offered (the sandbox wallet
	// is switched on only in development and tests).
	Online bool
	// ItemProblems is set when items of the cart cannot be bought as they
	// are: the buyer fixes them in the cart.
	ItemProblems bool
	// CouponProblem says why the coupon does not apply.
	CouponProblem string
	CouponSaving  money.Fen
	// Error is why placing the order was refused; ErrorField the field
	// concerned.
	Error      string
	ErrorField string
	Ready      bool
	// BuyNow is set when the checkout is of one line bought now:
	// ProductCode is its product's, Problem why it cannot be bought as it
	// is (sold out, over the flash sale's limit), in the page's language.
	BuyNow      bool
	ProductCode string
	Problem     string
}

// townChoice is a town with its villages, one group of the village
// select.
type townChoice struct {
	Town     region.Region
	Selected bool
	Villages []villageChoice
}

type villageChoice struct {
	region.Region
	Selected bool
}

// checkoutStore is one store's order in the checkout.
type checkoutStore struct {
	Org   org.Organization
	Order orders.Order
	// Photos are the lines' first photos, by variant id.
	Photos    map[int64]string
	Shippable bool
	HomeFee   money.Fen
	// Points are the pick-up points that serve the chosen village.
	Points []network.ServicePoint
	Choice string // "home" or the point's code
	Field  string
}

// defaultPayment is the method the checkout form starts with: the online
// wallet where it is offered, else cash at a station.
func (h *Handler) defaultPayment() string {
	if h.Orders.Offers(payments.Sandbox) {
		return string(payments.Sandbox)
	}
	return string(payments.StationCash)
}

// checkoutPage shows the checkout page, its address filled in from the
// buyer's last order. A guest is sent to sign in and come back.
func (h *Handler) checkoutPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	if err := a.Require(a.ID != 0, "act.check_out"); err != nil {
		return err
	}
	f := checkoutForm{Payment: h.defaultPayment(), Delivery: map[string]string{}, Buy: buyValues(r.URL.Query())}
	last, err := h.Orders.BuyerOrders(ctx, a, 1)
	if err != nil {
		return err
	}
	if len(last) > 0 {
		ad := last[0].Address
		f.Region, f.County, f.Detail, f.Name, f.Phone = ad.Region, ad.Region.County(), ad.Detail, ad.Name, ad.Phone
	} else {
		f.Name = a.Name
	}
	d, err := h.checkout(r, a, f)
	if err != nil {
		return err
	}
	return h.renderCheckout(w, r, http.StatusOK, d)
}

// checkoutSubmit answers the checkout form: "update" shows it again
// repriced for the choices made; "place" (the default) places the orders
// and sends the buyer to pay: to the wallet's pay page, or, for cash, to
// the page that says where and by when. A refusal shows the form again
// with the reason; a total that changed since the page was shown shows
// the new one for the buyer to confirm.
func (h *Handler) checkoutSubmit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	if err := a.Require(a.ID != 0, "act.check_out"); err != nil {
		return err
	}
	l := langFrom(r)
	f := readCheckoutForm(r)
	d, err := h.checkout(r, a, f)
	if err != nil {
		return err
	}
	if r.PostFormValue("op") == "update" {
		return h.renderCheckout(w, r, http.StatusOK, d)
	}
	method, err := payments.ParseMethod(f.Payment)
	if err != nil {
		d.Error, d.ErrorField = h.cat.T(l, "checkout.err.payment"), "payment"
		return h.renderCheckout(w, r, http.StatusUnprocessableEntity, d)
	}
	co := orders.Checkout{
		Address: orders.Address{Name: f.Name, Phone: f.Phone, Region: d.Form.Region, Detail: f.Detail},
		Choices: map[int64]orders.Choice{}, Coupon: f.Coupon, Method: method, Lang: l, ExpectTotal: f.Expect,
	}
	for _, s := range d.Stores {
		if s.Order.Delivery == orders.Pickup {
			co.Choices[s.Org.ID] = orders.Choice{Delivery: orders.Pickup, PointID: s.Order.PointID}
		}
	}
	var res orders.Result
	if d.BuyNow {
		_, it, ierr := h.formItem(r, f.Buy)
		if ierr != nil {
			return ierr
		}
		res, err = h.Orders.BuyNow(ctx, a, it, co)
	} else {
		res, err = h.Orders.Place(ctx, a, orders.CartOwner(a, ""), co)
	}
	var e *errs.Error
	if err != nil && errors.As(err, &e) && (e.Code == errs.Invalid || e.Code == errs.Conflict) {
		// Show the form again, repriced: the cart or the prices may have
		// changed meanwhile.
		if d, err = h.checkout(r, a, f); err != nil {
			return err
		}
		d.Error, d.ErrorField = h.placeError(l, e), e.Field
		status := http.StatusUnprocessableEntity
		if e.Code == errs.Conflict {
			status = http.StatusConflict
		}
		return h.renderCheckout(w, r, status, d)
	}
	if err != nil {
		return err
	}
	if res.Start.RedirectURL != "" {
		return redirect(w, r, res.Start.RedirectURL)
	}
	return redirect(w, r, "/checkout/paid/"+url.PathEscape(res.Payment.Ref))
}

// placeError says in language l why placing was refused.
func (h *Handler) placeError(l i18n.Lang, e *errs.Error) string {
	if e.Code == errs.Conflict {
		return h.cat.T(l, "checkout.err.conflict")
	}
	switch e.Field {
	case "name", "phone", "region", "detail", "pickup", "payment", "cart", "coupon":
		return h.cat.T(l, "checkout.err."+e.Field)
	case "qty", "booking_date":
		return h.cat.T(l, "checkout.err.items")
	}
	return errs.MessageIn(e, h.cat, l)
}

func (h *Handler) renderCheckout(w http.ResponseWriter, r *http.Request, status int, d checkoutData) error {
	w.Header().Set("Cache-Control", "no-store")
	return h.render(w, r, status, "checkout", page{Title: h.cat.T(langFrom(r), "checkout.title"), NavArea: "cart", Data: d})
}

// checkout prepares the page for the form's choices: the region picker
// for the chosen county, and the order service's checkout options (each
// store's delivery, pick-up only at points that serve the chosen village
// or town, the coupon, where cash would be paid) with the cart, or the
// line bought now, priced for them.
func (h *Handler) checkout(r *http.Request, a accounts.Actor, f checkoutForm) (checkoutData, error) {
	ctx, l := r.Context(), langFrom(r)
	d := checkoutData{Form: f}
	var err error
	var items []orders.CartItem
	if len(f.Buy) > 0 {
		p, it, err := h.formItem(r, f.Buy)
		if err != nil {
			return d, err
		}
		d.BuyNow, d.ProductCode, items = true, p.Code, []orders.CartItem{it}
	}
	if d.Counties, err = h.Regions.Children(ctx, h.Home); err != nil {
		return d, err
	}
	// The county must be one of the prefecture's; the village or town one
	// of the county's.
	if f.County == "" && f.Region != "" {
		f.County = f.Region.County()
	}
	known := false
	for _, c := range d.Counties {
		known = known || c.Code == f.County
	}
	if !known {
		f.County = ""
	}
	if f.County == "" || !f.Region.Within(f.County) || f.Region == f.County {
		f.Region = ""
	}
	if f.County != "" {
		within, err := h.Regions.RegionsWithin(ctx, f.County)
		if err != nil {
			return d, err
		}
		found := false
		for _, rg := range within {
			switch rg.Level {
			case region.Town:
				d.Towns = append(d.Towns, townChoice{Town: rg, Selected: rg.Code == f.Region})
			case region.Village:
				if n := len(d.Towns); n > 0 && rg.Code.Within(d.Towns[n-1].Town.Code) {
					d.Towns[n-1].Villages = append(d.Towns[n-1].Villages, villageChoice{Region: rg, Selected: rg.Code == f.Region})
				}
			}
			found = found || rg.Code == f.Region
		}
		if !found {
			f.Region = ""
		}
		if f.Region != "" {
			if d.Place, err = h.Regions.RegionsByCode(ctx, ancestors(f.Region)); err != nil {
				return d, err
			}
		}
	}
	opts, err := h.Orders.CheckoutOptions(ctx, a, orders.CartOwner(a, ""), orders.CheckoutChoices{Region: f.Region, Pickup: f.Delivery, Coupon: f.Coupon, Items: items})
	if err != nil {
		return d, err
	}
	d.PayMins, d.CashHours = int(opts.PayWindow.Minutes()), int(opts.CashWindow.Hours())
	d.CashPoint = opts.CashPoint
	q := opts.Quote
	for _, so := range opts.Stores {
		o := so.Order
		s := checkoutStore{Org: so.Org, Order: o, Photos: opts.Photos, Shippable: o.Shippable(), HomeFee: so.HomeFee, Field: deliveryField(so.Org.Code), Choice: "home"}
		if so.Pickup != nil {
			s.Choice = so.Pickup.Code
		}
		f.Delivery[so.Org.Code] = s.Choice
		if s.Shippable {
			s.Points = opts.Points
		}
		for _, ln := range o.Lines {
			d.Units += ln.Qty
		}
		d.Subtotal += o.Subtotal
		d.Discount += o.Discount
		d.Shipping += o.Shipping
		d.Stores = append(d.Stores, s)
	}
	d.Total = q.Total
	for _, p := range q.Problems {
		if p.VariantID != 0 {
			d.ItemProblems = true
			if d.BuyNow {
				d.Problem = errs.MessageIn(p.Err, h.cat, l)
			}
		} else if p.Field() == "coupon" {
			d.CouponProblem = errs.MessageIn(p.Err, h.cat, l)
		}
	}
	if f.Coupon != "" && d.CouponProblem == "" {
		d.CouponSaving = d.Discount
	}
	d.Online = h.Orders.Offers(payments.Sandbox)
	d.OnPickup = d.CashPoint != nil && len(d.Stores) == 1 && h.Orders.Offers(payments.PickupCash)
	if f.Payment == "" || d.CashPoint == nil && f.Payment == string(payments.StationCash) || !d.Online && f.Payment == string(payments.Sandbox) ||
		!d.OnPickup && f.Payment == string(payments.PickupCash) {
		f.Payment = h.defaultPayment()
	}
	f.Expect = q.Total
	d.Form = f
	d.Ready = q.OK()
	return d, nil
}

// buyValues picks the product form's line out of vals (product, sku, qty,
// date): none without a product.
func buyValues(vals url.Values) url.Values {
	if strings.TrimSpace(vals.Get("product")) == "" {
		return nil
	}
	out := url.Values{}
	for _, k := range []string{"product", "sku", "qty", "date"} {
		if v := vals.Get(k); v != "" {
			out.Set(k, v)
		}
	}
	return out
}
