package store_test

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/impact"
	"maeul/internal/money"
	"maeul/internal/orders"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

// The ledger tests run in 2030, after any demo sale (which the demo dates
// in the month before it is loaded), so their periods hold their own
// postings only.

func wantCode(t *testing.T, what string, err error, want errs.Code) {
	t.Helper()
	if got := errs.CodeOf(err); err == nil || got != want {
		t.Errorf("%s: %v (code %q), want %q", what, err, got, want)
	}
}

func entryCount(t *testing.T, db *store.DB) int64 {
	t.Helper()
	rep, err := db.VerifyLedger(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return rep.Entries
}

func TestDividendRunsPayOnceByShares(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newLedgerWorld(t, db, chinaTime(2030, 3, 10, 10))
		w.link(t,
			impact.NewLink{Kind: impact.Pool, PercentBP: 1000, ValidFrom: day("2030-03-01")},
			impact.NewLink{HouseholdCode: "lt-h1", Kind: impact.Member, Shares: 3, ValidFrom: day("2030-03-01")},
			impact.NewLink{HouseholdCode: "lt-h2", Kind: impact.Member, Shares: 3, ValidFrom: day("2030-03-01")},
			impact.NewLink{HouseholdCode: "lt-h3", Kind: impact.Member, Shares: 1, ValidFrom: day("2030-03-01")},
			// Joins in April: not a member on the last day of March.
			impact.NewLink{HouseholdCode: "lt-h4", Kind: impact.Member, Shares: 5, ValidFrom: day("2030-04-01")},
			impact.NewLink{HouseholdCode: "lt-h6", Kind: impact.Supplier, SKU: "product:lt-eggs", PerUnit: 150, ValidFrom: day("2030-03-01")},
		)
		eggs, millet := w.products[0].Variants[0], w.products[1].Variants[0]
		w.buy(t, w.buyers[0], orders.CartItem{VariantID: eggs.ID, Qty: 3})   // 8970: pool 897, lt-h6 450
		w.buy(t, w.buyers[1], orders.CartItem{VariantID: millet.ID, Qty: 2}) // 2500: pool 250
		pool := impact.OrgPool(w.store.ID)
		if got := w.balance(t, pool); got != 1147 {
			t.Fatalf("pool %d after two sales, want 1147", got)
		}
		county := w.actors["county-wangqing@maeul.test"]

		// March is not over: it can be previewed but not run.
		plan, err := w.impact.PreviewDividends(ctx, w.seller, "lt-store", "2030-03")
		if err != nil {
			t.Fatal(err)
		}
		// 1147 by 3:3:1 — 491.57, 491.57, 163.86: floors 1145; the two fen
		// left go to lt-h3 (.86), then lt-h1 (the earlier of the .57s).
		want := []impact.Share{
			{HouseholdID: w.hh[0].ID, Household: "lt-h1", Village: dongxing, Shares: 3, Amount: 492},
			{HouseholdID: w.hh[1].ID, Household: "lt-h2", Village: dongxing, Shares: 3, Amount: 491},
			{HouseholdID: w.hh[2].ID, Household: "lt-h3", Village: dongxing, Shares: 1, Amount: 164},
		}
		if diff := cmp.Diff(want, plan.Shares); diff != "" || plan.Pool != 1147 || plan.TotalShares != 7 || plan.Executed != nil {
			t.Errorf("preview: pool %d, %d shares, executed %v; shares (-want +got):\n%s", plan.Pool, plan.TotalShares, plan.Executed, diff)
		}
		_, err = w.impact.ExecuteDividends(ctx, county, "lt-store", "2030-03")
		wantCode(t, "running March before it is over", err, errs.Invalid)

		w.now = chinaTime(2030, 4, 2, 9)
		for name, by := range map[string]accounts.Actor{
			"a shopper": w.buyers[0], "another store's seller": w.actors["seller-dongxing@maeul.test"],
			"another county's admin": w.actors["county-yanji@maeul.test"], "the prefecture admin": w.actors["prefecture@maeul.test"],
			"an auditor": w.actors["auditor@maeul.test"], "a station operator": w.actors["station-dongxing@maeul.test"],
		} {
			_, err := w.impact.ExecuteDividends(ctx, by, "lt-store", "2030-03")
			wantCode(t, name+" running dividends", err, errs.Forbidden)
		}
		_, err = w.impact.ExecuteDividends(ctx, accounts.Actor{}, "lt-store", "2030-03")
		wantCode(t, "a guest running dividends", err, errs.Unauthorized)
		_, err = w.impact.PreviewDividends(ctx, w.actors["seller-dongxing@maeul.test"], "lt-store", "2030-03")
		wantCode(t, "another store's seller previewing", err, errs.Forbidden)
		if _, err := w.impact.PreviewDividends(ctx, w.actors["auditor@maeul.test"], "lt-store", "2030-03"); err != nil {
			t.Errorf("an auditor previewing: %v", err)
		}

		run, err := w.impact.ExecuteDividends(ctx, county, "lt-store", "2030-03")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, run.Shares); diff != "" || run.Amount != 1147 || run.Earlier || run.TxID == 0 || run.ExecutedBy != county.ID || run.Period != "2030-03" {
			t.Errorf("run %+v; shares (-want +got):\n%s", run, diff)
		}
		if got := w.balance(t, pool); got != 0 {
			t.Errorf("pool %d after the run", got)
		}
		for _, s := range want {
			if got := w.balance(t, impact.HouseholdAccount(s.HouseholdID)); got != s.Amount {
				t.Errorf("%s has %d, want %d", s.Household, got, s.Amount)
			}
		}
		if got := w.balance(t, impact.HouseholdAccount(w.hh[5].ID)); got != 450 {
			t.Errorf("the supplier has %d, want 450", got)
		}

		// Running March again, by its seller this time, pays nothing and
		// returns the first run.
		n := entryCount(t, db)
		again, err := w.impact.ExecuteDividends(ctx, w.seller, "lt-store", "2030-03")
		if err != nil {
			t.Fatal(err)
		}
		if !again.Earlier || again.ID != run.ID || again.Amount != run.Amount || again.ExecutedBy != county.ID || entryCount(t, db) != n {
			t.Errorf("second run of March: %+v (first %+v)", again, run)
		}
		plan, err = w.impact.PreviewDividends(ctx, w.seller, "lt-store", "2030-03")
		if err != nil || plan.Executed == nil || plan.Executed.ID != run.ID || plan.Pool != 0 {
			t.Errorf("preview after the run: %+v, %v", plan, err)
		}

		// April: lt-h4 has joined. Concurrent runs pay once.
		w.buy(t, w.buyers[2], orders.CartItem{VariantID: eggs.ID, Qty: 1}) // pool 299
		w.now = chinaTime(2030, 5, 1, 0)
		var wg sync.WaitGroup
		runs := make([]impact.DividendRun, 6)
		runErrs := make([]error, len(runs))
		for i := range runs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				runs[i], runErrs[i] = w.impact.ExecuteDividends(ctx, w.seller, "lt-store", "2030-04")
			}()
		}
		wg.Wait()
		first := 0
		for i, r := range runs {
			if runErrs[i] != nil {
				t.Fatalf("concurrent run %d: %v", i, runErrs[i])
			}
			if r.ID != runs[0].ID || r.Amount != 299 {
				t.Errorf("concurrent run %d: %+v", i, r)
			}
			if !r.Earlier {
				first++
			}
		}
		if first != 1 || len(runs[0].Shares) != 4 {
			t.Errorf("%d runs paid; shares %+v", first, runs[0].Shares)
		}
		// An empty pool pays nothing and records no run.
		w.now = chinaTime(2030, 6, 1, 0)
		_, err = w.impact.ExecuteDividends(ctx, w.seller, "lt-store", "2030-05")
		wantCode(t, "running an empty pool", err, errs.Invalid)
		if _, err := db.DividendRun(ctx, w.store.ID, "2030-05"); !errs.Is(err, errs.NotFound) {
			t.Errorf("a run was recorded for an empty pool: %v", err)
		}
		if rs, err := w.impact.DividendRuns(ctx, county, "lt-store"); err != nil || len(rs) != 2 || rs[0].Period != "2030-04" {
			t.Errorf("runs %+v, %v", rs, err)
		}
		w.verify(t)
	})
}

