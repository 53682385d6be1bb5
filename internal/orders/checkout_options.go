package orders

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/money"
	"maeul/internal/network"
	"maeul/internal/org"
	"maeul/internal/payments"
	"maeul/internal/region"
)

// CheckoutChoices is what a buyer has chosen so far on the checkout form.
type CheckoutChoices struct {
	// Region is the village or town of the delivery address; "" while
	// none is chosen, when no pick-up point is offered.
	Region region.Code
	// Pickup is, by store code, the code of the pick-up point the buyer
	// wants for the store's order; a store left out, or a point that
	// cannot take the order, means home delivery.
	Pickup map[string]string
	// Coupon is the coupon code typed, "" for none.
	Coupon string
	// Items, when not nil, are what is bought instead of the cart: the
	// one line of a "buy now" (see Service.BuyNow).
	Items []CartItem
}

// CheckoutOptions is what a buyer may choose at checkout, and the cart
// priced for the choices that fit.
type CheckoutOptions struct {
	// Quote is the cart priced for the pick-ups that fit and the coupon;
	// its problems say what stops placing it.
	Quote Quote
	// Stores are the stores of the quote's orders, in its order.
	Stores []StoreOptions
	// Points are the pick-up points that serve the region, the nearest
	// first: the village's station, the town's, then express points. A
	// store's order may be picked up at any of them when it is shippable.
	Points []network.ServicePoint
	// CashPoint is where cash would be paid: the last pick-up point
	// chosen. Cash at a station is offered only with a pick-up, so nil
	// means it is not.
	CashPoint *network.ServicePoint
	// PayWindow is how long an online payment may take before the orders
	// are cancelled; CashWindow the same for cash paid at the point.
	PayWindow, CashWindow time.Duration
	// Photos are the first photos of the quote's variants, by variant id.
	Photos map[int64]string
}

// StoreOptions is one store's part of the checkout.
type StoreOptions struct {
	Org org.Organization
	// Order is the store's order as quoted (Quote.Orders holds the same).
	Order Order
	// HomeFee is what home delivery of the order costs; 0 when it is free
	// or the order has nothing to ship.
	HomeFee money.Fen
	// Pickup is the point chosen for the order; nil for home delivery.
	Pickup *network.ServicePoint
}

// TakesPickup reports whether a point can hand over orders delivered to
// an address in region: an open town or village station, or express
// point, that serves the region (a candidate site serves nobody).
func TakesPickup(pt network.ServicePoint, r region.Code) bool {
	return (pt.Kind.IsStation() || pt.Kind == network.ExpressPoint) && pt.IsOpen() && pt.ServesRegion(r)
}

// pickupNearness orders pick-up points, the nearest to a village first.
var pickupNearness = map[network.Kind]int{network.VillageStation: 0, network.TownStation: 1, network.ExpressPoint: 2}

// CheckoutOptions works out the checkout of owner's cart for buyer a:
// the pick-up points that serve the chosen region, which stores' orders
// may be picked up there (those with something to ship: a chosen point
// that cannot take an order falls back to home delivery), what home
// delivery would cost each, where cash would be paid, the pay windows,
// and the cart (or c.Items, bought now) priced for those choices and the
// coupon. It reads the cart, its offers, the stores' terms and the coupon
// once.
func (s *Service) CheckoutOptions(ctx context.Context, a accounts.Actor, owner string, c CheckoutChoices) (CheckoutOptions, error) {
	opts := CheckoutOptions{PayWindow: s.PayWindowOf(payments.Sandbox), CashWindow: s.PayWindowOf(payments.StationCash)}
	if c.Region != "" {
		all, err := s.Points.ServicePoints(ctx, network.Filter{Within: c.Region.County()})
		if err != nil {
			return CheckoutOptions{}, fmt.Errorf("orders.CheckoutOptions: %w", err)
		}
		for _, pt := range all {
			if TakesPickup(pt, c.Region) {
				opts.Points = append(opts.Points, pt)
			}
		}
		slices.SortStableFunc(opts.Points, func(x, y network.ServicePoint) int {
			return cmp.Compare(pickupNearness[x.Kind], pickupNearness[y.Kind])
		})
	}
	items := c.Items
	if items == nil {
		var err error
		if items, err = s.Store.CartItems(ctx, owner); err != nil {
			return CheckoutOptions{}, err
		}
	}
	in, unknownCoupon, err := s.quoteInput(ctx, a, items, c.Coupon)
	if err != nil {
		return CheckoutOptions{}, err
	}
	// The cart as it stands tells the stores and which orders have
	// something to ship; the choices that fit are priced with the coupon.
	bare := in
	bare.Coupon = nil
	orgs := map[int64]org.Organization{}
	choices := map[int64]Choice{}
	for _, o := range MakeQuote(bare).Orders {
		og, err := s.Orgs.OrganizationByID(ctx, o.OrgID)
		if err != nil {
			return CheckoutOptions{}, fmt.Errorf("orders.CheckoutOptions: %w", err)
		}
		orgs[o.OrgID] = og
		want, ok := c.Pickup[og.Code]
		if !ok || !o.Shippable() {
			continue
		}
		for _, pt := range opts.Points {
			if pt.Code == want {
				choices[o.OrgID] = Choice{Delivery: Pickup, PointID: pt.ID}
			}
		}
	}
	in.Choices = choices
	opts.Quote = in.quote(unknownCoupon)
	opts.Photos = map[int64]string{}
	for _, o := range opts.Quote.Orders {
		st := StoreOptions{Org: orgs[o.OrgID], Order: o, HomeFee: in.Terms[o.OrgID].Shipping(o.Subtotal, HomeDelivery, o.Shippable())}
		if o.Delivery == Pickup {
			for i := range opts.Points {
				if opts.Points[i].ID == o.PointID {
					st.Pickup = &opts.Points[i]
					opts.CashPoint = st.Pickup
				}
			}
		}
		for _, ln := range o.Lines {
			if off, ok := in.Info[ln.VariantID]; ok && len(off.Product.Photos) > 0 {
				opts.Photos[ln.VariantID] = off.Product.Photos[0].Key
			}
		}
		opts.Stores = append(opts.Stores, st)
	}
	return opts, nil
}
