package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"maeul/internal/errs"
	"maeul/internal/impact"
	"maeul/internal/money"
)

// What the impact pages share: the period selector, a period as a page
// shows it, and percentages. The pages themselves are impact_*.go,
// household_*.go, station_households.go, seller_links*.go,
// seller_dividends*.go and auditor_*.go.

// periodView is a resolved period as a page shows it.
type periodView struct {
	// Key is the selector's choice ("this_month", …, "all") or the period's
	// text ("2026-Q1") when it was asked for by name.
	Key  string
	Text string // "2026-05", "2026-Q2", "2026", "all"
	All  bool
	// First and Last are its first and last days, YYYY-MM-DD.
	First, Last string
}

func viewPeriod(key string, p impact.Period) periodView {
	return periodView{Key: key, Text: p.Text, All: p.Text == impact.AllTime,
		First: p.Start.Format("2006-01-02"), Last: p.LastDay().Format("2006-01-02")}
}

// periodChoice is one link of the period selector.
type periodChoice struct {
	Key     string // a relative choice: its label is impact.period.KEY
	URL     string
	Current bool
}

// periodChoices returns the selector's links to path with ?period=KEY
// (and the other query values of q), marking the chosen one.
func periodChoices(path string, q url.Values, keys []string, chosen string) []periodChoice {
	out := make([]periodChoice, 0, len(keys))
	for _, k := range keys {
		v := url.Values{}
		for name, vs := range q {
			if name != "period" && name != "notice" && name != "lang" {
				v[name] = vs
			}
		}
		v.Set("period", k)
		out = append(out, periodChoice{Key: k, URL: path + "?" + v.Encode(), Current: k == chosen})
	}
	return out
}

// figurePeriod reads the impact figures' ?period= (this year by default).
// An unknown choice or a malformed period is Invalid.
func (h *Handler) figurePeriod(r *http.Request) (impact.Period, periodView, error) {
	key := strings.TrimSpace(r.URL.Query().Get("period"))
	if key == "" {
		key = impact.ThisYear
	}
	p, err := h.Impact.FigurePeriod(r.Context(), key)
	if err != nil {
		return p, periodView{}, err
	}
	return p, viewPeriod(key, p), nil
}

// percentBP writes basis points as a percentage with at most one decimal:
// 1250 is "12.5%", 800 "8%".
func percentBP(bp int64) string {
	s := fmt.Sprintf("%d.%d", bp/100, bp%100/10)
	s = strings.TrimSuffix(s, ".0")
	return s + "%"
}

// yuanInput reads an amount of yuan typed into a form ("12.40"), for the
// field named field; an empty or malformed amount is Invalid.
func yuanInput(field, s string) (money.Fen, error) {
	f, err := money.Parse(s)
	if err != nil {
		return 0, errs.InField(field, err)
	}
	return f, nil
}