func TestPayoutsNeverExceedTheBalance(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newLedgerWorld(t, db, chinaTime(2030, 3, 10, 10))
		w.link(t,
			impact.NewLink{HouseholdCode: "lt-h1", Kind: impact.Supplier, SKU: "product:lt-eggs", PerUnit: 500, ValidFrom: day("2030-03-01")},
			impact.NewLink{HouseholdCode: "lt-h5", Kind: impact.Supplier, SKU: "LT-MIL-1", PercentBP: 1000, ValidFrom: day("2030-03-01")},
			impact.NewLink{HouseholdCode: "lt-h7", Kind: impact.Supplier, SKU: "product:lt-eggs", PerUnit: 300, ValidFrom: day("2030-03-01")},
		)
		w.buy(t, w.buyers[0], orders.CartItem{VariantID: w.products[0].Variants[0].ID, Qty: 4}, orders.CartItem{VariantID: w.products[1].Variants[0].ID, Qty: 2})
		h1, h5, h7 := w.hh[0], w.hh[4], w.hh[6]
		for _, c := range []struct {
			h    impact.Household
			want money.Fen
		}{{h1, 2000}, {h5, 250}, {h7, 1200}} {
			if got := w.balance(t, impact.HouseholdAccount(c.h.ID)); got != c.want {
				t.Fatalf("%s has %d, want %d", c.h.Code, got, c.want)
			}
		}
		county, station := w.actors["county-wangqing@maeul.test"], w.actors["station-dongxing@maeul.test"]
		w.now = chinaTime(2030, 3, 20, 10)
		p, err := w.impact.PayOut(ctx, county, impact.PayoutRequest{Household: "lt-h1", Amount: 800, Method: impact.Bank, Reference: "BK-1"})
		if err != nil {
			t.Fatal(err)
		}
		if p.ID == 0 || p.TxID == 0 || p.Earlier || p.OperatorID != county.ID || p.PointID != 0 || !p.PaidAt.Equal(w.now) {
			t.Errorf("payout %+v", p)
		}
		again, err := w.impact.PayOut(ctx, county, impact.PayoutRequest{Household: "lt-h1", Amount: 800, Method: impact.Bank, Reference: " BK-1 "})
		if err != nil || !again.Earlier || again.ID != p.ID {
			t.Errorf("the same payout again: %+v, %v", again, err)
		}
		_, err = w.impact.PayOut(ctx, county, impact.PayoutRequest{Household: "lt-h1", Amount: 900, Method: impact.Bank, Reference: "BK-1"})
		wantCode(t, "a known reference with another amount", err, errs.Conflict)
		if got := w.balance(t, impact.HouseholdAccount(h1.ID)); got != 1200 {
			t.Errorf("lt-h1 has %d after paying 800 of 2000", got)
		}
		bank := impact.PayoutRequest{Household: "lt-h1", Amount: 100, Method: impact.Bank, Reference: "BK-2"}
		for name, by := range map[string]accounts.Actor{
			"another county's admin": w.actors["county-yanji@maeul.test"], "the prefecture admin": w.actors["prefecture@maeul.test"],
			"a station operator": station, "the store's seller": w.seller, "an auditor": w.actors["auditor@maeul.test"],
		} {
			_, err := w.impact.PayOut(ctx, by, bank)
			wantCode(t, name+" paying by bank", err, errs.Forbidden)
		}
		_, err = w.impact.PayOut(ctx, accounts.Actor{}, bank)
		wantCode(t, "a guest paying", err, errs.Unauthorized)
		cash := impact.PayoutRequest{Household: "lt-h1", Amount: 1200, Method: impact.Cash, Reference: "RC-1"}
		_, err = w.impact.PayOut(ctx, county, cash)
		wantCode(t, "the county admin paying cash", err, errs.Forbidden)
		p, err = w.impact.PayOut(ctx, station, cash)
		if err != nil {
			t.Fatal(err)
		}
		if pt, _ := db.ServicePoint(ctx, "wq-dongxing-vstation"); p.PointID != pt.ID || p.Method != impact.Cash {
			t.Errorf("cash payout %+v, want point %d", p, pt.ID)
		}
		if got := w.balance(t, impact.HouseholdAccount(h1.ID)); got != 0 {
			t.Errorf("lt-h1 has %d after being paid everything", got)
		}
		_, err = w.impact.PayOut(ctx, station, impact.PayoutRequest{Household: "lt-h7", Amount: 100, Method: impact.Cash, Reference: "RC-2"})
		wantCode(t, "cash for a village the station does not serve", err, errs.Forbidden)
		_, err = w.impact.PayOut(ctx, county, impact.PayoutRequest{Household: "lt-h5", Amount: 100, Method: impact.Bank, Reference: "BK-3"})
		wantCode(t, "a bank payout without a bank account", err, errs.Invalid)
		for name, r := range map[string]impact.PayoutRequest{
			"more than the balance": {Household: "lt-h7", Amount: 1201, Method: impact.Bank, Reference: "BK-4"},
			"nothing":               {Household: "lt-h7", Amount: 0, Method: impact.Bank, Reference: "BK-4"},
			"no reference":          {Household: "lt-h7", Amount: 10, Method: impact.Bank, Reference: " "},
			"an unknown method":     {Household: "lt-h7", Amount: 10, Method: "alipay", Reference: "X"},
		} {
			_, err := w.impact.PayOut(ctx, county, r)
			wantCode(t, name, err, errs.Invalid)
		}
		_, err = w.impact.PayOut(ctx, county, impact.PayoutRequest{Household: "nope", Amount: 10, Method: impact.Bank, Reference: "X"})
		wantCode(t, "an unknown household", err, errs.NotFound)

		// Concurrent payouts of 500 from 1200: two are paid, the rest
		// refused, and the balance never goes below zero.
		var wg sync.WaitGroup
		results := make([]error, 5)
		for i := range results {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, results[i] = w.impact.PayOut(ctx, county, impact.PayoutRequest{Household: "lt-h7", Amount: 500, Method: impact.Bank,
					Reference: "BK-C" + string(rune('0'+i))})
			}()
		}
		wg.Wait()
		paid := 0
		for _, err := range results {
			switch {
			case err == nil:
				paid++
			case !errs.Is(err, errs.Invalid):
				t.Errorf("concurrent payout: %v", err)
			}
		}
		if got := w.balance(t, impact.HouseholdAccount(h7.ID)); paid != 2 || got != 200 {
			t.Errorf("%d concurrent payouts of 500 from 1200 paid; balance %d", paid, got)
		}
		ps, err := w.impact.Payouts(ctx, county, "lt-h1")
		if err != nil || len(ps) != 2 || ps[0].Reference != "RC-1" || ps[1].Reference != "BK-1" {
			t.Errorf("lt-h1's payouts %+v, %v", ps, err)
		}
		_, err = w.impact.Payouts(ctx, w.seller, "lt-h1")
		wantCode(t, "a seller listing payouts", err, errs.Forbidden)
		w.verify(t)
	})
}

