package web

import (
	"io/fs"
	"regexp"
	"testing"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/i18n"
	"maeul/internal/network"
	"maeul/internal/org"
	"maeul/internal/region"
)

// TestTemplateMessagesExist checks that every message key a template names,
// and every key it builds from an enumeration, exists in all languages.
func TestTemplateMessagesExist(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	literal := regexp.MustCompile(`\bt \$?[.\w]*(?:\.Lang|\$l) "([^"]+)"`)
	dynamic := regexp.MustCompile(`\(print "([a-z_.]+\.)" `)
	prefixes := map[string][]string{}
	for _, r := range accounts.Roles {
		prefixes["role."] = append(prefixes["role."], string(r))
	}
	for _, k := range org.Kinds {
		prefixes["org.kind."] = append(prefixes["org.kind."], string(k))
	}
	for _, k := range network.Kinds {
		prefixes["point.kind."] = append(prefixes["point.kind."], string(k))
	}
	for _, l := range region.Levels {
		prefixes["level."] = append(prefixes["level."], string(l))
	}
	for _, l := range catalog.Labels {
		for _, p := range []string{"label.", "label.short.", "label.about."} {
			prefixes[p] = append(prefixes[p], string(l))
		}
	}
	for _, s := range sorts {
		prefixes["shop.sort."] = append(prefixes["shop.sort."], string(s))
	}
	// The seller back office: labels, kinds, and the actions of a
	// product's change history.
	for _, l := range catalog.Labels {
		prefixes["seller.label."] = append(prefixes["seller.label."], string(l))
	}
	prefixes["seller.kind."] = []string{string(catalog.Goods), string(catalog.Tourism)}
	prefixes["seller.action."] = []string{"save", "hide", "show", "add_photo", "remove_photo"}
	files, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, f := range files {
		b, _ := templateFiles.ReadFile(f)
		var keys []string
		for _, m := range literal.FindAllStringSubmatch(string(b), -1) {
			keys = append(keys, m[1])
		}
		for _, m := range dynamic.FindAllStringSubmatch(string(b), -1) {
			vals, ok := prefixes[m[1]]
			if !ok {
				t.Errorf("%s: dynamic key prefix %q has no enumeration in this test", f, m[1])
			}
			for _, v := range vals {
				keys = append(keys, m[1]+v)
			}
		}
		checked += len(keys)
		for _, k := range keys {
			for _, l := range i18n.Langs {
				if !cat.Has(l, k) {
					t.Errorf("%s: message %q missing in %s", f, k, l)
				}
			}
		}
	}
	if checked < 60 {
		t.Errorf("found only %d message keys in the templates; is the pattern stale?", checked)
	}
}

func TestTemplatesParse(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	st, err := loadAssets()
	if err != nil {
		t.Fatal(err)
	}
	ts, err := loadTemplates(cat, st)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"home", "error", "signin", "signup", "account", "admin_region", "admin_org", "admin_users",
		"search", "category", "product", "product_missing", "store", "village", "county"} {
		if _, ok := ts.pages[want]; !ok {
			t.Errorf("no template for page %q", want)
		}
	}
}
