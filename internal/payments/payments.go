// Package payments holds how buyers pay: the Provider interface every
// payment method implements, cash paid at a service station, and the
// sandbox wallet that behaves like the mobile wallets used in China
// (redirect to a pay page, an asynchronous server-to-server notification
// signed with HMAC-SHA256, refunds through the provider).
package payments

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"maeul/internal/errs"
	"maeul/internal/money"
)

// Method names a way of paying.
type Method string

// The methods.
const (
	// StationCash is cash paid at the pick-up station before the order
	// ships (or at once, when an operator buys for a villager).
	StationCash Method = "station_cash"
	// PickupCash is cash paid when the buyer collects the parcel at the
	// pick-up station: the seller ships the order unpaid, and the operator
	// takes the cash as the parcel is handed over against its pick-up code.
	PickupCash Method = "pickup_cash"
	Sandbox    Method = "sandbox"
)

// Cash reports whether m is paid in cash at a station (before shipping or
// on pick-up).
func (m Method) Cash() bool { return m == StationCash || m == PickupCash }

// Status is where a payment stands.
type Status string

// The statuses: a payment is pending until it is paid, or until its
// checkout is cancelled by the buyer or expires unpaid. A genuine payment
// reported for an expired or cancelled one is paid late, and refunded.
const (
	Pending   Status = "pending"
	Paid      Status = "paid"
	Expired   Status = "expired"
	Cancelled Status = "cancelled"
	PaidLate  Status = "paid_late"
)

// Closed reports whether a payment of status may no longer be paid: its
// checkout expired or was cancelled.
func (s Status) Closed() bool { return s == Expired || s == Cancelled }

// ParseMethod returns the method named s, or an Invalid error.
func ParseMethod(s string) (Method, error) {
	switch m := Method(strings.TrimSpace(s)); m {
	case StationCash, PickupCash, Sandbox:
		return m, nil
	}
	return "", errs.Field("payment", "err.payments.unknown_method", s)
}

// Payment is what a provider needs to know of a payment.
type Payment struct {
	Ref     string // our reference, unique per checkout group
	Amount  money.Fen
	Subject string // shown on the pay page ("maeul order 123")
	// Expires is when the payment may no longer be made (zero: no
	// limit); the wallet's pay page refuses it afterwards.
	Expires time.Time
}

// Start tells the buyer how to pay: a URL to send the browser to (the
// wallet's pay page), or an instruction (pay cash at a station).
type Start struct {
	RedirectURL string
}

// RefundResult is the provider's answer to a refund.
type RefundResult struct {
	ProviderRef string
}

// Provider is a payment method.
type Provider interface {
	Method() Method
	// Begin starts paying p and tells where the buyer goes next.
	Begin(ctx context.Context, p Payment) (Start, error)
	// Refund returns amount of a paid payment to the buyer; refundID makes
	// retries safe (the provider refunds once per id).
	Refund(ctx context.Context, p Payment, refundID string, amount money.Fen) (RefundResult, error)
}

// NewRef returns a fresh payment reference: "MP" and 24 hex digits.
func NewRef() string {
	b := make([]byte, 12)
	rand.Read(b)
	return "MP" + strings.ToUpper(hex.EncodeToString(b))
}

// Cash is the station-cash provider: the buyer pays at the pick-up point,
// whose operator confirms the payment; refunds are paid back in cash there
// and recorded.
type Cash struct{}

// Method returns StationCash.
func (Cash) Method() Method { return StationCash }

// Begin needs no redirect: the confirmation page tells the buyer where to
// pay.
func (Cash) Begin(ctx context.Context, p Payment) (Start, error) { return Start{}, nil }

// Refund records a cash refund handed over at the station.
func (Cash) Refund(ctx context.Context, p Payment, refundID string, amount money.Fen) (RefundResult, error) {
	return RefundResult{ProviderRef: "cash-" + refundID}, nil
}

// CashOnPickup is the cash-on-pick-up provider: the buyer pays the
// operator of the pick-up station when collecting the parcel, and the
// hand-over records the payment; refunds are paid back in cash there, as
// for Cash.
type CashOnPickup struct{ Cash }

// Method returns PickupCash.
func (CashOnPickup) Method() Method { return PickupCash }

// Record is a stored payment of a checkout group.
type Record struct {
	ID          int64
	GroupID     int64
	Method      Method
	Amount      money.Fen
	Status      Status
	Ref         string
	PointID     int64 // station cash: where the buyer pays
	TradeNo     string
	PaidAt      time.Time
	ConfirmedBy int64
	CreatedAt   time.Time
	// ExpiresAt is when the payment window closes (zero: unknown, for
	// payments made before it was kept).
	ExpiresAt time.Time
}

// Payable reports whether the buyer may still pay r at now: it is
// pending and its window has not closed.
func (r Record) Payable(now time.Time) bool {
	return r.Status == Pending && (r.ExpiresAt.IsZero() || now.Before(r.ExpiresAt))
}

// Payment is what a provider is told of r.
func (r Record) Payment() Payment {
	return Payment{Ref: r.Ref, Amount: r.Amount, Subject: fmt.Sprintf("maeul #%d", r.GroupID), Expires: r.ExpiresAt}
}

// Confirmation is a payment reported paid: by a provider's notification
// (with its nonce, which may be used once) or by a station operator.
type Confirmation struct {
	Ref     string
	TradeNo string
	Amount  money.Fen
	ActorID int64  // the operator; 0 for a provider
	Nonce   string // the notification's nonce; "" for an operator
	At      time.Time
}
