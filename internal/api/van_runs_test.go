package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"maeul/internal/server/servertest"
	"maeul/internal/store/storetest"
)

// TestVanRunsAPI lists the demo's van runs of today and reads one, as
// Wangqing's admin (with the manifest's recipients), an auditor (without
// them) and others, checked against the OpenAPI document.
func TestVanRunsAPI(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine)
			admin, auditor, yanji := env.Client(), env.Client(), env.Client()
			admin.SignInAPI("county-wangqing@maeul.test")
			auditor.SignInAPI("auditor@maeul.test")
			yanji.SignInAPI("county-yanji@maeul.test")

			type parcel struct {
				ID        int64  `json:"parcel_id"`
				WeightG   int64  `json:"weight_g"`
				Outcome   string `json:"outcome"`
				Recipient string `json:"recipient"`
				Phone     string `json:"phone"`
			}
			type run struct {
				ID         int64  `json:"id"`
				Van        string `json:"van"`
				Status     string `json:"status"`
				CapacityKg int64  `json:"capacity_kg"`
				LoadG      int64  `json:"load_g"`
				Parcels    int    `json:"parcels"`
				Done       int    `json:"done"`
				Stops      []struct {
					Seq     int      `json:"seq"`
					Region  string   `json:"region"`
					Parcels []parcel `json:"parcels"`
				} `json:"stops"`
			}
			var list struct {
				Date string `json:"date"`
				Runs []run  `json:"runs"`
			}
			r := admin.JSON(http.MethodGet, "/api/v1/van-runs", nil, &list)
			if r.StatusCode != 200 || len(list.Runs) != 2 || list.Runs[0].Stops != nil {
				t.Fatalf("Wangqing's runs of today: %d %+v", r.StatusCode, list)
			}
			var town run
			for _, x := range list.Runs {
				if x.Van == "wq-dongguang-van" {
					town = x
				}
			}
			if town.Parcels != 3 || town.Done != 1 || town.Status != "open" || town.LoadG > town.CapacityKg*1000 {
				t.Errorf("the town's run: %+v", town)
			}
			var got run
			r = admin.JSON(http.MethodGet, fmt.Sprintf("/api/v1/van-runs/%d", town.ID), nil, &got)
			if r.StatusCode != 200 || len(got.Stops) != 2 || got.Stops[0].Seq != 1 || got.Stops[0].Region >= got.Stops[1].Region {
				t.Fatalf("the run: %d %+v", r.StatusCode, got)
			}
			if p := got.Stops[0].Parcels[0]; p.Recipient == "" || p.Phone == "" || p.WeightG <= 0 {
				t.Errorf("a manifest line for the base's admin: %+v", p)
			}
			r = auditor.JSON(http.MethodGet, fmt.Sprintf("/api/v1/van-runs/%d", town.ID), nil, &got)
			if r.StatusCode != 200 || got.Stops[0].Parcels[0].Recipient != "" || got.Stops[0].Parcels[0].Phone != "" {
				t.Errorf("the auditor's manifest: %d %+v", r.StatusCode, got.Stops)
			}
			if r := admin.JSON(http.MethodGet, "/api/v1/van-runs?date=2026-01-01", nil, &list); r.StatusCode != 200 || len(list.Runs) != 0 {
				t.Errorf("another day: %d %+v", r.StatusCode, list)
			}
			wantError(t, "a guest", env.Client().JSON(http.MethodGet, "/api/v1/van-runs", nil, nil), 401, "unauthorized")
			wantError(t, "another county's runs", yanji.JSON(http.MethodGet, "/api/v1/van-runs?region=222424", nil, nil), 403, "forbidden")
			wantError(t, "another county's run", yanji.JSON(http.MethodGet, fmt.Sprintf("/api/v1/van-runs/%d", town.ID), nil, nil), 403, "forbidden")
			wantError(t, "a bad date", admin.JSON(http.MethodGet, "/api/v1/van-runs?date=12/08", nil, nil), 422, "invalid")
			wantError(t, "an unknown run", admin.JSON(http.MethodGet, "/api/v1/van-runs/99999", nil, nil), 404, "not_found")
		})
	}
}
