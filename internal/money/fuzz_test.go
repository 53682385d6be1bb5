package money

import (
	"testing"
)

// maxParsed is the largest amount Parse reads, in fen.
const maxParsed = Fen(1<<53/100*100 + 99)

// TestParseReadsBackWhatStringWrites: a negative amount as String writes it
// ("-¥12.40") parses, as do the other spellings of a sign.
func TestParseReadsBackWhatStringWrites(t *testing.T) {
	for _, f := range []Fen{0, 1, -1, -5, -1240, 123456789, -123456789, maxParsed, -maxParsed} {
		for _, s := range []string{f.String(), f.Decimal()} {
			got, err := Parse(s)
			if err != nil || got != f {
				t.Errorf("Parse(%q) = %d, %v; want %d", s, got, err, f)
			}
		}
	}
	if got, err := Parse("¥-3.05"); err != nil || got != -305 {
		t.Errorf(`Parse("¥-3.05") = %d, %v; want -305`, got, err)
	}
	for _, s := range []string{"--1", "-¥-1", "¥¥1", "-", "¥"} {
		if _, err := Parse(s); err == nil {
			t.Errorf("Parse(%q) succeeded, want an error", s)
		}
	}
}

// FuzzParse: Parse never panics, and whatever it reads it reads back from
// the amount's String and Decimal.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"12", "12.4", "12.40", "-3.05", "¥1,234.50", "-¥0.05", "¥-1", ".5", "5.", "1.234", "", "-", "9007199254740992", "１２"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := Parse(s)
		if err != nil {
			return
		}
		for _, out := range []string{v.String(), v.Decimal()} {
			back, err := Parse(out)
			if err != nil || back != v {
				t.Fatalf("Parse(%q) = %d, but Parse(%q) = %d, %v", s, v, out, back, err)
			}
		}
	})
}

// FuzzFormat: every amount Parse can hold formats and reads back exactly;
// formatting any int64, the most negative included, never panics.
func FuzzFormat(f *testing.F) {
	for _, v := range []int64{0, 1, -1, 99, -100, 123456, -9223372036854775808, 9223372036854775807} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, n int64) {
		v := Fen(n)
		s, d := v.String(), v.Decimal()
		if v < -maxParsed || v > maxParsed {
			return
		}
		for _, out := range []string{s, d} {
			back, err := Parse(out)
			if err != nil || back != v {
				t.Fatalf("Parse(%q) = %d, %v; want %d", out, back, err, v)
			}
		}
	})
}
