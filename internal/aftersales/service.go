package aftersales

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/orders"
	"maeul/internal/org"
	"maeul/internal/photo"
	"maeul/internal/region"
	"maeul/internal/text"
)

// Store is what the after-sales rules need from storage. Unknown requests
// are NotFound.
type Store interface {
	// CreateRequest stores a request with its lines and photos (each
	// processed photo is stored too) and returns its id. An order with an
	// open request already is a Conflict, and nothing is written.
	CreateRequest(ctx context.Context, r Request, photos []*photo.Processed) (int64, error)
	// Request returns a request with its lines and photos.
	Request(ctx context.Context, id int64) (Request, error)
	// Requests lists the requests f selects, newest first.
	Requests(ctx context.Context, f Filter) ([]Request, error)
	// CountRequests counts a store's open requests: all of them, and
	// those past their deadline at now.
	CountRequests(ctx context.Context, orgID int64, now time.Time) (Counts, error)
	// AcceptRequest records in one transaction a request's acceptance
	// (d) and the refund e it pays (as the order rules' Store.Refund
	// does, the ledger's reversal included) and returns the refund's id.
	// A request no longer open is a Conflict, and so is a refund the
	// order's lines no longer allow; then nothing is written.
	AcceptRequest(ctx context.Context, d Decision, e orders.RefundEntry) (int64, error)
	// RefuseRequest records a request's refusal, provided it is still
	// open (a Conflict otherwise).
	RefuseRequest(ctx context.Context, d Decision) error
}

// Filter selects requests. Zero fields select everything.
type Filter struct {
	OrderID int64
	OrgID   int64
	BuyerID int64
	// Within keeps the requests of stores located in a region.
	Within region.Code
	// Open keeps the open requests; DueBy then keeps those whose
	// deadline is at or before it (the escalated ones).
	Open  bool
	DueBy time.Time
	// Limit is how many to return: 100 when zero, at most 500.
	Limit int
}

// Counts are a store's open requests, as its dashboard shows them.
type Counts struct {
	Open      int
	Escalated int
}

// Decision is a seller's or admin's answer to a request.
type Decision struct {
	RequestID int64
	Status    Status // Accepted or Refused
	Answer    string
	Restock   bool
	ActorID   int64
	ByAdmin   bool
	At        time.Time
}

