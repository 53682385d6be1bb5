package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"maeul/internal/accounts"
	"maeul/internal/orders"
	"maeul/internal/payments"
	"maeul/internal/server/servertest"
	"maeul/internal/store/storetest"
)

// shipPickupParcel places an order of Dongxing's eggs for the canteen, to
// pick up at the Dongxing station, pays it there in cash, packs and ships
// it, and returns its id: its parcel's route is the one station.
func shipPickupParcel(t *testing.T, env *servertest.Env) int64 {
	t.Helper()
	ctx := context.Background()
	db := env.DB
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("parcel fixture: %s: %v", what, err)
		}
	}
	svc := env.Server.Orders
	buyer, _, err := db.UserByEmail(ctx, "canteen@maeul.test")
	must("shopper", err)
	shopper := accounts.Actor{User: buyer}
	eggs, err := db.Product(ctx, "wq-dongxing-eggs")
	must("eggs", err)
	station, err := db.ServicePoint(ctx, "wq-dongxing-vstation")
	must("station", err)
	owner := orders.CartOwner(shopper, "")
	must("cart", svc.Set(ctx, shopper, owner, orders.CartItem{VariantID: eggs.Variants[0].ID, Qty: 1}))
	placed, err := svc.Place(ctx, shopper, owner, orders.Checkout{Method: payments.StationCash,
		Address: orders.Address{Name: "매트릭스", Phone: "13800001111", Region: "222424100201", Detail: "동흥촌 1조"},
		Choices: map[int64]orders.Choice{eggs.OrgID: {Delivery: orders.Pickup, PointID: station.ID}}})
	must("place", err)
	operator, _, err := db.UserByEmail(ctx, "station-dongxing@maeul.test")
	must("operator", err)
	must("cash", svc.ConfirmCash(ctx, accounts.Actor{User: operator}, placed.Payment.Ref))
	id := placed.OrderIDs[0]
	must("pack", svc.Pack(ctx, accounts.SystemActor, id))
	must("ship", svc.Ship(ctx, accounts.SystemActor, id, "", ""))
	return id
}

// fetch sends a request as the client and returns the status and body.
func (c *accessClient) fetch(t *testing.T, env *servertest.Env, method, path, body string) (int, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, env.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if strings.HasPrefix(path, "/api/") {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestParcelTimeline scans a parcel at its pick-up station through the
// API and reads its timeline as the buyer (with the pick-up code, on the
// order page in every language) and as the operator (without it).
func TestParcelTimeline(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine)
			orderID := shipPickupParcel(t, env)
			ord := strconv.FormatInt(orderID, 10)
			buyer := newAccessClient(t, env, "canteen@maeul.test")
			operator := newAccessClient(t, env, "station-dongxing@maeul.test")

			type timeline struct {
				ID         int64  `json:"id"`
				State      string `json:"state"`
				PickupCode string `json:"pickup_code"`
				Legs       []struct {
					Node      string  `json:"node"`
					ScannedAt *string `json:"scanned_at"`
				} `json:"legs"`
			}
			read := func(c *accessClient) timeline {
				t.Helper()
				status, body := c.fetch(t, env, http.MethodGet, "/api/v1/orders/"+ord+"/parcel", "")
				if status != http.StatusOK {
					t.Fatalf("GET parcel: %d %s", status, body)
				}
				var tl timeline
				if err := json.Unmarshal([]byte(body), &tl); err != nil {
					t.Fatal(err)
				}
				return tl
			}
			tl := read(buyer)
			if tl.State != "planned" || len(tl.Legs) != 1 || tl.Legs[0].Node != "wq-dongxing-vstation" || tl.Legs[0].ScannedAt != nil {
				t.Fatalf("before the scan: %+v; want planned, one pending leg at wq-dongxing-vstation", tl)
			}
			status, body := buyer.fetch(t, env, http.MethodGet, "/orders/"+ord+"?lang=en", "")
			if status != http.StatusOK || !strings.Contains(body, "Parcel tracking") || !strings.Contains(body, "pending") {
				t.Errorf("order page before the scan: %d; want the timeline with a pending node", status)
			}

			scan := `{"scan_id":"timeline-1","node":"wq-dongxing-vstation"}`
			path := "/api/v1/parcels/" + strconv.FormatInt(tl.ID, 10) + "/scans"
			if status, body := buyer.fetch(t, env, http.MethodPost, path, scan); status != http.StatusForbidden {
				t.Errorf("buyer scanning: %d %s, want 403", status, body)
			}
			if status, body := operator.fetch(t, env, http.MethodPost, path, scan); status != http.StatusCreated || !strings.Contains(body, `"state":"at_pickup"`) {
				t.Fatalf("scan: %d %s, want 201 at_pickup", status, body)
			}
			if status, body := operator.fetch(t, env, http.MethodPost, path, scan); status != http.StatusOK || !strings.Contains(body, `"repeated":true`) {
				t.Errorf("same scan again: %d %s, want 200 repeated", status, body)
			}

			tl = read(buyer)
			if tl.State != "at_pickup" || len(tl.PickupCode) != 6 || tl.Legs[0].ScannedAt == nil {
				t.Fatalf("after the scan, as the buyer: %+v; want at_pickup, a code, the leg scanned", tl)
			}
			if seen := read(operator); seen.PickupCode != "" {
				t.Errorf("the operator sees the pick-up code %q", seen.PickupCode)
			}
			for lang, label := range map[string]string{"ko": "수령 코드", "zh": "取件码", "en": "Pick-up code"} {
				status, body := buyer.fetch(t, env, http.MethodGet, "/orders/"+ord+"?lang="+lang, "")
				if status != http.StatusOK || !strings.Contains(body, label) || !strings.Contains(body, tl.PickupCode) {
					t.Errorf("order page in %s: %d; want %q and the code", lang, status, label)
				}
			}
		})
	}
}
