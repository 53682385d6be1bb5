package money

import (
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestString(t *testing.T) {
	tests := []struct {
		in   Fen
		want string
	}{
		{0, "¥0.00"}, {5, "¥0.05"}, {1240, "¥12.40"}, {-5, "-¥0.05"}, {123456789, "¥1,234,567.89"}, {100000, "¥1,000.00"},
	}
	for _, tt := range tests {
		if got := tt.in.String(); got != tt.want {
			t.Errorf("Fen(%d).String() = %q, want %q", int64(tt.in), got, tt.want)
		}
	}
}

func TestParse(t *testing.T) {
	good := []struct {
		in   string
		want Fen
	}{
		{"12", 1200}, {"12.4", 1240}, {"12.40", 1240}, {"0.05", 5}, {".5", 50}, {"-3.05", -305}, {"¥1,234.50", 123450}, {" 7 ", 700},
	}
	for _, tt := range good {
		got, err := Parse(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Parse(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"", "abc", "1.234", "1.", "--1", "1e3", "12.4.5", "99999999999999999999"} {
		if got, err := Parse(in); err == nil {
			t.Errorf("Parse(%q) = %d, want an error", in, got)
		}
	}
}

func TestSplit(t *testing.T) {
	tests := []struct {
		total   Fen
		weights []int64
		want    []Fen
	}{
		{100, []int64{1, 1, 1}, []Fen{34, 33, 33}},
		{100, []int64{1, 2}, []Fen{33, 67}},
		{1, []int64{1, 1, 1}, []Fen{1, 0, 0}},
		{-100, []int64{1, 1, 1}, []Fen{-34, -33, -33}},
		{1000, []int64{0, 3, 7}, []Fen{0, 300, 700}},
		{7, []int64{5}, []Fen{7}},
		// Largest remainders: 10*1/6=1.67, 10*2/6=3.33, 10*3/6=5 → 1,3,5 and the
		// last fen goes to the first part (remainder .67).
		{10, []int64{1, 2, 3}, []Fen{2, 3, 5}},
	}
	for _, tt := range tests {
		got, err := Split(tt.total, tt.weights)
		if err != nil {
			t.Fatalf("Split(%d, %v): %v", tt.total, tt.weights, err)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Split(%d, %v) (-want +got):\n%s", tt.total, tt.weights, diff)
		}
	}
	for _, ws := range [][]int64{nil, {0, 0}, {1, -1}} {
		if _, err := Split(10, ws); err == nil {
			t.Errorf("Split(10, %v) succeeded, want an error", ws)
		}
	}
}

// TestSplitNeverLosesAFen checks on random inputs that the parts sum to the
// total and each part is within one fen of its exact share.
func TestSplitNeverLosesAFen(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 20000; i++ {
		n := 1 + r.IntN(12)
		ws := make([]int64, n)
		var sum int64
		for j := range ws {
			ws[j] = r.Int64N(1_000_000)
			sum += ws[j]
		}
		if sum == 0 {
			continue
		}
		total := Fen(r.Int64N(10_000_000_000) - 5_000_000_000)
		parts, err := Split(total, ws)
		if err != nil {
			t.Fatal(err)
		}
		var got Fen
		for j, p := range parts {
			got += p
			exact := float64(total) * float64(ws[j]) / float64(sum)
			if d := float64(p) - exact; d > 1.0001 || d < -1.0001 {
				t.Fatalf("Split(%d, %v): part %d = %d, exact share %.2f", total, ws, j, p, exact)
			}
		}
		if got != total {
			t.Fatalf("Split(%d, %v) sums to %d", total, ws, got)
		}
	}
}

func TestPercent(t *testing.T) {
	tests := []struct {
		amount Fen
		bp     int64
		want   Fen
	}{
		{1000, 1000, 100}, {999, 1000, 100}, {994, 1000, 99}, {-995, 1000, -100}, {1, 5000, 1}, {1, 4999, 0},
	}
	for _, tt := range tests {
		if got := Percent(tt.amount, tt.bp); got != tt.want {
			t.Errorf("Percent(%d, %d) = %d, want %d", tt.amount, tt.bp, got, tt.want)
		}
	}
}
