package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"maeul/internal/server/servertest"
)

// TestFlashSaleBuyNow buys a flash-sale product with the product page's
// "buy now", without JavaScript: the button asks for the checkout of that
// one line (a GET of the product form), which places it with its payment
// and leaves the cart as it was; the second unit, over the per-buyer
// limit, is refused on the checkout page with a way back to the product.
func TestFlashSaleBuyNow(t *testing.T) {
	boEachEngine(t, func(t *testing.T, env *servertest.Env) {
		v := flashEggs(t, env)
		c := boClient(t, env, buyShopper)
		c.Lang = "en"
		buyAdd(t, env, c, buyRice, 1) // something already in the cart
		r := c.Get("/products/" + buyEggs)
		boBody(t, "the product", r, `formaction="/checkout" formmethod="get"`)

		line := url.Values{"product": {buyEggs}, "sku": {v.SKU}, "qty": {"1"}}
		r = c.Get("/checkout?" + line.Encode() + "&then=")
		boStatus(t, "buy now", r, http.StatusOK)
		boBody(t, "buy now", r, `name="sku" value="`+v.SKU+`"`, `href="/products/`+buyEggs+`"`, (v.Price / 2).String())
		if strings.Contains(mainOf(r.Body), "rice") {
			t.Errorf("the buy-now checkout lists the cart's rice:\n%s", mainOf(r.Body))
		}

		form := buyAddress("place")
		for k, vs := range line {
			form[k] = vs
		}
		back := buyPay(t, c, buyPlace(t, c, form))
		buyPaidPage(t, c, back)
		os := buyerOrders(t, env, buyShopper)
		if len(os) == 0 || len(os[0].Lines) != 1 || os[0].Lines[0].SKU != v.SKU || os[0].Lines[0].UnitPrice != v.Price/2 {
			t.Fatalf("after buying now, the newest order is %+v; want one line of %s at the flash price", os[0], v.SKU)
		}
		r = c.Get("/cart")
		boBody(t, "the cart after buying now", r, "rice")

		// Over the per-buyer limit: refused, back to the product.
		r = c.Get("/checkout?" + line.Encode())
		boStatus(t, "buy now again", r, http.StatusOK)
		boBody(t, "buy now again", r, "1 per buyer", `href="/products/`+buyEggs+`"`)
		if strings.Contains(r.Body, `name="op" value="place"`) {
			t.Errorf("the refused buy-now checkout can be placed:\n%s", mainOf(r.Body))
		}
	})
}
