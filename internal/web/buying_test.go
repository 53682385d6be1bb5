package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"maeul/internal/catalog"
	"maeul/internal/money"
	"maeul/internal/orders"
	"maeul/internal/promo"
	"maeul/internal/server/servertest"
)

// The buying tests drive the cart, checkout, payment and fulfilment pages
// over real HTTP on both engines, as the demo shopper, sellers and
// station operator; the sandbox wallet pays and notifies the shop as it
// would in production.

const (
	buyShopper  = "shopper@maeul.test"
	buyEggs     = "wq-dongxing-eggs"      // wq-dongxing-store, Dongxing Village
	buyRice     = "yj-chaoyangchuan-rice" // yj-enterprise, Yanji
	buyPears    = "tm-apple-pears"        // tm-enterprise, Tumen
	buyWangqing = "222424000000"
	buyStation  = "wq-dongxing-vstation"
)

var (
	expectRE  = regexp.MustCompile(`name="expect" value="(\d+)"`)
	orderIDRE = regexp.MustCompile(`href="/orders/(\d+)"`)
)

// buySKU returns the SKU and id of a product's first variant.
func buySKU(t *testing.T, env *servertest.Env, code string) (string, int64) {
	t.Helper()
	p, err := env.DB.Product(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	return p.Variants[0].SKU, p.Variants[0].ID
}

// buyAdd puts qty of a product's first variant in c's cart from the
// product page's form.
func buyAdd(t *testing.T, env *servertest.Env, c *servertest.Client, code string, qty int) {
	t.Helper()
	sku, _ := buySKU(t, env, code)
	r := c.PostForm("/cart/add", url.Values{"product": {code}, "sku": {sku}, "qty": {strconv.Itoa(qty)}, "then": {"cart"}})
	boStatus(t, "add "+code, r, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); !strings.Contains(loc, "notice=cart.notice.added") {
		t.Errorf("adding %s sent the buyer to %q", code, loc)
	}
}

// buyAddress is a delivery address in Dongxing Village, which the
// Dongxing village station serves.
func buyAddress(op string) url.Values {
	return url.Values{
		"op": {op}, "county": {buyWangqing}, "region": {boDongxing}, "detail": {"3조 12호"},
		"name": {"김민지"}, "phone": {"13800001111"}, "payment": {"sandbox"},
	}
}

// buyQuote posts the checkout form as an update and returns the page and
// the total it shows, which placing must confirm.
func buyQuote(t *testing.T, c *servertest.Client, form url.Values) (*servertest.Response, string) {
	t.Helper()
	form = cloneValues(form)
	form.Set("op", "update")
	r := c.PostForm("/checkout", form)
	boStatus(t, "checkout update", r, http.StatusOK)
	m := expectRE.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatalf("the checkout page has no expected total")
	}
	return r, m[1]
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// buyPlace places the checkout and returns where it sends the buyer.
func buyPlace(t *testing.T, c *servertest.Client, form url.Values) string {
	t.Helper()
	_, expect := buyQuote(t, c, form)
	form = cloneValues(form)
	form.Set("op", "place")
	form.Set("expect", expect)
	r := c.PostForm("/checkout", form)
	boStatus(t, "place", r, http.StatusSeeOther)
	return r.Header.Get("Location")
}

// buyPay pays on the sandbox wallet's page and returns the shop page it
// sends the buyer back to.
func buyPay(t *testing.T, c *servertest.Client, payURL string) string {
	t.Helper()
	if !strings.HasPrefix(payURL, "/sandbox/pay/") {
		t.Fatalf("checkout sent the buyer to %q, not the wallet's pay page", payURL)
	}
	r := c.Get(payURL)
	boStatus(t, "the wallet's pay page", r, http.StatusOK)
	r = c.PostForm(payURL, url.Values{})
	boStatus(t, "pay", r, http.StatusSeeOther)
	back := r.Header.Get("Location")
	if !strings.HasPrefix(back, "/checkout/paid/") {
		t.Fatalf("the wallet sent the buyer back to %q", back)
	}
	return back
}

// buyPaidPage waits for the return page to say the payment is confirmed
// (the notification may come a moment after the buyer).
func buyPaidPage(t *testing.T, c *servertest.Client, path string) *servertest.Response {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		r := c.Get(path)
		boStatus(t, "the paid page", r, http.StatusOK)
		if strings.Contains(r.Body, "Payment received") {
			return r
		}
		if !strings.Contains(r.Body, "Waiting for the payment confirmation") || time.Now().After(deadline) {
			t.Fatalf("the paid page neither confirms nor waits:\n%s", mainOf(r.Body))
		}
		if !strings.Contains(r.Body, `http-equiv="refresh"`) {
			t.Error("the waiting page does not reload itself")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func mainOf(body string) string {
	if i := strings.Index(body, "<main"); i >= 0 {
		body = body[i:]
	}
	if len(body) > 2500 {
		body = body[:2500] + "…"
	}
	return body
}

func buyerOrders(t *testing.T, env *servertest.Env, email string) []orders.Order {
	t.Helper()
	u, _, err := env.DB.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	os, err := env.DB.Orders(context.Background(), orders.Filter{BuyerID: u.ID})
	if err != nil {
		t.Fatal(err)
	}
	return os
}

func orgOrder(t *testing.T, env *servertest.Env, os []orders.Order, orgCode string) orders.Order {
	t.Helper()
	og, err := env.DB.Organization(context.Background(), orgCode)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range os {
		if o.OrgID == og.ID {
			return o
		}
	}
	t.Fatalf("no order of %s among %d", orgCode, len(os))
	return orders.Order{}
}

func TestGuestCartJoinsTheBuyersAtSignIn(t *testing.T) {
	boEachEngine(t, func(t *testing.T, env *servertest.Env) {
		c := env.Client()
		c.Lang = "en"
		r := c.Get("/cart")
		boStatus(t, "an empty cart", r, http.StatusOK)
		boBody(t, "an empty cart", r, "Your cart is empty")

		buyAdd(t, env, c, buyEggs, 2)
		buyAdd(t, env, c, buyRice, 1)
		r = c.Get("/cart")
		boStatus(t, "the guest's cart", r, http.StatusOK)
		boBody(t, "the guest's cart", r, "Free-range Eggs", `name="qty" value="2"`, `class="cart-badge"`, "Yanbian Rice Industry Co.")

		// A quantity beyond the stock is refused with the reason, in words.
		p, err := env.DB.Product(context.Background(), buyEggs)
		if err != nil {
			t.Fatal(err)
		}
		big := p.Variants[1]
		r = c.PostForm("/cart/set", url.Values{"variant": {strconv.FormatInt(big.ID, 10)}, "qty": {strconv.Itoa(big.Stock + 1)}})
		boStatus(t, "too many eggs", r, http.StatusUnprocessableEntity)
		boBody(t, "too many eggs", r, "Only "+strconv.Itoa(big.Stock)+" of ", "Free-range Eggs left.")
		_, eggsID := buySKU(t, env, buyEggs)
		// The stepper adds one.
		r = c.PostForm("/cart/set", url.Values{"variant": {strconv.FormatInt(eggsID, 10)}, "qty": {"2"}, "step": {"1"}})
		boStatus(t, "one more egg tray", r, http.StatusSeeOther)

		c.SignIn(buyShopper)
		c.Get("/lang/en?next=/")
		r = c.Get("/cart")
		boStatus(t, "the buyer's cart", r, http.StatusOK)
		boBody(t, "the buyer's cart", r, "Free-range Eggs", `name="qty" value="3"`, "Rice", `href="/checkout"`)
		for _, ck := range c.HTTP.Jar.Cookies(mustURL(t, env.URL)) {
			if ck.Name == "maeul_cart" && ck.Value != "" {
				t.Errorf("the guest cart's cookie outlived sign-in")
			}
		}
		// Removing a line.
		_, riceID := buySKU(t, env, buyRice)
		r = c.PostForm("/cart/set", url.Values{"variant": {strconv.FormatInt(riceID, 10)}, "qty": {"0"}})
		boStatus(t, "remove the rice", r, http.StatusSeeOther)
		r = c.Get("/cart")
		boLacks(t, "the cart without rice", r, "Yanbian Rice Industry Co.")
	})
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestBuyFromThreeStoresThenPartialRefund(t *testing.T) {
	boEachEngine(t, func(t *testing.T, env *servertest.Env) {
		ctx := context.Background()
		guest := env.Client()
		if r := guest.Get("/checkout"); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/signin?next=/checkout" {
			t.Errorf("a guest at checkout: %d to %q, want sign-in", r.StatusCode, r.Header.Get("Location"))
		}

		c := boClient(t, env, buyShopper)
		buyAdd(t, env, c, buyEggs, 2)
		buyAdd(t, env, c, buyRice, 1)
		buyAdd(t, env, c, buyPears, 3)
		r := c.Get("/checkout")
		boStatus(t, "checkout", r, http.StatusOK)
		if n := strings.Count(r.Body, `class="ck-card ck-store"`); n != 3 {
			t.Errorf("checkout shows %d stores, want 3", n)
		}
		// Choosing the village offers pick-up at the stations that serve
		// it, for free.
		r, _ = buyQuote(t, c, buyAddress("update"))
		boBody(t, "checkout with a village", r, `value="`+buyStation+`"`, "Dongxing Village E-commerce Point")

		// A stale total is refused and the page shows the real one.
		stale := buyAddress("place")
		stale.Set("expect", "1")
		r = c.PostForm("/checkout", stale)
		boStatus(t, "a stale total", r, http.StatusConflict)
		boBody(t, "a stale total", r, "Prices or stock changed")
		if len(buyerOrders(t, env, buyShopper)) != 0 {
			t.Fatal("a refused checkout placed orders")
		}

		back := buyPay(t, c, buyPlace(t, c, buyAddress("place")))
		r = buyPaidPage(t, c, back)
		if n := len(orderIDRE.FindAllString(r.Body, -1)); n != 3 {
			t.Errorf("the paid page links %d orders, want 3", n)
		}
		os := buyerOrders(t, env, buyShopper)
		if len(os) != 3 {
			t.Fatalf("%d orders, want 3", len(os))
		}
		var sum money.Fen
		for _, o := range os {
			sum += o.Total
			if o.Status != orders.Paid {
				t.Errorf("order %d is %s, want paid", o.ID, o.Status)
			}
		}
		pay, err := env.DB.GroupPayment(ctx, os[0].GroupID)
		if err != nil || pay.Amount != sum || pay.Status != "paid" {
			t.Errorf("payment %+v (%v) for orders worth %s", pay, err, sum)
		}
		r = c.Get("/orders")
		boStatus(t, "my orders", r, http.StatusOK)
		if n := strings.Count(r.Body, `class="oc-status st-paid"`); n != 3 {
			t.Errorf("my orders show %d paid orders, want 3", n)
		}
		r = c.Get("/cart")
		boBody(t, "the cart after checkout", r, "Your cart is empty")

		eggs := orgOrder(t, env, os, boDongxingStore)
		id := strconv.FormatInt(eggs.ID, 10)
		// Others' orders are not found; a step out of order is a conflict.
		yanji := boClient(t, env, "seller-yanji@maeul.test")
		boStatus(t, "another store's order", yanji.Get("/seller/orders/"+id), http.StatusNotFound)
		boStatus(t, "packing another store's order", yanji.PostForm("/seller/orders/"+id+"/pack", nil), http.StatusNotFound)
		boStatus(t, "someone else's order", yanji.Get("/orders/"+id), http.StatusNotFound)
		boStatus(t, "the buyer at the seller's page", c.Get("/seller/orders/"+id), http.StatusNotFound)

		seller := boClient(t, env, "seller-dongxing@maeul.test")
		r = seller.Get("/seller/orders")
		boStatus(t, "the seller's orders", r, http.StatusOK)
		boBody(t, "the seller's orders", r, `href="/seller/orders/`+id+`"`, "김민지")
		boStatus(t, "shipping before packing", seller.PostForm("/seller/orders/"+id+"/ship", url.Values{"carrier": {"EMS"}, "tracking": {"EA1"}}), http.StatusConflict)

		// A partial refund of one unit of the line: the plan first, then
		// the refund, restocked.
		line := strconv.FormatInt(eggs.Lines[0].ID, 10)
		form := url.Values{"qty." + line: {"1"}, "restock": {"1"}, "reason": {"one tray arrived broken"}, "op": {"preview"}}
		r = seller.PostForm("/seller/orders/"+id+"/refund", form)
		boStatus(t, "the refund plan", r, http.StatusOK)
		plan, err := orders.PlanRefund(eggs, map[int64]int{eggs.Lines[0].ID: 1})
		if err != nil {
			t.Fatal(err)
		}
		boBody(t, "the refund plan", r, "Refund "+plan.Total.String())
		form.Set("op", "refund")
		form.Set("expect", strconv.FormatInt(int64(plan.Total), 10))
		r = seller.PostForm("/seller/orders/"+id+"/refund", form)
		boStatus(t, "the refund", r, http.StatusSeeOther)
		got, _ := env.DB.Order(ctx, eggs.ID)
		if got.RefundState != orders.PartiallyRefunded || got.Refunded != plan.Total || got.Status != orders.Paid {
			t.Errorf("after the partial refund: %s/%s refunded %s, want %s", got.Status, got.RefundState, got.Refunded, plan.Total)
		}
		r = c.Get("/orders/" + id)
		boStatus(t, "the refunded order", r, http.StatusOK)
		boBody(t, "the refunded order", r, "Partly refunded", "1 refunded ("+plan.Total.String()+")", "Partial refund "+plan.Total.String(), "one tray arrived broken")

		// The seller packs and ships; the buyer sees the tracking number.
		// (The address is inside the prefecture, so a van could take it
		// without one; internal/parcels' route table tests that a parcel
		// leaving the prefecture needs carrier and tracking number.)
		boStatus(t, "pack", seller.PostForm("/seller/orders/"+id+"/pack", nil), http.StatusSeeOther)
		boStatus(t, "ship", seller.PostForm("/seller/orders/"+id+"/ship", url.Values{"carrier": {"EMS"}, "tracking": {"EA123456789CN"}}), http.StatusSeeOther)
		r = c.Get("/orders/" + id)
		boBody(t, "the shipped order", r, "EA123456789CN", "Shipped")

		// A Korean seller reads the receipt in Korean, the language chosen
		// last, with a link to it in the buyer's language (English here),
		// which prints it in English.
		ko := env.Client()
		ko.Lang = "ko"
		ko.SignIn("seller-dongxing@maeul.test")
		r = ko.Get("/orders/" + id + "/receipt")
		boStatus(t, "the receipt", r, http.StatusOK)
		boBody(t, "the receipt", r, `<html lang="ko">`, "3조 12호", `href="?lang=en"`, "This receipt in English")
		r = ko.Get("/orders/" + id + "/receipt?lang=en")
		boBody(t, "the receipt in the buyer's language", r, `<html lang="en">`, "Receipt", "Dongguang Villagers", "¥", "3조 12호")
		boLacks(t, "the receipt in the buyer's language", r, "This receipt in English")
	})
}

func TestStationCashAndPickup(t *testing.T) {
	boEachEngine(t, func(t *testing.T, env *servertest.Env) {
		ctx := context.Background()
		c := boClient(t, env, buyShopper)
		buyAdd(t, env, c, buyEggs, 1)
		form := buyAddress("place")
		// Cash needs a pick-up.
		form.Set("payment", "station_cash")
		_, expect := buyQuote(t, c, form)
		form.Set("expect", expect)
		r := c.PostForm("/checkout", form)
		boStatus(t, "cash without pick-up", r, http.StatusUnprocessableEntity)
		boBody(t, "cash without pick-up", r, "cash is only for orders picked up")

		form.Set("delivery."+boDongxingStore, buyStation)
		back := buyPlace(t, c, form)
		if !strings.HasPrefix(back, "/checkout/paid/") {
			t.Fatalf("a cash checkout sent the buyer to %q", back)
		}
		ref := strings.TrimPrefix(back, "/checkout/paid/")
		os := buyerOrders(t, env, buyShopper)
		if len(os) != 1 || os[0].Delivery != orders.Pickup || os[0].Shipping != 0 {
			t.Fatalf("orders %+v, want one free pick-up", os)
		}
		o := os[0]
		r = c.Get(back)
		boStatus(t, "the cash page", r, http.StatusOK)
		boBody(t, "the cash page", r, "Pay "+o.Total.String()+" in cash at Dongxing Village E-commerce Point before")

		yanji := boClient(t, env, "seller-yanji@maeul.test")
		boStatus(t, "a seller confirming cash", yanji.PostForm("/station/payments/"+ref+"/confirm", nil), http.StatusForbidden)
		station := boClient(t, env, "station-dongxing@maeul.test")
		r = station.Get("/station/payments")
		boStatus(t, "the station's counter", r, http.StatusOK)
		boBody(t, "the station's counter", r, ref, "김민지", o.Total.String())
		boStatus(t, "confirm the cash", station.PostForm("/station/payments/"+ref+"/confirm", nil), http.StatusSeeOther)
		if got, _ := env.DB.Order(ctx, o.ID); got.Status != orders.Paid {
			t.Fatalf("after the cash: %s", got.Status)
		}
		r = station.Get("/station/payments")
		boLacks(t, "the counter after paying", r, ref)

		// The seller packs and sends it to the station (no tracking number
		// for a pick-up); the station hands it over; the buyer confirms.
		id := strconv.FormatInt(o.ID, 10)
		seller := boClient(t, env, "seller-dongxing@maeul.test")
		boStatus(t, "pack", seller.PostForm("/seller/orders/"+id+"/pack", nil), http.StatusSeeOther)
		boStatus(t, "ship to the station", seller.PostForm("/seller/orders/"+id+"/ship", nil), http.StatusSeeOther)
		r = station.Get("/station/payments")
		boBody(t, "the counter with a parcel", r, `action="/station/pickups/`+id+`/deliver"`)
		boStatus(t, "collected", station.PostForm("/station/pickups/"+id+"/deliver", nil), http.StatusSeeOther)
		r = c.Get("/orders/" + id)
		boBody(t, "the delivered order", r, "Confirm receipt")
		boStatus(t, "confirm receipt", c.PostForm("/orders/"+id+"/complete", nil), http.StatusSeeOther)
		if got, _ := env.DB.Order(ctx, o.ID); got.Status != orders.Completed || len(got.Events) != 6 {
			t.Errorf("after receipt: %s with %d events", got.Status, len(got.Events))
		}
	})
}

func TestBuyerCancelsBeforePacking(t *testing.T) {
	boEachEngine(t, func(t *testing.T, env *servertest.Env) {
		ctx := context.Background()
		c := boClient(t, env, buyShopper)
		_, eggsID := buySKU(t, env, buyEggs)
		before, _ := env.DB.Product(ctx, buyEggs)
		buyAdd(t, env, c, buyEggs, 2)
		back := buyPay(t, c, buyPlace(t, c, buyAddress("place")))
		buyPaidPage(t, c, back)
		o := buyerOrders(t, env, buyShopper)[0]
		id := strconv.FormatInt(o.ID, 10)
		r := c.Get("/orders/" + id)
		boBody(t, "a paid order", r, `action="/orders/`+id+`/cancel"`)
		boStatus(t, "cancel", c.PostForm("/orders/"+id+"/cancel", url.Values{"reason": {"changed my mind"}}), http.StatusSeeOther)
		got, _ := env.DB.Order(ctx, o.ID)
		if got.Status != orders.Cancelled || got.Refunded != got.Total {
			t.Errorf("after cancelling: %s refunded %s of %s", got.Status, got.Refunded, got.Total)
		}
		after, _ := env.DB.Product(ctx, buyEggs)
		for i, v := range after.Variants {
			if v.ID == eggsID && v.Stock != before.Variants[i].Stock {
				t.Errorf("stock %d after the cancel, want %d back", v.Stock, before.Variants[i].Stock)
			}
		}
		r = c.Get("/orders?tab=refunds")
		boBody(t, "the refunds tab", r, `href="/orders/`+id+`"`, "Cancelled")
	})
}

// flashEggs puts the eggs' first variant on a flash sale at half price,
// 3 units, 1 per buyer, live for two hours, and returns the variant.
func flashEggs(t *testing.T, env *servertest.Env) catalog.Variant {
	t.Helper()
	ctx := context.Background()
	p, err := env.DB.Product(ctx, buyEggs)
	if err != nil {
		t.Fatal(err)
	}
	v := p.Variants[0]
	now := time.Now()
	if _, err := env.DB.CreateFlashSale(ctx, promo.FlashSale{VariantID: v.ID, Price: v.Price / 2, Starts: now.Add(-time.Minute),
		Ends: now.Add(2 * time.Hour), Cap: 3, PerBuyer: 1}); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestFlashSaleOnHomeAndProduct(t *testing.T) {
	boEachEngine(t, func(t *testing.T, env *servertest.Env) {
		v := flashEggs(t, env)
		c := env.Client()
		c.Lang = "en"
		r := c.Get("/")
		boStatus(t, "home", r, http.StatusOK)
		boBody(t, "home", r, "Flash sale", `href="/products/`+buyEggs+`"`, (v.Price / 2).String(), "Only 3 left")
		r = c.Get("/products/" + buyEggs)
		boStatus(t, "the product", r, http.StatusOK)
		boBody(t, "the product", r, `class="flashbar"`, "3 left", "limit 1 per buyer", "<s class=\"was\">"+v.Price.String()+"</s>", "data-ends=")

		// The flash price is what the cart charges, one per buyer.
		buyAdd(t, env, c, buyEggs, 1)
		r = c.Get("/cart")
		boBody(t, "the cart", r, "Flash sale", "<b class=\"price\">"+(v.Price/2).String()+"</b>")
	})
}

func TestSellerCreatesPromotions(t *testing.T) {
	boEachEngine(t, func(t *testing.T, env *servertest.Env) {
		shanghai := time.FixedZone("CST", 8*3600)
		later := time.Now().In(shanghai).Add(2 * time.Hour).Format("2006-01-02T15:04")
		sku, _ := buySKU(t, env, buyEggs)
		seller := boClient(t, env, "seller-dongxing@maeul.test")
		r := seller.Get("/seller/promotions")
		boStatus(t, "the promotions page", r, http.StatusOK)
		boBody(t, "the promotions page", r, `value="`+sku+`"`)

		flash := url.Values{"sku": {sku}, "price": {"29.90"}, "cap": {"10"}, "per_buyer": {"2"}, "ends": {later}}
		r = seller.PostForm("/seller/promotions/flash", flash)
		boStatus(t, "a flash sale", r, http.StatusSeeOther)
		r = seller.Get("/seller/promotions")
		boBody(t, "the running sales", r, "¥29.90", "0 / 10")
		r = seller.PostForm("/seller/promotions/flash", flash)
		boStatus(t, "an overlapping flash sale", r, http.StatusConflict)
		boBody(t, "an overlapping flash sale", r, "already has a flash sale in that time")
		bad := cloneValues(flash)
		bad.Set("price", "500")
		r = seller.PostForm("/seller/promotions/flash", bad)
		boStatus(t, "a flash price above the list price", r, http.StatusUnprocessableEntity)
		boBody(t, "a flash price above the list price", r, "below the list price", `value="500"`)

		yanji := boClient(t, env, "seller-yanji@maeul.test")
		boStatus(t, "another store's variant", yanji.PostForm("/seller/promotions/flash", flash), http.StatusForbidden)

		coupon := url.Values{"code": {"dx5"}, "price": {"5"}, "min_spend": {"30"}, "per_buyer": {"1"}, "ends": {later}}
		boStatus(t, "a coupon", seller.PostForm("/seller/promotions/coupon", coupon), http.StatusSeeOther)

		// A buyer uses the coupon on the store's list-priced goods.
		c := boClient(t, env, buyShopper)
		p, _ := env.DB.Product(context.Background(), buyEggs)
		r = c.PostForm("/cart/add", url.Values{"product": {buyEggs}, "sku": {p.Variants[1].SKU}, "qty": {"1"}})
		boStatus(t, "add the big pack", r, http.StatusSeeOther)
		form := buyAddress("update")
		form.Set("coupon", "nope")
		r, _ = buyQuote(t, c, form)
		boBody(t, "an unknown coupon", r, "There is no coupon NOPE.")
		form.Set("coupon", "dx5")
		r, expect := buyQuote(t, c, form)
		boBody(t, "the coupon", r, "The coupon takes ¥5.00 off.")
		if want := strconv.FormatInt(int64(p.Variants[1].Price-500), 10); expect != want {
			t.Errorf("total with the coupon %s, want %s", expect, want)
		}
	})
}
