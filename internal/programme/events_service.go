package programme

import (
	"context"
	"fmt"
	"strings"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/impact"
	"maeul/internal/money"
	"maeul/internal/region"
)

// SaveEvent records an event, or changes the one with the same code, on
// behalf of by, and returns it as stored. The admins of the region that
// hosts it (a county, the prefecture or the province) may, and of the
// region that hosted it before when it moves.
func (s *Service) SaveEvent(ctx context.Context, by accounts.Actor, e Event) (Event, error) {
	e.Code = strings.TrimSpace(e.Code)
	if err := e.Validate(); err != nil {
		return Event{}, err
	}
	r, err := s.Regions.Region(ctx, e.Region)
	if errs.Is(err, errs.NotFound) {
		return Event{}, errs.Field("region_code", "err.programme.no_region", string(e.Region))
	}
	if err != nil {
		return Event{}, err
	}
	if r.Level.Rank() > region.County.Rank() {
		return Event{}, errs.Field("region_code", "err.programme.event_region")
	}
	if err := require(by, by.Administers(e.Region), "programme.what.run_events", string(e.Region)); err != nil {
		return Event{}, err
	}
	cur, err := s.Store.Event(ctx, e.Code)
	switch {
	case err == nil:
		if err := require(by, by.Administers(cur.Region), "programme.what.run_events", string(cur.Region)); err != nil {
			return Event{}, err
		}
		e.ID = cur.ID
	case !errs.Is(err, errs.NotFound):
		return Event{}, err
	default:
		e.ID = 0
	}
	if _, err := s.Store.SaveEvent(ctx, e, by.ID); err != nil {
		return Event{}, fmt.Errorf("programme.SaveEvent: %w", err)
	}
	return s.Store.Event(ctx, e.Code)
}

// Event returns an event by code; events are public.
func (s *Service) Event(ctx context.Context, code string) (Event, error) {
	return s.Store.Event(ctx, code)
}

// Events lists events; events are public.
func (s *Service) Events(ctx context.Context, f EventFilter) ([]Event, error) {
	return s.Store.Events(ctx, f)
}

// Participants lists an event's participants; they are public, as the
// event page shows them.
func (s *Service) Participants(ctx context.Context, e Event) ([]Participant, error) {
	return s.Store.Participants(ctx, e.ID)
}

// AddParticipants adds participants to an event on behalf of by, all or
// nothing: each a stored organization, village or service point, in a
// role. The admins of the event's region may. Adding one that takes part
// in that role already changes nothing. A refusal is an
// *impact.BatchError naming every refused participant.
func (s *Service) AddParticipants(ctx context.Context, by accounts.Actor, e Event, nps []NewParticipant) error {
	if err := require(by, by.Administers(e.Region), "programme.what.run_events", string(e.Region)); err != nil {
		return err
	}
	ps := make([]Participant, len(nps))
	var bad impact.BatchError
	for i, np := range nps {
		p, err := s.resolveParticipant(ctx, np)
		if errs.CodeOf(err) == errs.Internal {
			return err
		}
		if err != nil {
			bad.Rows = append(bad.Rows, impact.RowError{Index: i, Err: err})
			continue
		}
		ps[i] = p
	}
	if len(bad.Rows) > 0 {
		return &bad
	}
	if err := s.Store.AddParticipants(ctx, e.ID, ps); err != nil {
		return fmt.Errorf("programme.AddParticipants: %w", err)
	}
	return nil
}

func (s *Service) resolveParticipant(ctx context.Context, np NewParticipant) (Participant, error) {
	if _, err := ParseParticipantKind(string(np.Kind)); err != nil {
		return Participant{}, err
	}
	if _, err := ParseRole(string(np.Role)); err != nil {
		return Participant{}, err
	}
	code := strings.TrimSpace(np.Code)
	p := Participant{Kind: np.Kind, Role: np.Role, Code: code}
	switch np.Kind {
	case OrgParticipant:
		o, err := s.Orgs.Organization(ctx, code)
		if errs.Is(err, errs.NotFound) {
			return p, errs.Field("code", "err.programme.no_org", code)
		}
		if err != nil {
			return p, err
		}
		p.OrgID, p.Name, p.Region = o.ID, o.Name, o.Region
	case VillageParticipant:
		c, err := region.ParseCode(code)
		if err != nil {
			return p, errs.Field("code", "err.programme.region_code", code)
		}
		r, err := s.Regions.Region(ctx, c)
		if errs.Is(err, errs.NotFound) {
			return p, errs.Field("code", "err.programme.no_region", string(c))
		}
		if err != nil {
			return p, err
		}
		if r.Level != region.Village {
			return p, errs.Field("code", "err.programme.not_village", string(c))
		}
		p.Code, p.Village, p.Name, p.Region = string(c), c, r.Name, c
	case PointParticipant:
		pt, err := s.Points.ServicePoint(ctx, code)
		if errs.Is(err, errs.NotFound) {
			return p, errs.Field("code", "err.programme.no_point", code)
		}
		if err != nil {
			return p, err
		}
		p.PointID, p.Name, p.Region = pt.ID, pt.Name, pt.Region
	}
	return p, nil
}

