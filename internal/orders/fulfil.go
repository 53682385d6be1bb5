package orders

import (
	"context"
	"fmt"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/parcels"
	"maeul/internal/payments"
	"maeul/internal/text"
)

// View returns an order to those who may see it: its buyer, its seller,
// the operator of its pick-up point, and those who oversee its store's
// region. Others get NotFound, so order ids reveal nothing.
func (s *Service) View(ctx context.Context, by accounts.Actor, id int64) (Order, error) {
	o, err := s.Store.Order(ctx, id)
	if err != nil {
		return Order{}, err
	}
	ok, err := s.maySee(ctx, by, o)
	if err != nil {
		return Order{}, err
	}
	if !ok {
		if !by.SignedIn() {
			return Order{}, errs.E(errs.Unauthorized, "err.accounts.sign_in", i18n.M("act.see_order"))
		}
		return Order{}, errs.E(errs.NotFound, "err.orders.not_found", id)
	}
	return o, nil
}

func (s *Service) maySee(ctx context.Context, by accounts.Actor, o Order) (bool, error) {
	if by.ID != 0 && by.ID == o.BuyerID {
		return true, nil
	}
	seller, err := s.Orgs.OrganizationByID(ctx, o.OrgID)
	if err != nil {
		return false, err
	}
	if by.ActsFor(seller.ID, seller.Region) || by.Oversees(seller.Region) {
		return true, nil
	}
	if o.PointID != 0 && by.Role == accounts.StationOperator && by.ServicePointID == o.PointID {
		return true, nil
	}
	return false, nil
}

// Group returns a checkout group's orders and payment to its buyer.
func (s *Service) Group(ctx context.Context, by accounts.Actor, groupID int64) ([]Order, payments.Record, error) {
	os, err := s.Store.GroupOrders(ctx, groupID)
	if err != nil {
		return nil, payments.Record{}, err
	}
	if by.ID == 0 || os[0].BuyerID != by.ID {
		if err := by.Require(false, "act.see_checkout"); errs.Is(err, errs.Unauthorized) {
			return nil, payments.Record{}, err
		}
		return nil, payments.Record{}, errs.E(errs.NotFound, "err.orders.checkout_not_found", groupID)
	}
	p, err := s.Store.GroupPayment(ctx, groupID)
	return os, p, err
}

// OrderPayment returns the payment of order o's checkout to those who may
// see the order (see View); others get NotFound.
func (s *Service) OrderPayment(ctx context.Context, by accounts.Actor, o Order) (payments.Record, error) {
	ok, err := s.maySee(ctx, by, o)
	if err != nil {
		return payments.Record{}, err
	}
	if !ok {
		return payments.Record{}, errs.E(errs.NotFound, "err.orders.not_found", o.ID)
	}
	return s.Store.GroupPayment(ctx, o.GroupID)
}

// GroupOfPayment is Group for the checkout whose payment has reference
// ref; an unknown reference is NotFound.
func (s *Service) GroupOfPayment(ctx context.Context, by accounts.Actor, ref string) ([]Order, payments.Record, error) {
	p, err := s.Store.Payment(ctx, ref)
	if err != nil {
		return nil, payments.Record{}, err
	}
	return s.Group(ctx, by, p.GroupID)
}

// BuyerOrders lists the buyer's own orders, newest first.
func (s *Service) BuyerOrders(ctx context.Context, by accounts.Actor, limit int) ([]Order, error) {
	if err := by.Require(by.ID != 0, "act.see_own_orders"); err != nil {
		return nil, err
	}
	return s.Store.Orders(ctx, Filter{BuyerID: by.ID, Limit: limit})
}

// SellerOrders lists an organization's orders, optionally only some
// statuses, for those who act for it.
func (s *Service) SellerOrders(ctx context.Context, by accounts.Actor, orgID int64, statuses []Status, limit int) ([]Order, error) {
	o, err := s.Orgs.OrganizationByID(ctx, orgID)
	if err != nil {
		return nil, err
	}
	if err := by.Require(by.ActsFor(o.ID, o.Region) || by.Oversees(o.Region), "act.see_store_orders", o.Code); err != nil {
		return nil, err
	}
	return s.Store.Orders(ctx, Filter{OrgID: orgID, Statuses: statuses, Limit: limit})
}

// actsForSeller returns nil when by may fulfil the order's store's
// orders.
func (s *Service) actsForSeller(ctx context.Context, by accounts.Actor, o Order, action string) error {
	seller, err := s.Orgs.OrganizationByID(ctx, o.OrgID)
	if err != nil {
		return err
	}
	return by.Require(by.ActsFor(seller.ID, seller.Region), action, o.ID)
}

// Pack marks a paid order packed (its seller).
func (s *Service) Pack(ctx context.Context, by accounts.Actor, id int64) error {
	o, err := s.Store.Order(ctx, id)
	if err != nil {
		return err
	}
	if err := s.actsForSeller(ctx, by, o, "act.pack_order"); err != nil {
		return err
	}
	return s.Store.MoveOrder(ctx, id, StatusChange{From: o.Status, To: Packed, ActorID: by.ID})
}

