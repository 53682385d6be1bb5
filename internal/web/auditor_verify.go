package web

import (
	"net/http"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/impact"
)

// verifyData is the result of checking the whole ledger.
type verifyData struct {
	Check   impact.LedgerCheck
	At      time.Time
	Elapsed time.Duration
}

// auditorVerify checks the whole ledger, as `maeul verify` does — the hash
// chain entry by entry, that every transaction balances, the running
// balances, every paid line and refund posted — and shows what it found.
// It reads every entry, so it runs when asked for, on its own page.
func (h *Handler) auditorVerify(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	at, start := h.Now(), time.Now()
	c, err := h.Impact.CheckLedger(ctx, accounts.ActorFrom(ctx), h.Ledger)
	if err != nil {
		return err
	}
	d := verifyData{Check: c, At: at, Elapsed: time.Since(start).Round(time.Millisecond)}
	l := langFrom(r)
	w.Header().Set("Cache-Control", "no-store")
	return h.render(w, r, http.StatusOK, "auditor_verify", page{Title: h.cat.T(l, "ledger.verify.title"), NavArea: "ledger", Data: d})
}
