package browsertest

import (
	"testing"

	"maeul/internal/server/servertest"
)

// Yanji's county admin, on a phone in Korean (the account's language), opens the coverage page
// from the region page, sees the share of poor villages a station serves
// and the one left unserved in the picture, and asks which candidates to
// open with the form (no script needed).
func TestCountyAdminReadsCoverage(t *testing.T) {
	t.Parallel()
	env := servertest.Start(t, "sqlite")
	b := New(t, env.URL, Mobile(), AcceptLanguage("ko-KR,ko;q=0.9"))
	b.Run(
		Open("/signin"),
		Fill("input[name=email]", "county-yanji@maeul.test"),
		Fill("input[name=password]", "maeul-demo"),
		Submit(`form[action="/signin"]`),

		Open("/admin/regions/222401000000"),
		Follow(`a[href="/admin/coverage?region=222401000000"]`),
		AtPath("/admin/coverage"),
		HasText(".cov-rate", "83.3%"),
		HasText("#cov-h + p + p", "빈곤촌 6곳 가운데 5곳"),
		Visible(".cov-towns .cov-v.poor.unserved"),
		HasText(".cov-towns .cov-v.poor.unserved", "연명촌"),
		Snap("coverage"),

		Choose("select[name=choose]", "1"),
		Submit(`form[action="/admin/coverage"]`),
		HasText("#choice-h ~ .table-wrap", "연명촌 전자상거래봉사점(후보)"),
		Count("#choice-h ~ .table-wrap tbody tr", 1),
		Snap("choice"),
	)
}