// RemoveParticipant takes a participant off an event on behalf of by (the
// admins of the event's region). One with deals recorded stays (a
// Conflict).
func (s *Service) RemoveParticipant(ctx context.Context, by accounts.Actor, e Event, participantID int64) error {
	if err := require(by, by.Administers(e.Region), "programme.what.run_events", string(e.Region)); err != nil {
		return err
	}
	return s.Store.RemoveParticipant(ctx, e.ID, participantID)
}

// Organizes reports whether by may act as the event's organizer: the
// admins of its region, and whoever acts for a participant in the
// organizer role (the sellers of an organization, the operators of a
// service point, the admins of a village).
func (s *Service) Organizes(by accounts.Actor, e Event, ps []Participant) bool {
	if by.Administers(e.Region) {
		return true
	}
	for _, p := range ps {
		if p.Role != Organizer {
			continue
		}
		switch p.Kind {
		case OrgParticipant:
			if by.ActsFor(p.OrgID, p.Region) {
				return true
			}
		case PointParticipant:
			if by.WorksAt(p.PointID, p.Region) {
				return true
			}
		case VillageParticipant:
			if by.Administers(p.Village) {
				return true
			}
		}
	}
	return false
}

// RecordDeal records a deal signed at an event on behalf of by, its
// organizer (see Organizes), and returns it. The seller is a participant
// in the seller role; the buyer a participant in the buyer role or a
// buyer named from outside; the amount more than nothing and at most
// MaxDeal; the goods described. Deals are recorded from the event's start
// on. A deal whose reference (contract number) the event has already is
// returned as recorded, unchanged.
func (s *Service) RecordDeal(ctx context.Context, by accounts.Actor, e Event, nd NewDeal) (Deal, error) {
	ps, err := s.Store.Participants(ctx, e.ID)
	if err != nil {
		return Deal{}, fmt.Errorf("programme.RecordDeal: %w", err)
	}
	if err := require(by, s.Organizes(by, e, ps), "programme.what.record_deals", e.Code); err != nil {
		return Deal{}, err
	}
	if s.now().Before(e.Starts) {
		return Deal{}, errs.E(errs.Conflict, "err.programme.deal_early")
	}
	role := map[int64]Role{}
	for _, p := range ps {
		role[p.ID] = p.Role
	}
	if r, ok := role[nd.SellerID]; !ok || r != Seller {
		return Deal{}, errs.Field("seller", "err.programme.deal_seller")
	}
	nd.BuyerName = strings.TrimSpace(nd.BuyerName)
	if nd.BuyerID != 0 {
		if r, ok := role[nd.BuyerID]; !ok || r != Buyer {
			return Deal{}, errs.Field("buyer", "err.programme.deal_buyer")
		}
		nd.BuyerName = ""
	} else if err := CheckText("buyer_name", nd.BuyerName, true, MaxName); err != nil {
		return Deal{}, errs.Field("buyer", "err.programme.deal_buyer")
	}
	if nd.Amount <= 0 || nd.Amount > MaxDeal {
		return Deal{}, errs.Field("amount", "err.programme.deal_amount", MaxDeal.String())
	}
	nd.Goods = strings.TrimSpace(nd.Goods)
	if err := CheckText("goods", nd.Goods, true, MaxGoods); err != nil {
		return Deal{}, err
	}
	nd.Ref = strings.TrimSpace(nd.Ref)
	if err := CheckText("ref", nd.Ref, false, 60); err != nil {
		return Deal{}, err
	}
	d := Deal{EventID: e.ID, SellerID: nd.SellerID, BuyerID: nd.BuyerID, BuyerName: nd.BuyerName, Amount: nd.Amount,
		Goods: nd.Goods, Ref: nd.Ref}
	id, err := s.Store.SaveDeal(ctx, d, by.ID)
	if err != nil {
		return Deal{}, fmt.Errorf("programme.RecordDeal: %w", err)
	}
	deals, err := s.Store.Deals(ctx, e.ID)
	if err != nil {
		return Deal{}, fmt.Errorf("programme.RecordDeal: %w", err)
	}
	for _, d := range nameDeals(deals, ps) {
		if d.ID == id {
			return d, nil
		}
	}
	return Deal{}, errs.E(errs.NotFound, "err.programme.no_deal", id)
}

