// Package aftersales holds what a buyer may ask of a store once it has
// packed an order: a refund (the goods stay with the buyer, for example
// spoiled or missing ones) or a return (the goods go back). A request
// names its reason, a note, photos and the units per line. The store's
// seller accepts it, refunding through the order rules' refund path (the
// impact ledger reverses as for any refund), or refuses it with a reason.
// A request the seller has not answered by its deadline escalates to the
// admins of the store's region, who decide in the seller's place.
package aftersales

import (
	"slices"
	"time"

	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/orders"
	"maeul/internal/text"
)

// Kind is what the buyer asks for.
type Kind string

// The kinds of request.
const (
	// RefundOnly returns money for goods the buyer keeps or never got.
	RefundOnly Kind = "refund"
	// Return returns money for goods the buyer sends back; the seller
	// chooses whether they go back to stock.
	Return Kind = "return"
)

// Kinds lists the kinds in the order forms show them.
var Kinds = []Kind{RefundOnly, Return}

// Label is the kind's name in the reader's language.
func (k Kind) Label() i18n.Msg { return i18n.M("aftersales.kind." + string(k)) }

// Reason is why the buyer asks, chosen from a list; the note says more.
type Reason string

// The reasons.
const (
	Damaged        Reason = "damaged"
	Spoiled        Reason = "spoiled"
	WrongItem      Reason = "wrong_item"
	Missing        Reason = "missing"
	NotAsDescribed Reason = "not_as_described"
	OtherReason    Reason = "other"
)

// Reasons lists the reasons in the order forms show them.
var Reasons = []Reason{Damaged, Spoiled, WrongItem, Missing, NotAsDescribed, OtherReason}

// Label is the reason's name in the reader's language.
func (r Reason) Label() i18n.Msg { return i18n.M("aftersales.reason." + string(r)) }

// Status is where a request is. An open request past its deadline is
// escalated (see Request.Escalated); that is a matter of the clock, not a
// stored status.
type Status string

// The statuses.
const (
	Open     Status = "open"
	Accepted Status = "accepted"
	Refused  Status = "refused"
)

// Label is the status's name in the reader's language.
func (s Status) Label() i18n.Msg { return i18n.M("aftersales.status." + string(s)) }

// Limits on what a request holds.
const (
	// MaxPhotos is how many photos one request may carry.
	MaxPhotos = 3
	// DefaultDeadline is how long a seller has to answer a request
	// before it escalates to the region's admins.
	DefaultDeadline = 72 * time.Hour
	// DefaultWindow is how long after an order is completed its buyer
	// may still ask.
	DefaultWindow = 15 * 24 * time.Hour
)

// Line is the units of one order line a request is about.
type Line struct {
	LineID int64
	Qty    int
}

// Request is a buyer's refund or return request.
type Request struct {
	ID      int64
	OrderID int64
	OrgID   int64
	BuyerID int64
	Kind    Kind
	Reason  Reason
	// Note is the buyer's own words.
	Note   string
	Lines  []Line
	Photos []Photo
	Status Status
	// Answer is the refusal's reason, or the note of an acceptance.
	Answer string
	// DecidedBy is who accepted or refused (0 while open); ByAdmin
	// reports a decision the region's admins took after escalation.
	DecidedBy int64
	ByAdmin   bool
	// Restock reports whether an accepted return went back to stock.
	Restock bool
	// RefundID is the refund an accepted request paid.
	RefundID  int64
	DueAt     time.Time // the seller's deadline
	CreatedAt time.Time
	DecidedAt time.Time
}

// Photo is a photo of a request: its key and the width of its original,
// which says what renditions it has (photo.WidthsFor).
type Photo struct {
	Key   string
	Width int
}

// Escalated reports whether the request is open past its deadline, so
// that the region's admins decide it.
func (r Request) Escalated(now time.Time) bool {
	return r.Status == Open && !now.Before(r.DueAt)
}

// Want returns the request's units by order line, as the refund rules
// take them.
func (r Request) Want() map[int64]int {
	out := make(map[int64]int, len(r.Lines))
	for _, l := range r.Lines {
		out[l.LineID] += l.Qty
	}
	return out
}

// Units returns how many units the request is about.
func (r Request) Units() int {
	n := 0
	for _, l := range r.Lines {
		n += l.Qty
	}
	return n
}

// Ask is what a buyer submits.
type Ask struct {
	Kind   Kind
	Reason Reason
	Note   string
	// Lines are the units per order line; lines with zero are left out.
	Lines []Line
}

// Check validates an ask against its order at now: the order must have
// been packed (packed, shipped or delivered) or completed within window,
// the kind and reason known, the note plain text, and every line the
// order's with between one unit and what is left unrefunded of it. It
// returns the lines with units, sorted by line id. A refusal of the order
// is a Conflict; the rest are Invalid with their field.
func (a Ask) Check(o orders.Order, now time.Time, window time.Duration) ([]Line, error) {
	if err := Askable(o, now, window); err != nil {
		return nil, err
	}
	if !slices.Contains(Kinds, a.Kind) {
		return nil, errs.Field("kind", "err.aftersales.kind", string(a.Kind))
	}
	if !slices.Contains(Reasons, a.Reason) {
		return nil, errs.Field("reason", "err.aftersales.reason", string(a.Reason))
	}
	if err := text.Check("note", a.Note, text.MaxLine, true); err != nil {
		return nil, err
	}
	if a.Reason == OtherReason && a.Note == "" {
		return nil, errs.Field("note", "err.aftersales.note_needed")
	}
	byID := map[int64]orders.Line{}
	for _, l := range o.Lines {
		byID[l.ID] = l
	}
	want := map[int64]int{}
	for _, l := range a.Lines {
		if l.Qty == 0 {
			continue
		}
		ol, ok := byID[l.LineID]
		if !ok {
			return nil, errs.Field("lines", "err.aftersales.line", l.LineID, o.ID)
		}
		want[l.LineID] += l.Qty
		if left := ol.Qty - ol.RefundedQty; l.Qty < 0 || want[l.LineID] > left {
			return nil, errs.Field("lines", "err.aftersales.qty", ol.SKU, left)
		}
	}
	if len(want) == 0 {
		return nil, errs.Field("lines", "err.aftersales.no_lines")
	}
	out := make([]Line, 0, len(want))
	for id, n := range want {
		out = append(out, Line{LineID: id, Qty: n})
	}
	slices.SortFunc(out, func(x, y Line) int { return int(x.LineID - y.LineID) })
	return out, nil
}

// Askable returns nil when a request may be made about order o at now:
// once the store has packed it (packed, shipped, delivered), and for a
// completed order within window of its completion. Before packing the
// buyer cancels instead; a cancelled or refunded order has nothing left.
// Otherwise it is a Conflict naming the order's status.
func Askable(o orders.Order, now time.Time, window time.Duration) error {
	switch o.Status {
	case orders.Packed, orders.Shipped, orders.Delivered:
		return nil
	case orders.Completed:
		if now.Before(completedAt(o).Add(window)) {
			return nil
		}
		return errs.E(errs.Conflict, "err.aftersales.too_late", int(window.Hours()/24))
	}
	return errs.E(errs.Conflict, "err.aftersales.not_askable", o.Status.Label())
}

// completedAt returns when an order was completed: its last move to
// completed, or its last change when the history has none.
func completedAt(o orders.Order) time.Time {
	for i := len(o.Events) - 1; i >= 0; i-- {
		if o.Events[i].To == orders.Completed {
			return o.Events[i].At
		}
	}
	return o.UpdatedAt
}
