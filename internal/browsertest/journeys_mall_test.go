package browsertest

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/promo"
	"maeul/internal/server/servertest"
)

// A visitor opens the mall in Korean on a phone, switches to Chinese,
// searches for wood-ear fungus (木耳) and opens one.
func TestShopperSearchesTheMallInChinese(t *testing.T) {
	t.Parallel()
	env := servertest.Start(t, "sqlite")
	b := New(t, env.URL, Mobile(), AcceptLanguage("ko-KR,ko;q=0.9"))
	b.Run(
		Open("/"),
		HasAttr("html", "lang", "ko"),
		HasText("main", "연길시"),

		Follow(`.langs a[hreflang="zh"]`),
		HasAttr("html", "lang", "zh"),
		HasText("main", "延吉市"),

		Fill("#top-q", "木耳"),
		Submit("form.search"),
		AtPath("/search"),
		HasText("main", "黑木耳"),
		Snap("results"),

		Follow(`a.pcard-link[href="/products/wq-dongxing-wood-ear"]`),
		AtPath("/products/wq-dongxing-wood-ear"),
		HasText("h1.product-name", "黑木耳"),
		HasText(".origin", "东兴村"),
		Visible(`#buy button.buy-add`),
	)
}

// The Dongxing village store's seller adds a product, then its photo on
// the edit page, and sees it on the product's page.
func TestSellerAddsAProductWithAPhoto(t *testing.T) {
	t.Parallel()
	env := servertest.Start(t, "sqlite")
	photo := filepath.Join(t.TempDir(), "eggs.png")
	if err := os.WriteFile(photo, gradientPNG(t, 900, 600), 0o644); err != nil {
		t.Fatal(err)
	}
	b := New(t, env.URL, AcceptLanguage("en"))
	b.Run(
		Open("/signin"),
		Fill("input[name=email]", "seller-dongxing@maeul.test"),
		Fill("input[name=password]", "maeul-demo"),
		Submit(`form[action="/signin"]`),
		Open("/lang/en?next=/seller/products/new"),
		AtPath("/seller/products/new"),

		Fill("#f-code", "dx-duck-eggs"),
		Fill("#f-name-ko", "동흥촌 오리알"),
		Fill(`input[name=name_zh]`, "东兴村鸭蛋"),
		Fill(`input[name=name_en]`, "Dongxing Duck Eggs"),
		Choose("#f-category", "eggs-poultry"),
		Choose("#f-origin", "222424100201"),
		Fill(`input[name=sku]`, "DX-DUCK-20"),
		Fill(`input[name=vko]`, "20알"),
		Fill(`input[name=ven]`, "20 eggs"),
		Fill(`input[name=price]`, "38.00"),
		Fill(`input[name=stock]`, "15"),
		Submit(`form.bo-form`),
		AtPath("/seller/products/dx-duck-eggs"),
		HasText("h1", "Dongxing Duck Eggs"),

		SetFiles("#f-photo", photo),
		Submit("form.bo-upload"),
		AtPath("/seller/products/dx-duck-eggs"),
		Count(".bo-photos li", 1),
		Snap("edit"),

		Open("/products/dx-duck-eggs"),
		HasText("h1.product-name", "Dongxing Duck Eggs"),
		Visible(".gallery-item img"),
		HasText(".bigprice", "¥38.00"),
	)
}

// gradientPNG makes a w×h PNG photo with a warm gradient.
func gradientPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.Set(x, y, color.RGBA{uint8(200 + x*55/w), uint8(150 + y*80/h), uint8(90 + x*40/w), 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A shopper on a phone finds the Dongxing wood-ear on a special price in
// the mall's special-price section (특가 판매), beside the flash sales,
// farm-direct goods and rural tourism, with its list price struck through,
// and opens it.
func TestShopperFindsTheSpecialPriceSection(t *testing.T) {
	t.Parallel()
	env := servertest.Start(t, "sqlite")
	ctx := context.Background()
	seller, _, err := env.DB.UserByEmail(ctx, "seller-dongxing@maeul.test")
	if err != nil {
		t.Fatal(err)
	}
	svc := &promo.Service{Store: env.DB, Orgs: env.DB}
	if _, err := svc.CreateSpecialPrice(ctx, accounts.Actor{User: seller}, "WQ-DX-WOODEAR-250", promo.SpecialPrice{Fixed: 3400, Ends: time.Now().Add(72 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	b := New(t, env.URL, Mobile(), AcceptLanguage("ko-KR,ko;q=0.9"))
	b.Run(
		Open("/"),
		HasText("#h-special", "특가 판매"),
		HasText(`section[aria-labelledby="h-special"] .pcard-price`, "¥34.00"),
		Follow(`.section-head a.see-all[href="/specials"]`),
		AtPath("/specials"),
		HasText("h1", "특가 판매"),
		HasText(`a.pcard-link[href="/products/wq-dongxing-wood-ear"] .pcard-price .sale`, "¥34.00"),
		HasText(`a.pcard-link[href="/products/wq-dongxing-wood-ear"] .pcard-price .was`, "¥40.00"),
		Snap("specials"),
		Follow(`a.pcard-link[href="/products/wq-dongxing-wood-ear"]`),
		AtPath("/products/wq-dongxing-wood-ear"),
		HasText("main", "¥34.00"),
	)
}
