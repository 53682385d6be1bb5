package web_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"maeul/internal/aftersales"
	"maeul/internal/orders"
	"maeul/internal/server/servertest"
)

// TestRefundRequestFromTheOrderPage asks for a refund on a packed order's
// page with a photo (a multipart form), has the seller refuse one request
// with a reason and accept the next from the back office's list, and
// checks what the buyer and the seller's dashboard show.
func TestRefundRequestFromTheOrderPage(t *testing.T) {
	boEachEngine(t, func(t *testing.T, env *servertest.Env) {
		ctx := context.Background()
		c := boClient(t, env, buyShopper)
		buyAdd(t, env, c, buyEggs, 2)
		buyPaidPage(t, c, buyPay(t, c, buyPlace(t, c, buyAddress("place"))))
		o := buyerOrders(t, env, buyShopper)[0]
		id := strconv.FormatInt(o.ID, 10)
		r := c.Get("/orders/" + id)
		if bytes.Contains([]byte(r.Body), []byte(`action="/orders/`+id+`/aftersales"`)) {
			t.Error("a paid order that is not packed offers a refund request (the buyer cancels it instead)")
		}
		seller := boClient(t, env, "seller-dongxing@maeul.test")
		boStatus(t, "pack", seller.PostForm("/seller/orders/"+id+"/pack", nil), http.StatusSeeOther)
		r = c.Get("/orders/" + id)
		boBody(t, "a packed order", r, `action="/orders/`+id+`/aftersales"`, `name="qty.`+strconv.FormatInt(o.Lines[0].ID, 10)+`"`)

		post := func(qty string, photo []byte) *servertest.Response {
			t.Helper()
			var body bytes.Buffer
			mw := multipart.NewWriter(&body)
			for k, v := range map[string]string{"kind": "return", "reason": "damaged", "note": "crushed", "qty." + strconv.FormatInt(o.Lines[0].ID, 10): qty} {
				mw.WriteField(k, v)
			}
			if photo != nil {
				fw, _ := mw.CreateFormFile("photos", "tray.png")
				fw.Write(photo)
			}
			mw.Close()
			return c.Do(http.MethodPost, "/orders/"+id+"/aftersales", &body, "Content-Type", mw.FormDataContentType())
		}
		r = post("3", nil)
		boStatus(t, "asking for more than was bought", r, http.StatusUnprocessableEntity)
		boBody(t, "the refusal", r, "ask for between 1 and 2 units")
		boStatus(t, "asking", post("1", boPNG(t, 400, 300)), http.StatusSeeOther)
		r = c.Get("/orders/" + id)
		boBody(t, "the order after asking", r, "Waiting for the store", `class="as-photos"`)

		boBody(t, "the dashboard", seller.Get("/seller"), "1 refund or return request to answer")
		r = seller.Get("/seller/aftersales")
		boBody(t, "the seller's list", r, "crushed", `name="restock"`)
		reqs, err := env.DB.Requests(ctx, aftersales.Filter{OrderID: o.ID})
		if err != nil || len(reqs) != 1 {
			t.Fatalf("requests: %d, %v", len(reqs), err)
		}
		decide := fmt.Sprintf("/seller/aftersales/%d", reqs[0].ID)
		boStatus(t, "refusing without a reason", seller.PostForm(decide, url.Values{"op": {"refuse"}}), http.StatusUnprocessableEntity)
		boStatus(t, "refusing", seller.PostForm(decide, url.Values{"op": {"refuse"}, "answer": {"the photo shows another tray"}}), http.StatusSeeOther)
		boBody(t, "the refusal on the order", c.Get("/orders/"+id), "Refused because:", "the photo shows another tray")

		boStatus(t, "asking again", post("2", nil), http.StatusSeeOther)
		reqs, _ = env.DB.Requests(ctx, aftersales.Filter{OrderID: o.ID})
		boStatus(t, "accepting", seller.PostForm(fmt.Sprintf("/seller/aftersales/%d", reqs[0].ID), url.Values{"op": {"accept"}, "restock": {"1"}}), http.StatusSeeOther)
		got, _ := env.DB.Order(ctx, o.ID)
		if got.Status != orders.Refunded || got.Refunded != got.Total {
			t.Errorf("after acceptance: %s refunded %s of %s", got.Status, got.Refunded, got.Total)
		}
		boBody(t, "the order after acceptance", c.Get("/orders/"+id), "Accepted and refunded", "Refunded on accepting a refund or return request")
	})
}
