package parcels

import (
	"context"
	"strings"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/money"
	"maeul/internal/network"
	"maeul/internal/payments"
)

// The hand-over at the pick-up station. The buyer tells the parcel's
// pick-up code; the operator hands the parcel over only against it, and
// for an order paid in cash on pick-up (payments.PickupCash) takes the
// cash in the same step: the parcel becomes handed_over, its order
// delivered and paid, and the sale reaches the impact ledger, in one
// transaction, once, however often the form is sent.
//
// Every wrong code tried at a parcel counts; the hand-over clears the
// count.
// After MaxTries wrong codes the parcel is locked: no code is taken, not
// even the right one, until an admin of the station's region unlocks it
// (Service.Unlock), having checked the buyer's identity. Six decimal
// digits and five tries give a guesser one chance in 200,000.

// MaxTries is how many wrong pick-up codes lock a parcel.
const MaxTries = 5

// HandOverInput is a hand-over as the operator's form sends it.
type HandOverInput struct {
	ParcelID int64
	Code     string
	// Cash is the cash the operator took for an order paid on pick-up,
	// which must be the amount due; zero for an order paid before.
	Cash money.Fen
}

// Handed is what a hand-over did.
type Handed struct {
	Parcel Parcel
	// Repeated reports that the parcel had been handed over already, by
	// an earlier sending of the same form: nothing changed.
	Repeated bool
	// Paid is the cash this hand-over recorded; zero when the order was
	// paid before (or Repeated).
	Paid money.Fen
}

// Handing is a hand-over as Store.HandOver records it.
type Handing struct {
	// Parcel is the parcel at the version it was read at.
	Parcel Parcel
	ByUser int64
	// Cash is the cash taken, for an order paid on pick-up; zero
	// otherwise.
	Cash money.Fen
	At   time.Time
}

// Counter is what the hand-over needs of storage beside the parcels.
type Counter interface {
	// CountTry passes fn the wrong codes counted at a parcel, with the
	// count locked against other tries until it returns (a row lock on
	// PostgreSQL, the one writer on SQLite), and counts one more when fn
	// says so; fn's error is returned after that.
	CountTry(ctx context.Context, parcelID int64, at time.Time, fn func(tries int) (wrong bool, err error)) error
	// Tries returns the wrong codes counted at the parcels, by id (those with
	// none are left out).
	Tries(ctx context.Context, parcelIDs []int64) (map[int64]int, error)
	// ClearTries forgets the tries of a parcel (an admin's unlock).
	ClearTries(ctx context.Context, parcelID int64) error
	// OrderPayment returns the payment of an order's checkout.
	OrderPayment(ctx context.Context, orderID int64) (payments.Record, error)
	// HandOver records a hand-over in one transaction: the parcel, if it
	// is still at_pickup at h.Parcel's version, becomes handed_over and
	// its order delivered; an order paid in cash on pick-up is paid with
	// h.Cash (which must be its amount: Invalid, field "cash", otherwise),
	// its sale posted to the impact ledger and its sales facts recorded;
	// an order paid before takes no cash (Invalid); an order otherwise
	// unpaid is a Conflict; and the parcel's tries are cleared. A parcel
	// handed over meanwhile reports true (repeated) and changes nothing;
	// one that changed otherwise is a Conflict.
	HandOver(ctx context.Context, h Handing) (repeated bool, err error)
}

// HandOver gives a parcel at its pick-up station to the buyer who tells
// its pick-up code, on behalf of by (the station's operators and the
// admins of its region; others are Forbidden), taking the cash of an
// order paid on pick-up (see Counter.HandOver). A wrong code is Invalid
// (field "code"), counted, and changes nothing else; a locked parcel is a
// Conflict. Sending the right code again for a parcel handed over is a
// success that changes nothing (Handed.Repeated). A parcel not at its
// pick-up station is a Conflict.
func (s *Service) HandOver(ctx context.Context, by accounts.Actor, in HandOverInput) (Handed, error) {
	p, pt, err := s.counterParcel(ctx, by, in.ParcelID, "act.hand_over_parcel")
	if err != nil {
		return Handed{}, err
	}
	code := strings.TrimSpace(in.Code)
	if p.State == HandedOver && p.CodeMatches(code) {
		return Handed{Parcel: shown(by, p), Repeated: true}, nil
	}
	if p.State != AtPickup {
		return Handed{}, errs.E(errs.Conflict, "err.parcels.not_at_pickup", p.ID, p.State.Label())
	}
	// The cash is checked before the code, so that a miscounted banknote
	// costs no try; the store checks it again as it records the payment.
	pay, err := s.Store.OrderPayment(ctx, p.OrderID)
	if err != nil {
		return Handed{}, err
	}
	if err := CheckCash(pay, in.Cash); err != nil {
		// A concurrent sending of the same form may have handed it over
		// (and paid it) since the parcel was read.
		if again, rerr := s.Store.Parcel(ctx, p.ID); rerr == nil && again.State == HandedOver && again.CodeMatches(code) {
			return Handed{Parcel: shown(by, again), Repeated: true}, nil
		}
		return Handed{}, err
	}
	err = s.Store.CountTry(ctx, p.ID, s.now(), func(tries int) (bool, error) {
		switch {
		case tries >= MaxTries:
			return false, errs.E(errs.Conflict, "err.parcels.locked", p.ID, pt.Code)
		case !p.CodeMatches(code):
			return true, errs.Field("code", "err.parcels.wrong_code")
		}
		return false, nil
	})
	if err != nil {
		return Handed{}, err
	}
	repeated, err := s.Store.HandOver(ctx, Handing{Parcel: p, ByUser: by.ID, Cash: in.Cash, At: s.now()})
	if err != nil {
		return Handed{}, err
	}
	out := Handed{Repeated: repeated}
	if !repeated {
		out.Paid = in.Cash
	}
	if out.Parcel, err = s.Store.Parcel(ctx, p.ID); err != nil {
		return out, err
	}
	out.Parcel = shown(by, out.Parcel)
	return out, nil
}

