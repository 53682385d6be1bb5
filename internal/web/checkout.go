package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

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
	CashHours int
	PayMins   int
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

// checkoutPage shows the checkout page, its address filled in from the
// buyer's last order. A guest is sent to sign in and come back.
func (h *Handler) checkoutPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	if err := a.Require(a.ID != 0, "act.check_out"); err != nil {
		return err
	}
	f := checkoutForm{Payment: string(payments.Sandbox), Delivery: map[string]string{}}
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
	d, err := h.checkout(ctx, langFrom(r), a, f)
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
	d, err := h.checkout(ctx, l, a, f)
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
	res, err := h.Orders.Place(ctx, a, orders.CartOwner(a, ""), co)
	var e *errs.Error
	if err != nil && errors.As(err, &e) && (e.Code == errs.Invalid || e.Code == errs.Conflict) {
		// Show the form again, repriced: the cart or the prices may have
		// changed meanwhile.
		if d, err = h.checkout(ctx, l, a, f); err != nil {
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

// checkout prices the buyer's cart for the form's choices and prepares
// the page: the region picker for the chosen county, each store's
// delivery options (pick-up only at points of the county that serve the
// chosen village or town; a choice that no longer fits falls back to home
// delivery), the coupon and the payment methods the choices allow.
func (h *Handler) checkout(ctx context.Context, l i18n.Lang, a accounts.Actor, f checkoutForm) (checkoutData, error) {
	d := checkoutData{Form: f, PayMins: int(h.payWindow(payments.Sandbox).Minutes()), CashHours: int(h.payWindow(payments.StationCash).Hours())}
	var err error
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
	var points []network.ServicePoint
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
			all, err := h.Points.ServicePoints(ctx, network.Filter{Within: f.County})
			if err != nil {
				return d, err
			}
			for _, pt := range all {
				if (pt.Kind.IsStation() || pt.Kind == network.ExpressPoint) && pt.ServesRegion(f.Region) {
					points = append(points, pt)
				}
			}
			// The nearest first: the village's station, the town's, then
			// the express point.
			near := map[network.Kind]int{network.VillageStation: 0, network.TownStation: 1, network.ExpressPoint: 2}
			sort.SliceStable(points, func(i, j int) bool { return near[points[i].Kind] < near[points[j].Kind] })
		}
	}
	// A first quote tells the stores; the choices, by store code, become
	// the order service's, by store id.
	owner := orders.CartOwner(a, "")
	q, err := h.Orders.Quote(ctx, a, owner, orders.Checkout{})
	if err != nil {
		return d, err
	}
	orgs := map[int64]org.Organization{}
	choices := map[int64]orders.Choice{}
	for _, o := range q.Orders {
		og, err := h.OrgStore.OrganizationByID(ctx, o.OrgID)
		if err != nil {
			return d, fmt.Errorf("web.checkout: %w", err)
		}
		orgs[o.OrgID] = og
		want := f.Delivery[og.Code]
		for _, pt := range points {
			if pt.Code == want && o.Shippable() {
				choices[o.OrgID] = orders.Choice{Delivery: orders.Pickup, PointID: pt.ID}
			}
		}
		if _, ok := choices[o.OrgID]; !ok {
			f.Delivery[og.Code] = "home"
		}
	}
	q, err = h.Orders.Quote(ctx, a, owner, orders.Checkout{Choices: choices, Coupon: f.Coupon})
	if err != nil {
		return d, err
	}
	var items []orders.CartItem
	for _, o := range q.Orders {
		for _, ln := range o.Lines {
			items = append(items, orders.CartItem{VariantID: ln.VariantID, Qty: ln.Qty})
		}
	}
	info, err := h.Orders.Store.Offerables(ctx, a.ID, items, h.Now())
	if err != nil {
		return d, err
	}
	orgIDs := make([]int64, 0, len(q.Orders))
	for _, o := range q.Orders {
		orgIDs = append(orgIDs, o.OrgID)
	}
	terms, err := h.Orders.Store.StoreTerms(ctx, orgIDs)
	if err != nil {
		return d, err
	}
	for _, o := range q.Orders {
		og, ok := orgs[o.OrgID]
		if !ok { // the cart changed between the quotes
			if og, err = h.OrgStore.OrganizationByID(ctx, o.OrgID); err != nil {
				return d, fmt.Errorf("web.checkout: %w", err)
			}
		}
		s := checkoutStore{Org: og, Order: o, Photos: map[int64]string{}, Shippable: o.Shippable(), Field: deliveryField(og.Code)}
		s.Choice = f.Delivery[og.Code]
		if s.Choice == "" {
			s.Choice = "home"
		}
		if s.Shippable {
			s.Points = points
			s.HomeFee = terms[o.OrgID].Shipping(o.Subtotal, orders.HomeDelivery, true)
		}
		for _, ln := range o.Lines {
			if off, ok := info[ln.VariantID]; ok && len(off.Product.Photos) > 0 {
				s.Photos[ln.VariantID] = off.Product.Photos[0].Key
			}
			d.Units += ln.Qty
		}
		if o.Delivery == orders.Pickup {
			for i := range points {
				if points[i].ID == o.PointID {
					d.CashPoint = &points[i]
				}
			}
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
		} else if p.Field() == "coupon" {
			d.CouponProblem = h.couponProblem(ctx, l, a, f.Coupon, q, errs.MessageIn(p.Err, h.cat, l))
		}
	}
	if f.Coupon != "" && d.CouponProblem == "" {
		d.CouponSaving = d.Discount
	}
	if d.CashPoint == nil && f.Payment == string(payments.StationCash) {
		f.Payment = string(payments.Sandbox)
	}
	if f.Payment == "" {
		f.Payment = string(payments.Sandbox)
	}
	f.Expect = q.Total
	d.Form = f
	d.Ready = q.OK()
	return d, nil
}

