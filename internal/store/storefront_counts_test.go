package store_test

import (
	"context"
	"testing"

	"maeul/internal/i18n"
	"maeul/internal/network"
	"maeul/internal/region"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
)

func TestCountServicePoints(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seed(t, db) // a village station in Yanji, a town station in Tumen
		if err := db.UpsertServicePoints(ctx, []network.ServicePoint{
			{Code: "tm-express", Kind: network.ExpressPoint, Region: tumen.Code, Name: i18n.Text{Ko: "도문 택배"}},
		}); err != nil {
			t.Fatal(err)
		}
		stations := []network.Kind{network.VillageStation, network.TownStation}
		tests := []struct {
			within region.Code
			kinds  []network.Kind
			want   int
		}{
			{yanbian.Code, stations, 2},
			{yanji.Code, stations, 1},
			{tumen.Code, stations, 1},
			{tumen.Code, nil, 2},
			{yanbian.Code, []network.Kind{network.ExpressPoint}, 1},
			{"", nil, 3},
			{"222499000000", nil, 0},
		}
		for _, tt := range tests {
			got, err := db.CountServicePoints(ctx, tt.within, tt.kinds...)
			if err != nil || got != tt.want {
				t.Errorf("CountServicePoints(%q, %v) = %d, %v; want %d", tt.within, tt.kinds, got, err, tt.want)
			}
		}
	})
}
