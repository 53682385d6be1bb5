// Package i18n holds maeul's three languages, Korean, Simplified Chinese and
// English, the text of its pages in each, and the rule that picks a
// language for a request.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
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
	msgs map[Lang]map[string]message
}

// message is one key's text in one language: a single form, or the
// plural forms of a language that has them (English "one" and "other").
type message struct {
	other string
	one   string
}

// Localizer is a value that has a text of its own in each language, such
// as a domain error carrying a message key; T renders an argument that is
// a Localizer in the message's language.
type Localizer interface {
	Localize(c *Catalog, l Lang) string
}

// Msg is a message key with its arguments, to be rendered in the language
// of whoever reads it: an argument of another message, or a refusal
// waiting to be shown.
type Msg struct {
	Key  string
	Args []any
}

// M returns the message key with its arguments.
func M(key string, args ...any) Msg { return Msg{Key: key, Args: args} }

// Localize renders m in l.
func (m Msg) Localize(c *Catalog, l Lang) string { return c.T(l, m.Key, m.Args...) }

// Load reads the embedded message files. Each file (one per area of the
// product, such as foundation.json) maps a key to its text in every
// language: {"nav.home": {"ko": "홈", "zh": "首页", "en": "Home"}}. A
// language with plural forms may give an object instead of a string:
// {"en": {"one": "%d household", "other": "%d households"}}; the form is
// chosen by the message's first integer argument. Load fails when a file
// is malformed, a key is defined twice or lacks a language, or a plural
// object lacks its "other" form, which the tests catch before any release.
func Load() (*Catalog, error) {
	return load(messageFiles)
}

func load(files fs.FS) (*Catalog, error) {
	c := &Catalog{msgs: map[Lang]map[string]message{}}
	for _, l := range Langs {
		c.msgs[l] = map[string]message{}
	}
	names, err := fs.Glob(files, "messages/*.json")
	if err != nil {
		return nil, fmt.Errorf("i18n.Load: %w", err)
	}
	for _, f := range names {
		b, err := fs.ReadFile(files, f)
		if err != nil {
			return nil, fmt.Errorf("i18n.Load: %w", err)
		}
		var m map[string]map[Lang]json.RawMessage
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("i18n.Load %s: %w", f, err)
		}
		for key, texts := range m {
			if _, dup := c.msgs[En][key]; dup {
				return nil, fmt.Errorf("i18n.Load %s: key %q is defined in two files", f, key)
			}
			for _, l := range Langs {
				raw, ok := texts[l]
				if !ok {
					return nil, fmt.Errorf("i18n.Load %s: key %q has no %s text", f, key, l)
				}
				msg, err := parseMessage(raw)
				if err != nil {
					return nil, fmt.Errorf("i18n.Load %s: key %q, %s: %w", f, key, l, err)
				}
				c.msgs[l][key] = msg
			}
		}
	}
	return c, nil
}

func parseMessage(raw json.RawMessage) (message, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		if s == "" {
			return message{}, fmt.Errorf("empty text")
		}
		return message{other: s}, nil
	}
	var forms struct {
		One   string `json:"one"`
		Other string `json:"other"`
	}
	if err := json.Unmarshal(raw, &forms); err != nil {
		return message{}, fmt.Errorf("a text is a string or an object of plural forms {\"one\", \"other\"}")
	}
	if forms.Other == "" {
		return message{}, fmt.Errorf("plural forms without \"other\"")
	}
	return message{other: forms.Other, one: forms.One}, nil
}

var embedded = sync.OnceValues(Load)

// Embedded returns the catalog of the embedded message files, loaded once.
// It is what text that must exist before any request, such as an error's
// English form in a log, is rendered with. It panics if the embedded files
// are broken, which the package's tests rule out before any release.
func Embedded() *Catalog {
	c, err := embedded()
	if err != nil {
		panic(err)
	}
	return c
}

// T returns the message for key in l, formatted with args as by
// fmt.Sprintf when args are given. An argument that is a Localizer (an
// error with a message key, a Msg) or a Text is first rendered in l. When
// the message has plural forms, the first integer argument chooses one. A
// key missing in l falls back to English, then to the key itself (without
// its arguments), so that a page never shows an empty label and a missing
// message is plain to see.
func (c *Catalog) T(l Lang, key string, args ...any) string {
	m, ok := c.msgs[l][key]
	if !ok {
		m, ok = c.msgs[En][key]
	}
	if !ok {
		return key
	}
	s := m.other
	if m.one != "" && pluralOne(l, args) {
		s = m.one
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, c.localizeArgs(l, args)...)
	}
	return s
}

func (c *Catalog) localizeArgs(l Lang, args []any) []any {
	out, copied := args, false
	for i, a := range args {
		var s string
		switch v := a.(type) {
		case Localizer:
			s = v.Localize(c, l)
		case Text:
			s = v.In(l)
		default:
			continue
		}
		if !copied {
			out, copied = append([]any(nil), args...), true
		}
		out[i] = s
	}
	return out
}

// pluralOne reports whether the first integer among args takes the
// singular form in l. Korean and Chinese have no plural forms; English
// uses "one" for exactly 1.
func pluralOne(l Lang, args []any) bool {
	if l != En {
		return false
	}
	for _, a := range args {
		if n, ok := integer(a); ok {
			return n == 1
		}
	}
	return false
}

// integer returns a's value when a is of an integer kind.
func integer(a any) (int64, bool) {
	v := reflect.ValueOf(a)
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int(), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return int64(v.Uint()), true
	}
	return 0, false
}

// Has reports whether key exists in l.
func (c *Catalog) Has(l Lang, key string) bool {
	_, ok := c.msgs[l][key]
	return ok
}

// Forms returns the texts of key in l: its single text, or its plural
// forms, the "other" form first. Tests use it to check every form.
func (c *Catalog) Forms(l Lang, key string) []string {
	m, ok := c.msgs[l][key]
	if !ok {
		return nil
	}
	if m.one != "" {
		return []string{m.other, m.one}
	}
	return []string{m.other}
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