// payWindow is how long a payment by method may take before its orders
// are cancelled, as the order service applies it.
func (h *Handler) payWindow(m payments.Method) time.Duration {
	if m == payments.StationCash {
		if h.Orders.CashWindow > 0 {
			return h.Orders.CashWindow
		}
		return 48 * time.Hour
	}
	if h.Orders.PayWindow > 0 {
		return h.Orders.PayWindow
	}
	return 15 * time.Minute
}

// couponProblem says in language l why the coupon code does not apply to
// the quote, following promo.Coupon.Check; the order service's words
// (fallback) when it cannot tell.
func (h *Handler) couponProblem(ctx context.Context, l i18n.Lang, a accounts.Actor, code string, q orders.Quote, fallback string) string {
	c, uses, err := h.Orders.Store.Coupon(ctx, code, a.ID)
	if err != nil {
		if errs.Is(err, errs.NotFound) {
			return h.cat.T(l, "checkout.coupon.unknown", code)
		}
		return fallback
	}
	var eligible money.Fen
	for _, o := range q.Orders {
		if c.OrgID != 0 && o.OrgID != c.OrgID {
			continue
		}
		for _, ln := range o.Lines {
			if ln.Source != promo.Flash {
				eligible += ln.Total()
			}
		}
	}
	now := h.Now()
	switch {
	case now.Before(c.Starts):
		return h.cat.T(l, "checkout.coupon.not_yet", code)
	case !now.Before(c.Ends):
		return h.cat.T(l, "checkout.coupon.expired", code)
	case c.TotalLimit > 0 && c.Used >= c.TotalLimit:
		return h.cat.T(l, "checkout.coupon.used_up", code)
	case c.PerBuyer > 0 && uses >= c.PerBuyer:
		return h.cat.T(l, "checkout.coupon.used", code)
	case eligible <= 0:
		return h.cat.T(l, "checkout.coupon.not_these", code)
	case eligible < c.MinSpend:
		return h.cat.T(l, "checkout.coupon.min_spend", code, c.MinSpend.String(), eligible.String())
	}
	return fallback
}