// Ship marks a packed order shipped with its carrier and tracking number
// (its seller); both are required for home delivery. An order paid in
// cash on pick-up is shipped unpaid, straight from pending payment, while
// its payment window is open (a Conflict after); any other unpaid order is
// a Conflict.
func (s *Service) Ship(ctx context.Context, by accounts.Actor, id int64, carrier, tracking string) error {
	o, err := s.Store.Order(ctx, id)
	if err != nil {
		return err
	}
	if err := s.actsForSeller(ctx, by, o, "act.ship_order"); err != nil {
		return err
	}
	if o.Status == PendingPayment {
		if err := s.mayShipUnpaid(ctx, o); err != nil {
			return err
		}
	}
	if err := text.Check("carrier", carrier, text.MaxName, false); err != nil {
		return err
	}
	if err := text.Check("tracking", tracking, text.MaxName, false); err != nil {
		return err
	}
	if err := Move(o.Status, Shipped); err != nil {
		return err
	}
	parcel, err := s.planParcel(ctx, o, carrier, tracking)
	if err != nil {
		return err
	}
	if parcel == nil && o.Delivery == HomeDelivery && (carrier == "" || tracking == "") {
		return errs.Field("tracking", "err.orders.tracking")
	}
	return s.Store.MoveOrder(ctx, id, StatusChange{From: o.Status, To: Shipped, ActorID: by.ID, Carrier: carrier, Tracking: tracking, Parcel: parcel})
}

// planParcel returns the parcel of an order about to ship, with its route
// derived from the registry, or nil when the order gets none: no planner,
// nothing to ship, or a seller outside the planner's prefecture. A parcel
// leaving the prefecture without carrier and tracking number is Invalid.
func (s *Service) planParcel(ctx context.Context, o Order, carrier, tracking string) (*parcels.Parcel, error) {
	if s.Parcels == nil || !o.Shippable() {
		return nil, nil
	}
	seller, err := s.Orgs.OrganizationByID(ctx, o.OrgID)
	if err != nil {
		return nil, err
	}
	sh := parcels.Shipment{OrderID: o.ID, BuyerID: o.BuyerID, OrgID: o.OrgID, SellerRegion: seller.Region,
		Address: o.Address.Region, Carrier: carrier, Tracking: tracking}
	if o.Delivery == Pickup {
		sh.PickupPointID = o.PointID
	}
	p, ok, err := s.Parcels.Plan(ctx, sh)
	if err != nil || !ok {
		return nil, err
	}
	return &p, nil
}

// Deliver marks an order delivered: by its seller, or, for a pick-up, by
// the operator of the pick-up point when the buyer collects it. An order
// with nothing to ship (tourism bookings) is delivered from paid. An order
// still to be paid on pick-up is delivered only as its cash is taken
// (parcels.Service.HandOver): a Conflict here.
func (s *Service) Deliver(ctx context.Context, by accounts.Actor, id int64) error {
	o, err := s.Store.Order(ctx, id)
	if err != nil {
		return err
	}
	atPoint := o.Delivery == Pickup && by.Role == accounts.StationOperator && by.ServicePointID == o.PointID
	if !atPoint {
		if err := s.actsForSeller(ctx, by, o, "act.deliver_order"); err != nil {
			return err
		}
	}
	if o.Status == Paid && o.Shippable() {
		return errs.E(errs.Conflict, "err.orders.ship_first", id)
	}
	if p, err := s.Store.GroupPayment(ctx, o.GroupID); err != nil {
		return err
	} else if p.Status == payments.Pending {
		return errs.E(errs.Conflict, "err.orders.not_paid_yet", id)
	}
	return s.Store.MoveOrder(ctx, id, StatusChange{From: o.Status, To: Delivered, ActorID: by.ID})
}

// mayShipUnpaid returns nil when unpaid order o may be shipped: it is paid
// in cash on pick-up and its payment is still open; a Conflict otherwise.
func (s *Service) mayShipUnpaid(ctx context.Context, o Order) error {
	p, err := s.Store.GroupPayment(ctx, o.GroupID)
	if err != nil {
		return err
	}
	if p.Method != payments.PickupCash {
		return errs.E(errs.Conflict, "err.orders.not_paid_yet", o.ID)
	}
	if !p.Payable(s.now()) {
		return errs.E(errs.Conflict, "err.orders.ship_window_closed", o.ID)
	}
	return nil
}

// Complete closes a delivered order (its buyer confirms receipt).
func (s *Service) Complete(ctx context.Context, by accounts.Actor, id int64) error {
	o, err := s.Store.Order(ctx, id)
	if err != nil {
		return err
	}
	if by.ID == 0 || by.ID != o.BuyerID {
		if err := s.actsForSeller(ctx, by, o, "act.complete_order"); err != nil {
			return err
		}
	}
	return s.Store.MoveOrder(ctx, id, StatusChange{From: o.Status, To: Completed, ActorID: by.ID})
}

