package region

import (
	"testing"

	"maeul/internal/errs"
)

// FuzzParseCode: ParseCode never panics; what it refuses is Invalid, and
// what it accepts is a 12-digit code of a known level that parses to
// itself and lies within each of its ancestors, none of them deeper than
// asked.
func FuzzParseCode(f *testing.F) {
	for _, s := range []string{"222400", "222401000000", "22", "2224", "222424100", "222424100201", " 222401 ", "00", "22x", "", "2224011", "２２２４", "222424100201\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCode(s)
		if err != nil {
			if !errs.Is(err, errs.Invalid) {
				t.Fatalf("ParseCode(%q): %v, want an Invalid error", s, err)
			}
			return
		}
		if len(c) != 12 || c.Level() == "" {
			t.Fatalf("ParseCode(%q) = %q of level %q", s, c, c.Level())
		}
		if again, err := ParseCode(string(c)); err != nil || again != c {
			t.Fatalf("ParseCode(%q) = %q, %v; want itself", c, again, err)
		}
		for _, l := range []Level{Province, Prefecture, County, Town, Village} {
			a := c.Ancestor(l)
			if a == "" {
				continue
			}
			// A code whose digits skip a level ("010000001000", a town
			// with no prefecture digits) has ancestors that read as the
			// level above: never a deeper one.
			if !c.Within(a) || a.Level().Rank() > l.Rank() {
				t.Fatalf("%q: ancestor at %s is %q (level %q), within: %v", c, l, a, a.Level(), c.Within(a))
			}
		}
	})
}
