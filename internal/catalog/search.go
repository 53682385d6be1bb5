package catalog

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
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
	switch {
	case r < 0x1100: // below Hangul Jamo, the first of these scripts
		return false
	case r >= 0xAC00 && r <= 0xD7A3, r >= 0x4E00 && r <= 0x9FFF: // Hangul syllables, CJK ideographs
		return true
	}
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
// letters and digits, dropping everything else. A run already in lower
// case is a slice of s.
func splitRuns(s string) []textRun {
	var runs []textRun
	start, cjk, lower := -1, false, false // lower: the run needs lower-casing
	flush := func(end int) {
		if start >= 0 {
			t := s[start:end]
			if lower {
				t = strings.ToLower(t)
			}
			runs = append(runs, textRun{t, cjk})
			start, lower = -1, false
		}
	}
	for i, r := range s {
		c, word := false, false
		switch {
		case r < utf8.RuneSelf:
			word = 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || 'A' <= r && r <= 'Z'
		case isCJK(r):
			c = true
		default:
			word = unicode.IsLetter(r) || unicode.IsDigit(r)
		}
		if !c && !word {
			flush(i)
			continue
		}
		if start >= 0 && cjk != c {
			flush(i)
		}
		if start < 0 {
			start, cjk = i, c
		}
		if word && unicode.ToLower(r) != r {
			lower = true
		}
	}
	flush(len(s))
	return runs
}

// Relevance says how well a query matches a product, from its names (in
// any language) and its category's names; Search orders by it, best
// first. A match in the name outranks one in the category, and one only
// in the description or elsewhere comes last; within each, the query as
// the whole name outranks it as a phrase of whole words, which outranks
// it inside a longer word (黑木耳, honeycomb), which outranks its words
// found apart. Among equals the name closer to the query in length comes
// first.
type Relevance struct {
	Score int // higher is better
	Extra int // runes of the best-matching name beyond the query's: lower is better
}

// Better reports whether r ranks before o.
func (r Relevance) Better(o Relevance) bool {
	if r.Score != o.Score {
		return r.Score > o.Score
	}
	return r.Extra < o.Extra
}

// Rank returns the relevance of a product with the given names and
// category names to query q.
func Rank(q string, names, category []string) Relevance {
	k := NewRanker(q)
	return k.Rank(names, k.Category(category))
}

// Ranker ranks products against one query as Rank does, with the query
// split once: a search ranks a thousand candidates, most of them in a few
// categories.
type Ranker struct {
	qr   []string // the query's runs
	qlen int      // the query's length in runes
}

// NewRanker returns the Ranker of query q.
func NewRanker(q string) Ranker {
	return Ranker{qr: runeTexts(splitRuns(q)), qlen: utf8.RuneCountInString(q)}
}

// Category returns how well the query matches a category's names, which
// Rank takes.
func (k Ranker) Category(names []string) int {
	cat := 0
	if len(k.qr) == 0 {
		return cat
	}
	for _, n := range names {
		cat = max(cat, matchLevel(k.qr, runeTexts(splitRuns(n))))
	}
	return cat
}

// Rank returns the relevance of a product with the given names in a
// category the query matches at level cat (from Category).
func (k Ranker) Rank(names []string, cat int) Relevance {
	if len(k.qr) == 0 {
		return Relevance{}
	}
	best, extra := 0, 0
	for _, n := range names {
		m := matchLevel(k.qr, runeTexts(splitRuns(n)))
		e := utf8.RuneCountInString(n) - k.qlen
		if m > best || (m == best && m > 0 && e < extra) {
			best, extra = m, e
		}
	}
	return Relevance{Score: best*(levelWhole+1) + cat, Extra: max(extra, 0)}
}

// The levels of a match of a query's runs in a text's runs, best last.
const (
	levelNone   = iota
	levelSome   // some of the query's runs appear
	levelApart  // every run appears, some inside longer words
	levelWords  // every run appears as a whole word, apart
	levelInside // the query appears as written, inside a longer word
	levelPhrase // the query appears as whole words, in order
	levelWhole  // the text is the query
)

func matchLevel(q, t []string) int {
	if len(t) == 0 {
		return levelNone
	}
	qs, ts := strings.Join(q, " "), strings.Join(t, " ")
	switch {
	case qs == ts:
		return levelWhole
	case strings.Contains(" "+ts+" ", " "+qs+" "):
		return levelPhrase
	case strings.Contains(ts, qs):
		return levelInside
	}
	whole, found := 0, 0
	for _, w := range q {
		switch {
		case slices.Contains(t, w):
			whole++
			found++
		case strings.Contains(ts, w):
			found++
		}
	}
	switch {
	case whole == len(q):
		return levelWords
	case found == len(q):
		return levelApart
	case found > 0:
		return levelSome
	}
	return levelNone
}

func runeTexts(runs []textRun) []string {
	out := make([]string, len(runs))
	for i, r := range runs {
		out[i] = r.text
	}
	return out
}
