package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// FlashSaleOptions configure a flash-sale load run.
type FlashSaleOptions struct {
	// Buyers is how many buyers shop at once; buyer i uses server
	// i mod len(servers).
	Buyers int
	// MaxQty is the most units one purchase asks for: each asks for 1 to
	// MaxQty (1 when 0), within what the shopper may still buy.
	MaxQty int
	// Devices is how many buyers shop for each shopper at once (1 when 0),
	// sharing its cart and its limit like one person's phone and laptop.
	Devices int
	// Overreach makes buyers ignore what their shopper may still buy, and
	// ask once more after reaching the limit, so that the per-buyer limit
	// is put to the test.
	Overreach bool
	// RefusalDuration is how long refused attempts are measured once the
	// sale has sold out; 0 skips the measurement.
	RefusalDuration time.Duration
	// Timeout bounds the sale (5 minutes when 0).
	Timeout time.Duration
	// SaleOver, when set, is called when the sale is over, before the
	// refusals are measured (to stop a profile, say).
	SaleOver func()
	// Client sends the requests; one with keep-alive connections for
	// every buyer when nil.
	Client *http.Client
}

// Latencies summarize a set of durations.
type Latencies struct {
	N             int
	P50, P99, Max time.Duration
}

func latencies(d []time.Duration) Latencies {
	l := Latencies{N: len(d)}
	l.P50, l.P99, l.Max = percentiles(d)
	return l
}

func (l Latencies) String() string {
	return fmt.Sprintf("p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms  (n=%d)", ms(l.P50), ms(l.P99), ms(l.Max), l.N)
}

// FlashSaleResult is what the buyers saw of a flash sale. What was really
// sold is counted from the database by AuditFlashSale.
type FlashSaleResult struct {
	Buyers, Servers int
	// Paid counts purchases that ended with the checkout paid, Units the
	// units of the sale in them (as the checkouts listed them).
	Paid, Units int64
	// Refused counts purchase attempts the shop refused during the sale
	// (sold out, or over the limit); OverLimit those of them it refused
	// for the per-buyer limit.
	Refused, OverLimit int64
	// Failed counts attempts that ended in anything else (an error, an
	// unexpected status, a payment that never arrived); FirstFailure
	// describes the first.
	Failed       int64
	FirstFailure string
	// SoldOut reports whether a buyer, refused, found no unit left.
	SoldOut bool
	// SaleTime runs from the first buyer's first request to the moment
	// the last purchase was seen paid.
	SaleTime time.Duration
	// BuyNow is the latency of POST /api/v1/buy-now (placed or refused);
	// Purchase that of whole paid purchases, from buying now until the
	// checkout reads paid.
	BuyNow, Purchase Latencies
	// The later steps of paid purchases: paying (the pay action, which
	// waits for the shop to acknowledge the wallet's notice) and reading
	// the checkout back paid.
	Pay, ReadBack Latencies
	// The refusal measurement after the sale: attempts refused, how long
	// it ran, their latency, and purchases that went through although the
	// product was sold out (a bug if not 0).
	Refusals    int64
	RefusalTime time.Duration
	Refusal     Latencies
	LateSales   int64
}

// PaidPerSecond is paid orders per second over the sale: Paid / SaleTime.
func (r FlashSaleResult) PaidPerSecond() float64 {
	if r.SaleTime <= 0 {
		return 0
	}
	return float64(r.Paid) / r.SaleTime.Seconds()
}

// RefusalsPerSecond is refused attempts per second after the sale.
func (r FlashSaleResult) RefusalsPerSecond() float64 {
	if r.RefusalTime <= 0 {
		return 0
	}
	return float64(r.Refusals) / r.RefusalTime.Seconds()
}

