package bench_test

import (
	"context"
	"testing"

	"maeul/internal/bench"
	"maeul/internal/network"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

// TestCoverageLoadMeasuresWhatItGenerated runs the coverage load small on
// both engines: the prefecture it generates is what the report reads back,
// and generating it twice changes nothing.
func TestCoverageLoadMeasuresWhatItGenerated(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		opt := bench.CoverageOptions{Prefecture: "229800000000", Villages: 1000, Points: 1100, Samples: 2}
		for range 2 {
			if err := bench.GenerateCoverage(ctx, db, opt); err != nil {
				t.Fatal(err)
			}
		}
		ts, rep, err := bench.MeasureCoverage(ctx, db, opt)
		if err != nil {
			t.Fatal(err)
		}
		if len(ts) != 2 || ts[0].N != 2 {
			t.Errorf("timings = %+v, want two reports timed twice", ts)
		}
		points := 0
		for _, n := range rep.Points {
			points += n
		}
		// 1,000 villages, every third poor: 334. Points: 20 county ones,
		// 500 express points and 500 town stations (100 candidates), 80
		// village stations (8 candidates).
		if rep.Villages != 1000 || rep.PoorVillages != 334 || len(rep.Counties) != 10 || rep.Towns != 500 {
			t.Errorf("the prefecture: %d villages (%d poor), %d counties, %d towns; want 1000 (334), 10, 500",
				rep.Villages, rep.PoorVillages, len(rep.Counties), rep.Towns)
		}
		if points != 1100-108 || rep.Candidates != 108 || rep.Points[network.ExpressPoint] != 500 {
			t.Errorf("points %v (%d), candidates %d; want 992 open, 108 candidates", rep.Points, points, rep.Candidates)
		}
		if rep.PoorVillagesServed == 0 || rep.PoorVillagesServed == rep.PoorVillages || len(rep.Choices) != 3 {
			t.Errorf("served %d of %d, %d choices; want some but not all served, and 3 choices", rep.PoorVillagesServed, rep.PoorVillages, len(rep.Choices))
		}
	})
}
