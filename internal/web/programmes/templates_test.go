package programmes

import (
	"testing"

	"maeul/internal/i18n"
	"maeul/internal/programme"
	"maeul/internal/web"
)

// TestTemplateMessagesExist checks that every message key the console's
// templates name, and every key they build from an enumeration, exists in
// every language.
func TestTemplateMessagesExist(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	problems, checked, err := web.MissingMessages(cat, templateFiles, programme.TemplateKeys())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
	if checked < 60 {
		t.Errorf("found only %d message keys in the templates; is the pattern stale?", checked)
	}
}
