package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"maeul/internal/errs"
	"maeul/internal/region"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
	"maeul/internal/vans"
)

// TestVanRuns stores runs, reads them back, refuses a second run of a van
// on a day and a parcel on two live runs, and closes a run with its last
// outcome; an undelivered parcel may go on a later run.
func TestVanRuns(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadReference(t, db)
		if err := db.UpsertVans(ctx, []vans.Van{
			{Code: "yj-van-1", BaseCode: "yj-logistics", Plate: "吉H·1", CapacityKg: 500},
			{Code: "yj-van-2", BaseCode: "yj-yilan-express", Plate: "吉H·2", CapacityKg: 300},
			{Code: "wq-van-1", BaseCode: "wq-logistics", Plate: "吉H·3", CapacityKg: 300},
		}); err != nil {
			t.Fatal(err)
		}
		yanji, err := db.Vans(ctx, vans.Filter{Within: "222401000000"})
		if err != nil {
			t.Fatal(err)
		}
		if len(yanji) != 2 || yanji[0].Code != "yj-van-1" || yanji[1].BaseRegion != "222401100000" {
			t.Fatalf("Yanji's vans = %+v", yanji)
		}
		if err := db.UpsertVans(ctx, []vans.Van{{Code: "x", BaseCode: "nowhere", Plate: "吉H·9", CapacityKg: 1}}); !errs.Is(err, errs.Invalid) {
			t.Errorf("van at an unknown base: %v, want invalid", err)
		}

		const v1, v2 = region.Code("222401100201"), region.Code("222401100202")
		now := time.Date(2026, 12, 8, 1, 0, 0, 0, time.UTC)
		plan := vans.Run{Van: yanji[0], Day: "2026-12-08", Status: vans.Open, CapacityKg: 500, LoadG: 3500, Parcels: 3, Stops: []vans.Stop{
			{Seq: 1, Region: v1, Parcels: []vans.Load{{ParcelID: 101, WeightG: 1000}, {ParcelID: 102, WeightG: 500}}},
			{Seq: 2, Region: v2, Parcels: []vans.Load{{ParcelID: 103, WeightG: 2000}}},
		}}
		created, err := db.CreateRuns(ctx, []vans.Run{plan}, 0, now)
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.Run(ctx, created[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		want := plan
		want.ID, want.CreatedAt = created[0].ID, now
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("run read back (-want +got):\n%s", diff)
		}

		again := plan
		again.Stops = []vans.Stop{{Seq: 1, Region: v1, Parcels: []vans.Load{{ParcelID: 104, WeightG: 1}}}}
		if _, err := db.CreateRuns(ctx, []vans.Run{again}, 0, now); !errs.Is(err, errs.Conflict) {
			t.Errorf("a second run of the van that day: %v, want conflict", err)
		}
		other := vans.Run{Van: yanji[1], Day: "2026-12-08", CapacityKg: 300, LoadG: 1, Stops: []vans.Stop{
			{Seq: 1, Region: v1, Parcels: []vans.Load{{ParcelID: 104, WeightG: 1}}},
			{Seq: 2, Region: v2, Parcels: []vans.Load{{ParcelID: 103, WeightG: 1}}},
		}}
		if _, err := db.CreateRuns(ctx, []vans.Run{other}, 0, now); !errs.Is(err, errs.Conflict) {
			t.Errorf("a parcel on two runs: %v, want conflict", err)
		}
		on, err := db.OnRuns(ctx, []int64{101, 103, 104})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(map[int64]bool{101: true, 103: true}, on); diff != "" {
			t.Errorf("parcels on runs (-want +got):\n%s (a refused plan stored a parcel?)", diff)
		}

		later := now.Add(3 * time.Hour)
		r, err := db.SetOutcomes(ctx, got.ID, []vans.Result{
			{ParcelID: 101, Outcome: vans.Delivered, At: now.Add(time.Hour)},
			{ParcelID: 103, Outcome: vans.Undelivered, Note: "nobody home"},
		}, 0, later)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != vans.Open || r.Done != 2 || r.Pending() != 1 {
			t.Errorf("after two outcomes: status %s, %d done, %d pending; want open, 2, 1", r.Status, r.Done, r.Pending())
		}
		if _, err := db.SetOutcomes(ctx, got.ID, []vans.Result{{ParcelID: 999, Outcome: vans.Delivered}}, 0, later); !errs.Is(err, errs.NotFound) {
			t.Errorf("a parcel not on the run: %v, want not found", err)
		}
		// An outcome recorded is kept: a second one changes nothing.
		r, err = db.SetOutcomes(ctx, got.ID, []vans.Result{{ParcelID: 101, Outcome: vans.Returned}, {ParcelID: 102, Outcome: vans.Returned, Note: "refused"}}, 0, later)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != vans.Closed || !r.ClosedAt.Equal(later) || r.Pending() != 0 {
			t.Errorf("after the last outcome: status %s closed at %v, %d pending; want closed at %v", r.Status, r.ClosedAt, r.Pending(), later)
		}
		outs := map[int64]vans.Outcome{}
		for _, s := range r.Stops {
			for _, p := range s.Parcels {
				outs[p.ParcelID] = p.Outcome
			}
		}
		if diff := cmp.Diff(map[int64]vans.Outcome{101: vans.Delivered, 102: vans.Returned, 103: vans.Undelivered}, outs); diff != "" {
			t.Errorf("outcomes (-want +got):\n%s", diff)
		}
		if r.Stops[0].Parcels[0].OutcomeAt != now.Add(time.Hour) {
			t.Errorf("delivery time = %v, want the scan's %v", r.Stops[0].Parcels[0].OutcomeAt, now.Add(time.Hour))
		}

		// The undelivered parcel waits again and may go on the next run.
		on, _ = db.OnRuns(ctx, []int64{101, 102, 103})
		if on[103] || !on[101] || !on[102] {
			t.Errorf("on runs after the round = %v; want 101 and 102, not the undelivered 103", on)
		}
		next := vans.Run{Van: yanji[0], Day: "2026-12-09", CapacityKg: 500, LoadG: 2000, Stops: []vans.Stop{
			{Seq: 1, Region: v2, Parcels: []vans.Load{{ParcelID: 103, WeightG: 2000}}},
		}}
		if _, err := db.CreateRuns(ctx, []vans.Run{next}, 0, later); err != nil {
			t.Errorf("the undelivered parcel on the next day's run: %v", err)
		}

		list, err := db.Runs(ctx, vans.Filter{Within: "222401000000"})
		if err != nil {
			t.Fatal(err)
		}
		type row struct {
			Day           string
			Status        vans.Status
			Parcels, Done int
		}
		var rows []row
		for _, r := range list {
			rows = append(rows, row{r.Day, r.Status, r.Parcels, r.Done})
		}
		if diff := cmp.Diff([]row{{"2026-12-08", vans.Closed, 3, 3}, {"2026-12-09", vans.Open, 1, 0}}, rows); diff != "" {
			t.Errorf("Yanji's runs (-want +got):\n%s", diff)
		}
		if day, _ := db.Runs(ctx, vans.Filter{Within: "222401000000", Day: "2026-12-09"}); len(day) != 1 {
			t.Errorf("runs of 2026-12-09: %d, want 1", len(day))
		}
		if wq, _ := db.Runs(ctx, vans.Filter{Within: "222424000000"}); len(wq) != 0 {
			t.Errorf("Wangqing's runs: %d, want none", len(wq))
		}
		if _, err := db.Run(ctx, 424242); !errs.Is(err, errs.NotFound) {
			t.Errorf("unknown run: %v, want not found", err)
		}
	})
}
