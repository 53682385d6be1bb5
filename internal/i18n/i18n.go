// Package i18n holds maeul's three languages, Korean, Simplified Chinese and
// English, the text of its pages in each, and the rule that picks a
// language for a request.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

// Lang is one of the supported languages.
type Lang string

// The supported languages. Korean is the first because the Yanbian Korean
// community is the programme's first audience.
const (
	Ko Lang = "ko"
	Zh Lang = "zh"
	En Lang = "en"
)

// Langs lists the supported languages in display order.
var Langs = []Lang{Ko, Zh, En}

// Default is the language used when nothing else decides.
const Default = Ko

// Parse returns the supported language named by s ("ko", "zh-CN", "en-US",
// …) and whether s named one.
func Parse(s string) (Lang, bool) {
	base, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(s)), "-")
	base, _, _ = strings.Cut(base, "_")
	switch Lang(base) {
	case Ko, Zh, En:
		return Lang(base), true
	}
	return "", false
}

// Match picks the best supported language for an Accept-Language header,
// honouring q-values; it returns Default when nothing matches.
func Match(acceptLanguage string) Lang {
	type cand struct {
		lang Lang
		q    float64
		pos  int
	}
	var cands []cand
	for i, part := range strings.Split(acceptLanguage, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		l, ok := Parse(tag)
		if !ok {
			continue
		}
		q := 1.0
		if v, found := strings.CutPrefix(strings.TrimSpace(params), "q="); found {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		if q > 0 {
			cands = append(cands, cand{l, q, i})
		}
	}
	if len(cands) == 0 {
		return Default
	}
	sort.SliceStable(cands, func(a, b int) bool { return cands[a].q > cands[b].q })
	return cands[0].lang
}

// Text is a piece of content in the three languages; any may be empty.
type Text struct {
	Ko string `json:"ko,omitempty"`
	Zh string `json:"zh,omitempty"`
	En string `json:"en,omitempty"`
}

// In returns the text in l, or, when that is empty, in the first other
// language that has it (Korean, Chinese, English).
func (t Text) In(l Lang) string {
	if s := t.get(l); s != "" {
		return s
	}
	for _, o := range Langs {
		if s := t.get(o); s != "" {
			return s
		}
	}
	return ""
}

func (t Text) get(l Lang) string {
	switch l {
	case Ko:
		return t.Ko
	case Zh:
		return t.Zh
	case En:
		return t.En
	}
	return ""
}

// IsZero reports whether the text is empty in every language.
func (t Text) IsZero() bool { return t.Ko == "" && t.Zh == "" && t.En == "" }

//go:embed messages/*.json
var messageFiles embed.FS

// Catalog holds the user-interface messages of every language.
type Catalog struct {
	msgs map[Lang]map[string]string
}

// Load reads the embedded message files. Each file (one per area of the
// product, such as foundation.json) maps a key to its text in every
// language: {"nav.home": {"ko": "홈", "zh": "首页", "en": "Home"}}. Load
// fails when a file is malformed, a key is defined twice or lacks a
// language, which the tests catch before any release.
func Load() (*Catalog, error) {
	c := &Catalog{msgs: map[Lang]map[string]string{}}
	for _, l := range Langs {
		c.msgs[l] = map[string]string{}
	}
	files, err := fs.Glob(messageFiles, "messages/*.json")
	if err != nil {
		return nil, fmt.Errorf("i18n.Load: %w", err)
	}
	for _, f := range files {
		b, err := messageFiles.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("i18n.Load: %w", err)
		}
		var m map[string]map[Lang]string
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("i18n.Load %s: %w", f, err)
		}
		for key, texts := range m {
			if _, dup := c.msgs[En][key]; dup {
				return nil, fmt.Errorf("i18n.Load %s: key %q is defined in two files", f, key)
			}
			for _, l := range Langs {
				s, ok := texts[l]
				if !ok || s == "" {
					return nil, fmt.Errorf("i18n.Load %s: key %q has no %s text", f, key, l)
				}
				c.msgs[l][key] = s
			}
		}
	}
	return c, nil
}

// T returns the message for key in l, formatted with args as by
// fmt.Sprintf when args are given. A key missing in l falls back to
// English, then to the key itself, so a page never shows an empty label.
func (c *Catalog) T(l Lang, key string, args ...any) string {
	s, ok := c.msgs[l][key]
	if !ok {
		s, ok = c.msgs[En][key]
	}
	if !ok {
		s = key
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Has reports whether key exists in l.
func (c *Catalog) Has(l Lang, key string) bool {
	_, ok := c.msgs[l][key]
	return ok
}

// Keys returns the keys of l, sorted.
func (c *Catalog) Keys(l Lang) []string {
	keys := make([]string, 0, len(c.msgs[l]))
	for k := range c.msgs[l] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
