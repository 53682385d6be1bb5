package programmes_test

import (
	"context"
	"strings"
	"testing"

	"maeul/internal/server/servertest"
	"maeul/internal/stats"
	"maeul/internal/store/storetest"
)

// TestOverviewShowsProvinceShare: the server gives the programme pages
// the province's totals from the reported figures, so the overview shows
// a county's share of the province's titles where the total is reported.
func TestOverviewShowsProvinceShare(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine)
			pref := env.Client()
			pref.SignIn("prefecture@maeul.test")
			servertest.WantStatus(t, "before any figure", pref.Get("/admin/programmes?region=222424&year=2019&lang=en"), 200)
			if r := pref.Get("/admin/programmes?region=222424&year=2019&lang=en"); strings.Contains(r.Body, "25.0%") {
				t.Error("a share is shown before the province's total is reported")
			}
			fs := []stats.Figure{{Region: "220000000000", Period: "2019", Metric: "designations_national_county", Value: 4}}
			if err := env.DB.SaveFigures(context.Background(), fs); err != nil {
				t.Fatal(err)
			}
			servertest.WantStatus(t, "with the province's total", pref.Get("/admin/programmes?region=222424&year=2019&lang=en"), 200, "25.0%")
		})
	}
}
