package orders

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/money"
	"maeul/internal/network"
	"maeul/internal/org"
	"maeul/internal/parcels"
	"maeul/internal/payments"
	"maeul/internal/promo"
)

// Store is what the order rules need from storage. Its methods fail with
// a NotFound error for what does not exist; reservations, moves and
// payments that lose a race to a concurrent change are Conflicts that
// change nothing.
type Store interface {
	// CartItems returns the items in a cart, oldest first.
	CartItems(ctx context.Context, owner string) ([]CartItem, error)
	// SetCartItem sets the quantity of a cart line; zero removes it.
	SetCartItem(ctx context.Context, owner string, it CartItem) error
	// MergeCart moves a guest's cart into a signed-in buyer's, adding the
	// quantities of lines both have (up to MaxQty), and empties it.
	MergeCart(ctx context.Context, from, into string) error
	// Offerables returns what pricing needs for the variants of items, by
	// variant id, for a buyer (0 for a guest) at now: the product and
	// variant, the live flash sale and the buyer's purchases in it, live
	// special prices and, for tourism items, the bookings on their dates.
	// Archived and unknown variants are left out.
	Offerables(ctx context.Context, buyerID int64, items []CartItem, now time.Time) (map[int64]Offerable, error)
	// StoreTerms returns the shipping rules of the organizations, by id.
	StoreTerms(ctx context.Context, orgIDs []int64) (map[int64]StoreTerms, error)
	// Coupon returns a coupon by code and how many times the buyer has
	// used it.
	Coupon(ctx context.Context, code string, buyerID int64) (promo.Coupon, int, error)
	// PlaceOrders stores a placement in one transaction: it reserves every
	// line's stock (or the day's capacity) and flash-sale units, counts
	// the buyer's flash-sale units and coupon use against their limits,
	// writes the group, its orders and the pending payment, and removes
	// the placed lines from the cart. A reservation that fails is a
	// Conflict saying which, and nothing is written.
	PlaceOrders(ctx context.Context, p Placement) (Placed, error)
	// Order returns an order with its lines and events.
	Order(ctx context.Context, id int64) (Order, error)
	// GroupOrders returns the orders of a checkout group.
	GroupOrders(ctx context.Context, groupID int64) ([]Order, error)
	// Orders lists the orders f selects, newest first, with their lines
	// and events.
	Orders(ctx context.Context, f Filter) ([]Order, error)
	// MoveOrder changes an order's status as ch says, provided it is
	// still ch.From (a Conflict otherwise), and records the event.
	MoveOrder(ctx context.Context, id int64, ch StatusChange) error
	// GroupPayment returns the payment of a checkout group.
	GroupPayment(ctx context.Context, groupID int64) (payments.Record, error)
	// Payment returns a payment by its reference.
	Payment(ctx context.Context, ref string) (payments.Record, error)
	// ConfirmPayment marks a payment and its group's pending orders paid
	// in one transaction, reporting what it did (a paid payment stays as
	// it is). A provider's nonce seen before is a Conflict (a replay); an
	// amount that differs is Invalid. A provider's notice for a payment
	// that expired or was cancelled meanwhile is recorded as paid late and
	// each order refunded (Confirmed.Refunds, for the caller to pay); an
	// operator's confirmation of one is a Conflict.
	ConfirmPayment(ctx context.Context, c payments.Confirmation) (Confirmed, error)
	// GroupByRequestKey returns the checkout group a buyer placed under an
	// API request key, or NotFound.
	GroupByRequestKey(ctx context.Context, buyerID int64, key string) (int64, error)
	// CancelPending cancels a checkout group's unpaid orders, releasing
	// what they reserved, and closes its payment as c says. It is a
	// Conflict when the group has been paid meanwhile.
	CancelPending(ctx context.Context, groupID int64, c Cancellation) error
	// Refund records a refund of an order in one transaction (see
	// RefundEntry) and returns its id, which the payment provider uses as
	// the refund's idempotency key. The plan is checked again against the
	// stored lines, so concurrent refunds cannot return more than was paid
	// (a Conflict).
	Refund(ctx context.Context, orderID int64, r RefundEntry) (int64, error)
	// RefundPaid records the provider's reference for a refund it has
	// paid; recording it again changes nothing.
	RefundPaid(ctx context.Context, id int64, providerRef string) error
	// PendingRefunds returns up to limit refunds the provider has not
	// confirmed, oldest first, for retrying.
	PendingRefunds(ctx context.Context, limit int) ([]PendingRefund, error)
	// DueGroups returns up to limit checkout groups with unpaid orders
	// whose payment window closed before now.
	DueGroups(ctx context.Context, now time.Time, limit int) ([]int64, error)
	// PendingPayments lists the pending payments of a method at a service
	// point (station cash), oldest first.
	PendingPayments(ctx context.Context, method payments.Method, pointID int64) ([]payments.Record, error)
}