// DriveFlashSale runs the sale fs against the servers (base URLs of
// servers sharing one database): opt.Buyers buyers each take a shopper
// from fs.Shoppers and buy from the server of their number through the
// purchase path of a flash-sale page — buy now (one request places the
// line as a checkout with its payment, without the cart), pay at the
// sandbox wallet (which notifies the shop with a signed request), read
// the checkout back paid — again and again; a buyer whose shopper has reached the limit
// takes the next unused shopper. After a refusal a buyer reads the
// product's stock from the API: the sale ends when it is 0 (sold out),
// when the shoppers run out, or at the timeout. Then, for
// opt.RefusalDuration, the same buyers keep trying to buy and every
// refusal is counted.
//
// It returns an error, with what was measured so far, when the servers do
// not offer the purchase path (the API answers 404 or 405) or when more
// than 100 attempts fail.
func DriveFlashSale(ctx context.Context, servers []string, fs *FlashSale, opt FlashSaleOptions) (FlashSaleResult, error) {
	if opt.Buyers < 1 {
		opt.Buyers = 1
	}
	if opt.MaxQty < 1 {
		opt.MaxQty = 1
	}
	if opt.Devices < 1 {
		opt.Devices = 1
	}
	if opt.Timeout == 0 {
		opt.Timeout = 5 * time.Minute
	}
	if len(servers) == 0 {
		return FlashSaleResult{}, errors.New("bench: no server to buy from")
	}
	client := opt.Client
	if client == nil {
		tr := &http.Transport{
			MaxIdleConns: opt.Buyers * 2, MaxIdleConnsPerHost: opt.Buyers * 2, IdleConnTimeout: time.Minute,
			DisableCompression: true,
		}
		defer tr.CloseIdleConnections()
		client = &http.Client{Transport: tr, Timeout: 30 * time.Second}
	}
	d := &driver{fs: fs, servers: servers, opt: opt, client: client, run: strconv.FormatInt(time.Now().UnixNano(), 36)}
	d.res.Buyers, d.res.Servers = opt.Buyers, len(servers)

	sale, cancel := context.WithTimeoutCause(ctx, opt.Timeout, errors.New("bench: the sale timed out"))
	defer cancel()
	sale, d.abort = context.WithCancelCause(sale)
	start := time.Now()
	var wg sync.WaitGroup
	for w := 0; w < opt.Buyers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d.buy(sale, w)
		}()
	}
	wg.Wait()
	d.res.SoldOut = d.soldOut.Load()
	if !d.lastPaid.IsZero() {
		d.res.SaleTime = d.lastPaid.Sub(start)
	}
	d.res.BuyNow, d.res.Purchase = latencies(d.buyLat), latencies(d.purchaseLat)
	d.res.Pay, d.res.ReadBack = latencies(d.stepLat[0]), latencies(d.stepLat[1])
	if opt.SaleOver != nil {
		opt.SaleOver()
	}
	if err := context.Cause(sale); err != nil && ctx.Err() == nil && !errors.Is(err, context.Canceled) {
		return d.res, err
	}
	if err := ctx.Err(); err != nil {
		return d.res, err
	}

	if d.res.SoldOut && opt.RefusalDuration > 0 {
		// Attempts under way at the deadline finish and count, so that
		// no request is cut off.
		lat := make([][]time.Duration, opt.Buyers)
		start := time.Now()
		deadline := start.Add(opt.RefusalDuration)
		for w := 0; w < opt.Buyers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				lat[w] = d.refuse(ctx, w, deadline)
			}()
		}
		wg.Wait()
		d.res.RefusalTime = time.Since(start)
		var all []time.Duration
		for _, l := range lat {
			all = append(all, l...)
		}
		d.res.Refusal = latencies(all)
	}
	return d.res, nil
}

type driver struct {
	fs      *FlashSale
	servers []string
	opt     FlashSaleOptions
	client  *http.Client
	run     string
	abort   context.CancelCauseFunc

	next    atomic.Int64 // the next unused shopper
	seq     atomic.Int64 // idempotency keys
	soldOut atomic.Bool

	mu          sync.Mutex
	res         FlashSaleResult
	buyLat      []time.Duration
	purchaseLat []time.Duration
	stepLat     [2][]time.Duration // pay, read back
	lastPaid    time.Time
}

// take returns the next unused shopper (each is handed out
// opt.Devices times), or false when none is left.
func (d *driver) take() (Shopper, bool) {
	i := (d.next.Add(1) - 1) / int64(d.opt.Devices)
	if i >= int64(len(d.fs.Shoppers)) {
		return Shopper{}, false
	}
	return d.fs.Shoppers[i], true
}

