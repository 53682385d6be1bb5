package impact

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"maeul/internal/chinatime"
	"maeul/internal/errs"
)

// Period is a stretch of calendar time the programme reports on: a year
// ("2026"), a quarter ("2026-Q4") or a month ("2026-11"), in China's time
// zone, like every date of the ledger.
type Period struct {
	Text  string    // its canonical form: "2026", "2026-Q4" or "2026-11"
	Start time.Time // its first day, as Day returns dates
	End   time.Time // the first day after it
}

// ParsePeriod reads a period written YYYY, YYYY-Qn (n from 1 to 4, q in
// either case) or YYYY-MM, for years 2000 to 2999; anything else is
// Invalid.
func ParsePeriod(s string) (Period, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	bad := errs.Field("period", "err.impact.period", s)
	y, rest, _ := strings.Cut(t, "-")
	year, err := strconv.Atoi(y)
	if err != nil || len(y) != 4 || year < 2000 || year > 2999 {
		return Period{}, bad
	}
	first, months := 1, 12
	switch {
	case rest == "" && !strings.Contains(t, "-"):
		t = y
	case len(rest) == 2 && rest[0] == 'Q' && rest[1] >= '1' && rest[1] <= '4':
		first, months = 1+3*int(rest[1]-'1'), 3
	case len(rest) == 2:
		m, err := strconv.Atoi(rest)
		if err != nil || m < 1 || m > 12 {
			return Period{}, bad
		}
		first, months = m, 1
	default:
		return Period{}, bad
	}
	start := time.Date(year, time.Month(first), 1, 0, 0, 0, 0, time.UTC)
	return Period{Text: t, Start: start, End: start.AddDate(0, months, 0)}, nil
}

// MonthPeriod returns the month that t falls in (in China).
func MonthPeriod(t time.Time) Period {
	d := Day(t)
	p, _ := ParsePeriod(d.Format("2006-01"))
	return p
}

// String returns the period's canonical text.
func (p Period) String() string { return p.Text }

// FirstMonth and LastMonth return the period's first and last months as
// "YYYY-MM", the form the impact rollup is kept by.
func (p Period) FirstMonth() string { return p.Start.Format("2006-01") }

// LastMonth: see FirstMonth.
func (p Period) LastMonth() string { return p.End.AddDate(0, -1, 0).Format("2006-01") }

// Months returns how many months the period spans: 1, 3 or 12.
func (p Period) Months() int {
	return (p.End.Year()-p.Start.Year())*12 + int(p.End.Month()) - int(p.Start.Month())
}

// LastDay returns the period's last day.
func (p Period) LastDay() time.Time { return p.End.AddDate(0, 0, -1) }

// From and To return the instants the period starts and ends at: midnight
// in China on its first day and on the first day after it. An instant t
// lies in the period when From ≤ t < To.
func (p Period) From() time.Time { return p.Start.Add(-chinatime.Offset) }

// To: see From.
func (p Period) To() time.Time { return p.End.Add(-chinatime.Offset) }

// Contains reports whether the instant t lies in the period.
func (p Period) Contains(t time.Time) bool { return !t.Before(p.From()) && t.Before(p.To()) }

// Over reports whether the period has ended at now.
func (p Period) Over(now time.Time) bool { return !now.Before(p.To()) }

// Previous returns the period of the same kind just before p.
func (p Period) Previous() Period {
	switch months := p.Months(); {
	case months == 12:
		return mustPeriod(p.Start.AddDate(-1, 0, 0).Format("2006"))
	case months == 3:
		s := p.Start.AddDate(0, -3, 0)
		return mustPeriod(fmt.Sprintf("%d-Q%d", s.Year(), (int(s.Month())+2)/3))
	}
	return mustPeriod(p.Start.AddDate(0, -1, 0).Format("2006-01"))
}

func mustPeriod(s string) Period {
	p, err := ParsePeriod(s)
	if err != nil {
		panic(err)
	}
	return p
}