// Cancel cancels an order for its buyer (or seller): an unpaid one cancels
// its whole checkout, since one payment covers it; a paid one not yet
// packed is refunded in full through the payment provider and its stock
// released. Later orders cannot be cancelled (a Conflict): ask for a
// refund.
func (s *Service) Cancel(ctx context.Context, by accounts.Actor, id int64, reason string) error {
	if err := text.Check("reason", reason, text.MaxLine, false); err != nil {
		return err
	}
	o, err := s.Store.Order(ctx, id)
	if err != nil {
		return err
	}
	if by.ID == 0 || by.ID != o.BuyerID {
		if err := s.actsForSeller(ctx, by, o, "act.cancel_order"); err != nil {
			return err
		}
	}
	switch o.Status {
	case PendingPayment:
		return s.Store.CancelPending(ctx, o.GroupID, Cancellation{Status: payments.Cancelled, ActorID: by.ID, Note: "cancelled: " + reason, At: s.now()})
	case Paid:
		plan, err := FullRefund(o)
		if err != nil {
			return err
		}
		return s.refund(ctx, by, o, plan, true, true, "cancelled: "+reason)
	}
	return errs.E(errs.Conflict, "err.orders.cannot_cancel", o.Status.Label())
}

// Refund returns qty units of lines of an order (its seller), through the
// payment provider; restock puts the goods back in stock, for returns the
// seller can sell again.
func (s *Service) Refund(ctx context.Context, by accounts.Actor, id int64, lines map[int64]int, restock bool, reason string) (RefundPlan, error) {
	if err := text.Check("reason", reason, text.MaxLine, false); err != nil {
		return RefundPlan{}, err
	}
	o, err := s.Store.Order(ctx, id)
	if err != nil {
		return RefundPlan{}, err
	}
	if err := s.actsForSeller(ctx, by, o, "act.refund_order"); err != nil {
		return RefundPlan{}, err
	}
	if p, err := s.Store.GroupPayment(ctx, o.GroupID); err != nil {
		return RefundPlan{}, err
	} else if p.Status != payments.Paid {
		// A parcel shipped to be paid on pick-up: nothing to return.
		return RefundPlan{}, errs.E(errs.Conflict, "err.orders.cannot_refund", o.Status.Label())
	}
	plan, err := PlanRefund(o, lines)
	if err != nil {
		return RefundPlan{}, err
	}
	return plan, s.refund(ctx, by, o, plan, restock, false, reason)
}

// refund records the refund first (reserving the lines, so that two
// refunds can never return more than was paid), then asks the provider to
// pay it under the refund's id, which the provider treats as an
// idempotency key, and records the provider's reference. A provider that
// fails leaves the refund pending; RetryRefunds pays it later, never twice.
func (s *Service) refund(ctx context.Context, by accounts.Actor, o Order, plan RefundPlan, restock, cancel bool, reason string) error {
	id, err := s.Store.Refund(ctx, o.ID, RefundEntry{Plan: plan, Restock: restock, Cancel: cancel, ActorID: by.ID, Reason: reason, At: s.now()})
	if err != nil {
		return err
	}
	return s.PayRefund(ctx, PendingRefund{ID: id, OrderID: o.ID, GroupID: o.GroupID, Amount: plan.Total})
}

// PayRefund asks the payment provider to pay a recorded refund under its
// id (the provider's idempotency key) and records the provider's
// reference. A provider that fails leaves the refund pending, for
// RetryRefunds; the error says so.
func (s *Service) PayRefund(ctx context.Context, r PendingRefund) error {
	p, err := s.Store.GroupPayment(ctx, r.GroupID)
	if err != nil {
		return err
	}
	provider, ok := s.Providers[p.Method]
	if !ok {
		return fmt.Errorf("orders.refund: no provider for %s", p.Method)
	}
	res, err := provider.Refund(ctx, payments.Payment{Ref: p.Ref, Amount: p.Amount}, fmt.Sprintf("refund-%d", r.ID), r.Amount)
	if err != nil {
		return fmt.Errorf("orders.refund: recorded as refund %d, but the payment company has not paid it yet (it will be retried): %w", r.ID, err)
	}
	return s.Store.RefundPaid(ctx, r.ID, res.ProviderRef)
}

// RetryRefunds asks the providers again to pay the refunds still pending.
func (s *Service) RetryRefunds(ctx context.Context) error {
	rs, err := s.Store.PendingRefunds(ctx, 100)
	if err != nil {
		return err
	}
	for _, r := range rs {
		if err := s.PayRefund(ctx, r); err != nil {
			s.Logger.Warn("refund still pending", "refund", r.ID, "err", err)
		}
	}
	return nil
}
