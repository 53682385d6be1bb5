package station_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"

	"maeul/internal/orders"
	"maeul/internal/payments"
	"maeul/internal/server/servertest"
	"maeul/internal/store/storetest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	storetest.Cleanup()
	os.Exit(code)
}

// TestAssistedBuying has the Dongxing operator land on the console, find
// eggs, put two in the station's cart and buy them for a villager: the
// order is the villager's by name and phone, picked up at the station and
// paid in cash at once, and the station's cart is empty again. Other
// roles may not buy for villagers.
func TestAssistedBuying(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine)
			ctx := context.Background()
			op := env.Client()
			op.SignIn("station-dongxing@maeul.test")

			servertest.WantStatus(t, "today", op.Get("/station/?lang=en"), http.StatusOK, "Today at the station", "Parcels waiting for pick-up", "Cash to confirm", `href="/station/buy"`)
			servertest.WantStatus(t, "today in Korean", op.Get("/station/?lang=ko"), http.StatusOK, "오늘의 서비스소 업무")
			servertest.WantStatus(t, "today in Chinese", op.Get("/station/?lang=zh"), http.StatusOK, "今日服务站工作")
			seller := env.Client()
			seller.SignIn("seller-dongxing@maeul.test")
			servertest.WantStatus(t, "a seller buying for villagers", seller.Get("/station/buy"), http.StatusForbidden)

			p, err := env.DB.Product(ctx, "wq-dongxing-eggs")
			if err != nil {
				t.Fatal(err)
			}
			v := p.Variants[0]
			servertest.WantStatus(t, "search", op.Get("/station/buy?lang=en&q=eggs"), http.StatusOK, "Free-range Eggs", `name="variant" value="`+strconv.FormatInt(v.ID, 10)+`"`)
			r := op.PostForm("/station/buy/cart", url.Values{"variant": {strconv.FormatInt(v.ID, 10)}, "qty": {"2"}, "op": {"add"}})
			servertest.WantStatus(t, "add", r, http.StatusSeeOther)
			servertest.WantStatus(t, "the cart", op.Get("/station/buy?lang=en"), http.StatusOK, "× 2", "Place the order and take")

			r = op.PostForm("/station/buy", url.Values{"name": {"박순자"}, "phone": {"139"}, "village": {"222424100201"}})
			servertest.WantStatus(t, "a phone too short", r, http.StatusUnprocessableEntity)
			r = op.PostForm("/station/buy", url.Values{"name": {"박순자"}, "phone": {"13900001234"}, "village": {"222424100201"}})
			servertest.WantStatus(t, "place", r, http.StatusSeeOther)
			loc := r.Header.Get("Location")
			id, err := strconv.ParseInt(strings.TrimPrefix(strings.SplitN(loc, "?", 2)[0], "/orders/"), 10, 64)
			if err != nil {
				t.Fatalf("placing went to %q, want the order", loc)
			}
			o, err := env.DB.Order(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			pay, err := env.DB.GroupPayment(ctx, o.GroupID)
			if err != nil {
				t.Fatal(err)
			}
			if o.Status != orders.Paid || o.Address.Name != "박순자" || o.Address.Phone != "13900001234" || o.Delivery != orders.Pickup ||
				pay.Method != payments.StationCash || pay.Status != payments.Paid || o.Lines[0].Qty != 2 {
				t.Errorf("the villager's order: %s, %s %s, %s, paid %s by %s, %d units; want paid in cash, picked up, the villager's, 2 units",
					o.Status, o.Address.Name, o.Address.Phone, o.Delivery, pay.Status, pay.Method, o.Lines[0].Qty)
			}
			servertest.WantStatus(t, "the receipt", op.Get("/orders/"+strconv.FormatInt(id, 10)+"/receipt"), http.StatusOK, "박순자")
			servertest.WantStatus(t, "the cart after", op.Get("/station/buy?lang=en"), http.StatusOK, "The cart is empty.")
		})
	}
}

// TestHandOverForm has a buyer pay on pick-up at the Dongxing station, the
// seller ship the parcel unpaid and the county scan it to the station:
// the operator sees it with the cash due, a wrong code is refused beside
// it, and the right code with the cash hands it over and pays the order;
// sending the form again changes nothing.
func TestHandOverForm(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine)
			ctx := context.Background()
			res, pc := env.AtPickup(servertest.PickupOrder{
				Buyer: "shopper@maeul.test", Seller: "seller-dongxing@maeul.test", Scanner: "county-wangqing@maeul.test",
				Product: "wq-dongxing-eggs", Qty: 1, Point: "wq-dongxing-vstation",
				Address: orders.Address{Name: "김민지", Phone: "13800001111", Region: "222424100201", Detail: "동흥촌 3조 12호"},
			})
			id := res.OrderIDs[0]
			op := env.Client()
			op.SignIn("station-dongxing@maeul.test")
			due := res.Payment.Amount.String()
			servertest.WantStatus(t, "today", op.Get("/station/?lang=en"), http.StatusOK, "Parcels waiting for pick-up", "Cash due", `action="/station/parcels/`+strconv.FormatInt(pc.ID, 10)+`/hand-over"`)
			path := "/station/parcels/" + strconv.FormatInt(pc.ID, 10) + "/hand-over?lang=en"
			wrong := "000000"
			if pc.PickupCode == wrong {
				wrong = "111111"
			}
			servertest.WantStatus(t, "a wrong code", op.PostForm(path, url.Values{"code": {wrong}, "cash": {due}}), http.StatusUnprocessableEntity, "1 wrong codes")
			r := op.PostForm(path, url.Values{"code": {pc.PickupCode}, "cash": {due}})
			servertest.WantStatus(t, "the right code and cash", r, http.StatusSeeOther)
			if loc := r.Header.Get("Location"); !strings.Contains(loc, "station.hand.notice.paid") {
				t.Errorf("after the hand-over: Location %q, want the paid notice", loc)
			}
			r = op.PostForm(path, url.Values{"code": {pc.PickupCode}, "cash": {due}})
			if loc := r.Header.Get("Location"); r.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "station.hand.notice.repeated") {
				t.Errorf("sending again: %d, Location %q; want the repeated notice", r.StatusCode, loc)
			}
			o, _ := env.DB.Order(ctx, id)
			pay, _ := env.DB.GroupPayment(ctx, o.GroupID)
			if o.Status != orders.Delivered || pay.Status != payments.Paid {
				t.Errorf("after the hand-over: order %s, payment %s; want delivered and paid", o.Status, pay.Status)
			}
		})
	}
}
