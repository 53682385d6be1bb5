package importer_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"maeul/internal/errs"
	"maeul/internal/store"
	"maeul/internal/store/storetest"
	"maeul/internal/vans"
)

func importVans(db *store.DB, file string) (int, error) {
	im := newImporter(db)
	im.Vans = &vans.Service{Store: db, Points: db}
	return im.Import(context.Background(), "vans", "vans.csv", strings.NewReader(file))
}

// plates fingerprints the stored vans: code → plate and capacity.
func plates(t *testing.T, db *store.DB) map[string]string {
	t.Helper()
	vs, err := db.Vans(context.Background(), vans.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, v := range vs {
		out[v.Code] = v.BaseCode + " " + v.Plate + " " + strings.Repeat("#", int(v.CapacityKg/100))
	}
	return out
}

func TestImportVans(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		importDemo(t, db, "regions", "organizations", "stations")
		file := "code,base_code,plate,capacity_kg\n" +
			"yj-van-1,yj-logistics,吉H·A1234,800\n" +
			"\"wq-van-1\",wq-dongguang-express, 吉H·W5678 ,300\n"
		n, err := importVans(db, file)
		if err != nil || n != 2 {
			t.Fatalf("import = %d, %v; want 2 vans", n, err)
		}
		v, err := db.Van(context.Background(), "wq-van-1")
		if err != nil {
			t.Fatal(err)
		}
		want := vans.Van{ID: v.ID, Code: "wq-van-1", BaseID: v.BaseID, BaseCode: "wq-dongguang-express", BaseRegion: "222424100000",
			Plate: "吉H·W5678", CapacityKg: 300}
		if diff := cmp.Diff(want, v); diff != "" {
			t.Errorf("van (-want +got):\n%s", diff)
		}
		before := plates(t, db)
		if _, err := importVans(db, file); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(before, plates(t, db)); diff != "" {
			t.Errorf("importing again changed the vans (-before +after):\n%s", diff)
		}
		if _, err := importVans(db, "code,base_code,plate,capacity_kg\nyj-van-1,yj-logistics,吉H·A1234,1200\n"); err != nil {
			t.Fatal(err)
		}
		if v, _ := db.Van(context.Background(), "yj-van-1"); v.CapacityKg != 1200 {
			t.Errorf("capacity after update = %d, want 1200", v.CapacityKg)
		}
		if _, err := db.Van(context.Background(), "no-such-van"); !errs.Is(err, errs.NotFound) {
			t.Errorf("unknown van: %v, want not found", err)
		}
	})
}

func TestImportVansRefused(t *testing.T) {
	header := "code,base_code,plate,capacity_kg\n"
	good := "ok-van,yj-logistics,吉H·00001,500\n"
	tests := []struct {
		name, file string
		want       []string
	}{
		{"missing column", "code,base_code,plate\nv1,yj-logistics,吉H·1\n", []string{"vans.csv:1: column capacity_kg: err.importer.column_missing"}},
		{"unknown column", "code,base_code,plate,capacity_kg,colour\n", []string{"vans.csv:1: column colour: err.importer.unknown_column"}},
		{"a town station is no base", header + good + "v1,yj-yilan-station,吉H·1,500\n",
			[]string{"vans.csv:3: column base_code: err.vans.base_kind yj-yilan-station point.kind.town_station"}},
		{"a village station is no base", header + "v1,wq-dongxing-vstation,吉H·1,500\n",
			[]string{"vans.csv:2: column base_code: err.vans.base_kind wq-dongxing-vstation point.kind.village_station"}},
		{"unknown base", header + good + "v1,yj-nowhere,吉H·1,500\n",
			[]string{"vans.csv:3: column base_code: err.network.point_not_found yj-nowhere"}},
		{"a candidate is no base", header + "v1,yj-planned-express,吉H·1,500\n",
			[]string{"vans.csv:2: column base_code: err.vans.base_candidate yj-planned-express"}},
		{"capacity not a number", header + "v1,yj-logistics,吉H·1,heavy\n", []string{"vans.csv:2: column capacity_kg: err.importer.whole_number heavy"}},
		{"capacity zero", header + good + "v1,yj-logistics,吉H·1,0\n", []string{"vans.csv:3: column capacity_kg: err.vans.capacity 0"}},
		{"capacity too large", header + "v1,yj-logistics,吉H·1,10001\n", []string{"vans.csv:2: column capacity_kg: err.vans.capacity 10001"}},
		{"empty plate", header + "v1,yj-logistics,,500\n", []string{"vans.csv:2: column plate: err.importer.empty"}},
		{"plate too long", header + "v1,yj-logistics," + strings.Repeat("9", 17) + ",500\n", []string{"vans.csv:2: column plate: err.text.too_long 16 17"}},
		{"bad code", header + "v 1,yj-logistics,吉H·1,500\n", []string{"vans.csv:2: column code: err.org.code"}},
		{"same code twice", header + good + "ok-van,yj-logistics,吉H·2,500\n", []string{"vans.csv:3: column code: err.importer.duplicate_code ok-van 2"}},
		{"same plate twice", header + good + "v2,tm-logistics,吉H·00001,500\n", []string{"vans.csv:3: column plate: err.importer.duplicate_code 吉H·00001 2"}},
		{"every problem, in line order", header + "v1,yj-logistics,吉H·1,x\nv2,hc-center,吉H·2,500\nv3,yj-logistics,吉H·3,-5\n",
			[]string{"vans.csv:2: column capacity_kg: err.importer.whole_number", "vans.csv:3: column base_code: err.vans.base_kind hc-center",
				"vans.csv:4: column capacity_kg: err.vans.capacity -5"}},
	}
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		importDemo(t, db, "regions", "organizations", "stations")
		if _, err := newImporter(db).Import(context.Background(), "stations", "candidate.csv", strings.NewReader(
			"code,kind,region_code,name_ko,status\nyj-planned-express,express_point,222401100000,의란 북부 택배점,candidate\n")); err != nil {
			t.Fatal(err)
		}
		if _, err := importVans(db, header+"old-van,dh-logistics,吉H·D0001,900\n"); err != nil {
			t.Fatal(err)
		}
		before := plates(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				n, err := importVans(db, tt.file)
				wantRefused(t, n, err, tt.want)
				if diff := cmp.Diff(before, plates(t, db)); diff != "" {
					t.Errorf("a refused file changed the vans (-before +after):\n%s", diff)
				}
			})
		}
		// A plate another van holds is refused whole, naming it.
		_, err := importVans(db, header+good+"new-van,yj-logistics,吉H·D0001,500\n")
		if !errs.HasReason(err, "err.importer.refused") || !strings.Contains(reasons(err), "err.vans.plate_taken 吉H·D0001 new-van") {
			t.Errorf("taken plate: %v", err)
		}
		if diff := cmp.Diff(before, plates(t, db)); diff != "" {
			t.Errorf("a refused file changed the vans (-before +after):\n%s", diff)
		}
	})
}
