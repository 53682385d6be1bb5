package browsertest

import (
	"context"
	"regexp"
	"strconv"
	"testing"

	"maeul/internal/orders"
	"maeul/internal/payments"
	"maeul/internal/server/servertest"
)

// Dongxing's station operator, in Korean, receives a consignment of
// millet from a registered household, records it and opens its label
// (whose QR code loads); then a shopper's parcel, paid in cash on pick-up,
// waits at the station: the shopper reads its pick-up code on the order's
// page, the operator tries a wrong code first and is refused, then hands
// the parcel over against the right code and takes the cash, and the
// order is delivered and paid with the impact ledger still balanced.
func TestStationOperatorReceivesConsignmentAndHandsOverAParcelForCash(t *testing.T) {
	t.Parallel()
	env := servertest.Start(t, "sqlite")
	ctx := context.Background()

	// The shopper orders eggs to pick up and pay at Dongxing's station;
	// the store ships them unpaid and the county scans the parcel along
	// its route to the station, where it gets its pick-up code.
	res, pc := env.AtPickup(servertest.PickupOrder{
		Buyer: "shopper@maeul.test", Seller: "seller-dongxing@maeul.test", Scanner: "county-wangqing@maeul.test",
		Product: "wq-dongxing-eggs", Qty: 2, Point: "wq-dongxing-vstation",
		Address: orders.Address{Name: "김민지", Phone: "13800001111", Region: "222424100201", Detail: "동흥촌 3조 12호"},
	})
	orderID := res.OrderIDs[0]
	id, parcel := strconv.FormatInt(orderID, 10), "#parcel-"+strconv.FormatInt(pc.ID, 10)
	due := res.Payment.Amount

	// The shopper, on a phone in Chinese, finds the parcel at the station
	// and its code on the order's page.
	b := New(t, env.URL, Mobile(), AcceptLanguage("zh-CN,zh;q=0.9"))
	b.Run(
		Open("/signin"),
		Fill("input[name=email]", "shopper@maeul.test"),
		Fill("input[name=password]", "maeul-demo"),
		Submit(`form[action="/signin"]`),
		Open("/orders/"+id),
		Visible("#parcel .pickup-code-digits code"),
		Snap("code"),
	)
	code := b.Text("#parcel .pickup-code-digits code")
	if !regexp.MustCompile(`^[0-9]{6}$`).MatchString(code) {
		t.Fatalf("the pick-up code on the order's page is %q, want six digits", code)
	}
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}

	// The operator records a household's millet and prints its label.
	s := New(t, env.URL, Label("station"), AcceptLanguage("ko-KR,ko;q=0.9"))
	s.Run(
		Open("/signin"),
		Fill("input[name=email]", "station-dongxing@maeul.test"),
		Fill("input[name=password]", "maeul-demo"),
		Submit(`form[action="/signin"]`),
		Open("/station/batches/new"),
		Choose("select#batch-household", "222424100201-09"),
		Choose("select#batch-sku", "WQ-DX-MILLET-2"),
		Fill("input#batch-quantity", "12"),
		Fill("input#batch-weight", "30.25"),
		Snap("batch"),
		Submit("form#batch-form"),
		Visible("#batch-recorded"),
	)
	batch := s.Text("#batch-code")
	s.Run(
		AtPath("/station/batches/"+batch+"/receipt?recorded=1"),
		HasText("#batch-recorded", batch),
		Follow("#batch-label-link"),
		AtPath("/station/batches/"+batch+"/label"),
		HasText("#batch-label", batch),
		Visible("#batch-print"),
		ImageLoaded("img#batch-qr"),
		Snap("label"),
		// The page the QR code leads to.
		Open("/batches/"+batch),
		Visible("#batch-public"),
	)

	before, err := env.DB.VerifyLedger(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The shopper comes with a code mistyped, then the right one, and
	// pays the cash due.
	s.Run(
		Open("/station/"),
		Visible(parcel),
		HasText(parcel+" .cash-amount", due.String()),
		Fill(parcel+" input[name=code]", wrong),
		Fill(parcel+" input[name=cash]", due.Decimal()),
		Submit(parcel+" form.hand-form"),
		HasText(parcel+" .error-box[role=alert]", "수령 코드가 맞지 않습니다"),
		HasText(parcel, "틀린 코드 1번"),
		Snap("wrong-code"),
		Fill(parcel+" input[name=code]", code),
		Fill(parcel+" input[name=cash]", due.Decimal()),
		Submit(parcel+" form.hand-form"),
		AtPath("/station/"),
		HasText(".notice", "소포를 건네고 현금을 받았습니다"),
		Count(parcel, 0),
	)

	b.Run(
		Open("/orders/"+id),
		HasText(".ohero h1", "已送达"),
		Count("#parcel .pickup-code-digits", 0),
	)

	o, err := env.DB.Order(ctx, orderID)
	if err != nil {
		t.Fatal(err)
	}
	pay, err := env.DB.GroupPayment(ctx, o.GroupID)
	if err != nil {
		t.Fatal(err)
	}
	op := env.Actor("station-dongxing@maeul.test")
	if o.Status != orders.Delivered || pay.Status != payments.Paid || pay.Amount != due || pay.ConfirmedBy != op.ID {
		t.Errorf("after the hand-over: order %s, payment %s of %s by %d; want delivered, paid %s by the operator %d",
			o.Status, pay.Status, pay.Amount, pay.ConfirmedBy, due, op.ID)
	}
	rep, err := env.DB.VerifyLedger(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.PaidLines != before.PaidLines+int64(len(o.Lines)) {
		t.Errorf("ledger after the hand-over: %+v; want clean with the order's %d lines posted on top of %d", rep, len(o.Lines), before.PaidLines)
	}
}
