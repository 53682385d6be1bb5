package vans

import (
	"cmp"
	"slices"
	"time"

	"maeul/internal/region"
)

// Waiting is a parcel waiting at a base for a van to deliver it home.
type Waiting struct {
	ParcelID int64
	// Dest is the village (or town) of the buyer's address.
	Dest    region.Code
	WeightG int64
	// Since is when the parcel began to wait: its arrival at the base.
	Since time.Time
}

// Plan loads the parcels waiting at one base onto its vans for a day and
// returns one open run per van that got parcels, and the parcels left to
// wait for the next day. The rules, in order:
//
//   - the parcels that waited longest go first (then by parcel id), so a
//     parcel left behind today is among the first tomorrow;
//   - a parcel goes on a van already stopping at its village if one has
//     room for it, else on the first van (by code) with room: the vans
//     fill one after another and a village's parcels stay together;
//   - a van never carries more than its capacity; a parcel that fits on
//     no van waits (one heavier than every van waits until a larger van
//     is registered);
//   - a run's stops are its villages in the order of their division
//     codes (towns in code order, and the villages of each town in code
//     order), since the registry holds no coordinates to order them by
//     distance; a stop's parcels are in parcel id order.
//
// Plan takes the vans that have no run that day yet; it changes nothing
// it is given.
func Plan(day string, vans []Van, waiting []Waiting) (runs []Run, left []Waiting) {
	vans = slices.Clone(vans)
	slices.SortFunc(vans, func(a, b Van) int { return cmp.Compare(a.Code, b.Code) })
	waiting = slices.Clone(waiting)
	slices.SortStableFunc(waiting, func(a, b Waiting) int {
		return cmp.Or(a.Since.Compare(b.Since), cmp.Compare(a.ParcelID, b.ParcelID))
	})
	type loading struct {
		load  int64
		stops map[region.Code][]Load
	}
	loads := make([]loading, len(vans))
	for i := range loads {
		loads[i].stops = map[region.Code][]Load{}
	}
	for _, w := range waiting {
		pick := -1
		for i, v := range vans {
			if loads[i].load+w.WeightG > v.CapacityKg*1000 {
				continue
			}
			if _, ok := loads[i].stops[w.Dest]; ok {
				pick = i
				break
			}
			if pick < 0 {
				pick = i
			}
		}
		if pick < 0 {
			left = append(left, w)
			continue
		}
		loads[pick].load += w.WeightG
		loads[pick].stops[w.Dest] = append(loads[pick].stops[w.Dest], Load{ParcelID: w.ParcelID, WeightG: w.WeightG})
	}
	for i, v := range vans {
		if len(loads[i].stops) == 0 {
			continue
		}
		r := Run{Van: v, Day: day, Status: Open, CapacityKg: v.CapacityKg, LoadG: loads[i].load}
		dests := make([]region.Code, 0, len(loads[i].stops))
		for d := range loads[i].stops {
			dests = append(dests, d)
		}
		slices.Sort(dests)
		for n, d := range dests {
			ps := loads[i].stops[d]
			slices.SortFunc(ps, func(a, b Load) int { return cmp.Compare(a.ParcelID, b.ParcelID) })
			r.Stops = append(r.Stops, Stop{Seq: n + 1, Region: d, Parcels: ps})
			r.Parcels += len(ps)
		}
		runs = append(runs, r)
	}
	return runs, left
}
