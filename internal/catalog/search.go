package catalog

import (
	"strings"
	"unicode"
)

// The mall's search works the same on both engines because the text is
// tokenized here, in Go, and the engines only index the tokens (SQLite
// FTS5 with the unicode61 tokenizer, PostgreSQL a tsvector):
//
//   - runs of Hangul, Han and Kana become their single characters and their
//     overlapping pairs ("사과배" → 사 과 배 사과 과배), the bigram indexing
//     CJK search engines use, so that two-character words such as "木耳"
//     or "사과" match inside longer ones such as "黑木耳" or "사과배";
//   - other letters and digits become lower-cased words ("Apple-pear" →
//     apple pear), matched by prefix.
//
// A query matches a product when every one of its terms does.

// isCJK reports whether r belongs to a script written without spaces
// between words, or (Hangul) whose words we match by syllable pairs.
func isCJK(r rune) bool {
	return unicode.Is(unicode.Hangul, r) || unicode.Is(unicode.Han, r) ||
		unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r)
}

// SearchTokens returns the space-separated index tokens of texts.
func SearchTokens(texts ...string) string {
	seen := map[string]bool{}
	var out []string
	add := func(tok string) {
		if tok != "" && !seen[tok] {
			seen[tok] = true
			out = append(out, tok)
		}
	}
	for _, t := range texts {
		for _, run := range splitRuns(t) {
			if run.cjk {
				rs := []rune(run.text)
				for i := range rs {
					add(string(rs[i]))
					if i+1 < len(rs) {
						add(string(rs[i : i+2]))
					}
				}
			} else {
				add(run.text)
			}
		}
	}
	return strings.Join(out, " ")
}

// Term is one term of a search query.
type Term struct {
	Text   string
	Prefix bool // match any token starting with Text
}

// QueryTerms returns the terms of a search query: the pairs of each CJK run
// (its single character when the run has one), and each other word as a
// prefix. Words of one Latin letter are dropped as noise. An empty result
// means there is nothing to search for.
func QueryTerms(q string) []Term {
	seen := map[Term]bool{}
	var out []Term
	add := func(t Term) {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	for _, run := range splitRuns(q) {
		if run.cjk {
			rs := []rune(run.text)
			if len(rs) == 1 {
				add(Term{Text: run.text})
				continue
			}
			for i := 0; i+1 < len(rs); i++ {
				add(Term{Text: string(rs[i : i+2])})
			}
			continue
		}
		if len([]rune(run.text)) < 2 && !unicode.IsDigit([]rune(run.text)[0]) {
			continue
		}
		add(Term{Text: run.text, Prefix: true})
	}
	return out
}

type textRun struct {
	text string
	cjk  bool
}

// splitRuns splits s into lower-cased runs of CJK characters and of other
// letters and digits, dropping everything else.
func splitRuns(s string) []textRun {
	var runs []textRun
	var b strings.Builder
	cur := false
	flush := func() {
		if b.Len() > 0 {
			runs = append(runs, textRun{b.String(), cur})
			b.Reset()
		}
	}
	for _, r := range s {
		switch {
		case isCJK(r):
			if !cur {
				flush()
			}
			cur = true
			b.WriteRune(r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if cur {
				flush()
			}
			cur = false
			b.WriteRune(unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
	return runs
}
