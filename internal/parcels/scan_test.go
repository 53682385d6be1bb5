package parcels

import (
	"testing"
	"time"

	"maeul/internal/errs"
)

func testParcel() Parcel {
	return Parcel{ID: 1, State: Planned, Delivery: StationPickup, PickupPointID: 4, Legs: []Leg{
		{Seq: 0, Kind: FirstMile, PointID: 1, PointCode: "A"},
		{Seq: 1, Kind: Express, PointID: 2, PointCode: "B"},
		{Seq: 2, Kind: Logistics, PointID: 3, PointCode: "C"},
		{Seq: 3, Kind: PickupStation, PointID: 4, PointCode: "D"},
	}}
}

func TestAdvance(t *testing.T) {
	at := time.Date(2026, 12, 8, 1, 0, 0, 0, time.UTC)
	ids := map[string]int64{"A": 1, "B": 2, "C": 3, "D": 4, "X": 9}
	type step struct {
		node, reason string
		seq          int
		outOfOrder   bool
		state        State
		refused      string
	}
	tests := []struct {
		name  string
		steps []step
		next  int
	}{{
		name: "in route order to pick-up",
		steps: []step{
			{node: "A", seq: 0, state: InTransit}, {node: "B", seq: 1, state: InTransit},
			{node: "C", seq: 2, state: InTransit}, {node: "D", seq: 3, state: AtPickup},
		},
		next: 4,
	}, {
		name: "skipping a node needs a reason",
		steps: []step{
			{node: "A", seq: 0, state: InTransit},
			{node: "C", refused: "err.parcels.out_of_order"},
			{node: "C", reason: "express closed", seq: 2, outOfOrder: true, state: InTransit},
			{node: "D", seq: 3, state: AtPickup},
		},
		next: 4,
	}, {
		name: "scanned again where it is, in order",
		steps: []step{
			{node: "A", seq: 0, state: InTransit}, {node: "A", seq: 0, state: InTransit}, {node: "B", seq: 1, state: InTransit},
		},
		next: 2,
	}, {
		name: "going back or off the route needs a reason",
		steps: []step{
			{node: "A", seq: 0, state: InTransit}, {node: "B", seq: 1, state: InTransit},
			{node: "A", refused: "err.parcels.out_of_order"},
			{node: "X", refused: "err.parcels.out_of_order"},
			{node: "X", reason: "wrong truck", seq: -1, outOfOrder: true, state: InTransit},
			{node: "C", seq: 2, state: InTransit},
		},
		next: 3,
	}, {
		name: "scanned again at the pick-up station",
		steps: []step{
			{node: "D", reason: "direct", seq: 3, outOfOrder: true, state: AtPickup},
			{node: "D", seq: 3, state: AtPickup},
		},
		next: 4,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := testParcel()
			for i, st := range tt.steps {
				s := Scan{Node: st.node, PointID: ids[st.node], Reason: st.reason, At: at.Add(time.Duration(i) * time.Minute)}
				err := p.advance(&s, func() string { return "123456" })
				if st.refused != "" {
					if !errs.HasReason(err, st.refused) {
						t.Fatalf("step %d (%s): err = %v, want %s", i, st.node, err, st.refused)
					}
					continue
				}
				if err != nil {
					t.Fatalf("step %d (%s): %v", i, st.node, err)
				}
				if s.Seq != st.seq || s.OutOfOrder != st.outOfOrder || s.State != st.state || p.State != st.state {
					t.Errorf("step %d (%s): seq, out of order, state = %d, %v, %s; want %d, %v, %s",
						i, st.node, s.Seq, s.OutOfOrder, s.State, st.seq, st.outOfOrder, st.state)
				}
			}
			if p.Next != tt.next {
				t.Errorf("next = %d, want %d", p.Next, tt.next)
			}
		})
	}
}

func TestClosedParcelRefusesScans(t *testing.T) {
	p := testParcel()
	p.State, p.Next = HandedOver, 4
	s := Scan{Node: "D", PointID: 4}
	if err := p.advance(&s, nil); !errs.Is(err, errs.Conflict) {
		t.Errorf("scan of a handed-over parcel: err = %v, want Conflict", err)
	}
}

func TestPickupCodeAndScannedTimes(t *testing.T) {
	p := testParcel()
	at := time.Date(2026, 12, 8, 1, 0, 0, 0, time.UTC)
	for i, node := range []string{"A", "B", "C", "D"} {
		s := Scan{Node: node, PointID: int64(i + 1), At: at.Add(time.Duration(i) * time.Hour)}
		if err := p.advance(&s, func() string { return NewCode(nil) }); err != nil {
			t.Fatal(err)
		}
	}
	if len(p.PickupCode) != CodeDigits || !p.CodeMatches(p.PickupCode) || p.CodeMatches("x") {
		t.Errorf("pick-up code %q: want %d digits that match only themselves", p.PickupCode, CodeDigits)
	}
	for i, l := range p.Legs {
		if want := at.Add(time.Duration(i) * time.Hour); !l.ScannedAt.Equal(want) {
			t.Errorf("leg %d scanned at %v, want %v", i, l.ScannedAt, want)
		}
	}
	if p.AtPointID != 4 || !p.AtSince.Equal(at.Add(3*time.Hour)) {
		t.Errorf("at point %d since %v, want 4 since %v", p.AtPointID, p.AtSince, at.Add(3*time.Hour))
	}
}
