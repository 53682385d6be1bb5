package api_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"maeul/internal/server/servertest"
	"maeul/internal/store/storetest"
)

// TestProgrammeRegistersAPI walks the registers' endpoints as the demo's
// accounts; every answer is checked against the OpenAPI document.
func TestProgrammeRegistersAPI(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine)
			guest := env.Client()
			pref, county, auditor, seller, operator := env.Client(), env.Client(), env.Client(), env.Client(), env.Client()
			pref.SignInAPI("prefecture@maeul.test")
			county.SignInAPI("county-wangqing@maeul.test")
			auditor.SignInAPI("auditor@maeul.test")
			seller.SignInAPI("seller-yanji@maeul.test")
			operator.SignInAPI("station-dongxing@maeul.test")

			// Titles.
			var ds struct {
				Items []struct {
					ID          int64  `json:"id"`
					SubjectCode string `json:"subject_code"`
					RevokedOn   string `json:"revoked_on"`
				} `json:"items"`
			}
			r := county.JSON(http.MethodGet, "/api/v1/designations", nil, &ds)
			if r.StatusCode != 200 || len(ds.Items) == 0 {
				t.Fatalf("Wangqing's titles: %d %s", r.StatusCode, r.Body)
			}
			for _, d := range ds.Items {
				if !strings.HasPrefix(d.SubjectCode, "2224") && !strings.HasPrefix(d.SubjectCode, "wq-") {
					t.Errorf("Wangqing's admin sees %s", d.SubjectCode)
				}
			}
			wantError(t, "a guest's titles", guest.JSON(http.MethodGet, "/api/v1/designations", nil, nil), 401, "unauthorized")
			wantError(t, "another county's titles", county.JSON(http.MethodGet, "/api/v1/designations?region=222401", nil, nil), 403, "forbidden")
			wantError(t, "a seller's titles", seller.JSON(http.MethodGet, "/api/v1/designations?region=222401", nil, nil), 403, "forbidden")
			r = auditor.JSON(http.MethodGet, "/api/v1/designations?region=222401&level=provincial", nil, &ds)
			if r.StatusCode != 200 || len(ds.Items) == 0 {
				t.Errorf("an auditor's read: %d %s", r.StatusCode, r.Body)
			}
			title := map[string]any{"subject_kind": "village", "subject_code": "222424101201", "level": "prefecture", "title": "延边州电子商务示范村", "year": 2024}
			var d struct {
				ID        int64  `json:"id"`
				RevokedOn string `json:"revoked_on"`
			}
			r = county.JSON(http.MethodPost, "/api/v1/designations", title, &d)
			if r.StatusCode != 201 || d.ID == 0 {
				t.Fatalf("record a title: %d %s", r.StatusCode, r.Body)
			}
			wantError(t, "an auditor recording", auditor.JSON(http.MethodPost, "/api/v1/designations", title, nil), 403, "forbidden")
			title["subject_kind"] = "town"
			wantError(t, "a village as a town", county.JSON(http.MethodPost, "/api/v1/designations", title, nil), 422, "invalid")
			revoke := map[string]string{"revoked_on": time.Now().Format(time.DateOnly), "reason": "조건 미달"}
			yanji := env.Client()
			yanji.SignInAPI("county-yanji@maeul.test")
			wantError(t, "another county revoking", yanji.JSON(http.MethodPost,
				"/api/v1/designations/"+itoa(d.ID)+"/revoke", revoke, nil), 403, "forbidden")
			r = county.JSON(http.MethodPost, "/api/v1/designations/"+itoa(d.ID)+"/revoke", revoke, &d)
			if r.StatusCode != 200 || d.RevokedOn == "" {
				t.Errorf("revoke: %d %s", r.StatusCode, r.Body)
			}
			wantError(t, "revoke twice", county.JSON(http.MethodPost, "/api/v1/designations/"+itoa(d.ID)+"/revoke", revoke, nil), 409, "conflict")

			// Pairings.
			r = pref.JSON(http.MethodGet, "/api/v1/pairings", nil, nil)
			if r.StatusCode != 200 || !strings.Contains(r.Body, `"sales_fen"`) {
				t.Errorf("the prefecture's pairings: %d %.300s", r.StatusCode, r.Body)
			}
			pairing := map[string]string{"org_code": "wq-enterprise", "village_code": "222424102201", "since": "2024-01-01"}
			var p struct {
				ID    int64  `json:"id"`
				Until string `json:"until"`
			}
			if r = county.JSON(http.MethodPost, "/api/v1/pairings", pairing, &p); r.StatusCode != 201 {
				t.Fatalf("record a pairing: %d %s", r.StatusCode, r.Body)
			}
			pairing["since"] = "2024-06-01"
			wantError(t, "an overlapping pairing", county.JSON(http.MethodPost, "/api/v1/pairings", pairing, nil), 409, "conflict")
			r = county.JSON(http.MethodPost, "/api/v1/pairings/"+itoa(p.ID)+"/end", map[string]string{"until": "2025-12-31"}, &p)
			if r.StatusCode != 200 || p.Until != "2025-12-31" {
				t.Errorf("end a pairing: %d %s", r.StatusCode, r.Body)
			}

			// Events: public lists, admins run them, the organizer records deals.
			r = guest.JSON(http.MethodGet, "/api/v1/events", nil, nil)
			if r.StatusCode != 200 || !strings.Contains(r.Body, "wq-matchmaking-autumn") {
				t.Errorf("events: %d %.300s", r.StatusCode, r.Body)
			}
			r = guest.JSON(http.MethodGet, "/api/v1/events/wq-matchmaking-autumn", nil, nil)
			if r.StatusCode != 200 || !strings.Contains(r.Body, `"role":"organizer"`) {
				t.Errorf("an event: %d %.300s", r.StatusCode, r.Body)
			}
			wantError(t, "a guest's report", guest.JSON(http.MethodGet, "/api/v1/events/wq-matchmaking-autumn/report", nil, nil), 401, "unauthorized")
			var rep struct {
				SalesFen int64 `json:"sales_fen"`
				DealsFen int64 `json:"deals_fen"`
				TotalFen int64 `json:"total_fen"`
			}
			r = auditor.JSON(http.MethodGet, "/api/v1/events/wq-matchmaking-autumn/report", nil, &rep)
			if r.StatusCode != 200 || rep.SalesFen <= 0 || rep.DealsFen <= 0 || rep.TotalFen != rep.SalesFen+rep.DealsFen {
				t.Errorf("the autumn fair's report: %d %s", r.StatusCode, r.Body)
			}
			starts := time.Now().Add(-time.Hour).UTC()
			ev := map[string]any{"region_code": "222424", "name": map[string]string{"ko": "왕청 잣 연결회"}, "place": map[string]string{"zh": "汪清"},
				"starts": starts, "ends": starts.Add(30 * time.Hour)}
			wantError(t, "a seller holding an event", seller.JSON(http.MethodPut, "/api/v1/events/wq-pine", ev, nil), 403, "forbidden")
			if r = county.JSON(http.MethodPut, "/api/v1/events/wq-pine", ev, nil); r.StatusCode != 200 || !strings.Contains(r.Body, `"status":"running"`) {
				t.Fatalf("hold an event: %d %s", r.StatusCode, r.Body)
			}
			var evj struct {
				Participants []struct {
					ID   int64  `json:"id"`
					Code string `json:"code"`
					Role string `json:"role"`
				} `json:"participants"`
			}
			for _, in := range []map[string]string{
				{"kind": "service_point", "code": "wq-dongxing-vstation", "role": "organizer"},
				{"kind": "organization", "code": "wq-household", "role": "seller"},
				{"kind": "organization", "code": "yj-enterprise", "role": "buyer"},
			} {
				if r = county.JSON(http.MethodPost, "/api/v1/events/wq-pine/participants", in, &evj); r.StatusCode != 200 {
					t.Fatalf("add %v: %d %s", in, r.StatusCode, r.Body)
				}
			}
			ids := map[string]int64{}
			for _, p := range evj.Participants {
				ids[p.Role] = p.ID
			}
			deal := map[string]any{"seller_id": ids["seller"], "buyer_id": ids["buyer"], "amount_fen": 880000, "goods": "잣 100kg", "ref": "PINE-1"}
			wantError(t, "the buyer recording a deal", seller.JSON(http.MethodPost, "/api/v1/events/wq-pine/deals", deal, nil), 403, "forbidden")
			if r = operator.JSON(http.MethodPost, "/api/v1/events/wq-pine/deals", deal, nil); r.StatusCode != 201 {
				t.Errorf("the organizer records a deal: %d %s", r.StatusCode, r.Body)
			}
			deal["amount_fen"] = 0
			deal["ref"] = "PINE-2"
			r = operator.JSON(http.MethodPost, "/api/v1/events/wq-pine/deals", deal, nil)
			if wantError(t, "a deal of nothing", r, 422, "invalid"); !strings.Contains(r.Body, `"field":"amount_fen"`) {
				t.Errorf("a deal of nothing names its field: %s", r.Body)
			}
			r = operator.JSON(http.MethodGet, "/api/v1/events/wq-pine/report", nil, &rep)
			if r.StatusCode != 200 || rep.DealsFen != 880000 {
				t.Errorf("the organizer's report: %d %s", r.StatusCode, r.Body)
			}

			// The programme report.
			var pr struct {
				Region         string `json:"region"`
				PairedVillages int    `json:"paired_villages"`
			}
			r = auditor.JSON(http.MethodGet, "/api/v1/programmes/222400", nil, &pr)
			if r.StatusCode != 200 || pr.Region != "222400000000" || pr.PairedVillages == 0 {
				t.Errorf("the prefecture's report: %d %.400s", r.StatusCode, r.Body)
			}
			wantError(t, "another county's report", county.JSON(http.MethodGet, "/api/v1/programmes/222401", nil, nil), 403, "forbidden")
			wantError(t, "a report of 1900", pref.JSON(http.MethodGet, "/api/v1/programmes/222400?year=1900", nil, nil), 422, "invalid")
		})
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