func TestStatementsAndImpactFigures(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newLedgerWorld(t, db, chinaTime(2030, 3, 10, 10))
		w.link(t,
			impact.NewLink{HouseholdCode: "lt-h1", Kind: impact.Supplier, SKU: "product:lt-eggs", PerUnit: 150, ValidFrom: day("2030-03-01")},
			impact.NewLink{HouseholdCode: "lt-h2", Kind: impact.Supplier, SKU: "product:lt-wood-ear", PercentBP: 1000, ValidFrom: day("2030-03-01")},
			impact.NewLink{HouseholdCode: "lt-h7", Kind: impact.Supplier, SKU: "LT-EGG-30", PerUnit: 400, ValidFrom: day("2030-03-01")},
			impact.NewLink{Kind: impact.Pool, PercentBP: 500, ValidFrom: day("2030-03-01")},
			impact.NewLink{HouseholdCode: "lt-h3", Kind: impact.Member, Shares: 2, ValidFrom: day("2030-03-01")},
			impact.NewLink{HouseholdCode: "lt-h4", Kind: impact.Member, Shares: 1, ValidFrom: day("2030-03-01")},
		)
		eggs10, eggs30, we250 := w.products[0].Variants[0], w.products[0].Variants[1], w.products[2].Variants[0]
		// Order 1: 2 × eggs-10 (5980) and 1 × wood-ear (4590).
		//   lt-h1 300, lt-h2 459, pool 299 + 230 (229.5 half up).
		r1 := w.buy(t, w.buyers[0], orders.CartItem{VariantID: eggs10.ID, Qty: 2}, orders.CartItem{VariantID: we250.ID, Qty: 1})
		// Order 2: 3 × eggs-30 (23970): lt-h1 450, lt-h7 1200, pool 1199 (1198.5).
		r2 := w.buy(t, w.buyers[1], orders.CartItem{VariantID: eggs30.ID, Qty: 3})
		im, err := w.impact.OrderImpact(ctx, w.buyers[1], r2.OrderIDs[0])
		if err != nil {
			t.Fatal(err)
		}
		if im.Amount != 1650 || im.Households != 2 || im.Pool != 1199 || len(im.Villages) != 2 ||
			im.Villages[0].Village != xiaowangqing || im.Villages[0].Amount != 1200 || im.Villages[1].Amount != 450 || im.Villages[0].Name.En == "" {
			t.Errorf("order 2's impact %+v", im)
		}
		// A refund of 1 of the 3: the credits are reversed by a third,
		// truncated: lt-h1 −150, lt-h7 −400, pool −399.
		o2, _ := db.Order(ctx, r2.OrderIDs[0])
		w.now = chinaTime(2030, 3, 15, 10)
		if _, err := w.orders.Refund(ctx, w.seller, o2.ID, map[int64]int{o2.Lines[0].ID: 1}, true, "one tray broken"); err != nil {
			t.Fatal(err)
		}
		im, err = w.impact.OrderImpact(ctx, w.seller, r2.OrderIDs[0])
		if err != nil || im.Amount != 1100 || im.Households != 2 || im.Pool != 800 {
			t.Errorf("order 2's impact after the refund %+v, %v", im, err)
		}
		if _, err := w.impact.OrderImpact(ctx, w.buyers[0], r2.OrderIDs[0]); !errs.Is(err, errs.NotFound) {
			t.Errorf("another buyer seeing an order's impact: %v", err)
		}
		ci, err := w.impact.CheckoutImpact(ctx, w.buyers[0], r1.GroupID)
		if err != nil || ci.Amount != 759 || ci.Households != 2 || ci.Pool != 529 {
			t.Errorf("checkout 1's impact %+v, %v", ci, err)
		}
		// The dividend run for March pays the pool (529 + 800 = 1329) 2:1.
		w.now = chinaTime(2030, 4, 1, 10)
		if _, err := w.impact.ExecuteDividends(ctx, w.seller, "lt-store", "2030-03"); err != nil {
			t.Fatal(err)
		}
		w.now = chinaTime(2030, 4, 3, 10)
		if _, err := w.impact.PayOut(ctx, w.actors["station-dongxing@maeul.test"], impact.PayoutRequest{Household: "lt-h1", Amount: 500, Method: impact.Cash, Reference: "RC-9"}); err != nil {
			t.Fatal(err)
		}

		county := w.actors["county-wangqing@maeul.test"]
		st, err := w.impact.Statement(ctx, county, "lt-h1", "2030-03")
		if err != nil {
			t.Fatal(err)
		}
		if st.Opening != 0 || st.Supply != 600 || st.Dividend != 0 || st.PaidOut != 0 || st.Closing != 600 || len(st.Supplies) != 1 {
			t.Fatalf("lt-h1's March %+v", st)
		}
		if s := st.Supplies[0]; s.ProductCode != "lt-eggs" || s.Units != 4 || s.Credited != 750 || s.Reversed != -150 || s.Net != 600 {
			t.Errorf("lt-h1's eggs %+v", s)
		}
		st, err = w.impact.Statement(ctx, county, "lt-h1", "2030-Q2")
		if err != nil || st.Opening != 600 || st.Supply != 0 || st.PaidOut != 500 || st.Closing != 100 || len(st.Payouts) != 1 {
			t.Errorf("lt-h1's second quarter %+v, %v", st, err)
		}
		if got := w.balance(t, impact.HouseholdAccount(w.hh[0].ID)); got != st.Closing {
			t.Errorf("lt-h1's balance %d, statement closes at %d", got, st.Closing)
		}
		st, err = w.impact.Statement(ctx, w.actors["station-dongxing@maeul.test"], "lt-h3", "2030")
		if err != nil || st.Dividend != 886 || len(st.Dividends) != 1 || st.Dividends[0].Period != "2030-03" || st.Dividends[0].Org != "lt-store" || st.Closing != 886 {
			t.Errorf("lt-h3's year %+v, %v", st, err)
		}
		if st.Household.HeadName == "" || st.Household.BankAccount != "" {
			t.Errorf("the station sees %+v", st.Household)
		}
		st, err = w.impact.Statement(ctx, w.actors["auditor@maeul.test"], "lt-h3", "2030")
		if err != nil || st.Household.HeadName != "" || st.Household.IDNumber == w.hh[2].IDNumber || st.Closing != 886 {
			t.Errorf("the auditor sees %+v, %v", st.Household, err)
		}
		_, err = w.impact.Statement(ctx, w.actors["station-dongxing@maeul.test"], "lt-h7", "2030")
		wantCode(t, "a station reading a household of a village it does not serve", err, errs.Forbidden)
		_, err = w.impact.Statement(ctx, w.seller, "lt-h1", "2030")
		wantCode(t, "a seller reading a statement", err, errs.Forbidden)
		_, err = w.impact.Statement(ctx, county, "lt-h1", "2030-13")
		wantCode(t, "a bad period", err, errs.Invalid)

		// Figures. In March: lt-h1 600, lt-h2 459, lt-h7 800; no dividends
		// (paid in April). lt-h1 has 2 members, lt-h2 3, lt-h7 3.
		f, err := w.impact.RegionFigures(ctx, "222424", "2030-03")
		if err != nil {
			t.Fatal(err)
		}
		if f.HouseholdsReached != 3 || f.PersonsReached != 8 || f.IncomeAdded != 1859 || f.DividendsPaid != 0 ||
			f.IncomePerHousehold != 619 || f.IncomePerPerson != 232 || f.Units != 2+1+3+3 || f.Region != "222424000000" || f.Name.Ko != "왕청현" {
			t.Errorf("Wangqing in March: %+v", f)
		}
		if len(f.TopProducts) != 2 || f.TopProducts[0].Code != "lt-eggs" || f.TopProducts[0].Income != 1400 || f.TopProducts[0].Households != 2 ||
			f.TopProducts[1].Code != "lt-wood-ear" || f.TopProducts[1].Income != 459 {
			t.Errorf("top products %+v", f.TopProducts)
		}
		f, err = w.impact.RegionFigures(ctx, string(dongxing), "2030-Q1")
		if err != nil || f.HouseholdsReached != 2 || f.IncomeAdded != 1059 {
			t.Errorf("Dongxing in the first quarter: %+v, %v", f, err)
		}
		// The year adds the dividends: lt-h3 886, lt-h4 443 (2 and 3 members).
		f, err = w.impact.RegionFigures(ctx, "222400", "2030")
		if err != nil || f.HouseholdsReached != 5 || f.PersonsReached != 8+4+5 || f.DividendsPaid != 1329 || f.IncomeAdded != 1859+1329 {
			t.Errorf("Yanbian in 2030: %+v, %v", f, err)
		}
		f, err = w.impact.OrgFigures(ctx, "lt-store", "2030-04")
		if err != nil || f.HouseholdsReached != 2 || f.DividendsPaid != 1329 || f.Supply != 0 || len(f.TopProducts) != 0 {
			t.Errorf("lt-store in April: %+v, %v", f, err)
		}
		if _, err := w.impact.RegionFigures(ctx, "229999", "2030"); !errs.Is(err, errs.NotFound) {
			t.Errorf("an unknown region: %v", err)
		}
		if _, err := w.impact.RegionFigures(ctx, "22x", "2030"); !errs.Is(err, errs.Invalid) {
			t.Errorf("a bad region: %v", err)
		}

		// The product page: lt-eggs supports lt-h1, lt-h7 (eggs-30 only)
		// and the members lt-h3, lt-h4 through the pool.
		pi, err := w.impact.ProductImpact(ctx, "lt-eggs", nil)
		if err != nil {
			t.Fatal(err)
		}
		if pi.Households != 4 || len(pi.Villages) != 2 || pi.Villages[0].Village != dongxing || pi.Villages[0].Households != 3 {
			t.Errorf("lt-eggs supports %+v", pi)
		}
		if v := pi.Variants[1]; v.SKU != "LT-EGG-30" || v.Suppliers != 550 || v.Pool != 400 || v.ShareBP != 1188 {
			t.Errorf("eggs-30 passes on %+v", v)
		}
		w.verify(t)
	})
}

