package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/impact"
	"maeul/internal/money"
	"maeul/internal/orders"
	"maeul/internal/payments"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

// TestLedgerProperty drives random sequences of orders, payments, partial
// refunds, cancellations, dividend runs and payouts through the real
// services, and after every step checks that the ledger verifies and that
// every household's balance and the dividend pool equal what an
// independent model, written here from the rules in docs/design.md
// ("The impact ledger"), expects. The seed is logged; set
// MAEUL_LEDGER_SEED to replay one, MAEUL_LEDGER_STEPS to run longer.
func TestLedgerProperty(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("MAEUL_LEDGER_SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("MAEUL_LEDGER_SEED: %v", err)
		}
		seed = v
	}
	steps := 120
	if s := os.Getenv("MAEUL_LEDGER_STEPS"); s != "" {
		steps, _ = strconv.Atoi(s)
	}
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		t.Logf("seed %d (MAEUL_LEDGER_SEED=%d replays it), %d steps", seed, seed, steps)
		runLedgerProperty(t, db, rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), steps)
	})
}

// model is the test's own account of what the ledger must hold.
type model struct {
	links    []impact.Link // lt-store's, by id
	hh       map[int64]impact.Household
	balance  map[int64]money.Fen // by household
	income   map[int64]money.Fen // credits, less reversals, plus dividends, in 2030
	pool     money.Fen
	lines    map[int64]*modelLine
	orders   []int64 // paid orders, in the order placed
	open     map[int64]bool
	runs     map[string]bool // periods paid
	payments int
}

type modelLine struct {
	orderID  int64
	net      money.Fen
	qty      int
	credits  []modelCredit
	refunded money.Fen
}

type modelCredit struct {
	household int64 // 0: the pool
	amount    money.Fen
}

// china returns t's date in China.
func china(t time.Time) time.Time {
	c := t.In(time.FixedZone("CST", 8*3600))
	return time.Date(c.Year(), c.Month(), c.Day(), 0, 0, 0, 0, time.UTC)
}

func inForce(l impact.Link, d time.Time) bool {
	return !d.Before(l.ValidFrom) && (l.ValidTo.IsZero() || !d.After(l.ValidTo))
}

// halfUp returns amount × bp / 10000 rounded half up (amount ≥ 0).
func halfUp(amount money.Fen, bp int64) money.Fen {
	return money.Fen((2*int64(amount)*bp + 10000) / 20000)
}

// largestRemainder splits total by weights: floors first, then one fen
// each to the largest remainders, the earlier first among equals.
func largestRemainder(total money.Fen, weights []int64) []money.Fen {
	var sum int64
	for _, w := range weights {
		sum += w
	}
	parts := make([]money.Fen, len(weights))
	rems := make([]int64, len(weights))
	left := int64(total)
	for i, w := range weights {
		parts[i] = money.Fen(int64(total) * w / sum)
		rems[i] = int64(total) * w % sum
		left -= int64(parts[i])
	}
	for ; left > 0; left-- {
		best := -1
		for i := range rems {
			if rems[i] >= 0 && (best < 0 || rems[i] > rems[best]) {
				best = i
			}
		}
		parts[best]++
		rems[best] = -1
	}
	return parts
}

// credit works out what a paid line passes on: each supplier link in force
// that covers the variant, per unit or a percentage of the net (half up);
// each pool link its percentage; cut in proportion to the net if they
// asked for more.
func (m *model) credit(l orders.Line, paid time.Time) []modelCredit {
	d := china(paid)
	var cs []modelCredit
	var total money.Fen
	for _, k := range m.links {
		if !inForce(k, d) {
			continue
		}
		var c money.Fen
		switch {
		case k.Kind == impact.Supplier && k.ProductID == l.ProductID && (k.VariantID == 0 || k.VariantID == l.VariantID):
			if k.PerUnit > 0 {
				c = k.PerUnit * money.Fen(l.Qty)
			} else {
				c = halfUp(l.Net(), k.PercentBP)
			}
		case k.Kind == impact.Pool:
			c = halfUp(l.Net(), k.PercentBP)
		}
		if c > 0 {
			cs = append(cs, modelCredit{k.HouseholdID, c})
			total += c
		}
	}
	if total > l.Net() {
		w := make([]int64, len(cs))
		for i, c := range cs {
			w[i] = int64(c.amount)
		}
		for i, p := range largestRemainder(l.Net(), w) {
			cs[i].amount = p
		}
	}
	return cs
}

func (m *model) post(household int64, amount money.Fen, income bool) {
	if household == 0 {
		m.pool += amount
		return
	}
	m.balance[household] += amount
	if income {
		m.income[household] += amount
	}
}

