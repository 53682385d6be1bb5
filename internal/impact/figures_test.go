package impact

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"maeul/internal/catalog"
	"maeul/internal/i18n"
	"maeul/internal/money"
	"maeul/internal/region"
)

func TestProductImpact(t *testing.T) {
	now := time.Date(2026, 11, 28, 3, 0, 0, 0, time.UTC)
	from := Day(now).AddDate(0, -1, 0)
	dongxing, laotou := region.Code("222424100201"), region.Code("222401100201")
	p := catalog.Product{ID: 7, OrgID: 5, Variants: []catalog.Variant{{ID: 70, SKU: "A", Price: 2000}, {ID: 71, SKU: "B", Price: 5000}}}
	b := func(l Link, v region.Code) Beneficiary {
		l.OrgID, l.ValidFrom = 5, from
		return Beneficiary{Link: l, Village: v, VillageName: i18n.Text{En: string(v)}}
	}
	bs := []Beneficiary{
		b(Link{ID: 1, HouseholdID: 10, Kind: Supplier, ProductID: 7, PerUnit: 150}, dongxing),
		b(Link{ID: 2, HouseholdID: 11, Kind: Supplier, ProductID: 7, VariantID: 71, PercentBP: 1000}, dongxing),
		b(Link{ID: 3, Kind: Pool, PercentBP: 500}, ""),
		b(Link{ID: 4, HouseholdID: 12, Kind: Member, Shares: 2}, laotou),
		b(Link{ID: 5, HouseholdID: 10, Kind: Member, Shares: 1}, dongxing),                 // counted once
		b(Link{ID: 6, HouseholdID: 13, Kind: Supplier, ProductID: 8, PerUnit: 99}, laotou), // another product
	}
	got := productImpact(p, bs, now)
	want := ProductImpact{
		ProductID: 7, Households: 3,
		Villages: []VillageImpact{
			{Village: dongxing, Name: i18n.Text{En: string(dongxing)}, Households: 2},
			{Village: laotou, Name: i18n.Text{En: string(laotou)}, Households: 1},
		},
		Variants: []VariantShare{
			{VariantID: 70, SKU: "A", Price: 2000, Suppliers: 150, Pool: 100, ShareBP: 1250},
			{VariantID: 71, SKU: "B", Price: 5000, Suppliers: 150 + 500, Pool: 250, ShareBP: 1800},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("productImpact (-want +got):\n%s", diff)
	}
	// Without a live pool, members are not supported by the sale.
	got = productImpact(p, bs[:2], now)
	if got.Households != 2 || len(got.Villages) != 1 || got.Variants[0].Pool != 0 {
		t.Errorf("without a pool: %+v", got)
	}
	var zero money.Fen
	if got := productImpact(p, nil, now); got.Households != 0 || got.Variants[1].Suppliers != zero {
		t.Errorf("without links: %+v", got)
	}
}

func TestPerHeadRoundsDown(t *testing.T) {
	tests := []struct {
		amount money.Fen
		n      int64
		want   money.Fen
	}{
		{700, 7, 100}, {701, 7, 100}, {706, 7, 100}, {0, 3, 0},
		{-700, 7, -100}, {-701, 7, -101}, {-2143, 7, -307}, {-2143, 2, -1072}, {-1, 3, -1},
		{500, 0, 0}, {-500, 0, 0}, // nobody reached
	}
	for _, tt := range tests {
		if got := perHead(tt.amount, tt.n); got != tt.want {
			t.Errorf("perHead(%d, %d) = %d, want %d", tt.amount, tt.n, got, tt.want)
		}
	}
}
