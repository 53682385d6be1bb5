package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"maeul/internal/parcels"
	"maeul/internal/server/servertest"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

// shipToPickup stores n shipped orders of Dongxing's eggs (Wangqing) for
// the demo shopper with their parcels, bound for pick-up at Ping'an's
// station (Wangqing), their routes planned from the registry, and returns
// the parcels.
func shipToPickup(t *testing.T, db *store.DB, n int) []parcels.Parcel {
	t.Helper()
	ctx := context.Background()
	prod, err := db.Product(ctx, "wq-dongxing-eggs")
	if err != nil {
		t.Fatal(err)
	}
	seller, err := db.OrganizationByID(ctx, prod.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	buyer, _, err := db.UserByEmail(ctx, "shopper@maeul.test")
	if err != nil {
		t.Fatal(err)
	}
	pickup, err := db.ServicePoint(ctx, "wq-pingan-vstation")
	if err != nil {
		t.Fatal(err)
	}
	v := prod.Variants[0]
	os := make([]store.GeneratedOrder, n)
	for i := range os {
		os[i] = store.GeneratedOrder{BuyerID: buyer.ID, OrgID: prod.OrgID, PaidAt: time.Now().Add(-time.Hour),
			Lines: []store.GeneratedLine{{ProductID: prod.ID, VariantID: v.ID, ProductCode: prod.Code, SKU: v.SKU, Qty: 1, UnitPrice: v.Price}}}
	}
	planner := &parcels.Planner{Points: db, Prefecture: "222400000000"}
	ids, err := db.GenerateParcels(ctx, os, string(pickup.Region), func(orderID int64, o store.GeneratedOrder) (parcels.Parcel, error) {
		p, _, err := planner.Plan(ctx, parcels.Shipment{OrderID: orderID, BuyerID: o.BuyerID, OrgID: o.OrgID, SellerRegion: seller.Region,
			PickupPointID: pickup.ID, Address: pickup.Region})
		return p, err
	})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]parcels.Parcel, len(ids))
	for i, id := range ids {
		if out[i], err = db.Parcel(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

type scanJSON struct {
	ScanID   string `json:"scan_id"`
	ParcelID int64  `json:"parcel_id"`
	Node     string `json:"node"`
	Reason   string `json:"reason,omitempty"`
}

type scanResult struct {
	ScanID string `json:"scan_id"`
	Status string `json:"status"`
	State  string `json:"state"`
	Error  *struct {
		Code   string `json:"code"`
		Reason string `json:"reason"`
	} `json:"error"`
}

type scanBatchResult struct {
	Recorded   int          `json:"recorded"`
	Duplicates int          `json:"duplicates"`
	Refused    int          `json:"refused"`
	Results    []scanResult `json:"results"`
}

func postScans(t *testing.T, c *servertest.Client, scans ...scanJSON) (*servertest.Response, scanBatchResult) {
	t.Helper()
	var out scanBatchResult
	r := c.JSON(http.MethodPost, "/api/v1/scans", map[string]any{"scans": scans}, &out)
	return r, out
}

// statuses lists each result's status, with its refusal's reason.
func statuses(b scanBatchResult) []string {
	var out []string
	for _, r := range b.Results {
		s := r.Status
		if r.Error != nil {
			s += " " + r.Error.Reason
		}
		out = append(out, s)
	}
	return out
}

func scanCount(t *testing.T, db *store.DB, ps []parcels.Parcel) int64 {
	t.Helper()
	var ids []int64
	for _, p := range ps {
		ids = append(ids, p.ID)
	}
	n, err := db.CountParcelScans(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestScanBatches: a machine posts scans with a county admin's key: a
// batch is recorded, sent again it records nothing, a scan out of order
// without a reason is refused alone, a point outside the key's scope
// refuses the whole batch (403), and a revoked key is answered 401.
func TestScanBatches(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := servertest.Start(t, engine)
			ps := shipToPickup(t, env.DB, 3)
			route := nodesOf(ps[0])
			if len(route) < 3 {
				t.Fatalf("route %v: want at least three nodes", route)
			}
			admin := env.Client()
			admin.SignInAPI("county-wangqing@maeul.test")
			k := createKey(t, admin, "SF Express Wangqing", route...)
			machine := env.Client()
			machine.Token = k.Token
			leg := func(p parcels.Parcel, i int) scanJSON {
				return scanJSON{ScanID: fmt.Sprintf("%s-%d-%d", engine, p.ID, i), ParcelID: p.ID, Node: nodesOf(p)[i]}
			}

			first := []scanJSON{leg(ps[0], 0), leg(ps[1], 0), leg(ps[2], 0), leg(ps[0], 1)}
			r, got := postScans(t, machine, first...)
			if r.StatusCode != 200 || got.Recorded != 4 || got.Duplicates != 0 || got.Refused != 0 {
				t.Fatalf("the first batch: %d %s", r.StatusCode, r.Body)
			}
			if n := scanCount(t, env.DB, ps); n != 4 {
				t.Errorf("%d scans stored after the first batch, want 4", n)
			}
			r, got = postScans(t, machine, first...)
			if want := []string{"duplicate", "duplicate", "duplicate", "duplicate"}; r.StatusCode != 200 || !cmp.Equal(statuses(got), want) {
				t.Errorf("the same batch again: %d %v, want %v", r.StatusCode, statuses(got), want)
			}
			if n := scanCount(t, env.DB, ps); n != 4 {
				t.Errorf("%d scans stored after the batch was sent twice, want 4", n)
			}

			// Parcel 1 skips its second node without a reason: refused
			// alone; parcel 2's scan goes in.
			skip := leg(ps[1], 2)
			r, got = postScans(t, machine, skip, leg(ps[2], 1))
			if want := []string{"refused err.parcels.out_of_order", "recorded"}; r.StatusCode != 200 || !cmp.Equal(statuses(got), want) {
				t.Errorf("a batch with a skip without reason: %d %v, want %v", r.StatusCode, statuses(got), want)
			}
			skip.ScanID += "-why"
			skip.Reason = "the express point was closed"
			if r, got = postScans(t, machine, skip); r.StatusCode != 200 || got.Recorded != 1 {
				t.Errorf("the skip with a reason: %d %s", r.StatusCode, r.Body)
			}

			// A point the key does not cover refuses the batch whole.
			outside := scanJSON{ScanID: engine + "-outside", ParcelID: ps[2].ID, Node: "yj-center", Reason: "lost"}
			r, _ = postScans(t, machine, leg(ps[2], 2), outside)
			wantError(t, "a point outside the key's scope", r, 403, "forbidden")
			if n := scanCount(t, env.DB, ps); n != 6 {
				t.Errorf("%d scans stored after a refused batch, want 6", n)
			}

			for _, tt := range []struct {
				what string
				body any
			}{
				{"no scan", map[string]any{"scans": []scanJSON{}}},
				{"too many scans", map[string]any{"scans": slices.Repeat([]scanJSON{leg(ps[2], 2)}, 1001)}},
			} {
				wantError(t, tt.what, machine.JSON(http.MethodPost, "/api/v1/scans", tt.body, nil), 422, "invalid")
			}

			var revoked json.RawMessage
			admin.JSON(http.MethodPost, "/api/v1/api-keys/"+itoa(k.Key.ID)+"/revoke", nil, &revoked)
			r, _ = postScans(t, machine, leg(ps[2], 2))
			wantError(t, "a revoked key", r, 401, "unauthorized")
			if n := scanCount(t, env.DB, ps); n != 6 {
				t.Errorf("%d scans stored after the key was revoked, want 6", n)
			}
		})
	}
}

func nodesOf(p parcels.Parcel) []string {
	var out []string
	for _, l := range p.Legs {
		out = append(out, l.Node())
	}
	return out
}
