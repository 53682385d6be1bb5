package browsertest

import (
	"strconv"
	"strings"
	"testing"

	"maeul/internal/server/servertest"
)

// A shopper on a phone, in Chinese, buys from three stores in one
// checkout, pays with the sandbox wallet and sees three paid orders; the
// seller of one of them then refunds one unit, and the shopper sees it.
func TestShopperBuysFromThreeStoresAndGetsAPartialRefund(t *testing.T) {
	t.Parallel()
	env := servertest.Start(t, "sqlite")
	b := New(t, env.URL, Mobile(), AcceptLanguage("zh-CN,zh;q=0.9"))
	b.Run(
		// The language chosen before signing in is kept.
		Open("/lang/zh?next=/signin"),
		Fill("input[name=email]", "shopper@maeul.test"),
		Fill("input[name=password]", "maeul-demo"),
		Submit(`form[action="/signin"]`),

		Open("/products/wq-dongxing-eggs"),
		Fill("#buy input[name=qty]", "2"),
		Submit("#buy"),
		HasText(".notice", "已加入购物车"),
		HasText(".cart-badge", "1"),
		Open("/products/yj-chaoyangchuan-rice"),
		Submit("#buy"),
		HasText(".notice", "已加入购物车"),
		Open("/products/tm-apple-pears"),
		Submit("#buy"),
		HasText(".cart-badge", "3"),

		Follow(".cart-link"),
		AtPath("/cart"),
		Count(".ck-store", 3),
		Snap("cart"),
		Follow(".ck-bar .ck-go"),
		AtPath("/checkout"),

		// Choosing the county shows its towns and villages; choosing the
		// village offers pick-up at the stations that serve it.
		Choose("select[name=county]", "222424000000"),
		Visible("select[name=region]"),
		Choose("select[name=region]", "222424100201"),
		Visible(`input[value="wq-dongxing-vstation"]`),
		HasText(".ck-place", "东兴村"),
		Fill("input[name=detail]", "3组12号"),
		Fill("input[name=phone]", "13800001111"),
		Snap("checkout"),
		Follow(`button[name=op][value=place]`),

		// The sandbox wallet's pay page; back at the shop, the payment is
		// confirmed (at once, or after the page reloads itself).
		HasText("body", "Sandbox Wallet"),
		Submit("form"),
		HasText(".paid-hero h1", "支付成功"),
		Count(".oc", 3),
		Count(".oc-status.st-paid", 3),
	)
	// The first order is the egg store's (stores come in the cart's order).
	meta := b.Text(".oc .oc-meta")
	id := strings.TrimPrefix(strings.Fields(meta)[0], "#")
	if _, err := strconv.Atoi(id); err != nil {
		t.Fatalf("no order number in %q", meta)
	}

	// The egg store's seller refunds one tray of the eggs.
	s := New(t, env.URL, Label("seller"), AcceptLanguage("ko"))
	s.Run(
		Open("/signin"),
		Fill("input[name=email]", "seller-dongxing@maeul.test"),
		Fill("input[name=password]", "maeul-demo"),
		Submit(`form[action="/signin"]`),
		Open("/seller/orders"),
		Visible(`.so-row a[href="/seller/orders/`+id+`"]`),
		Follow(`.so-row a[href="/seller/orders/`+id+`"]`),
		HasText(".oc-status", "결제 완료"),
		Fill("input.so-qty", "1"),
		Fill("input[name=reason]", "한 판이 깨져서 도착"),
		Follow(`button[name=op][value=preview]`),
		HasText(".so-plan-total", "¥49.90"),
		Follow(`button[name=op][value=refund]`),
		HasText(".notice", "환불했습니다"),
		HasText(".oc-status", "부분 환불"),
	)

	b.Run(
		Open("/orders?tab=refunds"),
		Count(".oc", 1),
		Follow(`.oc-body[href="/orders/`+id+`"]`),
		HasText(".ohero", "部分退款"),
		HasText(".ck-refund", "已退1件"),
		HasText(".timeline", "한 판이 깨져서 도착"),
	)
}
