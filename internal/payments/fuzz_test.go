package payments

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"maeul/internal/errs"
)

// FuzzVerify: a notification's signature check and parser never panic;
// anything they refuse is refused as forged, stale or malformed, never as
// an internal error; only a body signed with the secret is accepted, and
// then it is a notice with a reference.
func FuzzVerify(f *testing.F) {
	secret := []byte("fuzz-secret")
	now := time.Unix(1_800_000_000, 0)
	ts := strconv.FormatInt(now.Unix(), 10)
	for _, body := range []string{
		`{"out_trade_no":"r1","trade_no":"t1","total_fen":4990,"trade_status":"TRADE_SUCCESS"}`,
		`{"out_trade_no":"","total_fen":1}`, `{"out_trade_no":"r1"} {}`, `{"x":1}`, `[]`, ``, `{"out_trade_no":"r1","total_fen":1e99}`,
	} {
		f.Add(ts, "n1", Sign(secret, ts, "n1", []byte(body)), []byte(body), true)
		f.Add(ts, "n1", "00", []byte(body), false)
	}
	f.Add("abc", "n", "sig", []byte("{}"), false)
	f.Add("-9223372036854775808", "n", "sig", []byte("{}"), false)
	f.Fuzz(func(t *testing.T, timestamp, nonce, sig string, body []byte, signed bool) {
		if signed {
			sig = Sign(secret, timestamp, nonce, body)
		}
		h := http.Header{}
		h.Set(HeaderTimestamp, timestamp)
		h.Set(HeaderNonce, nonce)
		h.Set(HeaderSignature, sig)
		v, err := Verify(secret, h, body, now)
		if err != nil {
			if c := errs.CodeOf(err); c != errs.Unauthorized && c != errs.Invalid {
				t.Fatalf("Verify: %v (code %s), want unauthorized or invalid", err, c)
			}
			return
		}
		if !signed && sig != Sign(secret, timestamp, nonce, body) {
			t.Fatalf("Verify accepted signature %q for %q", sig, body)
		}
		if v.Ref == "" || v.Nonce != nonce {
			t.Fatalf("Verify accepted %q as %+v", body, v)
		}
	})
}
