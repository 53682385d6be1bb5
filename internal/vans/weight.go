package vans

import (
	"math"
	"regexp"
	"strconv"
	"strings"
)

// DefaultUnitGrams is the weight a unit is counted at when its variant's
// name states none ("30 eggs", "1 bird", "4 servings"): a kilogram.
const DefaultUnitGrams = 1000

// The catalog keeps no weight per variant, so a unit's weight is read
// from its variant's name, which states it for nearly every product sold
// by weight: "5 kg", "500 g", "2.5 kg", "4 × 125 g punnets",
// "1 bird (about 1.5 kg)", "5公斤", "500克".
var (
	packsOf = regexp.MustCompile(`(\d+)\s*[×x*]\s*(\d+(?:\.\d+)?)\s*(kg|g|公斤|千克|克)`)
	packsBy = regexp.MustCompile(`(\d+(?:\.\d+)?)\s*(kg|g|公斤|千克|克)\s*[×x*]\s*(\d+)`)
	massOf  = regexp.MustCompile(`(\d+(?:\.\d+)?)\s*(kg|g|公斤|千克|克)`)
)

// UnitGrams returns the weight of one unit of a variant from its names
// (tried in the order given, the first that states a weight wins):
// "N × M g" and "M g × N" are N·M grams, "M kg" or "M g" (or 公斤, 千克, 克) is M, and a
// name stating none counts DefaultUnitGrams. Packaging is not added.
func UnitGrams(names ...string) int64 {
	for _, n := range names {
		n = strings.ToLower(n)
		if m := packsOf.FindStringSubmatch(n); m != nil {
			return grams(number(m[1])*number(m[2]), m[3])
		}
		if m := packsBy.FindStringSubmatch(n); m != nil {
			return grams(number(m[1])*number(m[3]), m[2])
		}
		if m := massOf.FindStringSubmatch(n); m != nil {
			return grams(number(m[1]), m[2])
		}
	}
	return DefaultUnitGrams
}

func number(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

// grams converts an amount in unit to whole grams, at least one.
func grams(v float64, unit string) int64 {
	if unit != "g" && unit != "克" {
		v *= 1000
	}
	return max(1, int64(math.Round(v)))
}
