package store_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/consignment"
	"maeul/internal/i18n"
	"maeul/internal/impact"
	"maeul/internal/money"
	"maeul/internal/orders"
	"maeul/internal/payments"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

// TestConsignedSalesCreditTheirHouseholds records two batches of one
// variant at the Dongxing station, the later-received one first, and
// sells the variant twice: the units go to the batches first in, first
// out by the day received, each credits its household exactly its
// per-unit amount in the ledger (a supply posting without a link, fen for
// fen; the amounts leave room for the store's links, so the ledger cuts
// nothing), units beyond the batches credit nobody, a refund reverses in
// proportion, and the ledger verifies clean — on both engines.
func TestConsignedSalesCreditTheirHouseholds(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		actors := storetest.Demo(t, db)
		now := time.Now()
		svc := &consignment.Service{Store: db, Households: db, Products: db, Orgs: db, Points: db, Regions: db, Now: func() time.Time { return now }}
		op := actors["station-dongxing@maeul.test"]
		const sku = "WQ-DX-EGG-60"
		day := func(back int) time.Time { return impact.Day(now).AddDate(0, 0, -back) }
		// Recorded first, received later: it sells second.
		later, err := svc.Record(ctx, op, consignment.NewBatch{HouseholdCode: "222424100201-02", SKU: sku, Units: 5, PerUnit: 5000, ReceivedOn: day(1)})
		if err != nil {
			t.Fatal(err)
		}
		earlier, err := svc.Record(ctx, op, consignment.NewBatch{HouseholdCode: "222424100201-09", SKU: sku, Units: 3, PerUnit: 6011, ReceivedOn: day(2)})
		if err != nil {
			t.Fatal(err)
		}
		balance := func(household string) money.Fen {
			t.Helper()
			h, err := db.Household(ctx, household)
			if err != nil {
				t.Fatal(err)
			}
			b, err := db.AccountBalance(ctx, impact.HouseholdAccount(h.ID))
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
		before09, before02 := balance("222424100201-09"), balance("222424100201-02")

		wallet := &payments.Wallet{Secret: []byte("test")}
		ords := &orders.Service{Store: db, Orgs: db, Points: db, Logger: slog.New(slog.DiscardHandler),
			Providers: map[payments.Method]payments.Provider{payments.Sandbox: &payments.SandboxProvider{Wallet: wallet}},
			Now:       func() time.Time { return now }}
		buyer := actors["shopper@maeul.test"]
		p, err := db.VariantBySKU(ctx, sku)
		if err != nil {
			t.Fatal(err)
		}
		buy := func(qty int) orders.Result {
			t.Helper()
			owner := orders.CartOwner(buyer, "")
			if err := ords.Set(ctx, buyer, owner, orders.CartItem{VariantID: p.Variants[0].ID, Qty: qty}); err != nil {
				t.Fatal(err)
			}
			r, err := ords.Place(ctx, buyer, owner, orders.Checkout{Address: ltHome, Method: payments.Sandbox, Lang: i18n.Ko})
			if err != nil {
				t.Fatal(err)
			}
			n := wallet.Pay(payments.Payment{Ref: r.Payment.Ref, Amount: r.Payment.Amount})
			if _, err := ords.Notified(ctx, payments.Verified{Notice: n, Nonce: payments.NewRef(), At: now}); err != nil {
				t.Fatal(err)
			}
			return r
		}
		first := buy(4) // 3 of the earlier batch, 1 of the later
		if got, want := balance("222424100201-09")-before09, 3*earlier.PerUnit; got != want {
			t.Errorf("the earlier batch's household gained %d fen, want %d", got, want)
		}
		if got, want := balance("222424100201-02")-before02, 1*later.PerUnit; got != want {
			t.Errorf("the later batch's household gained %d fen, want %d", got, want)
		}
		buy(5) // 4 of the later batch; the fifth unit is nobody's
		if got, want := balance("222424100201-02")-before02, 5*later.PerUnit; got != want {
			t.Errorf("after the second sale the later batch's household gained %d fen, want %d", got, want)
		}
		for _, c := range []struct {
			b    consignment.Batch
			sold int64
		}{{earlier, 3}, {later, 5}} {
			got, err := db.BatchByCode(ctx, c.b.Code)
			if err != nil {
				t.Fatal(err)
			}
			if got.Sold != c.sold {
				t.Errorf("batch %s (received %s) sold %d, want %d", c.b.Code, c.b.ReceivedOn.Format(time.DateOnly), got.Sold, c.sold)
			}
		}
		// The credits are supply postings without a link, on the sold
		// line, for exactly the units times the amount.
		o, err := db.Order(ctx, first.OrderIDs[0])
		if err != nil {
			t.Fatal(err)
		}
		credits := map[int64]money.Fen{}
		for _, h := range []int64{earlier.HouseholdID, later.HouseholdID} {
			es, err := db.LedgerEntries(ctx, impact.EntryFilter{Kind: impact.KindSupply, HouseholdID: h, Limit: impact.MaxEntries})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range es {
				if e.LineID == o.Lines[0].ID && e.LinkID == 0 && e.Account == impact.HouseholdAccount(e.HouseholdID) {
					credits[e.HouseholdID] += e.Amount
				}
			}
		}
		if len(credits) != 2 || credits[earlier.HouseholdID] != 3*earlier.PerUnit || credits[later.HouseholdID] != later.PerUnit {
			t.Errorf("the first line's consignment credits = %v, want %d to household %d and %d to %d",
				credits, 3*earlier.PerUnit, earlier.HouseholdID, later.PerUnit, later.HouseholdID)
		}
		// A refund of one unit reverses its share of every credit.
		if _, err := ords.Refund(ctx, accounts.SystemActor, o.ID, map[int64]int{o.Lines[0].ID: 1}, false, "one tray broken"); err != nil {
			t.Fatal(err)
		}
		check, err := db.VerifyLedger(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !check.OK() || check.Batches < 2 {
			t.Errorf("verify: %d batches checked, problems %v (+%d)", check.Batches, check.Problems, check.More)
		}
		if got, want := balance("222424100201-09")-before09, 3*earlier.PerUnit-money.Scale(3*earlier.PerUnit, 1, 4); got != want {
			t.Errorf("after the refund the earlier batch's household has %d fen more, want %d", got, want)
		}
	})
}