// refund reverses a line's credits from what was refunded before to after:
// each by trunc(c·after/net) − trunc(c·before/net).
func (m *model) refund(l *modelLine, amount money.Fen) {
	before, after := l.refunded, l.refunded+amount
	for _, c := range l.credits {
		r := money.Fen(int64(c.amount)*int64(after)/int64(l.net) - int64(c.amount)*int64(before)/int64(l.net))
		m.post(c.household, -r, true)
	}
	l.refunded = after
}

// members returns the households holding shares on day d and their
// shares, by household id.
func (m *model) members(d time.Time) ([]int64, []int64) {
	shares := map[int64]int64{}
	for _, k := range m.links {
		if k.Kind == impact.Member && inForce(k, d) {
			shares[k.HouseholdID] += k.Shares
		}
	}
	var ids []int64
	for id := range shares {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	w := make([]int64, len(ids))
	for i, id := range ids {
		w[i] = shares[id]
	}
	return ids, w
}

func runLedgerProperty(t *testing.T, db *store.DB, rng *rand.Rand, steps int) {
	ctx := context.Background()
	w := newLedgerWorld(t, db, chinaTime(2030, 1, 5, 10))
	w.link(t,
		impact.NewLink{HouseholdCode: "lt-h1", Kind: impact.Supplier, SKU: "product:lt-eggs", PerUnit: 150, ValidFrom: day("2030-01-01")},
		impact.NewLink{HouseholdCode: "lt-h2", Kind: impact.Supplier, SKU: "LT-EGG-30", PercentBP: 750, ValidFrom: day("2030-01-01"), ValidTo: day("2030-01-31")},
		impact.NewLink{HouseholdCode: "lt-h2", Kind: impact.Supplier, SKU: "LT-EGG-30", PerUnit: 333, ValidFrom: day("2030-02-01")},
		impact.NewLink{HouseholdCode: "lt-h3", Kind: impact.Supplier, SKU: "product:lt-wood-ear", PercentBP: 1234, ValidFrom: day("2030-01-01")},
		impact.NewLink{HouseholdCode: "lt-h7", Kind: impact.Supplier, SKU: "LT-WE-500", PerUnit: 777, ValidFrom: day("2030-01-15")},
		impact.NewLink{HouseholdCode: "lt-h8", Kind: impact.Supplier, SKU: "product:lt-millet", PercentBP: 333, ValidFrom: day("2030-01-01")},
		impact.NewLink{Kind: impact.Pool, PercentBP: 450, ValidFrom: day("2030-01-01")},
		impact.NewLink{HouseholdCode: "lt-h1", Kind: impact.Member, Shares: 3, ValidFrom: day("2030-01-01")},
		impact.NewLink{HouseholdCode: "lt-h4", Kind: impact.Member, Shares: 2, ValidFrom: day("2030-01-01")},
		impact.NewLink{HouseholdCode: "lt-h5", Kind: impact.Member, Shares: 2, ValidFrom: day("2030-01-01")},
		impact.NewLink{HouseholdCode: "lt-h6", Kind: impact.Member, Shares: 1, ValidFrom: day("2030-01-01"), ValidTo: day("2030-02-15")},
		impact.NewLink{HouseholdCode: "lt-h8", Kind: impact.Member, Shares: 4, ValidFrom: day("2030-02-01")},
	)
	links, err := db.Links(ctx, impact.LinkFilter{OrgID: w.store.ID})
	if err != nil {
		t.Fatal(err)
	}
	m := &model{links: links, hh: map[int64]impact.Household{}, balance: map[int64]money.Fen{}, income: map[int64]money.Fen{},
		lines: map[int64]*modelLine{}, open: map[int64]bool{}, runs: map[string]bool{}}
	for _, h := range w.hh {
		m.hh[h.ID] = h
	}
	var variants []int64
	for _, p := range w.products {
		for _, v := range p.Variants {
			variants = append(variants, v.ID)
		}
	}
	county, station := w.actors["county-wangqing@maeul.test"], w.actors["station-dongxing@maeul.test"]
	counts := map[string]int{}

	for step := range steps {
		var did, kind string
		switch op := rng.IntN(100); {
		case op < 40: // a checkout, paid (mostly) or left unpaid
			kind = "checkout"
			buyer := w.buyers[rng.IntN(len(w.buyers))]
			owner := orders.CartOwner(buyer, "")
			for _, i := range rng.Perm(len(variants))[:1+rng.IntN(3)] {
				if _, _, err := w.orders.Add(ctx, buyer, owner, orders.CartItem{VariantID: variants[i], Qty: 1 + rng.IntN(5)}); err != nil {
					t.Fatal(err)
				}
			}
			r, err := w.orders.Place(ctx, buyer, owner, orders.Checkout{Address: ltHome, Method: payments.Sandbox})
			if err != nil {
				t.Fatal(err)
			}
			if rng.IntN(8) == 0 {
				did = "left a checkout unpaid"
				break
			}
			pay(t, w, r)
			for _, id := range r.OrderIDs {
				o, err := db.Order(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				for _, l := range o.Lines {
					ml := &modelLine{orderID: id, net: l.Net(), qty: l.Qty, credits: m.credit(l, w.now)}
					for _, c := range ml.credits {
						m.post(c.household, c.amount, true)
					}
					m.lines[l.ID] = ml
				}
				m.orders = append(m.orders, id)
				m.open[id] = true
			}
			did = fmt.Sprintf("paid orders %v", r.OrderIDs)
		case op < 58: // a partial refund of a line of a paid order
			kind = "refund"
			id, ok := pick(rng, m)
			if !ok {
				continue
			}
			o, err := db.Order(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			var live []orders.Line
			for _, l := range o.Lines {
				if l.Qty > l.RefundedQty {
					live = append(live, l)
				}
			}
			l := live[rng.IntN(len(live))]
			qty := 1 + rng.IntN(l.Qty-l.RefundedQty)
			plan, err := w.orders.Refund(ctx, w.seller, id, map[int64]int{l.ID: qty}, rng.IntN(2) == 0, "property")
			if err != nil {
				t.Fatalf("step %d: refund %d of line %d: %v", step, qty, l.ID, err)
			}
			for _, rl := range plan.Lines {
				m.refund(m.lines[rl.LineID], rl.Amount)
			}
			if plan.Full {
				m.open[id] = false
			}
			did = fmt.Sprintf("refunded %d of %d units of line %d (%s)", qty, l.Qty-l.RefundedQty, l.ID, plan.Total)
		case op < 63: // the seller cancels a paid order: the rest is refunded
			kind = "cancel"
			id, ok := pick(rng, m)
			if !ok {
				continue
			}
			o, err := db.Order(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if err := w.orders.Cancel(ctx, w.seller, id, "property"); err != nil {
				t.Fatalf("step %d: cancel order %d: %v", step, id, err)
			}
			for _, l := range o.Lines {
				ml := m.lines[l.ID]
				if left := ml.net - ml.refunded; left > 0 {
					m.refund(ml, left)
				}
			}
			m.open[id] = false
			did = fmt.Sprintf("cancelled order %d", id)
		case op < 75: // time passes
			kind = "time"
			w.now = w.now.Add(time.Duration(1+rng.IntN(168)) * time.Hour)
			did = "moved to " + w.now.Format(time.RFC3339)
		case op < 85: // a dividend run for last month
			kind = "dividend run"
			p := impact.MonthPeriod(w.now).Previous()
			by := county
			if rng.IntN(2) == 0 {
				by = w.seller
			}
			run, err := w.impact.ExecuteDividends(ctx, by, "lt-store", p.Text)
			ids, shares := m.members(p.LastDay())
			switch {
			case m.runs[p.Text]:
				if err != nil || !run.Earlier {
					t.Fatalf("step %d: running %s again: %+v, %v", step, p.Text, run, err)
				}
				did = "ran " + p.Text + " again"
			case m.pool <= 0 || len(ids) == 0: // a refund after a run can leave the pool below zero
				if !errs.Is(err, errs.Invalid) {
					t.Fatalf("step %d: running %s with pool %d and %d members: %+v, %v", step, p.Text, m.pool, len(ids), run, err)
				}
				did = "found nothing to pay for " + p.Text
			default:
				if err != nil {
					t.Fatalf("step %d: running %s: %v", step, p.Text, err)
				}
				if run.Amount != m.pool {
					t.Fatalf("step %d: %s paid %d, the pool held %d", step, p.Text, run.Amount, m.pool)
				}
				for i, part := range largestRemainder(m.pool, shares) {
					m.post(ids[i], part, true)
				}
				m.pool = 0
				m.runs[p.Text] = true
				did = fmt.Sprintf("paid %s of %s", run.Amount, p.Text)
			}
		default: // a payout, by bank or in cash, sometimes more than the balance
			kind = "payout"
			h := w.hh[rng.IntN(len(w.hh))]
			bal := m.balance[h.ID]
			amount := bal + 1
			if bal > 0 && rng.IntN(6) > 0 {
				amount = 1 + money.Fen(rng.Int64N(int64(bal)))
			}
			m.payments++
			r := impact.PayoutRequest{Household: h.Code, Amount: amount, Method: impact.Bank, Reference: fmt.Sprintf("P-%d", m.payments)}
			by := county
			if h.Village == dongxing && (h.BankAccount == "" || rng.IntN(2) == 0) {
				r.Method, by = impact.Cash, station
			}
			_, err := w.impact.PayOut(ctx, by, r)
			if amount > bal {
				if !errs.Is(err, errs.Invalid) {
					t.Fatalf("step %d: paying %s %d of %d: %v", step, h.Code, amount, bal, err)
				}
				did = fmt.Sprintf("refused %s to %s (balance %s)", amount, h.Code, bal)
				break
			}
			if err != nil {
				t.Fatalf("step %d: paying %s %d of %d: %v", step, h.Code, amount, bal, err)
			}
			m.post(h.ID, -amount, false)
			did = fmt.Sprintf("paid out %s to %s by %s", amount, h.Code, r.Method)
		}
		counts[kind]++
		checkModel(t, w, m, step, did)
	}
	checkFigures(t, w, m)
	t.Logf("steps: %v; %d dividend runs paid", counts, len(m.runs))
}

// pick returns a random paid order not refunded in full.
func pick(rng *rand.Rand, m *model) (int64, bool) {
	var open []int64
	for _, id := range m.orders {
		if m.open[id] {
			open = append(open, id)
		}
	}
	if len(open) == 0 {
		return 0, false
	}
	return open[rng.IntN(len(open))], true
}

func pay(t *testing.T, w *ledgerWorld, r orders.Result) {
	t.Helper()
	n := w.wallet.Pay(payments.Payment{Ref: r.Payment.Ref, Amount: r.Payment.Amount})
	if _, err := w.orders.Notified(context.Background(), payments.Verified{Notice: n, Nonce: payments.NewRef(), At: w.now}); err != nil {
		t.Fatal(err)
	}
}

// checkModel checks the ledger against the model after a step.
func checkModel(t *testing.T, w *ledgerWorld, m *model, step int, did string) {
	t.Helper()
	rep, err := w.db.VerifyLedger(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("step %d (%s): verify: %q", step, did, rep.Problems)
	}
	for _, h := range w.hh {
		if got, want := w.balance(t, impact.HouseholdAccount(h.ID)), m.balance[h.ID]; got != want {
			t.Fatalf("step %d (%s): %s has %d, the model says %d", step, did, h.Code, got, want)
		}
	}
	if got := w.balance(t, impact.OrgPool(w.store.ID)); got != m.pool {
		t.Fatalf("step %d (%s): the pool holds %d, the model says %d", step, did, got, m.pool)
	}
}

// checkFigures checks the statements and the figures of the whole run
// (all of it in 2030) against the model.
func checkFigures(t *testing.T, w *ledgerWorld, m *model) {
	t.Helper()
	ctx := context.Background()
	var income money.Fen
	var reached, persons int64
	for _, h := range w.hh {
		st, err := w.impact.Statement(ctx, accounts.SystemActor, h.Code, "2030")
		if err != nil {
			t.Fatal(err)
		}
		if st.Opening != 0 || st.Closing != m.balance[h.ID] || st.Supply+st.Dividend != m.income[h.ID] {
			t.Errorf("%s's 2030: opening %d, earned %d, closing %d; the model says earned %d, balance %d",
				h.Code, st.Opening, st.Supply+st.Dividend, st.Closing, m.income[h.ID], m.balance[h.ID])
		}
		income += m.income[h.ID]
		if m.income[h.ID] > 0 {
			reached++
			persons += int64(h.Members)
		}
	}
	f, err := w.impact.OrgFigures(ctx, "lt-store", "2030")
	if err != nil {
		t.Fatal(err)
	}
	if f.IncomeAdded != income || f.HouseholdsReached != reached || f.PersonsReached != persons {
		t.Errorf("lt-store's 2030: %d households, %d persons, income %d; the model says %d, %d, %d",
			f.HouseholdsReached, f.PersonsReached, f.IncomeAdded, reached, persons, income)
	}
	// The yearly rollup and the monthly one agree.
	var months money.Fen
	for q := 1; q <= 4; q++ {
		f, err := w.impact.RegionFigures(ctx, "222424", fmt.Sprintf("2030-Q%d", q))
		if err != nil {
			t.Fatal(err)
		}
		months += f.IncomeAdded
	}
	if y, err := w.impact.RegionFigures(ctx, "222424", "2030"); err != nil || y.IncomeAdded != months || months != income {
		t.Errorf("Wangqing's 2030: %d by year, %d by quarter, the model says %d (%v)", y.IncomeAdded, months, income, err)
	}
}
