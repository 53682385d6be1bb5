package i18n

import (
	"testing"
	"testing/fstest"
)

func TestMatch(t *testing.T) {
	tests := map[string]Lang{
		"":                           Ko,
		"zh-CN,zh;q=0.9,en;q=0.8":    Zh,
		"en-US,en;q=0.9":             En,
		"fr-FR,en;q=0.5,ko;q=0.7":    Ko,
		"ko-KR":                      Ko,
		"de, ja":                     Ko,
		"zh-Hans-CN;q=0.2, en;q=0.1": Zh,
		"en;q=0, zh;q=0.3":           Zh,
	}
	for in, want := range tests {
		if got := Match(in); got != want {
			t.Errorf("Match(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTextFallback(t *testing.T) {
	x := Text{Zh: "苹果梨", En: "Apple-pear"}
	if got := x.In(Ko); got != "苹果梨" {
		t.Errorf("In(Ko) with no Korean = %q, want the Chinese text", got)
	}
	if got := x.In(En); got != "Apple-pear" {
		t.Errorf("In(En) = %q", got)
	}
}

func TestCatalogComplete(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Keys(Ko)) < 50 {
		t.Errorf("only %d messages loaded", len(c.Keys(Ko)))
	}
	if got := c.T(Zh, "nav.home"); got != "首页" {
		t.Errorf("T(zh, nav.home) = %q", got)
	}
	if got := c.T(Ko, "no.such.key"); got != "no.such.key" {
		t.Errorf("missing key = %q, want the key itself", got)
	}
	// A key is never a format: an English sentence passed as one shows
	// as it is, not formatted, so that it stands out.
	if got := c.T(Ko, "%d items left", 3); got != "%d items left" {
		t.Errorf("missing key with arguments = %q, want the key itself", got)
	}
}

func TestPluralsAndLocalizedArgs(t *testing.T) {
	files := fstest.MapFS{"messages/a.json": {Data: []byte(`{
 "n.households": {"ko": "%d가구", "zh": "%d户", "en": {"one": "%d household", "other": "%d households"}},
 "n.wrap": {"ko": "문제: %s", "zh": "问题：%s", "en": "problem: %s"},
 "n.name": {"ko": "사과배", "zh": "苹果梨", "en": "apple-pear"}
}`)}}
	c, err := load(files)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		l    Lang
		key  string
		args []any
		want string
	}{
		{En, "n.households", []any{1}, "1 household"},
		{En, "n.households", []any{int64(10)}, "10 households"},
		{En, "n.households", []any{0}, "0 households"},
		{Ko, "n.households", []any{1}, "1가구"},
		{Zh, "n.households", []any{10}, "10户"},
		{Zh, "n.wrap", []any{M("n.name")}, "问题：苹果梨"},
		{En, "n.wrap", []any{Text{Ko: "사과배"}}, "problem: 사과배"},
		{En, "n.wrap", []any{M("n.households", 1)}, "problem: 1 household"},
	}
	for _, tt := range tests {
		if got := c.T(tt.l, tt.key, tt.args...); got != tt.want {
			t.Errorf("T(%s, %s, %v) = %q, want %q", tt.l, tt.key, tt.args, got, tt.want)
		}
	}
}

func TestLoadRefuses(t *testing.T) {
	tests := map[string]string{
		"missing language": `{"k": {"ko": "가", "zh": "甲"}}`,
		"empty text":       `{"k": {"ko": "가", "zh": "甲", "en": ""}}`,
		"plural no other":  `{"k": {"ko": "가", "zh": "甲", "en": {"one": "a"}}}`,
		"not a text":       `{"k": {"ko": "가", "zh": "甲", "en": 3}}`,
	}
	for name, data := range tests {
		if _, err := load(fstest.MapFS{"messages/a.json": {Data: []byte(data)}}); err == nil {
			t.Errorf("%s: load succeeded, want an error", name)
		}
	}
}