// buy is one buyer during the sale. It buys for its shopper until the
// shopper is at the limit (asking once more with opt.Overreach), then
// takes the next. After a refusal it reads the product: when no unit is
// left the sale is over for everyone; otherwise it asks for one unit, and
// after three refusals in a row moves on to the next shopper.
func (d *driver) buy(ctx context.Context, w int) {
	base := d.servers[w%len(d.servers)]
	rng := rand.New(rand.NewPCG(uint64(w), 0x666c617368))
	limit := d.fs.Limit
	sh, ok := d.take()
	bought, strikes, probed := 0, 0, false
	next := func() {
		sh, ok = d.take()
		bought, strikes, probed = 0, 0, false
	}
	for ok && ctx.Err() == nil && !d.soldOut.Load() {
		if limit > 0 && bought >= limit {
			if !d.opt.Overreach || probed {
				next()
				continue
			}
			probed = true // ask once more, to be refused
		}
		qty := 1 + rng.IntN(d.opt.MaxQty)
		switch {
		case strikes > 0:
			qty = 1
		case limit > 0 && !d.opt.Overreach:
			qty = min(qty, limit-bought)
		}
		a := d.purchase(ctx, base, sh, qty)
		if ctx.Err() != nil && a.outcome == failed {
			return // the sale was stopped meanwhile
		}
		d.record(a)
		switch a.outcome {
		case paid:
			bought += a.units
			strikes = 0
		case declined:
			left, err := d.unitsLeft(ctx, base)
			if err != nil {
				d.failed(err)
				next()
				continue
			}
			if left <= 0 {
				d.soldOut.Store(true)
				return
			}
			strikes++
			if strikes >= 3 || limit > 0 && bought >= limit {
				next()
			}
		case failed:
			if a.missing {
				d.abort(a.err)
				return
			}
			next()
		}
	}
}

// refuse is one buyer after the sale, trying to buy one unit until the
// deadline, and returns the latencies of the refused attempts.
func (d *driver) refuse(ctx context.Context, w int, deadline time.Time) []time.Duration {
	base := d.servers[w%len(d.servers)]
	sh := d.fs.Shoppers[w%len(d.fs.Shoppers)]
	var lat []time.Duration
	var n, late int64
	// At least one attempt each, however late a loaded machine starts the
	// buyer.
	for first := true; ctx.Err() == nil && (first || time.Now().Before(deadline)); first = false {
		a := d.purchase(ctx, base, sh, 1)
		switch a.outcome {
		case declined:
			n++
			lat = append(lat, a.total)
		case paid:
			late++
		case failed:
			d.failed(a.err)
		}
	}
	d.mu.Lock()
	d.res.Refusals += n
	d.res.LateSales += late
	d.mu.Unlock()
	return lat
}

func (d *driver) record(a attempt) {
	d.mu.Lock()
	if a.buyNow > 0 {
		d.buyLat = append(d.buyLat, a.buyNow)
	}
	switch a.outcome {
	case paid:
		d.res.Paid++
		d.res.Units += int64(a.units)
		d.purchaseLat = append(d.purchaseLat, a.total)
		for i, t := range a.steps {
			d.stepLat[i] = append(d.stepLat[i], t)
		}
		d.lastPaid = time.Now()
	case declined:
		d.res.Refused++
		if a.overLimit {
			d.res.OverLimit++
		}
	}
	d.mu.Unlock()
	if a.outcome == failed {
		d.failed(a.err)
	}
}

// failed counts a failure, and stops the sale after 100.
func (d *driver) failed(err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.res.Failed++
	if d.res.FirstFailure == "" {
		d.res.FirstFailure = err.Error()
	}
	if d.res.Failed > 100 {
		d.abort(fmt.Errorf("bench: more than 100 purchase attempts failed; the first: %s", d.res.FirstFailure))
	}
}

// unitsLeft reads the stock of the sale's variant from the product's
// public page in the API.
func (d *driver) unitsLeft(ctx context.Context, base string) (int, error) {
	st, body, err := d.call(ctx, http.MethodGet, base+"/api/v1/products/"+d.fs.ProductCode, "", nil)
	if err != nil {
		return 0, err
	}
	if st != http.StatusOK {
		return 0, answerError("GET /api/v1/products/"+d.fs.ProductCode, st, body)
	}
	var p struct {
		Variants []struct {
			SKU   string `json:"sku"`
			Stock int    `json:"stock"`
		} `json:"variants"`
	}
	if err := json.Unmarshal(body, &p); err != nil {
		return 0, fmt.Errorf("GET /api/v1/products/%s: %w", d.fs.ProductCode, err)
	}
	for _, v := range p.Variants {
		if v.SKU == d.fs.SKU {
			return v.Stock, nil
		}
	}
	return 0, fmt.Errorf("GET /api/v1/products/%s: no variant %s in %.300s", d.fs.ProductCode, d.fs.SKU, body)
}

