package impact

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/money"
)

// Payouts. What a household has earned (supplier credits and dividends)
// stays on its ledger account until it is paid out: by bank transfer to
// the account on file, which the county admin of the household's county
// records with the bank's reference, or in cash at a service station
// serving the household's village, which the station's operator records
// with the receipt's reference. A payout never exceeds the balance: the
// check runs against the running balance inside the transaction that
// posts it.

// The payout methods.
const (
	Bank = "bank"
	Cash = "cash"
)

// PayoutRequest asks to pay a household.
type PayoutRequest struct {
	Household string // its code
	Amount    money.Fen
	Method    string // Bank or Cash
	// Reference identifies the transfer: the bank's transaction number, or
	// the number of the station's cash receipt. The same household,
	// method and reference make one payout: recording it again returns the
	// first (a different amount is a Conflict).
	Reference string
}

// Payout is a recorded transfer from a household's balance.
type Payout struct {
	ID          int64
	HouseholdID int64
	Household   string // its code
	Amount      money.Fen
	Method      string
	Reference   string
	OperatorID  int64 // who recorded it
	PointID     int64 // the station, for cash
	PaidAt      time.Time
	TxID        int64 // its ledger transaction
	// Earlier reports that the payout had been recorded before: this is
	// that payout, and nothing was paid now.
	Earlier bool
}

// PayOut records a payout from a household's balance. A bank payout may be
// recorded by the county admin of the household's county, and needs a
// bank account on file; a cash payout by the operator of a station that
// serves the household's village (the payout names the station). Others
// get Forbidden. A missing reference, an amount of zero or less, or more
// than the household's balance is Invalid.
func (s *Service) PayOut(ctx context.Context, by accounts.Actor, r PayoutRequest) (Payout, error) {
	r.Reference = strings.TrimSpace(r.Reference)
	if r.Method != Bank && r.Method != Cash {
		return Payout{}, errs.Field("method", "err.impact.payout_method", r.Method)
	}
	if r.Reference == "" || utf8.RuneCountInString(r.Reference) > 64 {
		return Payout{}, errs.Field("reference", "err.impact.payout_reference")
	}
	if r.Amount <= 0 {
		return Payout{}, errs.Field("amount", "err.impact.payout_amount")
	}
	h, err := s.Store.Household(ctx, r.Household)
	if err != nil {
		return Payout{}, err
	}
	p := Payout{HouseholdID: h.ID, Household: h.Code, Amount: r.Amount, Method: r.Method, Reference: r.Reference,
		OperatorID: by.ID, PaidAt: s.now()}
	switch {
	case by.System:
	case r.Method == Bank:
		if err := by.Require(by.Role == accounts.CountyAdmin && by.Administers(h.Village), "act.pay_household_bank"); err != nil {
			return Payout{}, err
		}
	default:
		_, pt, err := s.discloser(ctx, by)
		if err != nil {
			return Payout{}, err
		}
		if err := by.Require(pt != nil && pt.ServesRegion(h.Village), "act.pay_household_cash"); err != nil {
			return Payout{}, err
		}
		p.PointID = by.ServicePointID
	}
	if r.Method == Bank && strings.TrimSpace(h.BankAccount) == "" {
		return Payout{}, errs.Field("method", "err.impact.no_bank_account", h.Code)
	}
	return s.Store.RecordPayout(ctx, p)
}

// Payouts lists a household's payouts, newest first, to those who may see
// its statement.
func (s *Service) Payouts(ctx context.Context, by accounts.Actor, household string) ([]Payout, error) {
	h, err := s.Store.Household(ctx, household)
	if err != nil {
		return nil, err
	}
	if _, err := s.disclosure(ctx, by, h); err != nil {
		return nil, err
	}
	return s.Store.HouseholdPayouts(ctx, h.ID, time.Time{}, time.Time{})
}
