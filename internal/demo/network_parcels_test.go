package demo_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"maeul/internal/accounts"
	"maeul/internal/demo"
	"maeul/internal/network"
	"maeul/internal/orders"
	"maeul/internal/parcels"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
	"maeul/internal/vans"
)

// parcelPicture is what the demo's parcels and runs look like: the
// parcels by state and, for those in transit, the kind of point they are
// at; the runs with their parcels and outcomes.
type parcelPicture struct {
	States map[string]int
	Codes  int // parcels at pick-up with a code
	Scans  int
	Runs   map[string][2]int // van → parcels, done
}

func pictureOf(t *testing.T, db *store.DB) parcelPicture {
	t.Helper()
	ctx := context.Background()
	buyer, _, err := db.UserByEmail(ctx, demo.ParcelBuyer.Email)
	if err != nil {
		t.Fatal(err)
	}
	os, err := db.Orders(ctx, orders.Filter{BuyerID: buyer.ID, Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	pic := parcelPicture{States: map[string]int{}, Runs: map[string][2]int{}}
	for _, o := range os {
		p, err := db.ParcelForOrder(ctx, o.ID)
		if err != nil {
			t.Fatalf("order %d: %v", o.ID, err)
		}
		key := string(p.State)
		if p.State == parcels.InTransit {
			pt, err := db.ServicePointByID(ctx, p.AtPointID)
			if err != nil {
				t.Fatal(err)
			}
			key += " at " + string(pt.Kind)
		}
		pic.States[key]++
		if p.State == parcels.AtPickup && len(p.PickupCode) == 6 {
			pic.Codes++
		}
		scans, err := db.ParcelScans(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		pic.Scans += len(scans)
	}
	runs, err := db.Runs(ctx, vans.Filter{Within: "222424000000"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range runs {
		pic.Runs[r.Van.Code] = [2]int{r.Parcels, r.Done}
	}
	return pic
}

// TestDemoParcels loads the demo and finds a parcel in every state, a
// code at the pick-up station, and the day's van runs part delivered;
// loading again changes none of it.
func TestDemoParcels(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		accts := accounts.NewService(db)
		accts.Params = storetest.CheapHash
		if err := demo.Load(context.Background(), db, accts); err != nil {
			t.Fatal(err)
		}
		first := pictureOf(t, db)
		want := map[string]int{
			"planned": 1,
			"in_transit at " + string(network.VillageStation):  1,
			"in_transit at " + string(network.ExpressPoint):    1 + 2, // and two on the town's van
			"in_transit at " + string(network.LogisticsCenter): 1 + 1, // and one on the county's van
			"at_pickup":   1,
			"handed_over": 1,
			"delivered":   2,
		}
		if diff := cmp.Diff(want, first.States); diff != "" {
			t.Errorf("the demo's parcels by state (-want +got):\n%s", diff)
		}
		if first.Codes != 1 {
			t.Errorf("%d parcels at pick-up with a code, want 1", first.Codes)
		}
		if diff := cmp.Diff(map[string][2]int{"wq-dongguang-van": {3, 1}, "wq-van-1": {2, 1}}, first.Runs); diff != "" {
			t.Errorf("the demo's van runs, parcels and done (-want +got):\n%s", diff)
		}
		if err := demo.Load(context.Background(), db, accts); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(first, pictureOf(t, db)); diff != "" {
			t.Errorf("loading again changed the parcels (-first +again):\n%s", diff)
		}
	})
}
