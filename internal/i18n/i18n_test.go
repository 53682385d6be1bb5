package i18n

import "testing"

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
}