// Source names where a part of a report comes from.
type Source string

// The sources.
const (
	// SourcePlatform: orders paid on the platform (net of refunds, dated
	// when paid, in China time).
	SourcePlatform Source = "platform_orders"
	// SourceDeals: deals recorded by the event's organizer.
	SourceDeals Source = "recorded_deals"
	// SourceRegisters: the programme's registers (titles, pairings).
	SourceRegisters Source = "registers"
	// SourceReported: figures reported to the platform (the province's
	// totals).
	SourceReported Source = "reported_figures"
)

// ParticipantCount is how many participants of a kind take part in a
// role.
type ParticipantCount struct {
	Kind  ParticipantKind
	Role  Role
	Count int
}

// EventReport is what an event sold: its participants by kind and role,
// the platform sales of its sellers within its days, the deals recorded,
// and the total, each part with its source.
type EventReport struct {
	Event        Event
	Status       Status
	Participants []Participant
	ByKind       []ParticipantCount
	// Subjects is how many distinct organizations, villages and service
	// points take part, whatever their roles.
	Subjects int
	// From and To bound the event's days in China: the platform sales
	// count from From to To.
	From, To    time.Time
	Sales       money.Fen
	SalesSource Source
	Deals       []Deal
	DealsTotal  money.Fen
	DealsSource Source
	Total       money.Fen
	// Organizer reports whether the reader may record deals.
	Organizer bool
}

// EventReport returns an event's report for those who oversee its region
// and its organizer.
func (s *Service) EventReport(ctx context.Context, by accounts.Actor, code string) (EventReport, error) {
	e, err := s.Store.Event(ctx, code)
	if err != nil {
		return EventReport{}, err
	}
	ps, err := s.Store.Participants(ctx, e.ID)
	if err != nil {
		return EventReport{}, fmt.Errorf("programme.EventReport: %w", err)
	}
	organizer := s.Organizes(by, e, ps)
	if err := require(by, organizer || by.Oversees(e.Region), "programme.what.read_event", e.Code); err != nil {
		return EventReport{}, err
	}
	r, err := s.eventReport(ctx, e, ps)
	r.Organizer = organizer
	return r, err
}

func (s *Service) eventReport(ctx context.Context, e Event, ps []Participant) (EventReport, error) {
	r := EventReport{Event: e, Status: e.StatusAt(s.now()), Participants: ps, SalesSource: SourcePlatform, DealsSource: SourceDeals}
	from, to := e.Window()
	r.From, r.To = from, to
	counts := map[ParticipantCount]int{}
	subjects := map[string]bool{}
	for _, p := range ps {
		counts[ParticipantCount{Kind: p.Kind, Role: p.Role}]++
		subjects[string(p.Kind)+":"+p.Code] = true
	}
	for _, k := range ParticipantKinds {
		for _, role := range Roles {
			if n := counts[ParticipantCount{Kind: k, Role: role}]; n > 0 {
				r.ByKind = append(r.ByKind, ParticipantCount{Kind: k, Role: role, Count: n})
			}
		}
	}
	r.Subjects = len(subjects)
	var err error
	if r.Sales, err = s.Store.EventSales(ctx, e.ID, from, to); err != nil {
		return r, fmt.Errorf("programme.EventReport: %w", err)
	}
	if r.Deals, err = s.Store.Deals(ctx, e.ID); err != nil {
		return r, fmt.Errorf("programme.EventReport: %w", err)
	}
	r.Deals = nameDeals(r.Deals, ps)
	for _, d := range r.Deals {
		r.DealsTotal += d.Amount
	}
	r.Total = r.Sales + r.DealsTotal
	return r, nil
}

// nameDeals fills in the names of the deals' sellers and buyers from the
// event's participants (a buyer from outside by the name recorded).
func nameDeals(ds []Deal, ps []Participant) []Deal {
	names := map[int64]i18n.Text{}
	for _, p := range ps {
		names[p.ID] = p.Name
	}
	for i := range ds {
		ds[i].Seller = names[ds[i].SellerID]
		if ds[i].BuyerID != 0 {
			ds[i].Buyer = names[ds[i].BuyerID]
		} else {
			ds[i].Buyer = i18n.Text{Ko: ds[i].BuyerName}
		}
	}
	return ds
}