func TestLedgerEntriesForTheAuditor(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newLedgerWorld(t, db, chinaTime(2030, 3, 10, 10))
		w.link(t, impact.NewLink{HouseholdCode: "lt-h1", Kind: impact.Supplier, SKU: "product:lt-eggs", PerUnit: 150, ValidFrom: day("2030-03-01")})
		for i := range 5 {
			w.now = chinaTime(2030, 3, 10+i, 10)
			w.buy(t, w.buyers[i], orders.CartItem{VariantID: w.products[0].Variants[0].ID, Qty: 1 + i})
		}
		auditor := w.actors["auditor@maeul.test"]
		hh := impact.HouseholdAccount(w.hh[0].ID)
		var got []impact.Entry
		f := impact.EntryFilter{Account: hh, Limit: 2}
		for pages := 0; ; pages++ {
			page, err := w.impact.Entries(ctx, auditor, f)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, page.Entries...)
			if page.Next == 0 {
				if pages != 2 {
					t.Errorf("%d pages of 2 for 5 entries", pages+1)
				}
				break
			}
			f.AfterSeq = page.Next
		}
		var sum money.Fen
		for i, e := range got {
			sum += e.Amount
			if e.Account != hh || e.Kind != impact.KindSupply || (i > 0 && e.Seq <= got[i-1].Seq) || e.Hash != e.ComputeHash() {
				t.Errorf("entry %+v", e)
			}
		}
		if len(got) != 5 || sum != 150*15 {
			t.Errorf("%d entries summing to %d", len(got), sum)
		}
		p, _ := impact.ParsePeriod("2030-03")
		page, err := w.impact.Entries(ctx, auditor, impact.EntryFilter{Kind: impact.KindSale, OrgID: w.store.ID, From: chinaTime(2030, 3, 12, 0), To: p.To()})
		if err != nil || len(page.Entries) != 6 || page.Next != 0 {
			t.Errorf("sale entries from 12 March: %d, %v", len(page.Entries), err)
		}
		page, err = w.impact.Entries(ctx, auditor, impact.EntryFilter{TxID: got[0].TxID})
		if err != nil || len(page.Entries) != 4 {
			t.Errorf("transaction %d has %d entries, %v", got[0].TxID, len(page.Entries), err)
		}
		for name, by := range map[string]accounts.Actor{"a county admin": w.actors["county-wangqing@maeul.test"], "a seller": w.seller} {
			_, err := w.impact.Entries(ctx, by, impact.EntryFilter{})
			wantCode(t, name+" reading the ledger", err, errs.Forbidden)
		}
		_, err = w.impact.Entries(ctx, auditor, impact.EntryFilter{Limit: 5000})
		wantCode(t, "a page too large", err, errs.Invalid)

		var b bytes.Buffer
		if err := w.impact.ExportEntries(ctx, w.actors["prefecture@maeul.test"], "2030-03", &b); err != nil {
			t.Fatal(err)
		}
		rows := strings.Split(strings.TrimSpace(b.String()), "\n")
		if len(rows) != 1+5*4 || rows[0] != "seq,tx_id,at,account,amount_fen,kind,org_id,household_id,link_id,line_id,refund_id,run_id,payout_id,prev_hash,hash" {
			t.Errorf("export: %d rows, header %q", len(rows), rows[0])
		}
		if err := w.impact.ExportEntries(ctx, w.seller, "2030-03", &b); !errs.Is(err, errs.Forbidden) {
			t.Errorf("a seller exporting: %v", err)
		}
	})
}

