package statistics

import (
	"testing"

	"maeul/internal/i18n"
	"maeul/internal/stats"
	"maeul/internal/web"
)

// TestTemplateMessagesExist checks that every message key the console's
// templates name, and every key they build from an enumeration, exists in
// every language; and those the handlers build.
func TestTemplateMessagesExist(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	problems, checked, err := web.MissingMessages(cat, templateFiles, stats.TemplateKeys())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
	if checked < 40 {
		t.Errorf("found only %d message keys in the templates; is the pattern stale?", checked)
	}
	var built []string
	for _, c := range stats.Channels {
		built = append(built, "stats.channel."+string(c))
	}
	for _, s := range []stats.Source{stats.Computed, stats.Reported, stats.Mixed, "none"} {
		built = append(built, "stats.source."+string(s))
	}
	for _, s := range []string{"trend", "metrics", "channels", "categories", "divisions"} {
		built = append(built, "stats.sheet."+s)
	}
	for _, k := range built {
		for _, l := range i18n.Langs {
			if !cat.Has(l, k) {
				t.Errorf("%s lacks %s", l, k)
			}
		}
	}
}
