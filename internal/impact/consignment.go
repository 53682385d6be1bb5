package impact

import (
	"time"

	"maeul/internal/money"
)

// Lot is what is left unsold of a consignment batch, as the ledger
// allocates a variant's sales to its batches: produce a household left at
// a service station, credited to it per unit sold.
type Lot struct {
	BatchID     int64
	HouseholdID int64
	VariantID   int64
	PerUnit     money.Fen // credited to the household per unit sold
	ReceivedOn  time.Time // a date, the form link dates are kept in (see Day)
	Left        int64     // units not yet sold
}

// Consigned is the part of a paid line's units that one batch supplied.
type Consigned struct {
	BatchID     int64
	HouseholdID int64
	Units       int64
	PerUnit     money.Fen
}

// AllocateLots gives each line the consigned units it sold: the units of
// the line's variant are taken from that variant's lots first in, first
// out — lots in the order given (the store gives them oldest first: by
// day received, then by batch), lines in order — leaving out lots
// received after the day the line was paid. It sets each line's Consigned
// (units beyond the lots' stay unconsigned) and lowers each lot's Left by
// what it gave, so lots read once serve every line of a transaction.
func AllocateLots(lines []SaleLine, lots []Lot) {
	for i := range lines {
		l := &lines[i]
		l.Consigned = nil
		want := int64(l.Qty)
		day := Day(l.PaidAt)
		for j := range lots {
			k := &lots[j]
			if want == 0 {
				break
			}
			if k.VariantID != l.VariantID || k.Left <= 0 || k.ReceivedOn.After(day) {
				continue
			}
			n := min(want, k.Left)
			k.Left -= n
			want -= n
			l.Consigned = append(l.Consigned, Consigned{BatchID: k.BatchID, HouseholdID: k.HouseholdID, Units: n, PerUnit: k.PerUnit})
		}
	}
}

// ConsignedUnits returns the units of the line that batches of household
// supplied (the units a consignment credit is for).
func (l SaleLine) ConsignedUnits(household int64) int64 {
	var n int64
	for _, c := range l.Consigned {
		if c.HouseholdID == household {
			n += c.Units
		}
	}
	return n
}

// Batch checks a consignment batch: the units it counts sold are the
// units its sales were allocated, and no more than it received.
func (a *Audit) Batch(id, units, sold, allocated int64) {
	a.check.Batches++
	if sold != allocated {
		a.problem("consignment batch %d: counts %d units sold, but its sales were allocated %d", id, sold, allocated)
	}
	if allocated > units {
		a.problem("consignment batch %d: sold %d units of the %d it received", id, allocated, units)
	}
}