type outcome int

const (
	paid     outcome = iota
	declined         // sold out, or over the per-buyer limit
	failed
)

// attempt is how one purchase attempt went.
type attempt struct {
	outcome outcome
	units   int              // units of the sale bought (the whole cart's line)
	buyNow  time.Duration    // the buy-now request, when one was sent
	steps   [2]time.Duration // pay, read back
	total   time.Duration
	err     error // why it failed
	missing bool  // the server has no such endpoint
	// overLimit: the shop refused because of the per-buyer limit.
	overLimit bool
}

// The address every buyer ships to: a house in the store's own village.
var flashSaleAddress = map[string]string{
	"name": "김민지", "phone": "13800001111", "region_code": string(FlashSaleOrigin), "detail": "동흥촌 3조 12호",
}

// purchase makes one purchase attempt of qty units for shopper sh at the
// server base, the way a flash-sale page buys: buy now (one request
// quotes, reserves and places the line as a checkout with its payment,
// without the cart), pay at the wallet, wait for the checkout to read
// paid.
func (d *driver) purchase(ctx context.Context, base string, sh Shopper, qty int) attempt {
	start := time.Now()
	a := attempt{outcome: failed}
	done := func() attempt {
		a.total = time.Since(start)
		return a
	}
	// 1. Buy now.
	key := d.run + "-" + strconv.FormatInt(d.seq.Add(1), 10)
	st, body, err := d.call(ctx, http.MethodPost, base+"/api/v1/buy-now", sh.Token, map[string]any{
		"sku": d.fs.SKU, "qty": qty, "address": flashSaleAddress, "deliveries": []any{}, "payment_method": "sandbox",
	}, "Idempotency-Key", key)
	a.buyNow = time.Since(start)
	switch {
	case err != nil:
		a.err = err
		return done()
	case st == http.StatusCreated:
	case refused(st, body):
		a.outcome, a.overLimit = declined, overLimit(body)
		return done()
	default:
		a.err, a.missing = answerError("POST /api/v1/buy-now", st, body), st == http.StatusNotFound || st == http.StatusMethodNotAllowed
		return done()
	}
	var co struct {
		CheckoutID json.RawMessage `json:"checkout_id"`
		Orders     []struct {
			Lines []struct {
				SKU string `json:"sku"`
				Qty int    `json:"qty"`
			} `json:"lines"`
		} `json:"orders"`
		Payment struct {
			PayURL string `json:"pay_url"`
		} `json:"payment"`
	}
	if err := json.Unmarshal(body, &co); err != nil || len(co.CheckoutID) == 0 || co.Payment.PayURL == "" {
		a.err = fmt.Errorf("POST /api/v1/buy-now: no checkout_id or payment.pay_url in %.300s", body)
		return done()
	}
	for _, o := range co.Orders {
		for _, l := range o.Lines {
			if l.SKU == d.fs.SKU {
				a.units += l.Qty
			}
		}
	}
	id := strings.Trim(string(co.CheckoutID), `"`)
	// 3. Pay at the sandbox wallet, which notifies the shop.
	payURL := co.Payment.PayURL
	if !strings.HasPrefix(payURL, "http://") && !strings.HasPrefix(payURL, "https://") {
		payURL = base + payURL
	}
	t0 := time.Now()
	st, body, err = d.call(ctx, http.MethodPost, payURL, "", nil, "Accept", "application/json")
	a.steps[0] = time.Since(t0)
	if err != nil {
		a.err = err
		return done()
	}
	if st != http.StatusOK {
		a.err = answerError("POST pay_url", st, body)
		return done()
	}
	var pay struct {
		Delivered bool `json:"delivered"`
	}
	json.Unmarshal(body, &pay)
	// 4. Read the checkout back paid: at once when the wallet's notice was
	// delivered; otherwise the request waits (a long poll, ?wait=) for the
	// shop to record the payment, which the wallet retries until the shop
	// takes it, however long a loaded machine makes that: the buyer asks
	// again as long as the sale lasts.
	t0 = time.Now()
	for {
		st, body, err = d.call(ctx, http.MethodGet, base+"/api/v1/checkouts/"+id+"?wait=10", sh.Token, nil)
		if err != nil {
			a.err = err
			return done()
		}
		if st != http.StatusOK {
			a.err = answerError("GET /api/v1/checkouts/"+id, st, body)
			return done()
		}
		if checkoutPaid(body) {
			a.outcome, a.steps[1] = paid, time.Since(t0)
			return done()
		}
		if pay.Delivered || checkoutClosed(body) {
			a.err = fmt.Errorf("checkout %s is not paid after paying (notice delivered: %v): %.300s", id, pay.Delivered, body)
			return done()
		}
		if ctx.Err() != nil {
			a.err = fmt.Errorf("checkout %s: no payment before the sale ended (%w): %.300s", id, context.Cause(ctx), body)
			return done()
		}
	}
}