// StatusChange is a move of an order from one status to another, as
// Store.MoveOrder records it.
type StatusChange struct {
	From, To Status
	// ActorID is who moves the order; 0 for the system.
	ActorID int64
	Note    string
	// Carrier and Tracking are the parcel's when the order is shipped;
	// "" keeps what is stored.
	Carrier, Tracking string
	// Parcel, when shipping, is the planned parcel stored with the move,
	// in the same transaction.
	Parcel *parcels.Parcel
}

// Cancellation closes an unpaid checkout (Store.CancelPending).
type Cancellation struct {
	// Status is the payment's new status: payments.Expired when its
	// window closed, payments.Cancelled when the buyer cancelled.
	Status payments.Status
	// ActorID is who cancelled; 0 for the system.
	ActorID int64
	Note    string
	At      time.Time
}

// RefundEntry is a refund of an order as Store.Refund records it: the
// lines' refunded quantities, the order's refunded total and refund state,
// and for a full refund the order's move to refunded (or cancelled).
type RefundEntry struct {
	Plan RefundPlan
	// Restock returns the refunded units to stock.
	Restock bool
	// Cancel moves a fully refunded order to cancelled rather than
	// refunded: a buyer cancelling a paid order before it is packed.
	Cancel  bool
	ActorID int64
	Reason  string
	At      time.Time
}

// Service carries out the order rules.
type Service struct {
	Store  Store
	Orgs   org.Store
	Points network.Store
	// Parcels plans the parcel of each order shipped by a seller inside
	// its prefecture; nil ships without parcels.
	Parcels   *parcels.Planner
	Providers map[payments.Method]payments.Provider
	Logger    *slog.Logger
	Now       func() time.Time
	// PayWindow is how long an online payment may take before the orders
	// are cancelled (DefaultPayWindow when zero); CashWindow the same for
	// cash paid at a station (DefaultCashWindow when zero).
	PayWindow  time.Duration
	CashWindow time.Duration
	// PickupPage is how many orders a page of a point's pick-ups holds
	// (DefaultPickupPage when zero; at most 199).
	PickupPage int

	// signal wakes the requests waiting for payments (wait.go).
	signal paidSignal
}

// The default pay windows: how long a payment may take before its orders
// are cancelled.
const (
	DefaultPayWindow  = 15 * time.Minute
	DefaultCashWindow = 48 * time.Hour
)

// Offers reports whether buyers may pay by method: whether the service
// has its provider (the sandbox wallet only where it is switched on).
func (s *Service) Offers(m payments.Method) bool {
	_, ok := s.Providers[m]
	return ok
}

