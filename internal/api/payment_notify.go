package api

import (
	"io"
	"net/http"
	"time"

	"maeul/internal/errs"
	"maeul/internal/payments"
)

// paymentNotify receives the sandbox wallet's server-to-server
// notification. Forged signatures, stale timestamps, replayed nonces and
// amounts that differ from the payment are refused and logged; a genuine
// notice delivered twice, or after another has settled the payment,
// changes nothing and is acknowledged so that the wallet stops retrying.
// A genuine notice for a checkout that has closed is acknowledged too: the
// payment is recorded as paid late and refunded.
func (h *Handler) paymentNotify(w http.ResponseWriter, r *http.Request) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 64<<10))
	if err != nil {
		return errs.E(errs.Invalid, "err.payments.body_too_large")
	}
	now := time.Now()
	if h.Now != nil {
		now = h.Now()
	}
	v, err := payments.Verify(h.SandboxSecret, r.Header, body, now)
	if err != nil {
		h.Logger.Warn("payment notification refused", "reason", errs.MessageOf(err), "remote", r.RemoteAddr)
		return err
	}
	c, err := h.Orders.Notified(r.Context(), v)
	if err != nil {
		if c := errs.CodeOf(err); c != errs.Internal {
			h.Logger.Warn("payment notification refused", "ref", v.Ref, "nonce", v.Nonce, "reason", errs.MessageOf(err))
		}
		return err
	}
	if c.Late && c.Changed {
		h.Logger.Warn("payment after its checkout closed: recorded and refunded", "ref", v.Ref, "trade_no", v.TradeNo, "refunds", len(c.Refunds))
	} else {
		h.Logger.Info("payment notification", "ref", v.Ref, "trade_no", v.TradeNo, "changed", c.Changed)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"ok": true, "changed": c.Changed, "late": c.Late})
}
