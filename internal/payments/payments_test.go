package payments_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"maeul/internal/errs"
	"maeul/internal/money"
	"maeul/internal/payments"
)

var secret = []byte("sandbox-test-secret")

// signed returns the headers the wallet sends with body at time at.
func signed(key []byte, at time.Time, nonce string, body []byte) http.Header {
	ts := strconv.FormatInt(at.Unix(), 10)
	h := http.Header{}
	h.Set(payments.HeaderTimestamp, ts)
	h.Set(payments.HeaderNonce, nonce)
	h.Set(payments.HeaderSignature, payments.Sign(key, ts, nonce, body))
	return h
}

func TestVerify(t *testing.T) {
	now := time.Date(2026, 11, 29, 3, 0, 0, 0, time.UTC)
	notice := payments.Notice{Ref: "MP00AA", TradeNo: "SBX1", AmountFen: 2480, Status: "TRADE_SUCCESS"}
	body, _ := json.Marshal(notice)
	tests := []struct {
		name     string
		header   func() http.Header
		body     []byte
		wantCode errs.Code // "" for accepted
		reason   string
	}{
		{"genuine", func() http.Header { return signed(secret, now, "n1", body) }, body, "", ""},
		{"genuine, signature in upper case", func() http.Header {
			h := signed(secret, now, "n1", body)
			h.Set(payments.HeaderSignature, strings.ToUpper(h.Get(payments.HeaderSignature)))
			return h
		}, body, "", ""},
		{"a minute late is fine", func() http.Header { return signed(secret, now.Add(-time.Minute), "n1", body) }, body, "", ""},
		{"forged: another key", func() http.Header { return signed([]byte("not-the-secret"), now, "n1", body) }, body, errs.Unauthorized, "err.payments.forged"},
		{"forged: amount changed after signing", func() http.Header { return signed(secret, now, "n1", body) },
			[]byte(strings.Replace(string(body), "2480", "1", 1)), errs.Unauthorized, "err.payments.forged"},
		{"forged: nonce changed after signing", func() http.Header {
			h := signed(secret, now, "n1", body)
			h.Set(payments.HeaderNonce, "n2")
			return h
		}, body, errs.Unauthorized, "err.payments.forged"},
		{"stale: six minutes old", func() http.Header { return signed(secret, now.Add(-6*time.Minute), "n1", body) }, body, errs.Unauthorized, "err.payments.stale"},
		{"stale: six minutes ahead", func() http.Header { return signed(secret, now.Add(6*time.Minute), "n1", body) }, body, errs.Unauthorized, "err.payments.stale"},
		{"no nonce", func() http.Header {
			h := signed(secret, now, "n1", body)
			h.Del(payments.HeaderNonce)
			return h
		}, body, errs.Unauthorized, "err.payments.unsigned"},
		{"no signature", func() http.Header {
			h := signed(secret, now, "n1", body)
			h.Del(payments.HeaderSignature)
			return h
		}, body, errs.Unauthorized, "err.payments.unsigned"},
		{"timestamp not a number", func() http.Header {
			h := signed(secret, now, "n1", body)
			h.Set(payments.HeaderTimestamp, "yesterday")
			return h
		}, body, errs.Invalid, "err.payments.timestamp"},
		{"signed, but not a notice", func() http.Header { return signed(secret, now, "n1", []byte(`{"hello":1}`)) },
			[]byte(`{"hello":1}`), errs.Invalid, "err.payments.not_a_notice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := payments.Verify(secret, tt.header(), tt.body, now)
			if tt.wantCode == "" {
				if err != nil {
					t.Fatalf("Verify: %v, want accepted", err)
				}
				if diff := cmp.Diff(notice, v.Notice); diff != "" {
					t.Errorf("notice (-want +got):\n%s", diff)
				}
				if v.Nonce != "n1" {
					t.Errorf("nonce = %q, want n1", v.Nonce)
				}
				return
			}
			if got := errs.CodeOf(err); got != tt.wantCode || !errs.HasReason(err, tt.reason) {
				t.Errorf("Verify = %v (%s), want %s for %s", err, got, tt.wantCode, tt.reason)
			}
		})
	}
}