// Service carries out the after-sales rules.
type Service struct {
	Store  Store
	Orders *orders.Service
	Orgs   org.Store
	Now    func() time.Time
	// Deadline is how long a seller has to answer before a request
	// escalates (DefaultDeadline when zero); Window how long after
	// completion a buyer may ask (DefaultWindow when zero).
	Deadline time.Duration
	Window   time.Duration
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// AnswerWithin is how long a seller has to answer a request before it
// escalates.
func (s *Service) AnswerWithin() time.Duration { return cmp.Or(s.Deadline, DefaultDeadline) }

func (s *Service) window() time.Duration { return cmp.Or(s.Window, DefaultWindow) }

// Ask records a buyer's request about one of their orders, with up to
// MaxPhotos photos, each processed by the photo rules (photo.Process:
// images only, at most photo.MaxUploadBytes). Someone else's order is
// NotFound; an order not yet packed, closed, or completed longer than the
// window ago is a Conflict, as is an order with an open request; bad
// quantities, kinds, reasons, notes and photos are Invalid.
func (s *Service) Ask(ctx context.Context, by accounts.Actor, orderID int64, a Ask, photos []io.Reader) (Request, error) {
	o, err := s.buyersOrder(ctx, by, orderID, "act.ask_refund")
	if err != nil {
		return Request{}, err
	}
	now := s.now()
	lines, err := a.Check(o, now, s.window())
	if err != nil {
		return Request{}, err
	}
	if len(photos) > MaxPhotos {
		return Request{}, errs.Field("photos", "err.aftersales.too_many_photos", MaxPhotos)
	}
	var processed []*photo.Processed
	r := Request{
		OrderID: o.ID, OrgID: o.OrgID, BuyerID: o.BuyerID, Kind: a.Kind, Reason: a.Reason, Note: a.Note, Lines: lines,
		Status: Open, DueAt: now.Add(s.AnswerWithin()), CreatedAt: now,
	}
	for _, ph := range photos {
		p, err := photo.Process(ph, photo.MaxUploadBytes)
		if err != nil {
			return Request{}, errs.InField("photos", err)
		}
		processed = append(processed, p)
		r.Photos = append(r.Photos, Photo{Key: p.Key, Width: p.Width})
	}
	if r.ID, err = s.Store.CreateRequest(ctx, r, processed); err != nil {
		return Request{}, fmt.Errorf("aftersales.Ask: %w", err)
	}
	return r, nil
}

// buyersOrder returns an order to its buyer; anyone else gets NotFound
// (a guest Unauthorized), so order ids reveal nothing.
func (s *Service) buyersOrder(ctx context.Context, by accounts.Actor, orderID int64, action string) (orders.Order, error) {
	if err := by.Require(by.ID != 0, action); err != nil {
		return orders.Order{}, err
	}
	o, err := s.Orders.Store.Order(ctx, orderID)
	if err != nil {
		return orders.Order{}, err
	}
	if o.BuyerID != by.ID {
		return orders.Order{}, errs.E(errs.NotFound, "err.orders.not_found", orderID)
	}
	return o, nil
}

// ForOrder lists an order's requests, newest first, to those who may see
// the order (see orders.Service.View).
func (s *Service) ForOrder(ctx context.Context, by accounts.Actor, orderID int64) ([]Request, error) {
	if _, err := s.Orders.View(ctx, by, orderID); err != nil {
		return nil, err
	}
	return s.Store.Requests(ctx, Filter{OrderID: orderID})
}

// CanAsk reports whether the buyer may ask about order o now: it is theirs,
// askable (see Askable) and has no open request among reqs.
func (s *Service) CanAsk(by accounts.Actor, o orders.Order, reqs []Request) bool {
	if by.ID == 0 || by.ID != o.BuyerID || Askable(o, s.now(), s.window()) != nil {
		return false
	}
	for _, r := range reqs {
		if r.Status == Open {
			return false
		}
	}
	return true
}

// ForStore lists a store's requests, newest first (only the open ones
// when open is set), to those who act for it or oversee its region.
func (s *Service) ForStore(ctx context.Context, by accounts.Actor, orgID int64, open bool, limit int) ([]Request, error) {
	og, err := s.Orgs.OrganizationByID(ctx, orgID)
	if err != nil {
		return nil, err
	}
	if err := by.Require(by.ActsFor(og.ID, og.Region) || by.Oversees(og.Region), "act.see_store_requests", og.Code); err != nil {
		return nil, err
	}
	return s.Store.Requests(ctx, Filter{OrgID: orgID, Open: open, Limit: limit})
}

// Counts returns a store's open and escalated requests, for those who may
// list them (see ForStore).
func (s *Service) Counts(ctx context.Context, by accounts.Actor, orgID int64) (Counts, error) {
	og, err := s.Orgs.OrganizationByID(ctx, orgID)
	if err != nil {
		return Counts{}, err
	}
	if err := by.Require(by.ActsFor(og.ID, og.Region) || by.Oversees(og.Region), "act.see_store_requests", og.Code); err != nil {
		return Counts{}, err
	}
	return s.Store.CountRequests(ctx, orgID, s.now())
}

// Escalated lists the open requests past their deadline of the stores in
// the admin's region, oldest deadline first; only county and prefecture
// admins (and the system) may list them.
func (s *Service) Escalated(ctx context.Context, by accounts.Actor, limit int) ([]Request, error) {
	if err := by.Require(by.IsAdmin() && !by.Disabled, "act.see_escalated"); err != nil {
		return nil, err
	}
	f := Filter{Open: true, DueBy: s.now(), Limit: limit}
	if !by.System {
		f.Within = by.Scope
	}
	return s.Store.Requests(ctx, f)
}

// Request returns one request to those who may see its order.
func (s *Service) Request(ctx context.Context, by accounts.Actor, id int64) (Request, error) {
	r, err := s.Store.Request(ctx, id)
	if err != nil {
		return Request{}, err
	}
	if _, err := s.Orders.View(ctx, by, r.OrderID); err != nil {
		if errs.Is(err, errs.NotFound) {
			return Request{}, errs.E(errs.NotFound, "err.aftersales.not_found", id)
		}
		return Request{}, err
	}
	return r, nil
}

// decider checks that by may decide request r now and reports whether it
// decides as the region's admin: the store's seller before the deadline,
// the admins of its region at any time (after the deadline only they). A
// request that is not open is a Conflict.
func (s *Service) decider(ctx context.Context, by accounts.Actor, r Request, now time.Time) (bool, error) {
	og, err := s.Orgs.OrganizationByID(ctx, r.OrgID)
	if err != nil {
		return false, err
	}
	admin := by.Administers(og.Region)
	if !admin && !by.ActsFor(og.ID, og.Region) {
		if !by.SignedIn() || by.Oversees(og.Region) {
			return false, by.Require(false, "act.decide_request", r.ID)
		}
		return false, errs.E(errs.NotFound, "err.aftersales.not_found", r.ID)
	}
	if r.Status != Open {
		return false, errs.E(errs.Conflict, "err.aftersales.decided", r.ID, r.Status.Label())
	}
	if !admin && r.Escalated(now) {
		return false, errs.E(errs.Forbidden, "err.aftersales.escalated", r.ID)
	}
	return admin && r.Escalated(now), nil
}

// Accept accepts a request and refunds its units through the order rules'
// refund path: the plan of orders.PlanRefund, recorded with the request's
// acceptance in one transaction (so two acceptances refund once: the
// second is a Conflict), then paid by the payment provider (a provider
// that fails leaves the refund pending for orders.Service.RetryRefunds;
// the request stays accepted). restock returns a return's goods to stock;
// it is ignored for a refund only. Those who may not decide get NotFound
// or Forbidden (see decider); a closed request is a Conflict.
func (s *Service) Accept(ctx context.Context, by accounts.Actor, id int64, restock bool, note string) (orders.RefundPlan, error) {
	r, err := s.Store.Request(ctx, id)
	if err != nil {
		return orders.RefundPlan{}, err
	}
	now := s.now()
	byAdmin, err := s.decider(ctx, by, r, now)
	if err != nil {
		return orders.RefundPlan{}, err
	}
	if err := text.Check("answer", note, text.MaxLine, false); err != nil {
		return orders.RefundPlan{}, err
	}
	o, err := s.Orders.Store.Order(ctx, r.OrderID)
	if err != nil {
		return orders.RefundPlan{}, err
	}
	plan, err := orders.PlanRefund(o, r.Want())
	if err != nil {
		return orders.RefundPlan{}, err
	}
	restock = restock && r.Kind == Return
	reason := fmt.Sprintf("%s%d (%s)", RefundNote, r.ID, r.Reason)
	d := Decision{RequestID: r.ID, Status: Accepted, Answer: note, Restock: restock, ActorID: by.ID, ByAdmin: byAdmin, At: now}
	refundID, err := s.Store.AcceptRequest(ctx, d, orders.RefundEntry{Plan: plan, Restock: restock, ActorID: by.ID, Reason: reason, At: now})
	if err != nil {
		return orders.RefundPlan{}, fmt.Errorf("aftersales.Accept: %w", err)
	}
	return plan, s.Orders.PayRefund(ctx, orders.PendingRefund{ID: refundID, OrderID: o.ID, GroupID: o.GroupID, Amount: plan.Total})
}

// RefundNote begins the note of a refund that pays an accepted request,
// as the order's history keeps it; the request's id and reason follow.
const RefundNote = "after-sales request "

// Refuse refuses a request with a reason the buyer reads (required:
// Invalid without one, checked after who may decide). Who may refuse, and
// when, is as for Accept.
func (s *Service) Refuse(ctx context.Context, by accounts.Actor, id int64, reason string) error {
	r, err := s.Store.Request(ctx, id)
	if err != nil {
		return err
	}
	now := s.now()
	byAdmin, err := s.decider(ctx, by, r, now)
	if err != nil {
		return err
	}
	if err := text.Check("answer", reason, text.MaxLine, false); err != nil {
		return err
	}
	if reason == "" {
		return errs.Field("answer", "err.aftersales.refusal_reason")
	}
	if err := s.Store.RefuseRequest(ctx, Decision{RequestID: r.ID, Status: Refused, Answer: reason, ActorID: by.ID, ByAdmin: byAdmin, At: now}); err != nil {
		return fmt.Errorf("aftersales.Refuse: %w", err)
	}
	return nil
}
