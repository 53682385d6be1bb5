package server_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"maeul/internal/server/servertest"
	"maeul/internal/store/storetest"
)

// TestHeldParcelsPage scans a parcel into its pick-up station three days
// ago and finds it on the held parcels' page of its seller and of its
// county's admin, not another county's, nor under a longer threshold.
func TestHeldParcelsPage(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine)
			ord := strconv.FormatInt(shipPickupParcel(t, env), 10)
			buyer := newAccessClient(t, env, "canteen@maeul.test")
			operator := newAccessClient(t, env, "station-dongxing@maeul.test")
			status, body := buyer.fetch(t, env, http.MethodGet, "/api/v1/orders/"+ord+"/parcel", "")
			var p struct {
				ID int64 `json:"id"`
			}
			if status != http.StatusOK || json.Unmarshal([]byte(body), &p) != nil {
				t.Fatalf("GET parcel: %d %s", status, body)
			}
			id := strconv.FormatInt(p.ID, 10)
			at := time.Now().Add(-72 * time.Hour).UTC().Format(time.RFC3339)
			scan := `{"scan_id":"held-1","node":"wq-dongxing-vstation","at":"` + at + `"}`
			if status, body := operator.fetch(t, env, http.MethodPost, "/api/v1/parcels/"+id+"/scans", scan); status != http.StatusCreated {
				t.Fatalf("scan three days ago: %d %s", status, body)
			}

			mark := "#" + id + " "
			for _, c := range []struct {
				who, path string
				status    int
				listed    bool
			}{
				{"seller-dongxing@maeul.test", "/seller/parcels/held?lang=en", http.StatusOK, true},
				{"seller-dongxing@maeul.test", "/seller/parcels/held?lang=en&hours=100", http.StatusOK, false},
				{"seller-yanji@maeul.test", "/seller/parcels/held?lang=en", http.StatusOK, false},
				{"county-wangqing@maeul.test", "/admin/parcels/held?lang=en", http.StatusOK, true},
				{"county-yanji@maeul.test", "/admin/parcels/held?lang=en", http.StatusOK, false},
				{"prefecture@maeul.test", "/admin/parcels/held?lang=en&region=222424", http.StatusOK, true},
				{"county-wangqing@maeul.test", "/admin/parcels/held?lang=en&hours=0", http.StatusUnprocessableEntity, false},
				{"canteen@maeul.test", "/admin/parcels/held?lang=en", http.StatusForbidden, false},
			} {
				status, body := newAccessClient(t, env, c.who).fetch(t, env, http.MethodGet, c.path, "")
				if status != c.status {
					t.Errorf("%s %s: %d, want %d", c.who, c.path, status, c.status)
					continue
				}
				if got := strings.Contains(body, mark); status == http.StatusOK && got != c.listed {
					t.Errorf("%s %s lists parcel %s: %v, want %v", c.who, c.path, id, got, c.listed)
				}
			}
			for lang, title := range map[string]string{"ko": "지체된 소포", "zh": "滞留包裹", "en": "Parcels held up"} {
				if status, body := newAccessClient(t, env, "county-wangqing@maeul.test").fetch(t, env, http.MethodGet, "/admin/parcels/held?lang="+lang, ""); status != http.StatusOK || !strings.Contains(body, title) {
					t.Errorf("the page in %s: %d, want 200 with %q", lang, status, title)
				}
			}
		})
	}
}
