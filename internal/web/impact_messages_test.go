package web

import (
	"testing"

	"maeul/internal/i18n"
)

// TestImpactMessagesExist checks the message keys the impact pages build
// in Go: titles and notices.
func TestImpactMessagesExist(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	keys := []string{"impact.title.region", "households.title", "households.station_title", "statement.title",
		"statement.payout.refused", "statement.notice.paid", "statement.notice.repeat", "links.title",
		"links.notice.created", "links.notice.ended", "dividends.title", "dividends.notice.paid",
		"dividends.notice.earlier", "ledger.title", "ledger.verify.title"}
	for _, k := range keys {
		for _, l := range i18n.Langs {
			if !cat.Has(l, k) {
				t.Errorf("message %q missing in %s", k, l)
			}
		}
	}
}

func TestPercentBP(t *testing.T) {
	for _, c := range []struct {
		bp   int64
		want string
	}{{800, "8%"}, {1250, "12.5%"}, {1499, "14.9%"}, {0, "0%"}, {10000, "100%"}, {5, "0%"}} {
		if got := percentBP(c.bp); got != c.want {
			t.Errorf("percentBP(%d) = %q, want %q", c.bp, got, c.want)
		}
	}
}
