package payments

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"maeul/internal/errs"
	"maeul/internal/money"
)

// The sandbox's notification headers.
const (
	HeaderTimestamp = "X-Sandbox-Timestamp"
	HeaderNonce     = "X-Sandbox-Nonce"
	HeaderSignature = "X-Sandbox-Signature"
)

// MaxSkew is how far a notification's timestamp may be from our clock.
const MaxSkew = 5 * time.Minute

// Notice is the body of a sandbox notification.
type Notice struct {
	Ref       string `json:"out_trade_no"`
	TradeNo   string `json:"trade_no"`
	AmountFen int64  `json:"total_fen"`
	Status    string `json:"trade_status"` // TRADE_SUCCESS or TRADE_CLOSED
}

// Sign returns the hex HMAC-SHA256 of timestamp, nonce and body joined by
// newlines, the sandbox's signature.
func Sign(secret []byte, timestamp, nonce string, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(timestamp))
	m.Write([]byte{'\n'})
	m.Write([]byte(nonce))
	m.Write([]byte{'\n'})
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// Verified is a notification whose signature and freshness were checked;
// the caller still checks the nonce was not seen before and the amount.
type Verified struct {
	Notice
	Nonce string
	At    time.Time
}

// Verify checks a sandbox notification: a well-formed timestamp within
// MaxSkew of now, a nonce, a signature that matches (compared in constant
// time) and a JSON body. Any failure is an Unauthorized error (forged or
// stale) or an Invalid one (malformed), whose message says which.
func Verify(secret []byte, h http.Header, body []byte, now time.Time) (Verified, error) {
	ts, nonce, sig := h.Get(HeaderTimestamp), h.Get(HeaderNonce), h.Get(HeaderSignature)
	if ts == "" || nonce == "" || sig == "" {
		return Verified{}, errs.E(errs.Unauthorized, "err.payments.unsigned")
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return Verified{}, errs.E(errs.Invalid, "err.payments.timestamp", ts)
	}
	at := time.Unix(sec, 0)
	if d := now.Sub(at); d > MaxSkew || d < -MaxSkew {
		return Verified{}, errs.E(errs.Unauthorized, "err.payments.stale", at.UTC().Format(time.RFC3339), d.Round(time.Second).String())
	}
	want := Sign(secret, ts, nonce, body)
	if !hmac.Equal([]byte(want), []byte(strings.ToLower(sig))) {
		return Verified{}, errs.E(errs.Unauthorized, "err.payments.forged")
	}
	var n Notice
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&n); err != nil || n.Ref == "" {
		return Verified{}, errs.E(errs.Invalid, "err.payments.not_a_notice")
	}
	return Verified{Notice: n, Nonce: nonce, At: at}, nil
}

// SandboxProvider is the sandbox wallet as seen from the shop: Begin sends
// the buyer to the sandbox's pay page; refunds are calls to it.
type SandboxProvider struct {
	Wallet *Wallet
}

// Method returns Sandbox.
func (s *SandboxProvider) Method() Method { return Sandbox }

// Begin returns the wallet's pay page for p.
func (s *SandboxProvider) Begin(ctx context.Context, p Payment) (Start, error) {
	return Start{RedirectURL: s.Wallet.PayURL(p)}, nil
}

// Refund asks the wallet to return amount; it refunds once per refundID.
func (s *SandboxProvider) Refund(ctx context.Context, p Payment, refundID string, amount money.Fen) (RefundResult, error) {
	ref, err := s.Wallet.Refund(p.Ref, refundID, amount)
	if err != nil {
		return RefundResult{}, err
	}
	return RefundResult{ProviderRef: ref}, nil
}

// Wallet plays the payment company. It keeps no state of its own, so that
// several shop servers can share it: its pay links carry the payment, its
// deadline and a signature, trade numbers and refund references derive
// from the payment and refund ids, and notices go out as signed
// server-to-server requests, retried as real wallets do until the shop
// takes them.
type Wallet struct {
	Secret []byte
	// Base is where the pay page is served ("/sandbox/pay/" on the shop's
	// own server in development).
	Base      string
	NotifyURL string
	Client    *http.Client
	Logger    *slog.Logger
	Now       func() time.Time
	// RetryFor is how long a notice the shop has not taken is retried
	// (15 minutes when 0): at least the pay window, so that a database
	// outage of minutes loses no payment.
	RetryFor time.Duration
	// MaxDelay bounds the pause between retries (30 seconds when 0).
	MaxDelay time.Duration
}

// PayURL returns the signed link to the pay page of p.
func (w *Wallet) PayURL(p Payment) string {
	q := url.Values{"amount": {strconv.FormatInt(int64(p.Amount), 10)}, "subject": {p.Subject}}
	if !p.Expires.IsZero() {
		q.Set("expires", strconv.FormatInt(p.Expires.Unix(), 10))
	}
	q.Set("sig", w.linkSig(p.Ref, q.Get("amount"), p.Subject, q.Get("expires")))
	return w.Base + url.PathEscape(p.Ref) + "?" + q.Encode()
}

func (w *Wallet) linkSig(ref, amount, subject, expires string) string {
	msg := amount + "\n" + subject
	if expires != "" {
		msg += "\n" + expires
	}
	return Sign(w.Secret, "link", ref, []byte(msg))[:32]
}