// checkoutClosed reports whether a checkout's payment can no longer become
// paid: it expired, was cancelled, or was paid after that and refunded.
func checkoutClosed(body []byte) bool {
	var c struct {
		Payment struct {
			Status string `json:"status"`
		} `json:"payment"`
	}
	if json.Unmarshal(body, &c) != nil {
		return false
	}
	switch c.Payment.Status {
	case "expired", "cancelled", "paid_late":
		return true
	}
	return false
}

// checkoutPaid reports whether a checkout's payment and every order in it
// are paid.
func checkoutPaid(body []byte) bool {
	var c struct {
		Orders []struct {
			Status string `json:"status"`
		} `json:"orders"`
		Payment struct {
			Status string `json:"status"`
		} `json:"payment"`
	}
	if json.Unmarshal(body, &c) != nil || c.Payment.Status != "paid" || len(c.Orders) == 0 {
		return false
	}
	for _, o := range c.Orders {
		if o.Status != "paid" {
			return false
		}
	}
	return true
}

// refused reports whether an answer is the shop declining the purchase: a
// Conflict (sold out, the sale's cap reached, over the per-buyer limit),
// or an Invalid error about the quantity (the cart's check of the same).
// Any other refusal is a failure of the load tool or the server.
func refused(status int, body []byte) bool {
	switch status {
	case http.StatusConflict:
		return true
	case http.StatusUnprocessableEntity:
		return refusal(body).Field == "qty"
	}
	return false
}

// apiRefusal is the API's error body: what programs read of a refusal.
type apiRefusal struct {
	Code   string `json:"code"`
	Reason string `json:"reason"`
	Field  string `json:"field"`
}

// refusal reads an error body; anything else reads as no refusal.
func refusal(body []byte) apiRefusal {
	var e struct {
		Error apiRefusal `json:"error"`
	}
	json.Unmarshal(body, &e)
	return e.Error
}

// overLimit reports whether a refusal's reason is the flash sale's
// per-buyer limit: the checkout's reservation (err.promo.flash_limit) or
// the cart's check of it (err.promo.flash_limit_bought).
func overLimit(body []byte) bool {
	switch refusal(body).Reason {
	case "err.promo.flash_limit", "err.promo.flash_limit_bought":
		return true
	}
	return false
}

func answerError(what string, status int, body []byte) error {
	return fmt.Errorf("%s answered %d: %.300s", what, status, bytes.TrimSpace(body))
}

// call sends one request with a JSON body (none when v is nil), the
// shopper's bearer token (none when ""), and header pairs, and returns the
// status and the whole body.
func (d *driver) call(ctx context.Context, method, url, token string, v any, header ...string) (int, []byte, error) {
	var body io.Reader
	if v != nil {
		b, err := json.Marshal(v)
		if err != nil {
			return 0, nil, err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, body)
	if err != nil {
		return 0, nil, err
	}
	if v != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := d.client.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("%s %s: %w", method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return 0, nil, fmt.Errorf("%s %s: %w", method, req.URL.Path, err)
	}
	return resp.StatusCode, b, nil
}
