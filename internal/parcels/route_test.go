package parcels

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"maeul/internal/errs"
	"maeul/internal/network"
	"maeul/internal/region"
)

// registry is a fake of the service-point registry over a fixed list.
type registry []network.ServicePoint

func (r registry) ServicePoints(_ context.Context, f network.Filter) ([]network.ServicePoint, error) {
	var out []network.ServicePoint
	for _, p := range r {
		if (f.Within == "" || p.Region.Within(f.Within)) && (f.Kind == "" || p.Kind == f.Kind) && (p.IsOpen() || f.Candidates) {
			out = append(out, p)
		}
	}
	return out, nil
}

func (r registry) ServicePointByID(_ context.Context, id int64) (network.ServicePoint, error) {
	for _, p := range r {
		if p.ID == id {
			return p, nil
		}
	}
	return network.ServicePoint{}, errs.E(errs.NotFound, "err.network.point_not_found", id)
}

var _ Points = registry(nil)

// Yanji (222401): town 001 with villages 001 and 002; town 002 with
// village 001 (no station). Longjing (222405): town 001, village 001.
const (
	yanjiV1    = region.Code("222401001001")
	yanjiV2    = region.Code("222401001002")
	yanjiT2V1  = region.Code("222401002001")
	longjingV1 = region.Code("222405001001")
	seoul      = region.Code("110101001001")
)

var testPoints = registry{
	{ID: 1, Code: "VS-Y1", Kind: network.VillageStation, Region: yanjiV1, Serves: []region.Code{yanjiV1}},
	{ID: 2, Code: "TS-Y1", Kind: network.TownStation, Region: "222401001000", Serves: []region.Code{"222401001000"}},
	{ID: 3, Code: "EX-Y1", Kind: network.ExpressPoint, Region: "222401001000", Serves: []region.Code{"222401001000"}},
	{ID: 4, Code: "LC-Y", Kind: network.LogisticsCenter, Region: "222401000000", Serves: []region.Code{"222401000000"}},
	{ID: 5, Code: "VS-L1", Kind: network.VillageStation, Region: longjingV1, Serves: []region.Code{longjingV1}},
	{ID: 6, Code: "EX-L1", Kind: network.ExpressPoint, Region: "222405001000", Serves: []region.Code{"222405001000"}},
	{ID: 7, Code: "LC-L", Kind: network.LogisticsCenter, Region: "222405000000", Serves: []region.Code{"222405000000"}},
	{ID: 8, Code: "VS-Y2-CAND", Kind: network.VillageStation, Region: yanjiV2, Serves: []region.Code{yanjiV2}, Status: network.Candidate},
}

func TestPlan(t *testing.T) {
	type leg struct {
		Kind LegKind
		Node string
	}
	tests := []struct {
		name     string
		sh       Shipment
		delivery Delivery
		want     []leg
		noParcel bool
		reason   string
	}{{
		name:     "pick-up in the seller's county",
		sh:       Shipment{SellerRegion: yanjiV1, PickupPointID: 2, Address: yanjiV2},
		delivery: StationPickup,
		want:     []leg{{FirstMile, "VS-Y1"}, {Express, "EX-Y1"}, {Logistics, "LC-Y"}, {PickupStation, "TS-Y1"}},
	}, {
		name:     "pick-up in another county goes through its logistics centre",
		sh:       Shipment{SellerRegion: yanjiV1, PickupPointID: 5, Address: longjingV1},
		delivery: StationPickup,
		want:     []leg{{FirstMile, "VS-Y1"}, {Express, "EX-Y1"}, {Logistics, "LC-Y"}, {Logistics, "LC-L"}, {PickupStation, "VS-L1"}},
	}, {
		name:     "pick-up at the seller's own station",
		sh:       Shipment{SellerRegion: yanjiV1, PickupPointID: 1, Address: yanjiV1},
		delivery: StationPickup,
		want:     []leg{{PickupStation, "VS-Y1"}},
	}, {
		name:     "a seller only a candidate station would serve starts at the town station",
		sh:       Shipment{SellerRegion: yanjiV2, PickupPointID: 5, Address: longjingV1},
		delivery: StationPickup,
		want:     []leg{{FirstMile, "TS-Y1"}, {Express, "EX-Y1"}, {Logistics, "LC-Y"}, {Logistics, "LC-L"}, {PickupStation, "VS-L1"}},
	}, {
		name:     "a seller no station serves brings the parcel to the logistics centre",
		sh:       Shipment{SellerRegion: yanjiT2V1, PickupPointID: 2, Address: yanjiV1},
		delivery: StationPickup,
		want:     []leg{{Logistics, "LC-Y"}, {PickupStation, "TS-Y1"}},
	}, {
		name:     "home delivery in another county by van from the buyer's town",
		sh:       Shipment{SellerRegion: yanjiV1, Address: longjingV1},
		delivery: VanDelivery,
		want:     []leg{{FirstMile, "VS-Y1"}, {Express, "EX-Y1"}, {Logistics, "LC-Y"}, {Logistics, "LC-L"}, {VanBase, "EX-L1"}, {Door, DoorNode}},
	}, {
		name:     "home delivery in the seller's town leaves from the express point already on the route",
		sh:       Shipment{SellerRegion: yanjiV1, Address: yanjiV2},
		delivery: VanDelivery,
		want:     []leg{{FirstMile, "VS-Y1"}, {Express, "EX-Y1"}, {Logistics, "LC-Y"}, {VanBase, "EX-Y1"}, {Door, DoorNode}},
	}, {
		name:     "home delivery to a town without express point leaves from the logistics centre",
		sh:       Shipment{SellerRegion: yanjiV1, Address: yanjiT2V1},
		delivery: VanDelivery,
		want:     []leg{{FirstMile, "VS-Y1"}, {Express, "EX-Y1"}, {Logistics, "LC-Y"}, {Door, DoorNode}},
	}, {
		name:     "outside the prefecture by national carrier",
		sh:       Shipment{SellerRegion: yanjiV1, Address: seoul, Carrier: "SF", Tracking: "SF123"},
		delivery: NationalCarrier,
		want:     []leg{{FirstMile, "VS-Y1"}, {Express, "EX-Y1"}, {Logistics, "LC-Y"}, {Carrier, CarrierNode}},
	}, {
		name:   "outside the prefecture without tracking number",
		sh:     Shipment{SellerRegion: yanjiV1, Address: seoul},
		reason: "err.parcels.carrier_tracking",
	}, {
		name:     "a seller outside the prefecture ships without parcel",
		sh:       Shipment{SellerRegion: seoul, Address: yanjiV1, Carrier: "SF", Tracking: "1"},
		noParcel: true,
	}}
	pl := &Planner{Points: testPoints, Prefecture: "222400000000"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ok, err := pl.Plan(context.Background(), tt.sh)
			if tt.reason != "" {
				if !errs.HasReason(err, tt.reason) {
					t.Fatalf("Plan: err = %v, want reason %s", err, tt.reason)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if ok == tt.noParcel {
				t.Fatalf("Plan: ok = %v, want %v", ok, !tt.noParcel)
			}
			if !ok {
				return
			}
			var got []leg
			for i, l := range p.Legs {
				if l.Seq != i {
					t.Errorf("leg %d has seq %d", i, l.Seq)
				}
				got = append(got, leg{l.Kind, l.Node()})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("route (-want +got):\n%s", diff)
			}
			if p.Delivery != tt.delivery || p.State != Planned {
				t.Errorf("delivery, state = %s, %s; want %s, planned", p.Delivery, p.State, tt.delivery)
			}
		})
	}
}
