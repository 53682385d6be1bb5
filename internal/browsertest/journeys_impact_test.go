package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/impact"
	"maeul/internal/money"
	"maeul/internal/server/servertest"
)

// A newcomer on a phone, in Korean, opens the eggs of Dongxing Village,
// sees which village and how many registered poor households buying them
// supports, signs up, buys two trays with the sandbox wallet, and finds on
// the confirmation and the receipt what the order added to those
// households — the amount the households' statements show.
func TestNewcomerSeesWhatTheOrderAddsToHouseholds(t *testing.T) {
	t.Parallel()
	env := servertest.Start(t, "sqlite")
	before := dongxingSupply(t, env)
	b := New(t, env.URL, Mobile(), AcceptLanguage("ko-KR,ko;q=0.9"))
	b.Run(
		Open("/products/wq-dongxing-eggs"),
		Visible(".impact-block"),
		HasText(".impact-block", "동흥촌의 등록 빈곤가구"),
		HasText(".impact-block", "가격의"),
		Snap("product"),

		Open("/signup"),
		Fill("input[name=name]", "새 손님"),
		Fill("input[name=email]", "newcomer@maeul.test"),
		Fill("input[name=password]", "maeul-demo"),
		Submit(`form[action="/signup"]`),

		Open("/products/wq-dongxing-eggs"),
		Fill("#buy input[name=qty]", "2"),
		Submit("#buy"),
		HasText(".cart-badge", "1"),
		Follow(".cart-link"),
		Follow(".ck-bar .ck-go"),
		AtPath("/checkout"),
		Choose("select[name=county]", "222424000000"),
		Visible("select[name=region]"),
		Choose("select[name=region]", "222424100201"),
		Visible(`input[value="wq-dongxing-vstation"]`),
		Fill("input[name=detail]", "3조 12호"),
		Fill("input[name=name]", "새 손님"),
		Fill("input[name=phone]", "13800002222"),
		Follow(`button[name=op][value=place]`),

		HasText("body", "Sandbox Wallet"),
		Submit("form"),
		HasText(".paid-hero h1", "결제가 완료되었습니다"),
		HasText(".impact-order", "이 주문으로 동흥촌의"),
		Snap("paid"),
	)
	paidText := b.Text(".impact-order")
	meta := b.Text(".oc .oc-meta")
	id := strings.TrimPrefix(strings.Fields(meta)[0], "#")

	// What the statements say the order added, read from the ledger.
	after := dongxingSupply(t, env)
	var grew money.Fen
	reached := 0
	for code, s := range after {
		if d := s - before[code]; d > 0 {
			grew += d
			reached++
		}
	}
	want := fmt.Sprintf("%d가구 소득이 %s 늘어납니다", reached, grew)
	if reached == 0 || !strings.Contains(paidText, want) {
		t.Errorf("the confirmation says %q; the statements grew %s for %d households", paidText, grew, reached)
	}
	b.Run(
		Open("/orders/"+id+"/receipt"),
		HasText(".receipt .impact-order", "이 주문으로 동흥촌의 "+want),
		Snap("receipt"),
	)
}

// dongxingSupply returns each Dongxing household's supply income this
// month, by code, read through the impact service.
func dongxingSupply(t *testing.T, env *servertest.Env) map[string]money.Fen {
	t.Helper()
	ctx := context.Background()
	s := &impact.Service{Store: env.DB, Orgs: env.DB, Points: env.DB, Regions: env.DB, Products: env.DB}
	hs, err := s.Households(ctx, accounts.SystemActor, impact.HouseholdQuery{Within: "222424100201"})
	if err != nil || len(hs) == 0 {
		t.Fatalf("Dongxing's households: %v (%d)", err, len(hs))
	}
	out := map[string]money.Fen{}
	for _, h := range hs {
		st, err := s.Statement(ctx, accounts.SystemActor, h.Code, impact.MonthPeriod(time.Now()).Text)
		if err != nil {
			t.Fatal(err)
		}
		out[h.Code] = st.Supply
	}
	return out
}
