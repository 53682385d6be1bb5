package vans_test

import (
	"testing"

	"maeul/internal/vans"
)

func TestUnitGrams(t *testing.T) {
	tests := []struct {
		names []string
		want  int64
	}{
		{[]string{"5 kg"}, 5000},
		{[]string{"2.5 kg"}, 2500},
		{[]string{"500 g"}, 500},
		{[]string{"10 kg (4–5 heads)"}, 10000},
		{[]string{"4 × 125 g punnets"}, 500},
		{[]string{"5 × 1 kg packs"}, 5000},
		{[]string{"2 × 250 g jars"}, 500},
		{[]string{"1 bird (about 1.5 kg)"}, 1500},
		{[]string{"Home pack, 5 kg"}, 5000},
		{[]string{"30 eggs"}, vans.DefaultUnitGrams},
		{[]string{"", "5公斤"}, 5000},
		{[]string{"", "", "500克"}, 500},
		{[]string{"1kg×5팩"}, 5000},
		{[]string{"6 x 500 g"}, 3000},
		{[]string{"30 eggs", "30개", "30枚"}, vans.DefaultUnitGrams},
		{nil, vans.DefaultUnitGrams},
		{[]string{"0.0001 kg"}, 1},
	}
	for _, tt := range tests {
		if got := vans.UnitGrams(tt.names...); got != tt.want {
			t.Errorf("UnitGrams(%q) = %d, want %d", tt.names, got, tt.want)
		}
	}
}
