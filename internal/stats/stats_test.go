package stats

import (
	"testing"

	"maeul/internal/errs"
)

func TestParsePeriod(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2019", "2019"}, {"2019-Q1", "2019-Q1"}, {"2019q2", "2019-Q2"}, {"2019Q4", "2019-Q4"}, {" 2019-03 ", "2019-03"},
		{"2019Q5", ""}, {"2019-13", ""}, {"19", ""}, {"2019/03", ""}, {"", ""},
	}
	for _, tt := range tests {
		p, err := ParsePeriod(tt.in)
		switch {
		case tt.want == "" && !errs.HasReason(err, "err.stats.period"):
			t.Errorf("ParsePeriod(%q) = %v, %v; want err.stats.period", tt.in, p.Text, err)
		case tt.want != "" && (err != nil || p.Text != tt.want):
			t.Errorf("ParsePeriod(%q) = %q, %v; want %q", tt.in, p.Text, err, tt.want)
		}
	}
}

func TestParseValue(t *testing.T) {
	tests := []struct {
		metric Metric
		in     string
		want   int64
		reason string
	}{
		{OnlineRetailSales, "1,234.5", 123450, ""},
		{PovertyAlleviationSales, "0", 0, ""},
		{AgriOnlineSales, "1.234", 0, "err.money.decimals"},
		{RuralOnlineRetailSales, "-3", 0, "err.stats.negative"},
		{"designations_national_county", "12", 12, ""},
		{"designations_national_county", "12.0", 0, "err.stats.count"},
		{"designations_national_county", "-1", 0, "err.stats.negative"},
	}
	for _, tt := range tests {
		got, err := ParseValue(tt.metric, tt.in)
		if tt.reason != "" {
			if !errs.HasReason(err, tt.reason) || errs.FieldOf(err) != "value" {
				t.Errorf("ParseValue(%s, %q) = %d, %v; want %s about value", tt.metric, tt.in, got, err, tt.reason)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseValue(%s, %q) = %d, %v; want %d", tt.metric, tt.in, got, err, tt.want)
		}
	}
}

func TestMetrics(t *testing.T) {
	ms := Metrics()
	if len(ms) != 4+24 {
		t.Errorf("%d metrics, want 28", len(ms))
	}
	for _, m := range ms {
		if got, err := ParseMetric(" " + string(m) + " "); err != nil || got != m {
			t.Errorf("ParseMetric(%q) = %q, %v", m, got, err)
		}
		if m.IsMoney() != (m == OnlineRetailSales || m == RuralOnlineRetailSales || m == AgriOnlineSales || m == PovertyAlleviationSales) {
			t.Errorf("%s: IsMoney %v", m, m.IsMoney())
		}
	}
	if _, err := ParseMetric("gdp"); !errs.HasReason(err, "err.stats.metric") {
		t.Errorf("ParseMetric(gdp): %v", err)
	}
}