// OpenLink checks a pay link's signature and deadline and returns its
// payment: a tampered link is Unauthorized, one past its deadline a
// Conflict (the shop has closed the checkout, or is about to).
func (w *Wallet) OpenLink(ref string, q url.Values) (Payment, error) {
	amount, subject, expires := q.Get("amount"), q.Get("subject"), q.Get("expires")
	if !hmac.Equal([]byte(q.Get("sig")), []byte(w.linkSig(ref, amount, subject, expires))) {
		return Payment{}, errs.E(errs.Unauthorized, "err.payments.link_tampered")
	}
	n, err := strconv.ParseInt(amount, 10, 64)
	if err != nil {
		return Payment{}, errs.E(errs.Invalid, "err.payments.link_amount")
	}
	p := Payment{Ref: ref, Amount: money.Fen(n), Subject: subject}
	if expires != "" {
		sec, err := strconv.ParseInt(expires, 10, 64)
		if err != nil {
			return Payment{}, errs.E(errs.Invalid, "err.payments.link_amount")
		}
		p.Expires = time.Unix(sec, 0)
		if !w.now().Before(p.Expires) {
			return Payment{}, errs.E(errs.Conflict, "err.payments.link_expired")
		}
	}
	return p, nil
}

// TradeNo is the wallet's transaction number for a payment reference.
func (w *Wallet) TradeNo(ref string) string {
	return "SBX" + strings.ToUpper(Sign(w.Secret, "trade", ref, nil)[:20])
}

// Pay returns the notice of a successful payment of p.
func (w *Wallet) Pay(p Payment) Notice {
	return Notice{Ref: p.Ref, TradeNo: w.TradeNo(p.Ref), AmountFen: int64(p.Amount), Status: "TRADE_SUCCESS"}
}

// Refund returns the wallet's reference for refunding amount of ref under
// refundID; the same refundID always gives the same reference, so a
// retried refund is paid once.
func (w *Wallet) Refund(ref, refundID string, amount money.Fen) (string, error) {
	if amount <= 0 {
		return "", errs.E(errs.Invalid, "err.payments.refund_amount", amount)
	}
	return "SBXR" + strings.ToUpper(Sign(w.Secret, "refund", ref+"/"+refundID, nil)[:20]), nil
}

func (w *Wallet) now() time.Time {
	if w.Now == nil {
		return time.Now()
	}
	return w.Now()
}

// Notify sends a signed notice to the shop and returns the shop's answer.
func (w *Wallet) Notify(ctx context.Context, n Notice) error {
	body, _ := json.Marshal(n)
	ts := strconv.FormatInt(w.now().Unix(), 10)
	nonce := NewRef()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.NotifyURL, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(HeaderTimestamp, ts)
	req.Header.Set(HeaderNonce, nonce)
	req.Header.Set(HeaderSignature, Sign(w.Secret, ts, nonce, body))
	client := w.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
	if resp.StatusCode/100 != 2 {
		return &ShopAnswer{Status: resp.StatusCode, Body: string(bytes.TrimSpace(b))}
	}
	return nil
}

// ShopAnswer is the shop's refusal of a notice.
type ShopAnswer struct {
	Status int
	Body   string
}

func (e *ShopAnswer) Error() string {
	return fmt.Sprintf("payments: the shop answered %d: %s", e.Status, e.Body)
}

// Final reports whether the shop refused the notice for good (a 4xx other
// than 408 and 429): retrying the same notice cannot change the answer.
func (e *ShopAnswer) Final() bool {
	return e.Status/100 == 4 && e.Status != http.StatusRequestTimeout && e.Status != http.StatusTooManyRequests
}

// NotifyAsync delivers a notice in the background (Deliver); failures
// are logged.
func (w *Wallet) NotifyAsync(n Notice) {
	go w.Deliver(n)
}

// Deliver sends a notice until the shop takes it, as real wallets do:
// after a failure it waits, doubling the pause from 100 ms up to MaxDelay,
// and tries again for RetryFor. It gives up early only when the shop
// refuses the notice for good (ShopAnswer.Final), and returns the last
// failure when it gives up.
func (w *Wallet) Deliver(n Notice) error {
	retryFor, maxDelay := w.RetryFor, w.MaxDelay
	if retryFor <= 0 {
		retryFor = 15 * time.Minute
	}
	if maxDelay <= 0 {
		maxDelay = 30 * time.Second
	}
	// Real time, not w.Now: a test's clock may stand still.
	deadline := time.Now().Add(retryFor)
	delay := 100 * time.Millisecond
	for attempt := 1; ; attempt++ {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		err := w.Notify(ctx, n)
		cancel()
		if err == nil {
			return nil
		}
		left := time.Until(deadline)
		var answer *ShopAnswer
		if left <= 0 || errors.As(err, &answer) && answer.Final() {
			if w.Logger != nil {
				w.Logger.Error("sandbox notification given up", "ref", n.Ref, "attempts", attempt, "err", err)
			}
			return err
		}
		if w.Logger != nil {
			w.Logger.Warn("sandbox notification failed", "ref", n.Ref, "attempt", attempt, "err", err)
		}
		time.Sleep(min(delay, left))
		delay = min(2*delay, maxDelay)
	}
}
