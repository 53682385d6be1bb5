package api_test

import (
	"context"
	"net/http"
	"testing"

	"maeul/internal/network"
	"maeul/internal/server/servertest"
	"maeul/internal/store/storetest"
)

// TestCoverageAPI reads the demo's coverage as its admins and others,
// checked against the OpenAPI document, and opens a candidate: the
// figure, computed from the registry, moves.
func TestCoverageAPI(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine)
			pref, yanji, seller := env.Client(), env.Client(), env.Client()
			pref.SignInAPI("prefecture@maeul.test")
			yanji.SignInAPI("county-yanji@maeul.test")
			seller.SignInAPI("seller-yanji@maeul.test")

			type figures struct {
				Region             string         `json:"region"`
				PoorVillages       int            `json:"poor_villages"`
				PoorVillagesServed int            `json:"poor_villages_served"`
				CoverageRate       *float64       `json:"coverage_rate"`
				ServicePoints      map[string]int `json:"service_points"`
				Uncovered          []string       `json:"uncovered_poor_villages"`
			}
			var rep struct {
				figures
				Counties []figures `json:"counties"`
				Choice   []struct {
					Code   string   `json:"code"`
					Covers []string `json:"covers"`
				} `json:"candidate_choice"`
			}
			r := pref.JSON(http.MethodGet, "/api/v1/coverage/222400?choose=5", nil, &rep)
			if r.StatusCode != 200 || rep.PoorVillages != 52 || rep.PoorVillagesServed != 50 || len(rep.Counties) != 8 || len(rep.Choice) != 2 {
				t.Fatalf("the prefecture: %d %+v", r.StatusCode, rep)
			}
			if rep.Choice[0].Code != "hl-nanping-vstation" || rep.Choice[1].Code != "yj-yanming-vstation" {
				t.Errorf("choice = %+v, want Nanping's then Yanming's candidate", rep.Choice)
			}
			r = yanji.JSON(http.MethodGet, "/api/v1/coverage/222401", nil, &rep)
			if r.StatusCode != 200 || rep.CoverageRate == nil || rep.PoorVillagesServed != 5 || len(rep.Counties) != 0 || len(rep.Choice) != 0 {
				t.Errorf("Yanji: %d %+v", r.StatusCode, rep)
			}
			r = pref.JSON(http.MethodGet, "/api/v1/coverage/222401100202", nil, &rep)
			if r.StatusCode != 200 || rep.CoverageRate != nil || rep.PoorVillages != 0 {
				t.Errorf("a village that is not poor: %d %+v, want coverage_rate null", r.StatusCode, rep)
			}
			wantError(t, "a guest", env.Client().JSON(http.MethodGet, "/api/v1/coverage/222401", nil, nil), 401, "unauthorized")
			wantError(t, "another county", yanji.JSON(http.MethodGet, "/api/v1/coverage/222424", nil, nil), 403, "forbidden")
			wantError(t, "a seller", seller.JSON(http.MethodGet, "/api/v1/coverage/222401", nil, nil), 403, "forbidden")
			wantError(t, "too many candidates", yanji.JSON(http.MethodGet, "/api/v1/coverage/222401?choose=21", nil, nil), 422, "invalid")
			wantError(t, "an unknown region", pref.JSON(http.MethodGet, "/api/v1/coverage/222499", nil, nil), 404, "not_found")

			p, err := env.DB.ServicePoint(context.Background(), "yj-yanming-vstation")
			if err != nil {
				t.Fatal(err)
			}
			p.Status = network.Open
			if err := env.DB.UpsertServicePoints(context.Background(), []network.ServicePoint{p}); err != nil {
				t.Fatal(err)
			}
			r = yanji.JSON(http.MethodGet, "/api/v1/coverage/222401", nil, &rep)
			if r.StatusCode != 200 || rep.PoorVillagesServed != 6 || rep.CoverageRate == nil || *rep.CoverageRate != 1 || len(rep.Uncovered) != 0 {
				t.Errorf("Yanji once Yanming's station opens: %d %+v", r.StatusCode, rep)
			}
		})
	}
}
