package vans_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"maeul/internal/region"
	"maeul/internal/vans"
)

func TestPlan(t *testing.T) {
	t0 := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
	at := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }
	const (
		v1 = region.Code("222401100201")
		v2 = region.Code("222401100202")
		v3 = region.Code("222401101201")
	)
	small := vans.Van{ID: 1, Code: "a-van", CapacityKg: 10}
	big := vans.Van{ID: 2, Code: "b-van", CapacityKg: 20}
	// stops renders a plan as van: stop village: parcel ids, per run.
	type stop struct {
		Region  region.Code
		Parcels []int64
	}
	type run struct {
		Van   string
		LoadG int64
		Stops []stop
	}
	tests := []struct {
		name    string
		vans    []vans.Van
		waiting []vans.Waiting
		want    []run
		left    []int64
	}{
		{
			name: "stops in code order, parcels by id",
			vans: []vans.Van{small},
			waiting: []vans.Waiting{
				{ParcelID: 5, Dest: v3, WeightG: 1000, Since: at(0)},
				{ParcelID: 3, Dest: v1, WeightG: 1000, Since: at(1)},
				{ParcelID: 4, Dest: v2, WeightG: 1000, Since: at(2)},
				{ParcelID: 2, Dest: v1, WeightG: 1000, Since: at(3)},
			},
			want: []run{{Van: "a-van", LoadG: 4000, Stops: []stop{{v1, []int64{2, 3}}, {v2, []int64{4}}, {v3, []int64{5}}}}},
		},
		{
			name: "capacity: the oldest go, the rest wait, a lighter one fills the gap",
			vans: []vans.Van{small},
			waiting: []vans.Waiting{
				{ParcelID: 1, Dest: v1, WeightG: 6000, Since: at(0)},
				{ParcelID: 2, Dest: v2, WeightG: 5000, Since: at(1)},
				{ParcelID: 3, Dest: v3, WeightG: 4000, Since: at(2)},
				{ParcelID: 4, Dest: v3, WeightG: 1000, Since: at(3)},
			},
			want: []run{{Van: "a-van", LoadG: 10000, Stops: []stop{{v1, []int64{1}}, {v3, []int64{3}}}}},
			left: []int64{2, 4},
		},
		{
			name:    "exactly full",
			vans:    []vans.Van{small},
			waiting: []vans.Waiting{{ParcelID: 1, Dest: v1, WeightG: 10000, Since: at(0)}, {ParcelID: 2, Dest: v1, WeightG: 1, Since: at(1)}},
			want:    []run{{Van: "a-van", LoadG: 10000, Stops: []stop{{v1, []int64{1}}}}},
			left:    []int64{2},
		},
		{
			name:    "heavier than every van: waits",
			vans:    []vans.Van{small, big},
			waiting: []vans.Waiting{{ParcelID: 1, Dest: v1, WeightG: 20001, Since: at(0)}},
			left:    []int64{1},
		},
		{
			name: "two vans: the first fills first, a village stays on the van that stops there",
			vans: []vans.Van{big, small},
			waiting: []vans.Waiting{
				{ParcelID: 1, Dest: v1, WeightG: 8000, Since: at(0)},
				{ParcelID: 2, Dest: v2, WeightG: 12000, Since: at(1)},
				{ParcelID: 3, Dest: v2, WeightG: 1000, Since: at(2)},
				{ParcelID: 4, Dest: v3, WeightG: 2000, Since: at(3)},
				{ParcelID: 5, Dest: v1, WeightG: 3000, Since: at(4)},
				{ParcelID: 6, Dest: v2, WeightG: 5000, Since: at(5)},
			},
			want: []run{
				{Van: "a-van", LoadG: 10000, Stops: []stop{{v1, []int64{1}}, {v3, []int64{4}}}},
				{Van: "b-van", LoadG: 16000, Stops: []stop{{v1, []int64{5}}, {v2, []int64{2, 3}}}},
			},
			left: []int64{6},
		},
		{
			name: "same wait: by parcel id",
			vans: []vans.Van{small},
			waiting: []vans.Waiting{
				{ParcelID: 9, Dest: v1, WeightG: 6000, Since: at(0)},
				{ParcelID: 8, Dest: v2, WeightG: 6000, Since: at(0)},
			},
			want: []run{{Van: "a-van", LoadG: 6000, Stops: []stop{{v2, []int64{8}}}}},
			left: []int64{9},
		},
		{name: "nothing waiting: no run", vans: []vans.Van{small}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			runs, left := vans.Plan("2026-12-08", tt.vans, tt.waiting)
			var got []run
			for _, r := range runs {
				if r.Day != "2026-12-08" || r.Status != vans.Open || r.CapacityKg != r.Van.CapacityKg {
					t.Errorf("run %+v: day, status or capacity wrong", r)
				}
				g := run{Van: r.Van.Code, LoadG: r.LoadG}
				n := 0
				for i, s := range r.Stops {
					if s.Seq != i+1 {
						t.Errorf("run of %s: stop %d has seq %d", r.Van.Code, i+1, s.Seq)
					}
					st := stop{Region: s.Region}
					for _, p := range s.Parcels {
						st.Parcels = append(st.Parcels, p.ParcelID)
						n++
					}
					g.Stops = append(g.Stops, st)
				}
				if r.Parcels != n {
					t.Errorf("run of %s counts %d parcels, holds %d", r.Van.Code, r.Parcels, n)
				}
				if r.LoadG > r.Capacity() {
					t.Errorf("run of %s carries %d g, over its %d g", r.Van.Code, r.LoadG, r.Capacity())
				}
				got = append(got, g)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("runs (-want +got):\n%s", diff)
			}
			var gotLeft []int64
			for _, w := range left {
				gotLeft = append(gotLeft, w.ParcelID)
			}
			if diff := cmp.Diff(tt.left, gotLeft); diff != "" {
				t.Errorf("left waiting (-want +got):\n%s", diff)
			}
		})
	}
}
