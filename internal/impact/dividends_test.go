package impact

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"maeul/internal/money"
)

func TestParsePeriod(t *testing.T) {
	d := func(s string) time.Time { v, _ := time.Parse("2006-01-02", s); return v }
	for _, c := range []struct {
		in, text, first, last string
		start, end            time.Time
		prev                  string
	}{
		{"2026", "2026", "2026-01", "2026-12", d("2026-01-01"), d("2027-01-01"), "2025"},
		{" 2026-q4 ", "2026-Q4", "2026-10", "2026-12", d("2026-10-01"), d("2027-01-01"), "2026-Q3"},
		{"2026-Q1", "2026-Q1", "2026-01", "2026-03", d("2026-01-01"), d("2026-04-01"), "2025-Q4"},
		{"2026-11", "2026-11", "2026-11", "2026-11", d("2026-11-01"), d("2026-12-01"), "2026-10"},
		{"2027-01", "2027-01", "2027-01", "2027-01", d("2027-01-01"), d("2027-02-01"), "2026-12"},
	} {
		p, err := ParsePeriod(c.in)
		if err != nil {
			t.Errorf("ParsePeriod(%q): %v", c.in, err)
			continue
		}
		if p.Text != c.text || p.FirstMonth() != c.first || p.LastMonth() != c.last || !p.Start.Equal(c.start) || !p.End.Equal(c.end) {
			t.Errorf("ParsePeriod(%q) = %+v (%s…%s)", c.in, p, p.FirstMonth(), p.LastMonth())
		}
		if got := p.Previous().Text; got != c.prev {
			t.Errorf("%s.Previous() = %s, want %s", c.text, got, c.prev)
		}
	}
	for _, bad := range []string{"", "26", "2026-13", "2026-00", "2026-Q5", "2026-Q0", "2026-1", "2026/11", "1999", "2026-11-01", "2026-"} {
		if _, err := ParsePeriod(bad); err == nil {
			t.Errorf("ParsePeriod(%q) accepted", bad)
		}
	}
	// Periods are in China time: 2026-11 starts at 16:00 UTC on 31 October.
	p, _ := ParsePeriod("2026-11")
	if p.Contains(time.Date(2026, 10, 31, 15, 59, 59, 0, time.UTC)) || !p.Contains(time.Date(2026, 10, 31, 16, 0, 0, 0, time.UTC)) ||
		!p.Contains(time.Date(2026, 11, 30, 15, 59, 59, 0, time.UTC)) || p.Contains(time.Date(2026, 11, 30, 16, 0, 0, 0, time.UTC)) {
		t.Errorf("2026-11 runs from %s to %s", p.From(), p.To())
	}
	if p.Over(time.Date(2026, 11, 30, 15, 0, 0, 0, time.UTC)) || !p.Over(p.To()) {
		t.Error("Over")
	}
	if got := MonthPeriod(time.Date(2026, 11, 30, 16, 30, 0, 0, time.UTC)).Text; got != "2026-12" {
		t.Errorf("MonthPeriod at 00:30 on 1 December in China = %s", got)
	}
}

func TestSplitDividends(t *testing.T) {
	members := []Share{{HouseholdID: 1, Shares: 3}, {HouseholdID: 2, Shares: 0}, {HouseholdID: 3, Shares: 3}, {HouseholdID: 4, Shares: 1}}
	got := SplitDividends(1000, members)
	// 1000·3/7 = 428.57, 428.57, 142.86: floors 428+428+142 = 998; the two
	// fen left go to the largest remainders (.86, then .57 of the first).
	want := []money.Fen{429, 0, 428, 143}
	var sum money.Fen
	for i, s := range got {
		if s.Amount != want[i] {
			t.Errorf("member %d gets %d, want %d", s.HouseholdID, s.Amount, want[i])
		}
		sum += s.Amount
	}
	if sum != 1000 {
		t.Errorf("parts sum to %d", sum)
	}
	ps, err := DividendPostings(9, 1000, []Holding{{1, 3}, {2, 0}, {3, 3}, {4, 1}})
	if err != nil {
		t.Fatal(err)
	}
	paid := map[int64]money.Fen{}
	for _, p := range ps {
		if p.HouseholdID != 0 {
			paid[p.HouseholdID] = p.Amount
		}
	}
	if diff := cmp.Diff(map[int64]money.Fen{1: 429, 3: 428, 4: 143}, paid); diff != "" {
		t.Errorf("DividendPostings and SplitDividends differ (-split +postings):\n%s", diff)
	}
	for _, s := range SplitDividends(0, members) {
		if s.Amount != 0 {
			t.Errorf("an empty pool pays %d", s.Amount)
		}
	}
}