// Unlock clears the wrong tries of a parcel locked after MaxTries, for an
// admin of its pick-up station's region (others are Forbidden), who has
// checked that the person at the counter is its buyer.
func (s *Service) Unlock(ctx context.Context, by accounts.Actor, parcelID int64) error {
	p, err := s.Store.Parcel(ctx, parcelID)
	if err != nil {
		return err
	}
	pt, err := s.pickupPoint(ctx, p)
	if err != nil {
		return err
	}
	if err := by.Require(by.Administers(pt.Region), "act.unlock_parcel", p.ID); err != nil {
		return err
	}
	return s.Store.ClearTries(ctx, p.ID)
}

// Waiting returns the parcels waiting at pick-up station pt for their
// buyers, oldest arrival first, with the tries counted at each, to those
// who work at the point; others are Forbidden. Codes are not shown.
func (s *Service) Waiting(ctx context.Context, by accounts.Actor, pt network.ServicePoint) ([]Parcel, map[int64]int, error) {
	if err := by.Require(by.WorksAt(pt.ID, pt.Region), "act.see_point_parcels", pt.Code); err != nil {
		return nil, nil, err
	}
	ps, err := s.Store.Parcels(ctx, Filter{PickupPointID: pt.ID, States: []State{AtPickup}, Limit: 500})
	if err != nil {
		return nil, nil, err
	}
	ids := make([]int64, len(ps))
	for i := range ps {
		ps[i].PickupCode = ""
		ids[i] = ps[i].ID
	}
	tries, err := s.Store.Tries(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	return ps, tries, nil
}

// counterParcel reads a parcel for the counter of its pick-up station,
// checking that by works there.
func (s *Service) counterParcel(ctx context.Context, by accounts.Actor, id int64, action string) (Parcel, network.ServicePoint, error) {
	p, err := s.Store.Parcel(ctx, id)
	if err != nil {
		return Parcel{}, network.ServicePoint{}, err
	}
	pt, err := s.pickupPoint(ctx, p)
	if err != nil {
		return Parcel{}, network.ServicePoint{}, err
	}
	if err := by.Require(by.WorksAt(pt.ID, pt.Region), action, p.ID); err != nil {
		return Parcel{}, network.ServicePoint{}, err
	}
	return p, pt, nil
}

// pickupPoint returns the pick-up station of a parcel picked up at one; a
// parcel delivered otherwise is a Conflict.
func (s *Service) pickupPoint(ctx context.Context, p Parcel) (network.ServicePoint, error) {
	if p.Delivery != StationPickup {
		return network.ServicePoint{}, errs.E(errs.Conflict, "err.parcels.not_pickup", p.ID)
	}
	return s.Points.ServicePointByID(ctx, p.PickupPointID)
}

// CheckCash returns nil when cash is what a hand-over may take for an
// order whose checkout's payment is p: the whole amount of a payment due
// on pick-up, nothing for one paid before. Another amount, or cash for a
// paid order, is Invalid (field "cash"); an order neither paid nor due on
// pick-up is a Conflict.
func CheckCash(p payments.Record, cash money.Fen) error {
	switch {
	case p.Status == payments.Pending && p.Method == payments.PickupCash:
		if cash != p.Amount {
			return errs.Field("cash", "err.parcels.cash_due", p.Amount, cash)
		}
	case p.Status == payments.Paid:
		if cash != 0 {
			return errs.Field("cash", "err.parcels.paid_before", p.Ref)
		}
	default:
		return errs.E(errs.Conflict, "err.parcels.unpaid", p.Ref)
	}
	return nil
}
