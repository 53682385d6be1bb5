package catalog

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzSearchText: indexing and querying any text never panics, every term
// is non-empty valid UTF-8, and a query finds the text it was taken from:
// each exact term is one of the text's tokens and each prefix term starts
// one.
func FuzzSearchText(f *testing.F) {
	for _, s := range []string{"목이버섯", "黑木耳 東北", "Rice 5kg", "a", "1", "사과배", "\xff\xfe", "", "  ", "AND OR NOT \"*", "'; DROP", "ñandú", "x\x00y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tokens := strings.Fields(SearchTokens(s))
		set := map[string]bool{}
		for _, tok := range tokens {
			set[tok] = true
		}
		for _, term := range QueryTerms(s) {
			if term.Text == "" || !utf8.ValidString(term.Text) {
				t.Fatalf("QueryTerms(%q): bad term %+v", s, term)
			}
			if !term.Prefix {
				if !set[term.Text] {
					t.Fatalf("QueryTerms(%q): term %q is not among the tokens %q", s, term.Text, tokens)
				}
				continue
			}
			found := false
			for _, tok := range tokens {
				found = found || strings.HasPrefix(tok, term.Text)
			}
			if !found {
				t.Fatalf("QueryTerms(%q): no token %q starts with %q", s, tokens, term.Text)
			}
		}
	})
}
