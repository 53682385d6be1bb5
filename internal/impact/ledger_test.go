package impact

import (
	"math/rand/v2"
	"testing"
	"time"

	"maeul/internal/money"
)

var day = time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)

func sum(ps []Posting) money.Fen {
	var s money.Fen
	for _, p := range ps {
		s += p.Amount
	}
	return s
}

func TestSalePostings(t *testing.T) {
	links := []Link{
		{ID: 1, HouseholdID: 10, OrgID: 5, Kind: Supplier, ProductID: 7, PerUnit: 150, ValidFrom: day},
		{ID: 2, HouseholdID: 11, OrgID: 5, Kind: Supplier, ProductID: 7, VariantID: 70, PercentBP: 1000, ValidFrom: day},
		{ID: 3, OrgID: 5, Kind: Pool, PercentBP: 500, ValidFrom: day},
		{ID: 4, HouseholdID: 12, OrgID: 5, Kind: Supplier, ProductID: 7, PerUnit: 999, ValidFrom: day.AddDate(0, 0, 1)}, // not yet
		{ID: 5, HouseholdID: 13, OrgID: 6, Kind: Supplier, ProductID: 7, PerUnit: 999, ValidFrom: day},                  // another org
	}
	ps := SalePostings(SaleLine{LineID: 1, OrgID: 5, ProductID: 7, VariantID: 70, Qty: 3, Net: 8990, PaidAt: day.Add(10 * time.Hour)}, links)
	if s := sum(ps); s != 0 {
		t.Fatalf("postings sum to %d", s)
	}
	got := map[Account]money.Fen{}
	for _, p := range ps {
		got[p.Account] += p.Amount
	}
	want := map[Account]money.Fen{Sales: -8990, OrgRevenue(5): 8990 - 450 - 899 - 450, HouseholdAccount(10): 450, HouseholdAccount(11): 899, OrgPool(5): 450}
	for a, w := range want {
		if got[a] != w {
			t.Errorf("%s = %d, want %d", a, got[a], w)
		}
	}
	// Links asking for more than the net are cut down to it.
	greedy := []Link{{ID: 1, HouseholdID: 10, OrgID: 5, Kind: Supplier, ProductID: 7, PerUnit: 600, ValidFrom: day},
		{ID: 2, HouseholdID: 11, OrgID: 5, Kind: Supplier, ProductID: 7, PerUnit: 600, ValidFrom: day}}
	ps = SalePostings(SaleLine{OrgID: 5, ProductID: 7, Qty: 1, Net: 1001, PaidAt: day}, greedy)
	got = map[Account]money.Fen{}
	for _, p := range ps {
		got[p.Account] += p.Amount
	}
	if got[OrgRevenue(5)] != 0 || got[HouseholdAccount(10)]+got[HouseholdAccount(11)] != 1001 || sum(ps) != 0 {
		t.Errorf("greedy links: %v", got)
	}
}

// TestRefundsReverseExactly refunds random lines in random steps and checks
// that each refund balances and the full refund reverses every posting.
func TestRefundsReverseExactly(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 3000; i++ {
		net := money.Fen(1 + r.Int64N(500000))
		links := []Link{
			{ID: 1, HouseholdID: 10, OrgID: 5, Kind: Supplier, ProductID: 7, PercentBP: 1 + r.Int64N(3000), ValidFrom: day},
			{ID: 2, OrgID: 5, Kind: Pool, PercentBP: 1 + r.Int64N(2000), ValidFrom: day},
		}
		sale := SalePostings(SaleLine{OrgID: 5, ProductID: 7, Qty: 1 + r.IntN(5), Net: net, PaidAt: day}, links)
		bal := map[Account]money.Fen{}
		for _, p := range sale {
			bal[p.Account] += p.Amount
		}
		var before money.Fen
		for before < net {
			after := min(net, before+1+money.Fen(r.Int64N(int64(net))))
			rev := RefundPostings(sale, net, before, after)
			if s := sum(rev); s != 0 {
				t.Fatalf("refund %d→%d of %d sums to %d", before, after, net, s)
			}
			for _, p := range rev {
				bal[p.Account] += p.Amount
			}
			before = after
		}
		for a, b := range bal {
			if b != 0 {
				t.Fatalf("after refunding all of %d, %s holds %d", net, a, b)
			}
		}
	}
}

func TestDividendAndPayout(t *testing.T) {
	ps, err := DividendPostings(5, 1000, []Holding{{10, 1}, {11, 1}, {12, 1}, {13, 0}})
	if err != nil || sum(ps) != 0 || len(ps) != 4 || ps[1].Amount != 334 {
		t.Errorf("dividend = %+v, %v", ps, err)
	}
	if _, err := DividendPostings(5, 1000, nil); err == nil {
		t.Error("dividend without members accepted")
	}
	if _, err := PayoutPostings(10, 500, 400, "bank"); err == nil {
		t.Error("payout over the balance accepted")
	}
	if ps, err := PayoutPostings(10, 400, 400, "cash"); err != nil || sum(ps) != 0 {
		t.Errorf("payout = %+v, %v", ps, err)
	}
}

func TestHashChain(t *testing.T) {
	e := Entry{Seq: 1, TxID: 1, Posting: Posting{Account: Sales, Amount: -5}, PrevHash: GenesisHash, At: day}
	h := e.ComputeHash()
	e.Amount = -6
	if e.ComputeHash() == h {
		t.Error("changing the amount kept the hash")
	}
}
