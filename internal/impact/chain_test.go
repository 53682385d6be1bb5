package impact

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"maeul/internal/money"
	"maeul/internal/region"
)

func TestChainAppend(t *testing.T) {
	var c Chain
	at := time.Date(2026, 11, 30, 17, 0, 0, 123456789, time.UTC) // 1 December in China
	sale := []Entry{
		{Posting: Posting{Account: Sales, Amount: -1000, Kind: KindSale, OrgID: 5}, LineID: 9},
		{Posting: Posting{Account: OrgRevenue(5), Amount: 1000, Kind: KindSale, OrgID: 5}, LineID: 9},
	}
	if err := c.Append(sale, at); err != nil {
		t.Fatal(err)
	}
	payout := []Entry{
		{Posting: Posting{Account: HouseholdAccount(3), Amount: -200, Kind: KindPayout, HouseholdID: 3}, PayoutID: 1},
		{Posting: Posting{Account: PayoutAccount("cash"), Amount: 200, Kind: KindPayout, HouseholdID: 3}, PayoutID: 1},
	}
	if err := c.Append(payout, at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	es := append(sale, payout...)
	prev := GenesisHash
	for i, e := range es {
		if e.Seq != int64(i+1) || e.PrevHash != prev || e.Hash != e.ComputeHash() {
			t.Errorf("entry %d: seq %d, prev %.8s (want %.8s), hash %.8s (computed %.8s)", i, e.Seq, e.PrevHash, prev, e.Hash, e.ComputeHash())
		}
		prev = e.Hash
	}
	if es[0].TxID != 1 || es[1].TxID != 1 || es[2].TxID != 2 || es[3].TxID != 2 {
		t.Errorf("transaction ids %d %d %d %d, want 1 1 2 2", es[0].TxID, es[1].TxID, es[2].TxID, es[3].TxID)
	}
	if !es[0].At.Equal(time.UnixMicro(at.UnixMicro())) {
		t.Errorf("at %v, want %v to the microsecond", es[0].At, at)
	}
	if want := (Chain{Seq: 4, TxID: 2, Hash: es[3].Hash}); c != want {
		t.Errorf("chain %+v, want %+v", c, want)
	}

	before := c
	bad := []Entry{{Posting: Posting{Account: Sales, Amount: -1}}, {Posting: Posting{Account: OrgRevenue(5), Amount: 2}}}
	if err := c.Append(bad, at); err == nil {
		t.Error("an unbalanced transaction was appended")
	}
	if err := c.Append(nil, at); err == nil {
		t.Error("an empty transaction was appended")
	}
	if c != before || bad[0].Seq != 0 {
		t.Errorf("a refused append changed the chain (%+v, was %+v) or the entries (seq %d)", c, before, bad[0].Seq)
	}
}

func TestPostingIncome(t *testing.T) {
	tests := []struct {
		p                Posting
		supply, dividend money.Fen
		ok               bool
	}{
		{Posting{Account: HouseholdAccount(3), Amount: 150, Kind: KindSupply, HouseholdID: 3}, 150, 0, true},
		{Posting{Account: HouseholdAccount(3), Amount: -50, Kind: KindRefund, HouseholdID: 3}, -50, 0, true},
		{Posting{Account: HouseholdAccount(3), Amount: 70, Kind: KindDividend, HouseholdID: 3}, 0, 70, true},
		{Posting{Account: HouseholdAccount(3), Amount: -200, Kind: KindPayout, HouseholdID: 3}, 0, 0, false},
		{Posting{Account: OrgRevenue(5), Amount: -150, Kind: KindSupply, HouseholdID: 3}, 0, 0, false}, // the revenue's side
		{Posting{Account: OrgPool(5), Amount: 60, Kind: KindPool}, 0, 0, false},
	}
	for _, tt := range tests {
		s, d, ok := tt.p.Income()
		if s != tt.supply || d != tt.dividend || ok != tt.ok {
			t.Errorf("%s %s %d: income %d, %d, %v; want %d, %d, %v", tt.p.Kind, tt.p.Account, tt.p.Amount, s, d, ok, tt.supply, tt.dividend, tt.ok)
		}
	}
}

func TestRollup(t *testing.T) {
	nov := time.Date(2026, 11, 30, 15, 0, 0, 0, time.UTC) // 23:00 on 30 November in China
	dec := nov.Add(2 * time.Hour)                         // 1 December in China
	var r Rollup
	r.Add(Posting{Account: HouseholdAccount(3), Amount: 150, Kind: KindSupply, OrgID: 5, HouseholdID: 3}, nov, 7, 2, "v1")
	r.Add(Posting{Account: OrgRevenue(5), Amount: -150, Kind: KindSupply, OrgID: 5, HouseholdID: 3}, nov, 7, 2, "v1")
	r.Add(Posting{Account: HouseholdAccount(3), Amount: -75, Kind: KindRefund, OrgID: 5, HouseholdID: 3}, dec, 7, 1, "v1")
	r.Add(Posting{Account: HouseholdAccount(3), Amount: 40, Kind: KindDividend, OrgID: 5, HouseholdID: 3}, dec, 0, 0, "v1")
	r.Add(Posting{Account: HouseholdAccount(3), Amount: -100, Kind: KindPayout, HouseholdID: 3}, dec, 0, 0, "v1")
	r.Add(Posting{Account: HouseholdAccount(3), Amount: 10, Kind: KindSupply, OrgID: 5, HouseholdID: 3}, dec, 7, 1, "v2") // moved
	row := func(p string, prod int64, v string, s, d money.Fen, u int64) *RollupRow {
		return &RollupRow{Period: p, HouseholdID: 3, OrgID: 5, ProductID: prod, Village: region.Code(v), Supply: s, Dividend: d, Units: u}
	}
	wantMonths := []*RollupRow{row("2026-11", 7, "v1", 150, 0, 2), row("2026-12", 7, "v1", -75, 0, 0), row("2026-12", 0, "v1", 0, 40, 0),
		row("2026-12", 7, "v2", 10, 0, 1)}
	wantYears := []*RollupRow{row("2026", 7, "v1", 75, 0, 2), row("2026", 0, "v1", 0, 40, 0), row("2026", 7, "v2", 10, 0, 1)}
	if diff := cmp.Diff(wantMonths, r.Months()); diff != "" {
		t.Errorf("months (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantYears, r.Years()); diff != "" {
		t.Errorf("years (-want +got):\n%s", diff)
	}
}

func TestAudit(t *testing.T) {
	at := time.Date(2026, 11, 30, 2, 0, 0, 0, time.UTC)
	var c Chain
	var es []Entry
	for i := range 3 {
		tx := []Entry{
			{Posting: Posting{Account: Sales, Amount: -money.Fen(100 * (i + 1)), Kind: KindSale, OrgID: 5}, LineID: int64(i + 1)},
			{Posting: Posting{Account: OrgRevenue(5), Amount: money.Fen(100 * (i + 1)), Kind: KindSale, OrgID: 5}, LineID: int64(i + 1)},
		}
		if err := c.Append(tx, at); err != nil {
			t.Fatal(err)
		}
		es = append(es, tx...)
	}
	balances := map[Account]money.Fen{Sales: -600, OrgRevenue(5): 600}
	audit := func(es []Entry, head Chain, stored map[Account]money.Fen) LedgerCheck {
		a := NewAudit()
		for _, e := range es {
			a.Entry(e)
		}
		a.Head(head.Seq, head.Hash)
		a.Balances(stored)
		a.PaidLine(1, 1, 100, 100)
		a.RefundLine(1, 1, 50, 50)
		return a.Result()
	}
	if got := audit(es, c, balances); !got.OK() || got.Entries != 6 || got.Transactions != 3 || got.Accounts != 2 || got.PaidLines != 1 || got.RefundLines != 1 {
		t.Fatalf("a sound ledger: %+v", got)
	}
	altered := slices.Clone(es)
	altered[2].Amount++ // and its transaction no longer balances, nor the balances
	missing := append(slices.Clone(es[:2]), es[3:]...)
	tests := []struct {
		name   string
		es     []Entry
		head   Chain
		stored map[Account]money.Fen
		want   []string
	}{
		{"altered", altered, c, balances, []string{
			"entry 3 (tx 2, sales -199): its contents do not match its hash: the entry was altered",
			"transaction 2: debits and credits differ by 1 fen",
			"account sales: the running balance is -600 but its entries sum to -599",
		}},
		{"missing", missing, c, map[Account]money.Fen{Sales: -600, OrgRevenue(5): 600}, []string{
			"entry 4: expected entry 3 next; entries 3 to 3 are missing",
			"entry 4 (tx 2, org:5:revenue 200): its previous hash does not match entry 2's hash: the chain is broken here",
			"transaction 2: debits and credits differ by 200 fen",
			"account sales: the running balance is -600 but its entries sum to -400",
		}},
		{"head behind", es, Chain{Seq: 4, Hash: es[3].Hash}, balances, []string{
			"the ledger head says entry 4 is last, but the chain ends at entry 6: entries were deleted or added outside the ledger",
		}},
		{"a balance without entries", es, c, map[Account]money.Fen{Sales: -600, OrgRevenue(5): 600, OrgPool(5): 9}, []string{
			"account org:5:pool: a running balance of 9 with no entries",
		}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, audit(tt.es, tt.head, tt.stored).Problems); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
	a := NewAudit()
	for i := range MaxProblems + 5 {
		a.PaidLine(1, int64(i), 100, 99)
	}
	if got := a.Result(); len(got.Problems) != MaxProblems || got.More != 5 || got.OK() {
		t.Errorf("%d problems listed, %d more; want %d and 5", len(got.Problems), got.More, MaxProblems)
	}
}

func TestDividendShares(t *testing.T) {
	members := []Holding{{HouseholdID: 3, Shares: 2}, {HouseholdID: 4, Shares: 1}, {HouseholdID: 5, Shares: 0}, {HouseholdID: 3, Shares: 1}}
	ps, err := DividendPostings(9, 1001, members)
	if err != nil {
		t.Fatal(err)
	}
	got := DividendShares(members, ps)
	// 1001 by 2:1:1 is 500.5, 250.25, 250.25: 501 to the largest remainder.
	want := []Share{{HouseholdID: 3, Shares: 3, Amount: 501 + 250}, {HouseholdID: 4, Shares: 1, Amount: 250}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("DividendShares (-want +got):\n%s", diff)
	}
}