func TestPayLink(t *testing.T) {
	w := &payments.Wallet{Secret: secret, Base: "https://wallet.test/pay/"}
	p := payments.Payment{Ref: "MP0011", Amount: 12345, Subject: "maeul 주문 7"}
	link := w.PayURL(p)
	if !strings.HasPrefix(link, "https://wallet.test/pay/MP0011?") {
		t.Fatalf("PayURL = %q", link)
	}
	q := func(s string) (string, url.Values) {
		i := strings.IndexByte(s, '?')
		v, err := url.ParseQuery(s[i+1:])
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimPrefix(s[:i], "https://wallet.test/pay/"), v
	}
	ref, v := q(link)
	got, err := w.OpenLink(ref, v)
	if err != nil {
		t.Fatalf("OpenLink of its own link: %v", err)
	}
	if diff := cmp.Diff(p, got); diff != "" {
		t.Errorf("payment (-want +got):\n%s", diff)
	}
	tampered := []struct {
		name string
		edit func(ref string, v url.Values) string
	}{
		{"cheaper", func(ref string, v url.Values) string { v["amount"] = []string{"1"}; return ref }},
		{"another payment", func(ref string, v url.Values) string { return "MP0012" }},
		{"another subject", func(ref string, v url.Values) string { v["subject"] = []string{"x"}; return ref }},
		{"no signature", func(ref string, v url.Values) string { delete(v, "sig"); return ref }},
	}
	for _, tt := range tampered {
		ref, v := q(link)
		ref = tt.edit(ref, v)
		if _, err := w.OpenLink(ref, v); errs.CodeOf(err) != errs.Unauthorized {
			t.Errorf("%s: OpenLink = %v, want Unauthorized", tt.name, err)
		}
	}
	other := &payments.Wallet{Secret: []byte("other"), Base: w.Base}
	ref, v = q(link)
	if _, err := other.OpenLink(ref, v); errs.CodeOf(err) != errs.Unauthorized {
		t.Errorf("a wallet with another secret accepted the link: %v", err)
	}
}

func TestRefundReferences(t *testing.T) {
	w := &payments.Wallet{Secret: secret}
	sp := &payments.SandboxProvider{Wallet: w}
	p := payments.Payment{Ref: "MP0011", Amount: 5000}
	a, err := sp.Refund(context.Background(), p, "r1", 1200)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := sp.Refund(context.Background(), p, "r1", 1200)
	other, _ := sp.Refund(context.Background(), p, "r2", 1200)
	if a.ProviderRef == "" || a != again {
		t.Errorf("retrying refund r1 gave %q then %q, want the same reference", a.ProviderRef, again.ProviderRef)
	}
	if other == a {
		t.Errorf("refunds r1 and r2 share the reference %q", a.ProviderRef)
	}
	for _, amount := range []money.Fen{0, -5} {
		if _, err := sp.Refund(context.Background(), p, "r3", amount); errs.CodeOf(err) != errs.Invalid {
			t.Errorf("refund of %d: %v, want Invalid", amount, err)
		}
	}
	if cash, _ := (payments.Cash{}).Refund(context.Background(), p, "r1", 100); cash.ProviderRef != "cash-r1" {
		t.Errorf("cash refund reference = %q, want cash-r1", cash.ProviderRef)
	}
	tn, tnAgain, tnOther := w.TradeNo("MP0011"), w.TradeNo("MP0011"), w.TradeNo("MP0012")
	if tn != tnAgain || tn == tnOther {
		t.Error("trade numbers must be one per payment reference")
	}
}

