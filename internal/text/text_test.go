package text

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"maeul/internal/errs"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		name      string
		s         string
		max       int
		multiline bool
		reason    string // "" when s is good
	}{
		{"Hangul and Hanzi", "동흥촌 东兴村", 10, false, ""},
		{"exactly max characters", strings.Repeat("배", 5), 5, false, ""},
		{"one character over", strings.Repeat("배", 6), 5, false, "err.text.too_long"},
		{"invalid UTF-8", "a\xffb", 10, false, "err.text.utf8"},
		{"a truncated rune", "\xe1\x84", 10, false, "err.text.utf8"},
		{"NUL", "a\x00b", 10, true, "err.text.control"},
		{"bell", "a\ab", 10, true, "err.text.control"},
		{"DEL", "a\x7fb", 10, true, "err.text.control"},
		{"C1 control", "a\u0085b", 10, true, "err.text.control"},
		{"line break in one line", "a\nb", 10, false, "err.text.control"},
		{"line break in a block", "a\r\n\tb", 10, true, ""},
		{"U+FFFD written as such", "a\uFFFDb", 10, false, ""},
	}
	for _, tt := range tests {
		err := Check("name_ko", tt.s, tt.max, tt.multiline)
		if tt.reason == "" {
			if err != nil {
				t.Errorf("%s: %v, want nil", tt.name, err)
			}
			continue
		}
		if got := errs.Reason(err); got != tt.reason || errs.FieldOf(err) != "name_ko" || !errs.Is(err, errs.Invalid) {
			t.Errorf("%s: reason %q field %q code %q, want %q on name_ko, invalid", tt.name, got, errs.FieldOf(err), errs.CodeOf(err), tt.reason)
		}
		if _, bad := Problem(tt.s, tt.multiline); bad != (tt.reason != "err.text.too_long") {
			t.Errorf("%s: Problem says bad = %v", tt.name, bad)
		}
	}
}

func TestCSVCells(t *testing.T) {
	in := []string{"=HYPERLINK(\"http://x\")", "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx", "-1240", "-12.40", "12", "동흥촌", "", "a=b", "-", "-1.", "'=x"}
	want := []string{"'=HYPERLINK(\"http://x\")", "'+1+2", "'-2+3", "'@SUM(A1)", "'\tx", "'\rx", "-1240", "-12.40", "12", "동흥촌", "", "a=b", "'-", "'-1.", "'=x"}
	if diff := cmp.Diff(want, CSVCells(in)); diff != "" {
		t.Errorf("CSVCells (-want +got):\n%s", diff)
	}
}

func TestCSVWriter(t *testing.T) {
	var b strings.Builder
	w := NewCSVWriter(&b)
	w.Write([]string{"name", "amount_fen"})
	w.Write([]string{"=1+1", "-1240"})
	w.Flush()
	if got, want := b.String(), "name,amount_fen\n'=1+1,-1240\n"; got != want || w.Error() != nil {
		t.Errorf("got %q, %v; want %q", got, w.Error(), want)
	}
}
