package bench_test

import (
	"context"
	"testing"

	"maeul/internal/bench"
	"maeul/internal/parcels"
	"maeul/internal/server/servertest"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

// TestScanLoadRecordsEveryScanOnce runs the scan load small on both
// engines over real HTTP: every leg of every route is recorded once, the
// batches sent again record nothing, and the check afterwards agrees.
func TestScanLoadRecordsEveryScanOnce(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		storetest.Demo(t, db)
		opt := bench.ScansOptions{Parcels: 40, Clients: 3, Batch: 7, Seed: 1}
		ps, err := bench.GenerateScanParcels(ctx, db, opt)
		if err != nil {
			t.Fatal(err)
		}
		legs, door := 0, 0
		for _, p := range ps {
			legs += len(p.Nodes)
			if p.Nodes[len(p.Nodes)-1] == parcels.DoorNode {
				door++
			}
		}
		if len(ps) != 40 || door != 20 {
			t.Fatalf("%d parcels, %d to the door; want 40, half to the door", len(ps), door)
		}
		key, err := bench.ScanKey(ctx, db, ps)
		if err != nil {
			t.Fatal(err)
		}
		if err := bench.VerifyScans(ctx, db, ps); err == nil {
			t.Fatal("VerifyScans passes before any scan: it checks nothing")
		}
		env := servertest.Serve(t, db)
		r, err := bench.Scans(ctx, env.URL, key, ps, nil, opt)
		if err != nil {
			t.Fatal(err)
		}
		if r.Scans != int64(legs) || r.Refused != 0 || r.Repeated == 0 || r.RepeatRecorded != 0 {
			t.Errorf("result %+v; want %d scans recorded, none refused, the repeated ones recorded again none", r, legs)
		}
		if err := bench.VerifyScans(ctx, db, ps); err != nil {
			t.Error(err)
		}
	})
}