// Concurrent partial refunds of one line reverse in turn: once the line is
// refunded in full, every credit it made is reversed exactly.
func TestConcurrentRefundsReverseExactly(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newLedgerWorld(t, db, chinaTime(2030, 3, 10, 10))
		w.link(t,
			impact.NewLink{HouseholdCode: "lt-h1", Kind: impact.Supplier, SKU: "product:lt-millet", PercentBP: 1234, ValidFrom: day("2030-03-01")},
			impact.NewLink{HouseholdCode: "lt-h2", Kind: impact.Supplier, SKU: "LT-MIL-1", PerUnit: 77, ValidFrom: day("2030-03-01")},
			impact.NewLink{Kind: impact.Pool, PercentBP: 333, ValidFrom: day("2030-03-01")},
		)
		r := w.buy(t, w.buyers[0], orders.CartItem{VariantID: w.products[1].Variants[0].ID, Qty: 7})
		o, _ := db.Order(ctx, r.OrderIDs[0])
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// A refund may meet another's and be refused (Conflict).
				if _, err := w.orders.Refund(ctx, w.seller, o.ID, map[int64]int{o.Lines[0].ID: 1}, false, "one"); err != nil && !errs.Is(err, errs.Conflict) {
					t.Errorf("refund: %v", err)
				}
			}()
		}
		wg.Wait()
		w.verify(t)
		o, _ = db.Order(ctx, o.ID)
		if left := o.Lines[0].Qty - o.Lines[0].RefundedQty; left > 0 {
			if _, err := w.orders.Refund(ctx, w.seller, o.ID, map[int64]int{o.Lines[0].ID: left}, false, "the rest"); err != nil {
				t.Fatal(err)
			}
		}
		for _, a := range []impact.Account{impact.HouseholdAccount(w.hh[0].ID), impact.HouseholdAccount(w.hh[1].ID), impact.OrgPool(w.store.ID)} {
			if got := w.balance(t, a); got != 0 {
				t.Errorf("%s holds %d after the line was refunded in full", a, got)
			}
		}
		w.verify(t)
	})
}
