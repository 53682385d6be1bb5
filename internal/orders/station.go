package orders

import (
	"cmp"
	"context"
	"fmt"

	"maeul/internal/accounts"
	"maeul/internal/network"
	"maeul/internal/payments"
)

// A service point's counter: the checkouts to be paid in cash there and
// the orders to be picked up there. Those who work at the point (its
// operators and the admins of its region) may read them.

// CashDue is a checkout to be paid in cash at a service point.
type CashDue struct {
	Payment payments.Record
	// Orders are the checkout's orders; their address says whom to
	// expect, their ExpiresAt by when.
	Orders []Order
}

// DefaultPickupPage is how many orders a page of a point's pick-ups
// holds unless Service.PickupPage says otherwise.
const DefaultPickupPage = 50

// mayWorkAt returns nil when by works at pt, a Forbidden error otherwise.
func mayWorkAt(by accounts.Actor, pt network.ServicePoint) error {
	return by.Require(by.WorksAt(pt.ID, pt.Region), "act.see_point_payments", pt.Code)
}

// PendingCash lists the checkouts waiting to be paid in cash at point pt,
// oldest first, with their orders, to those who work at the point; others
// get a Forbidden error.
func (s *Service) PendingCash(ctx context.Context, by accounts.Actor, pt network.ServicePoint) ([]CashDue, error) {
	if err := mayWorkAt(by, pt); err != nil {
		return nil, err
	}
	ps, err := s.Store.PendingPayments(ctx, payments.StationCash, pt.ID)
	if err != nil {
		return nil, fmt.Errorf("orders.PendingCash: %w", err)
	}
	out := make([]CashDue, 0, len(ps))
	for _, p := range ps {
		os, err := s.Store.GroupOrders(ctx, p.GroupID)
		if err != nil {
			return nil, fmt.Errorf("orders.PendingCash: %w", err)
		}
		out = append(out, CashDue{Payment: p, Orders: os})
	}
	return out, nil
}

// Pickups returns page (counted from 0) of the orders to be picked up at
// point pt that have not been handed over yet (paid, packed, or shipped
// to the point), newest first and Service.PickupPage a page, and whether
// older ones follow; to those who work at the point, others get a
// Forbidden error.
func (s *Service) Pickups(ctx context.Context, by accounts.Actor, pt network.ServicePoint, page int) ([]Order, bool, error) {
	if err := mayWorkAt(by, pt); err != nil {
		return nil, false, err
	}
	size := cmp.Or(s.PickupPage, DefaultPickupPage)
	os, err := s.Store.Orders(ctx, Filter{
		PointID: pt.ID, Statuses: []Status{Paid, Packed, Shipped},
		Limit: size + 1, Offset: max(page, 0) * size,
	})
	if err != nil {
		return nil, false, fmt.Errorf("orders.Pickups: %w", err)
	}
	more := len(os) > size
	if more {
		os = os[:size]
	}
	out := os[:0]
	for _, o := range os {
		if o.Delivery == Pickup && o.PointID == pt.ID {
			out = append(out, o)
		}
	}
	return out, more, nil
}