// PayWindowOf returns how long a payment by method may take before its
// orders are cancelled: CashWindow for cash paid at a station, PayWindow
// for the rest. For cash paid on pick-up it is the time the seller has to
// ship the order: a shipped order waits for its buyer and never expires.
func (s *Service) PayWindowOf(m payments.Method) time.Duration {
	if m.Cash() {
		return cmp.Or(s.CashWindow, DefaultCashWindow)
	}
	return cmp.Or(s.PayWindow, DefaultPayWindow)
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// CartOwner names a cart: a signed-in buyer's, or a guest's by the id in
// its cookie.
func CartOwner(a accounts.Actor, guestID string) string {
	if a.ID != 0 {
		return fmt.Sprintf("u:%d", a.ID)
	}
	return "g:" + guestID
}

// Cart returns the cart of owner priced for buyer a (delivery, coupon and
// problems included), as the cart page shows it.
func (s *Service) Cart(ctx context.Context, a accounts.Actor, owner string) (Quote, []CartItem, error) {
	items, err := s.Store.CartItems(ctx, owner)
	if err != nil {
		return Quote{}, nil, err
	}
	q, err := s.quote(ctx, a, items, Checkout{})
	return q, items, err
}

// Add puts qty more units of a variant in the cart, checking the result
// against stock (or the day's capacity) and the flash-sale limit so that
// the buyer learns at once, not at checkout. A tourism item needs a date.
// It returns the cart as it stands after the change, priced as Cart
// prices it, and its items in cart order: the check and the cart shown
// are one quote. Problems of the cart's other items do not stop the
// addition (they show in the quote).
func (s *Service) Add(ctx context.Context, a accounts.Actor, owner string, it CartItem) (Quote, []CartItem, error) {
	items, err := s.Store.CartItems(ctx, owner)
	if err != nil {
		return Quote{}, nil, err
	}
	after := make([]CartItem, 0, len(items)+1)
	at := -1 // where the added line stands in the cart
	for _, x := range items {
		if x.VariantID == it.VariantID && DayKey(x.BookingDate) == DayKey(it.BookingDate) {
			it.Qty += x.Qty
			at = len(after)
		}
		after = append(after, x)
	}
	if at < 0 {
		at = len(after)
		after = append(after, it)
	}
	after[at] = it
	q, err := s.quote(ctx, a, after, Checkout{})
	if err != nil {
		return Quote{}, nil, err
	}
	for _, p := range q.Problems {
		if p.VariantID == it.VariantID && p.Day == DayKey(it.BookingDate) {
			return Quote{}, nil, p.Err
		}
	}
	if err := s.Store.SetCartItem(ctx, owner, it); err != nil {
		return Quote{}, nil, err
	}
	return q, after, nil
}

// Set sets a cart line's quantity (0 removes it), refusing quantities the
// stock, capacity or flash-sale limit cannot meet with an Invalid error
// whose message says what is left.
func (s *Service) Set(ctx context.Context, a accounts.Actor, owner string, it CartItem) error {
	if it.Qty > 0 {
		q, err := s.quote(ctx, a, []CartItem{it}, Checkout{})
		if err != nil {
			return err
		}
		for _, p := range q.Problems {
			return p.Err
		}
	}
	return s.Store.SetCartItem(ctx, owner, it)
}

// MergeGuestCart moves a guest's cart into the buyer's when the guest
// signs in.
func (s *Service) MergeGuestCart(ctx context.Context, a accounts.Actor, guestID string) error {
	if a.ID == 0 || guestID == "" {
		return nil
	}
	return s.Store.MergeCart(ctx, "g:"+guestID, CartOwner(a, ""))
}

// Checkout is what the buyer chooses at checkout.
type Checkout struct {
	Address Address
	Choices map[int64]Choice // by org id
	Coupon  string
	Method  payments.Method
	Lang    i18n.Lang
	// ExpectTotal is the total the buyer was shown; placing fails with a
	// Conflict when the prices changed meanwhile. 0 skips the check.
	ExpectTotal money.Fen
	// RequestKey is the API idempotency key of the request ("" for
	// none): a checkout placed under it before is returned, not placed
	// again, so a retry whose first answer was lost finds what it
	// committed.
	RequestKey string
}

// Quote prices the buyer's cart for a checkout choice.
func (s *Service) Quote(ctx context.Context, a accounts.Actor, owner string, c Checkout) (Quote, error) {
	items, err := s.Store.CartItems(ctx, owner)
	if err != nil {
		return Quote{}, err
	}
	return s.quote(ctx, a, items, c)
}

func (s *Service) quote(ctx context.Context, a accounts.Actor, items []CartItem, c Checkout) (Quote, error) {
	in, unknown, err := s.quoteInput(ctx, a, items, c.Coupon)
	if err != nil {
		return Quote{}, err
	}
	in.Choices = c.Choices
	return in.quote(unknown), nil
}

// quoteInput reads what pricing items for buyer a takes: the variants'
// offers, the stores' terms and the coupon with code, if any. A coupon
// that does not exist is left out of the input and returned as the
// problem to add to the quote (see QuoteInput.quote).
func (s *Service) quoteInput(ctx context.Context, a accounts.Actor, items []CartItem, coupon string) (QuoteInput, *Problem, error) {
	now := s.now()
	info, err := s.Store.Offerables(ctx, a.ID, items, now)
	if err != nil {
		return QuoteInput{}, nil, err
	}
	var orgs []int64
	seen := map[int64]bool{}
	for _, o := range info {
		if !seen[o.Product.OrgID] {
			seen[o.Product.OrgID] = true
			orgs = append(orgs, o.Product.OrgID)
		}
	}
	terms, err := s.Store.StoreTerms(ctx, orgs)
	if err != nil {
		return QuoteInput{}, nil, err
	}
	in := QuoteInput{Items: items, Info: info, Terms: terms, Now: now}
	if code := promo.NormalizeCode(coupon); code != "" {
		cp, uses, err := s.Store.Coupon(ctx, code, a.ID)
		if errs.Is(err, errs.NotFound) {
			p := couponProblem(errs.Field("coupon", "err.promo.coupon_unknown", code))
			return in, &p, nil
		}
		if err != nil {
			return QuoteInput{}, nil, err
		}
		in.Coupon, in.CouponUses = &cp, uses
	}
	return in, nil, nil
}

// quote makes the quote of in, with the problem of an unknown coupon, if
// any, last.
func (in QuoteInput) quote(unknownCoupon *Problem) Quote {
	q := MakeQuote(in)
	if unknownCoupon != nil {
		q.Problems = append(q.Problems, *unknownCoupon)
	}
	return q
}

// Result is a placed checkout: its group, its orders and where the buyer
// goes to pay.
type Result struct {
	Placed
	Payment payments.Record
	Start   payments.Start
}

// Place checks out the buyer's cart: one order per store, one payment for
// the group. The buyer must be signed in; the address must be complete;
// every pick-up point must serve the address's village or town; the cart
// must have no problems; and the total must still be the one shown. Stock,
// capacity, flash-sale units and coupon uses are reserved in the same
// transaction that stores the orders, so concurrent buyers never oversell.
func (s *Service) Place(ctx context.Context, a accounts.Actor, owner string, c Checkout) (Result, error) {
	return s.place(ctx, a, owner, nil, c)
}

// BuyNow places one line, it, as a checkout with its payment, without the
// cart: the "buy now" of a flash-sale page, which quotes, reserves and
// places in one request. The rules are Place's (the line must have no
// problem: within stock and the flash sale's per-buyer limit); the
// buyer's cart is neither read nor changed.
func (s *Service) BuyNow(ctx context.Context, a accounts.Actor, it CartItem, c Checkout) (Result, error) {
	return s.place(ctx, a, "", []CartItem{it}, c)
}

// place places items for buyer a, or, when items is nil, the cart of
// owner, whose placed lines it then removes.
func (s *Service) place(ctx context.Context, a accounts.Actor, owner string, items []CartItem, c Checkout) (Result, error) {
	if err := a.Require(a.ID != 0, "act.check_out"); err != nil {
		return Result{}, err
	}
	if c.RequestKey != "" {
		if r, err := s.placedBefore(ctx, a, c.RequestKey); !errs.Is(err, errs.NotFound) {
			return r, err
		}
	}
	if err := c.Address.Validate(); err != nil {
		return Result{}, err
	}
	provider, ok := s.Providers[c.Method]
	if !ok {
		return Result{}, errs.Field("payment", "err.payments.unknown_method", c.Method)
	}
	if items == nil {
		var err error
		if items, err = s.Store.CartItems(ctx, owner); err != nil {
			return Result{}, err
		}
	}
	q, err := s.quote(ctx, a, items, c)
	if err != nil {
		return Result{}, err
	}
	// An item's problem first: a cart whose only items are sold out is not
	// empty.
	for _, p := range q.Problems {
		if p.VariantID != 0 {
			return Result{}, p.Err
		}
	}
	if len(q.Orders) == 0 {
		return Result{}, errs.Field("cart", "err.orders.cart_empty")
	}
	for _, p := range q.Problems {
		return Result{}, p.Err
	}
	if c.ExpectTotal != 0 && c.ExpectTotal != q.Total {
		return Result{}, errs.E(errs.Conflict, "err.orders.total_changed", q.Total, c.ExpectTotal)
	}
	var cashPoint int64
	for _, o := range q.Orders {
		if o.Delivery != Pickup {
			continue
		}
		pt, err := s.Points.ServicePointByID(ctx, o.PointID)
		if err != nil {
			return Result{}, errs.Field("pickup", "err.orders.pickup_choose")
		}
		if !TakesPickup(pt, c.Address.Region) {
			return Result{}, errs.Field("pickup", "err.orders.pickup_not_serving", pt.Code, c.Address.Region)
		}
		cashPoint = pt.ID
	}
	if c.Method.Cash() && cashPoint == 0 {
		return Result{}, errs.Field("payment", "err.orders.cash_needs_pickup")
	}
	if c.Method == payments.PickupCash && (len(q.Orders) != 1 || q.Orders[0].Delivery != Pickup) {
		// The cash is taken as the parcel is handed over: one order, one
		// parcel, one payment.
		return Result{}, errs.Field("payment", "err.orders.pickup_cash_one_store")
	}
	window := s.PayWindowOf(c.Method)
	var coupon *promo.Coupon
	if code := promo.NormalizeCode(c.Coupon); code != "" {
		cp, _, err := s.Store.Coupon(ctx, code, a.ID)
		if err != nil {
			return Result{}, err
		}
		coupon = &cp
	}
	now := s.now()
	lang := c.Lang
	if lang == "" {
		lang = a.Lang
	}
	pl := Placement{
		BuyerID: a.ID, CartOwner: owner, Address: c.Address, Orders: q.Orders, Total: q.Total, Coupon: coupon,
		Lang: lang, Payment: PaymentStart{Method: string(c.Method), Ref: payments.NewRef(), PointID: cashPoint},
		ExpiresAt: now.Add(window), Now: now, RequestKey: c.RequestKey,
	}
	placed, err := s.Store.PlaceOrders(ctx, pl)
	if errs.HasReason(err, "err.orders.request_placed") {
		// Another run of the same request placed it meanwhile.
		return s.placedBefore(ctx, a, c.RequestKey)
	}
	if err != nil {
		return Result{}, err
	}
	rec, err := s.Store.GroupPayment(ctx, placed.GroupID)
	if err != nil {
		return Result{}, err
	}
	start, err := provider.Begin(ctx, rec.Payment())
	if err != nil {
		return Result{}, fmt.Errorf("orders.Place: begin payment: %w", err)
	}
	return Result{Placed: placed, Payment: rec, Start: start}, nil
}

// placedBefore returns the checkout the buyer placed under the request
// key, as it stands now, or NotFound.
func (s *Service) placedBefore(ctx context.Context, a accounts.Actor, key string) (Result, error) {
	id, err := s.Store.GroupByRequestKey(ctx, a.ID, key)
	if err != nil {
		return Result{}, err
	}
	os, err := s.Store.GroupOrders(ctx, id)
	if err != nil {
		return Result{}, err
	}
	rec, err := s.Store.GroupPayment(ctx, id)
	if err != nil {
		return Result{}, err
	}
	r := Result{Placed: Placed{GroupID: id}, Payment: rec}
	for _, o := range os {
		r.OrderIDs = append(r.OrderIDs, o.ID)
	}
	r.Start, err = s.PayStart(ctx, rec)
	return r, err
}

// PayStart tells where the buyer pays rec: the provider's pay page while
// the payment may still be made, nothing once it is paid, closed or past
// its window, or for cash paid at a station.
func (s *Service) PayStart(ctx context.Context, rec payments.Record) (payments.Start, error) {
	provider, ok := s.Providers[rec.Method]
	if !ok || rec.Method == payments.StationCash || !rec.Payable(s.now()) {
		return payments.Start{}, nil
	}
	st, err := provider.Begin(ctx, rec.Payment())
	if err != nil {
		return payments.Start{}, fmt.Errorf("orders.PayStart: %w", err)
	}
	return st, nil
}

// Notified handles a wallet's verified notification: a successful trade
// confirms the payment (once, whatever the number of deliveries); a
// closed trade for a paid payment, arriving out of order, changes nothing.
// A replayed nonce is a Conflict and an amount that differs is Invalid;
// both change nothing and are logged by the caller. A payment that arrives
// after its checkout closed is recorded and refunded: the refunds are
// asked of the provider at once, and a refund the provider does not pay
// now stays pending for RetryRefunds; either way the notice is taken.
func (s *Service) Notified(ctx context.Context, v payments.Verified) (Confirmed, error) {
	if v.Status != "TRADE_SUCCESS" {
		return Confirmed{}, nil
	}
	c, err := s.Store.ConfirmPayment(ctx, payments.Confirmation{
		Ref: v.Ref, TradeNo: v.TradeNo, Amount: money.Fen(v.AmountFen), Nonce: v.Nonce, At: s.now(),
	})
	if err != nil {
		return c, err
	}
	s.signal.recorded(v.Ref)
	for _, r := range c.Refunds {
		if err := s.PayRefund(ctx, r); err != nil {
			s.Logger.Warn("late payment's refund still pending", "ref", v.Ref, "refund", r.ID, "err", err)
		}
	}
	return c, nil
}

// ConfirmCash records cash paid at a station: only an operator of the
// payment's station (or an admin of its region) may. Cash paid on pick-up
// is not confirmed so but with the hand-over (a Conflict).
func (s *Service) ConfirmCash(ctx context.Context, by accounts.Actor, ref string) error {
	p, err := s.Store.Payment(ctx, ref)
	if err != nil {
		return err
	}
	if p.Method == payments.PickupCash {
		return errs.E(errs.Conflict, "err.orders.cash_at_hand_over", ref)
	}
	if p.Method != payments.StationCash {
		return errs.E(errs.Conflict, "err.payments.not_cash", ref)
	}
	pt, err := s.Points.ServicePointByID(ctx, p.PointID)
	if err != nil {
		return err
	}
	if err := by.Require(by.WorksAt(pt.ID, pt.Region), "act.confirm_cash", pt.Code); err != nil {
		return err
	}
	_, err = s.Store.ConfirmPayment(ctx, payments.Confirmation{Ref: ref, Amount: p.Amount, ActorID: by.ID, TradeNo: "cash", At: s.now()})
	if err == nil {
		s.signal.recorded(ref)
	}
	return err
}

// Expire cancels the unpaid checkouts whose payment window has closed,
// releasing their reservations, and returns how many it cancelled. It is
// safe to run from several servers at once: each cancellation is
// conditional on the payment still pending.
func (s *Service) Expire(ctx context.Context) (int, error) {
	n := 0
	for {
		ids, err := s.Store.DueGroups(ctx, s.now(), 100)
		if err != nil || len(ids) == 0 {
			return n, err
		}
		for _, id := range ids {
			err := s.Store.CancelPending(ctx, id, Cancellation{Status: payments.Expired, Note: "payment window closed", At: s.now()})
			if errs.Is(err, errs.Conflict) {
				continue // paid or cancelled meanwhile
			}
			if err != nil {
				return n, err
			}
			n++
		}
		if len(ids) < 100 {
			return n, nil
		}
	}
}

// RunExpiry calls Expire (and RetryRefunds) every interval until ctx
// ends, logging failures. The orders and refunds tables are the job queue:
// pending orders carry their deadline and pending refunds their state, so
// nothing is lost across restarts.
func (s *Service) RunExpiry(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := s.Expire(ctx); err != nil && ctx.Err() == nil {
			s.Logger.Error("expiring unpaid orders", "err", err)
		} else if n > 0 {
			s.Logger.Info("expired unpaid orders", "groups", n)
		}
		if err := s.RetryRefunds(ctx); err != nil && ctx.Err() == nil {
			s.Logger.Error("retrying refunds", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