func TestParseMethod(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want payments.Method
		ok   bool
	}{{"sandbox", payments.Sandbox, true}, {" station_cash ", payments.StationCash, true}, {"alipay", "", false}, {"", "", false}} {
		got, err := payments.ParseMethod(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("ParseMethod(%q) = %q, %v; want %q, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
	seen := map[string]bool{}
	for range 1000 {
		r := payments.NewRef()
		if len(r) != 26 || !strings.HasPrefix(r, "MP") || seen[r] {
			t.Fatalf("NewRef = %q (seen before: %v)", r, seen[r])
		}
		seen[r] = true
	}
}

// TestNotifyOverHTTP sends notices to a real HTTP shop that verifies them
// as the shop's handler does, and checks the retries of NotifyAsync.
func TestNotifyOverHTTP(t *testing.T) {
	var calls, fail atomic.Int32
	got := make(chan payments.Verified, 10)
	shop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if fail.Load() > 0 {
			fail.Add(-1)
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		body, _ := io.ReadAll(r.Body)
		v, err := payments.Verify(secret, r.Header, body, time.Now())
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		got <- v
	}))
	defer shop.Close()
	w := &payments.Wallet{Secret: secret, NotifyURL: shop.URL, Client: shop.Client()}
	n := w.Pay(payments.Payment{Ref: "MP0099", Amount: 880})
	if err := w.Notify(context.Background(), n); err != nil {
		t.Fatalf("Notify: %v", err)
	}
	first := <-got
	if first.Notice != n || first.AmountFen != 880 || first.Status != "TRADE_SUCCESS" {
		t.Errorf("the shop received %+v, want %+v", first.Notice, n)
	}

	// A wallet signing with the wrong secret is refused, and says so.
	bad := &payments.Wallet{Secret: []byte("wrong"), NotifyURL: shop.URL, Client: shop.Client()}
	if err := bad.Notify(context.Background(), n); err == nil || !strings.Contains(err.Error(), "401") {
		t.Errorf("Notify with a wrong secret = %v, want the shop's 401", err)
	}

	// NotifyAsync retries until the shop takes it, each time with a new
	// nonce.
	fail.Store(2)
	before := calls.Load()
	w.NotifyAsync(n)
	select {
	case v := <-got:
		if v.Nonce == first.Nonce {
			t.Error("the retried notice reused the first notice's nonce")
		}
		if c := calls.Load() - before; c != 3 {
			t.Errorf("delivered after %d calls, want 3 (two refused)", c)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("NotifyAsync never delivered after the shop recovered")
	}
}

// TestPayLinkExpires checks that the wallet's pay page refuses a link
// past the checkout's deadline, and that the deadline cannot be moved by
// editing the link.
func TestPayLinkExpires(t *testing.T) {
	now := time.Date(2026, 11, 11, 10, 0, 0, 0, time.UTC)
	w := &payments.Wallet{Secret: []byte("test secret"), Base: "/sandbox/pay/", Now: func() time.Time { return now }}
	p := payments.Payment{Ref: "MP1", Amount: 990, Subject: "maeul #1", Expires: now.Add(15 * time.Minute)}
	link, err := url.Parse(w.PayURL(p))
	if err != nil {
		t.Fatal(err)
	}
	q := link.Query()
	if got, err := w.OpenLink("MP1", q); err != nil || got.Amount != 990 || !got.Expires.Equal(p.Expires) {
		t.Errorf("OpenLink before the deadline = %+v, %v", got, err)
	}
	now = now.Add(15 * time.Minute)
	if _, err := w.OpenLink("MP1", q); !errs.HasReason(err, "err.payments.link_expired") {
		t.Errorf("OpenLink at the deadline: %v, want err.payments.link_expired", err)
	}
	q.Set("expires", "9999999999")
	if _, err := w.OpenLink("MP1", q); !errs.Is(err, errs.Unauthorized) {
		t.Errorf("OpenLink with a later deadline written in: %v, want unauthorized", err)
	}
}

// TestDeliverOutlastsAnOutage checks that the wallet keeps delivering a
// notice while the shop cannot take it (its database is down: 503s, then
// no answer at all), until it does, and that it stops at once when the
// shop refuses the notice for good.
func TestDeliverOutlastsAnOutage(t *testing.T) {
	var calls atomic.Int64
	var refuse atomic.Int64 // the status the shop answers, 0 for 200
	shop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		switch {
		case refuse.Load() != 0:
			w.WriteHeader(int(refuse.Load()))
		case n <= 5:
			w.WriteHeader(http.StatusServiceUnavailable)
		case n <= 8:
			panic(http.ErrAbortHandler) // the connection drops
		default:
			w.Write([]byte(`{"ok":true}`))
		}
	}))
	defer shop.Close()
	w := &payments.Wallet{Secret: secret, NotifyURL: shop.URL, RetryFor: time.Hour, MaxDelay: 20 * time.Millisecond}
	n := w.Pay(payments.Payment{Ref: "MP1", Amount: 990})
	if err := w.Deliver(n); err != nil {
		t.Fatalf("Deliver: %v", err)
	}
	if got := calls.Load(); got != 9 {
		t.Errorf("the shop was called %d times, want 9 (5 unavailable, 3 dropped, 1 taken)", got)
	}

	calls.Store(0)
	refuse.Store(http.StatusUnprocessableEntity)
	err := w.Deliver(n)
	var answer *payments.ShopAnswer
	if !errors.As(err, &answer) || answer.Status != http.StatusUnprocessableEntity || calls.Load() != 1 {
		t.Errorf("Deliver to a shop that refuses for good: %v after %d calls; want its 422 after 1", err, calls.Load())
	}
}

func TestShopAnswerFinal(t *testing.T) {
	for status, want := range map[int]bool{400: true, 401: true, 409: true, 422: true, 408: false, 429: false, 500: false, 503: false} {
		if got := (&payments.ShopAnswer{Status: status}).Final(); got != want {
			t.Errorf("ShopAnswer{%d}.Final() = %v, want %v", status, got, want)
		}
	}
}
