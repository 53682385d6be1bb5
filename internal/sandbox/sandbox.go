// Package sandbox serves the sandbox wallet's own pages: the pay page a
// buyer is sent to (a QR code to scan on a desktop, a button on a phone)
// and its pay action, which notifies the shop with a signed
// server-to-server request as a real wallet would. It is mounted under
// /sandbox/ in development deployments and tests; it never runs in the
// shop's own handlers.
package sandbox

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"html/template"
	"net/http"
	"strings"
	"time"

	qrcode "github.com/skip2/go-qrcode"

	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/payments"
	"maeul/internal/route"
)

// Handler is the sandbox wallet's web surface.
type Handler struct {
	Wallet *payments.Wallet
	// ReturnURL builds where the buyer goes after paying (the shop's
	// confirmation page for the payment reference).
	ReturnURL func(ref string) string
	// Wait is how long the pay action waits for the shop to acknowledge
	// the notification before sending the buyer back (a real wallet's
	// return page does the same); 5 seconds by default.
	Wait time.Duration
}

// Routes registers the sandbox's pages on mux.
func (h *Handler) Routes(mux route.Mux) {
	mux.HandleFunc("GET /sandbox/pay/{ref}", h.page)
	mux.HandleFunc("POST /sandbox/pay/{ref}", h.pay)
}

var pageTmpl = template.Must(template.New("pay").Parse(`<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sandbox Pay · 沙箱支付</title>
<style>
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;background:#1677ff;margin:0;color:#222}
.box{max-width:420px;margin:40px auto;background:#fff;border-radius:14px;padding:24px;text-align:center;box-shadow:0 8px 30px rgba(0,0,0,.2)}
.amount{font-size:2.2rem;font-weight:700;margin:8px 0}.muted{color:#777;font-size:.9rem}
button{font:inherit;font-size:1.1rem;background:#1677ff;color:#fff;border:0;border-radius:10px;padding:14px 20px;width:100%;cursor:pointer;margin-top:16px}
.qr{display:none}@media (min-width:760px){.qr{display:block}.qr img{margin:12px auto;width:220px;height:220px}}
</style></head><body><div class="box">
<p class="muted">Sandbox Wallet · 沙箱钱包 · 샌드박스 지갑</p>
<p>{{.Subject}}</p><p class="amount">¥{{.Yuan}}</p>
<div class="qr"><img alt="QR code to pay on a phone" src="data:image/png;base64,{{.QR}}"><p class="muted">Scan with your phone · 手机扫码支付</p></div>
<form method="post" action=""><button type="submit">Pay ¥{{.Yuan}} · 确认支付 · 결제</button></form>
<p class="muted">{{.Ref}}</p></div></body></html>`))

func (h *Handler) page(w http.ResponseWriter, r *http.Request) {
	p, err := h.Wallet.OpenLink(r.PathValue("ref"), r.URL.Query())
	if err != nil {
		refuse(w, r, err)
		return
	}
	png, _ := qrcode.Encode(absURL(r), qrcode.Medium, 256)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	pageTmpl.Execute(w, map[string]any{
		"Subject": p.Subject, "Yuan": strings.TrimPrefix(p.Amount.String(), "¥"), "Ref": p.Ref,
		"QR": base64.StdEncoding.EncodeToString(png),
	})
}

// refuse answers a pay link the wallet refuses, in the language the
// browser asks for, as the wallet's own plain page.
func refuse(w http.ResponseWriter, r *http.Request, err error) {
	msg := errs.MessageIn(err, i18n.Embedded(), i18n.Match(r.Header.Get("Accept-Language")))
	http.Error(w, msg, errs.CodeOf(err).HTTPStatus())
}

func absURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + r.URL.RequestURI()
}

// pay is the buyer pressing Pay: the wallet notifies the shop in the
// background and, once the shop has acknowledged (or Wait has passed),
// sends the buyer back to the shop — or, for an API client asking for
// JSON, answers with the notice.
func (h *Handler) pay(w http.ResponseWriter, r *http.Request) {
	p, err := h.Wallet.OpenLink(r.PathValue("ref"), r.URL.Query())
	if err != nil {
		refuse(w, r, err)
		return
	}
	n := h.Wallet.Pay(p)
	wait := h.Wait
	if wait == 0 {
		wait = 5 * time.Second
	}
	done := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), wait)
		defer cancel()
		done <- h.Wallet.Notify(ctx, n)
	}()
	var notifyErr error
	select {
	case notifyErr = <-done:
	case <-time.After(wait):
		notifyErr = context.DeadlineExceeded
	}
	if notifyErr != nil {
		// The shop will hear of it again: retry in the background.
		h.Wallet.NotifyAsync(n)
	}
	if strings.Contains(r.Header.Get("Accept"), "application/json") {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"notice": n, "delivered": notifyErr == nil})
		return
	}
	http.Redirect(w, r, h.ReturnURL(p.Ref), http.StatusSeeOther)
}
