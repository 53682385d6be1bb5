package parcels

import (
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"io"
	"time"

	"maeul/internal/errs"
)

// advance applies a scan to the parcel, as the route rules say, and fills
// in the scan's Seq, OutOfOrder and State. A scan is in route order when
// it names the next node expected, or the node the parcel is at (scanned
// again on leaving); any other scan (skipping nodes, going back, leaving
// the route) is out of order and needs a reason, an Invalid error without
// one. A closed parcel refuses every scan (a Conflict). newCode gives the
// pick-up code of a parcel reaching its pick-up station. pointID is the
// scanned node's service point (0 for DoorNode and CarrierNode).
func (p *Parcel) advance(s *Scan, newCode func() string) error {
	if p.State.Closed() {
		return errs.E(errs.Conflict, "err.parcels.closed", p.ID, p.State.Label())
	}
	ahead, behind := -1, -1
	for i, l := range p.Legs {
		if l.Node() != s.Node {
			continue
		}
		if i >= p.Next {
			ahead = i
			break
		}
		behind = i
	}
	switch {
	case ahead >= 0:
		s.Seq, s.OutOfOrder = ahead, ahead != p.Next
	case behind >= 0 && behind == p.Next-1 && p.AtPointID == s.PointID:
		// Scanned again where it is: nothing moves.
		s.Seq, s.State = behind, p.State
		return nil
	case behind >= 0:
		s.Seq, s.OutOfOrder = behind, true
	default:
		s.Seq, s.OutOfOrder = -1, true
	}
	if s.OutOfOrder && s.Reason == "" {
		want := "-"
		if p.Next < len(p.Legs) {
			want = p.Legs[p.Next].Node()
		}
		return errs.Field("reason", "err.parcels.out_of_order", s.Node, want)
	}
	p.AtPointID, p.AtSince = s.PointID, s.At
	if ahead < 0 {
		// Back or off the route: it travels on, and its code, if it had
		// one, no longer holds.
		p.State, p.PickupCode = InTransit, ""
		s.State = p.State
		return nil
	}
	p.Next = ahead + 1
	if p.Legs[ahead].ScannedAt.IsZero() {
		p.Legs[ahead].ScannedAt = s.At
	}
	p.State = InTransit
	if p.Next == len(p.Legs) {
		switch p.Legs[ahead].Kind {
		case PickupStation:
			p.State, p.PickupCode = AtPickup, newCode()
		case Door:
			p.State = Delivered
		case Carrier:
			p.State = WithCarrier
		}
	}
	s.State = p.State
	return nil
}

// CodeDigits is the length of a pick-up code.
const CodeDigits = 6

// NewCode returns a random pick-up code of CodeDigits decimal digits read
// from r (crypto/rand when nil). It panics if r fails, which crypto/rand
// never does.
func NewCode(r io.Reader) string {
	if r == nil {
		r = rand.Reader
	}
	const n = 1_000_000
	var b [4]byte
	for {
		if _, err := io.ReadFull(r, b[:]); err != nil {
			panic(fmt.Sprintf("parcels.NewCode: %v", err))
		}
		v := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
		// Reject the top partial range so that every code is as likely.
		if v < (1<<32)/n*n {
			return fmt.Sprintf("%0*d", CodeDigits, v%n)
		}
	}
}

// CodeMatches reports whether code is the parcel's pick-up code, in
// constant time; a parcel without a code matches nothing.
func (p Parcel) CodeMatches(code string) bool {
	return p.PickupCode != "" && subtle.ConstantTimeCompare([]byte(p.PickupCode), []byte(code)) == 1
}

// validScanID reports whether id can identify a scan: 1 to 100 printable
// ASCII characters.
func validScanID(id string) bool {
	if id == "" || len(id) > 100 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] <= ' ' || id[i] > '~' {
			return false
		}
	}
	return true
}

// maxClockSkew is how far in the future a scan's time may lie (a
// device's clock running fast).
const maxClockSkew = 10 * time.Minute
