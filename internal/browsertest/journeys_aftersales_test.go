package browsertest

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"maeul/internal/server/servertest"
)

// A shopper buys a tray of eggs and pays; the store packs the order; the
// shopper, finding the eggs broken, asks for a refund on the order's page
// with a photo; the seller accepts the request in the back office's list,
// and the shopper sees the request accepted and the order refunded.
func TestShopperAsksARefundThatTheSellerAccepts(t *testing.T) {
	t.Parallel()
	env := servertest.Start(t, "sqlite")
	photo := filepath.Join(t.TempDir(), "broken.png")
	if err := os.WriteFile(photo, gradientPNG(t, 640, 480), 0o644); err != nil {
		t.Fatal(err)
	}
	b := New(t, env.URL, AcceptLanguage("en"))
	b.Run(
		Open("/lang/en?next=/signin"),
		Fill("input[name=email]", "shopper@maeul.test"),
		Fill("input[name=password]", "maeul-demo"),
		Submit(`form[action="/signin"]`),
		Open("/products/wq-dongxing-eggs"),
		Submit("#buy"),
		Follow(".cart-link"),
		AtPath("/cart"),
		Follow(".ck-bar .ck-go"),
		AtPath("/checkout"),
		Choose("select[name=county]", "222424000000"),
		Visible("select[name=region]"),
		Choose("select[name=region]", "222424100201"),
		// Choosing the village reloads the form (without JavaScript, its
		// update button does): wait for the new page.
		Visible(`input[value="wq-dongxing-vstation"]`),
		HasText(".ck-place", "Dongxing"),
		Fill("input[name=detail]", "Group 3, No. 12"),
		Fill("input[name=phone]", "13800001111"),
		Follow(`button[name=op][value=place]`),
		HasText("body", "Sandbox Wallet"),
		Submit("form"),
		Count(".oc-status.st-paid", 1),
	)
	meta := b.Text(".oc .oc-meta")
	id := strings.TrimPrefix(strings.Fields(meta)[0], "#")
	if _, err := strconv.Atoi(id); err != nil {
		t.Fatalf("no order number in %q", meta)
	}

	s := New(t, env.URL, Label("seller"), AcceptLanguage("ko"))
	s.Run(
		Open("/signin"),
		Fill("input[name=email]", "seller-dongxing@maeul.test"),
		Fill("input[name=password]", "maeul-demo"),
		Submit(`form[action="/signin"]`),
		Open("/seller/orders/"+id),
		Submit(`form[action="/seller/orders/`+id+`/pack"]`),
		HasText(".notice", "포장 완료로 표시했습니다"),
	)

	b.Run(
		Open("/orders/"+id),
		HasText(".ohero h1", "Packed"),
		Click("#aftersales summary"),
		Choose("#aftersales select[name=reason]", "damaged"),
		Fill("#aftersales input[type=number]", "1"),
		SetFiles("#aftersales input[type=file]", photo),
		Submit("#aftersales form"),
		AtPath("/orders/"+id),
		HasText(".notice", "Your request is sent"),
		HasText("#aftersales .as-status", "Waiting for the store"),
		Count("#aftersales .as-photos img", 1),
		Snap("asked"),
	)

	s.Run(
		Open("/seller"),
		HasText(".as-tile", "1"),
		Follow(".as-tile a"),
		AtPath("/seller/aftersales"),
		HasText(".as-req", "파손"),
		Count(".as-photos img", 1),
		Snap("requests"),
		Submit(".as-decide form:first-child"),
		HasText(".notice", "승인하고 환불했습니다"),
	)

	b.Run(
		Open("/orders/"+id),
		HasText("#aftersales .as-status", "Accepted and refunded"),
		HasText(".ohero h1", "Refunded"),
		Snap("refunded"),
	)
}

// On a fresh demo the mall's special-price section lists the demo's
// special prices, each with the list price struck through.
func TestFreshDemoHasSpecialPrices(t *testing.T) {
	t.Parallel()
	env := servertest.Start(t, "sqlite")
	b := New(t, env.URL, AcceptLanguage("en"))
	b.Run(
		Open("/specials"),
		HasText(`a.pcard-link[href="/products/yj-kim-napa-kimchi"] .pcard-price .sale`, "¥29.80"),
		HasText(`a.pcard-link[href="/products/yj-kim-napa-kimchi"] .pcard-price .was`, "¥36.00"),
		Visible(`a.pcard-link[href="/products/tm-park-doenjang"] .pcard-price .was`),
	)
}
