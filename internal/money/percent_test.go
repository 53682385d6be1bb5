package money

import "testing"

func TestParsePercent(t *testing.T) {
	good := map[string]int64{"10": 1000, "12.5": 1250, "0.01": 1, "100": 10000, "7.25%": 725, " 3 ": 300}
	for in, want := range good {
		if got, err := ParsePercent(in); err != nil || got != want {
			t.Errorf("ParsePercent(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "0", "100.01", "101", "12.345", "-5", "ten", "1.", ".5x", "1e2"} {
		if got, err := ParsePercent(in); err == nil {
			t.Errorf("ParsePercent(%q) = %d, want an error", in, got)
		}
	}
}
