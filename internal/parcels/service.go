package parcels

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/network"
	"maeul/internal/region"
	"maeul/internal/text"
)

// Registry is what the service looks up of the service points.
type Registry interface {
	// ServicePoint returns one point by code, or a NotFound error.
	ServicePoint(ctx context.Context, code string) (network.ServicePoint, error)
	// ServicePointByID returns one point, or a NotFound error.
	ServicePointByID(ctx context.Context, id int64) (network.ServicePoint, error)
}

// Service carries out the parcel rules over a Store.
type Service struct {
	Store  Store
	Points Registry
	Now    func() time.Time
	// Rand is where pick-up codes come from; crypto/rand when nil.
	Rand io.Reader
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// ScanInput is one scan as a client reports it.
type ScanInput struct {
	// ScanID is the client's unique id of the scan (1–100 printable
	// ASCII characters), which makes recording it idempotent.
	ScanID   string
	ParcelID int64
	// Node is the code of the service point where the parcel is scanned,
	// or DoorNode (delivered at the buyer's door) or CarrierNode (handed
	// to the national carrier).
	Node string
	// At is when the parcel was scanned; zero means now.
	At time.Time
	// Reason says why a scan out of route order happened; required for
	// those, ignored otherwise.
	Reason string
}

// Scanner is who records scans: a signed-in user (Actor), or a machine's
// API key (KeyID) allowed to scan at KeyPoints.
type Scanner struct {
	Actor     accounts.Actor
	KeyID     int64
	KeyPoints []int64
}

// ScanResult is the outcome of one scan of a batch.
type ScanResult struct {
	// Scan is the scan as recorded, by this call or, when Repeated, by
	// an earlier one with the same scan id.
	Scan     Scan
	Repeated bool
	// Err is the scan's refusal; nil when it is recorded.
	Err error
}

// Scan records one scan by a signed-in user; see ScanMany. The scan's
// refusal is returned as the error.
func (s *Service) Scan(ctx context.Context, by accounts.Actor, in ScanInput) (ScanResult, error) {
	rs, err := s.ScanMany(ctx, Scanner{Actor: by}, []ScanInput{in})
	if err != nil {
		return ScanResult{}, err
	}
	return rs[0], rs[0].Err
}

// maxAttempts bounds how often ScanMany re-reads a batch whose parcels
// changed meanwhile.
const maxAttempts = 4

// MaxBatch is the most scans ScanMany takes at once.
const MaxBatch = 5000

// ScanMany records a batch of scans in one transaction, in the order
// given, and returns one result per scan: each is recorded, or refused
// alone with its error in ScanResult.Err (a malformed input or an
// out-of-order scan without reason is Invalid, an unknown parcel or node
// NotFound, a node the scanner may not scan at Forbidden or Unauthorized,
// a closed parcel Conflict). A scan id recorded before returns the
// recorded scan with Repeated and writes nothing, the same for a scan id
// repeated within the batch; a scan id already used for another parcel or
// node is a Conflict. Scanners: the operators of the scanned point and
// the admins of its region, or an API key scoped to the point; the door
// and the carrier hand-over count as the route's previous point. Batches
// larger than MaxBatch, and storage failures, are the returned error.
func (s *Service) ScanMany(ctx context.Context, by Scanner, ins []ScanInput) ([]ScanResult, error) {
	if len(ins) > MaxBatch {
		return nil, errs.E(errs.Invalid, "err.parcels.batch_too_large", len(ins), MaxBatch)
	}
	if by.KeyID == 0 && !by.Actor.SignedIn() {
		return nil, by.Actor.Require(false, "act.scan_parcels")
	}
	var err error
	for attempt := 1; ; attempt++ {
		var rs []ScanResult
		rs, err = s.scanOnce(ctx, by, ins)
		if err == nil {
			return rs, nil
		}
		if !errs.HasReason(err, "err.parcels.changed_meanwhile") || attempt == maxAttempts {
			break
		}
	}
	return nil, fmt.Errorf("parcels.ScanMany: %w", err)
}

func (s *Service) scanOnce(ctx context.Context, by Scanner, ins []ScanInput) ([]ScanResult, error) {
	now := s.now()
	rs := make([]ScanResult, len(ins))
	var ids []int64
	var scanIDs []string
	for i, in := range ins {
		if err := checkInput(in, now); err != nil {
			rs[i].Err = err
			continue
		}
		ids = append(ids, in.ParcelID)
		scanIDs = append(scanIDs, in.ScanID)
	}
	parcels, seen, err := s.Store.ScanState(ctx, ids, scanIDs)
	if err != nil {
		return nil, err
	}
	points := map[string]network.ServicePoint{}
	changed := map[int64]bool{}
	codes := map[int64]map[string]bool{} // codes given in this batch, by station
	var scans []Scan
	for i, in := range ins {
		if rs[i].Err != nil {
			continue
		}
		p, ok := parcels[in.ParcelID]
		if !ok {
			rs[i].Err = errs.E(errs.NotFound, "err.parcels.not_found", in.ParcelID)
			continue
		}
		sc := Scan{ScanID: in.ScanID, ParcelID: in.ParcelID, Node: in.Node, At: in.At, Reason: in.Reason,
			UserID: by.Actor.ID, KeyID: by.KeyID, RecordedAt: now}
		if sc.At.IsZero() {
			sc.At = now
		}
		gate, err := s.gate(ctx, p, in.Node, points)
		if err != nil {
			rs[i].Err = err
			continue
		}
		if in.Node != DoorNode && in.Node != CarrierNode {
			sc.PointID = gate.ID
		}
		if err := by.may(gate, in.Node); err != nil {
			rs[i].Err = err
			continue
		}
		if prev, ok := seen[in.ScanID]; ok {
			if prev.ParcelID != in.ParcelID || prev.Node != in.Node {
				rs[i].Err = errs.E(errs.Conflict, "err.parcels.scan_id_reused", in.ScanID)
				continue
			}
			rs[i] = ScanResult{Scan: prev, Repeated: true}
			continue
		}
		if err := p.advance(&sc, func() string { return s.freshCode(codes, p.PickupPointID) }); err != nil {
			rs[i].Err = err
			continue
		}
		if sc.OutOfOrder {
			sc.Reason = strings.TrimSpace(sc.Reason)
		} else {
			sc.Reason = ""
		}
		parcels[p.ID] = p
		changed[p.ID] = true
		seen[sc.ScanID] = sc
		scans = append(scans, sc)
		rs[i].Scan = sc
	}
	if len(scans) == 0 {
		return rs, nil
	}
	ps := make([]Parcel, 0, len(changed))
	for id := range changed {
		ps = append(ps, parcels[id])
	}
	slices.SortFunc(ps, func(a, b Parcel) int { return int(a.ID - b.ID) })
	if err := s.Store.SaveScans(ctx, scans, ps); err != nil {
		return nil, err
	}
	return rs, nil
}

// checkInput checks a scan on its own.
func checkInput(in ScanInput, now time.Time) error {
	switch {
	case !validScanID(in.ScanID):
		return errs.Field("scan_id", "err.parcels.scan_id")
	case in.ParcelID <= 0:
		return errs.Field("parcel_id", "err.parcels.parcel_id")
	case in.Node == "":
		return errs.Field("node", "err.parcels.node")
	case in.At.After(now.Add(maxClockSkew)):
		return errs.Field("at", "err.parcels.scan_in_future")
	}
	return text.Check("reason", in.Reason, text.MaxLine, false)
}

// gate returns the service point that answers for a scan of p at node:
// the node's point, or for the door and the carrier hand-over the point
// of the leg before them (NotFound when there is none). Points looked up
// are kept in points.
func (s *Service) gate(ctx context.Context, p Parcel, node string, points map[string]network.ServicePoint) (network.ServicePoint, error) {
	if node == DoorNode || node == CarrierNode {
		n := len(p.Legs)
		if n < 2 || p.Legs[n-1].Node() != node || p.Legs[n-2].PointID == 0 {
			return network.ServicePoint{}, errs.E(errs.NotFound, "err.parcels.no_node", node, p.ID)
		}
		node = p.Legs[n-2].PointCode
	}
	if pt, ok := points[node]; ok {
		return pt, nil
	}
	for _, l := range p.Legs {
		if l.PointCode == node && l.PointID != 0 {
			pt := network.ServicePoint{ID: l.PointID, Code: l.PointCode, Region: l.Region, Name: l.PointName}
			points[node] = pt
			return pt, nil
		}
	}
	pt, err := s.Points.ServicePoint(ctx, node)
	if err != nil {
		return pt, err
	}
	points[node] = pt
	return pt, nil
}

// may returns nil when the scanner may scan at the point.
func (by Scanner) may(pt network.ServicePoint, node string) error {
	if by.KeyID != 0 {
		if slices.Contains(by.KeyPoints, pt.ID) {
			return nil
		}
		return errs.E(errs.Forbidden, "err.parcels.key_scope", node)
	}
	return by.Actor.Require(by.Actor.WorksAt(pt.ID, pt.Region), "act.scan_at", node)
}

// freshCode returns a pick-up code not yet given in this batch at the
// station; the store refuses one still held by an open parcel there.
func (s *Service) freshCode(given map[int64]map[string]bool, station int64) string {
	if given[station] == nil {
		given[station] = map[string]bool{}
	}
	for {
		c := NewCode(s.Rand)
		if !given[station][c] {
			given[station][c] = true
			return c
		}
	}
}

// mayRead reports whether by may see the parcel: its buyer, its seller,
// the admins and auditors overseeing its seller's or destination's
// region, and the operators of the points on its route.
func mayRead(by accounts.Actor, p Parcel) bool {
	if by.System || by.ID != 0 && by.ID == p.BuyerID {
		return true
	}
	if by.ActsFor(p.OrgID, p.SellerRegion) || by.Oversees(p.SellerRegion) || by.Oversees(p.DestRegion) {
		return true
	}
	for _, l := range p.Legs {
		if l.PointID != 0 && by.WorksAt(l.PointID, l.Region) {
			return true
		}
	}
	return false
}

// shown returns the parcel as by may see it: the pick-up code only for
// its buyer.
func shown(by accounts.Actor, p Parcel) Parcel {
	if by.ID == 0 || by.ID != p.BuyerID {
		p.PickupCode = ""
	}
	return p
}

// Parcel returns a parcel to those who may see it (see mayRead); others
// get NotFound (Unauthorized for a guest), so ids reveal nothing. Only
// the buyer sees its pick-up code.
func (s *Service) Parcel(ctx context.Context, by accounts.Actor, id int64) (Parcel, error) {
	p, err := s.Store.Parcel(ctx, id)
	if err != nil {
		return Parcel{}, err
	}
	return s.visible(by, p)
}

// ParcelForOrder returns the parcel of an order, like Parcel; an order
// without a parcel (not shipped yet, or from a seller outside the
// prefecture) is NotFound.
func (s *Service) ParcelForOrder(ctx context.Context, by accounts.Actor, orderID int64) (Parcel, error) {
	p, err := s.Store.ParcelForOrder(ctx, orderID)
	if err != nil {
		return Parcel{}, err
	}
	return s.visible(by, p)
}

func (s *Service) visible(by accounts.Actor, p Parcel) (Parcel, error) {
	if !mayRead(by, p) {
		if !by.SignedIn() {
			return Parcel{}, errs.E(errs.Unauthorized, "err.accounts.sign_in", i18n.M("act.see_parcel"))
		}
		return Parcel{}, errs.E(errs.NotFound, "err.parcels.not_found", p.ID)
	}
	return shown(by, p), nil
}

// Scans returns the scans of a parcel the actor may see (see Parcel), in
// the order recorded.
func (s *Service) Scans(ctx context.Context, by accounts.Actor, p Parcel) ([]Scan, error) {
	if !mayRead(by, p) {
		return nil, errs.E(errs.NotFound, "err.parcels.not_found", p.ID)
	}
	return s.Store.ParcelScans(ctx, p.ID)
}

// ParcelsAt lists the parcels whose last scan was at a service point, in
// the given states (any when none), oldest arrival first, for the
// point's operators and those overseeing its region; others are
// Forbidden. Pick-up codes are not shown.
func (s *Service) ParcelsAt(ctx context.Context, by accounts.Actor, pointID int64, states ...State) ([]Parcel, error) {
	pt, err := s.Points.ServicePointByID(ctx, pointID)
	if err != nil {
		return nil, err
	}
	if err := by.Require(by.WorksAt(pt.ID, pt.Region) || by.Oversees(pt.Region), "act.see_point_parcels", pt.Code); err != nil {
		return nil, err
	}
	ps, err := s.Store.Parcels(ctx, Filter{AtPointID: pt.ID, States: states})
	if err != nil {
		return nil, err
	}
	for i := range ps {
		ps[i].PickupCode = ""
	}
	return ps, nil
}

// DefaultHeldFor is how long a parcel may wait at one node before it
// counts as held there.
const DefaultHeldFor = 48 * time.Hour

// Held lists the parcels in transit or waiting at their pick-up station
// that came to their current node longer than heldFor ago
// (DefaultHeldFor when zero or less), longest held first, at most limit
// (see Filter.Limit): for a seller, its organization's; for admins and
// auditors, those whose seller or destination lies within the region
// (their scope when within is ""), which they must oversee. Others are
// Forbidden (Unauthorized for a guest).
func (s *Service) Held(ctx context.Context, by accounts.Actor, within region.Code, heldFor time.Duration, limit int) ([]Parcel, error) {
	if heldFor <= 0 {
		heldFor = DefaultHeldFor
	}
	f := Filter{States: []State{InTransit, AtPickup}, HeldBefore: s.now().Add(-heldFor), Limit: limit}
	switch {
	case by.Role == accounts.Seller && by.OrgID != 0 && !by.Disabled:
		f.OrgID = by.OrgID
	default:
		if within == "" {
			within = by.Scope
		}
		if err := by.Require(within != "" && by.Oversees(within), "act.see_held_parcels"); err != nil {
			return nil, err
		}
		f.Within = within
	}
	ps, err := s.Store.Parcels(ctx, f)
	if err != nil {
		return nil, err
	}
	for i := range ps {
		ps[i].PickupCode = ""
	}
	return ps, nil
}
