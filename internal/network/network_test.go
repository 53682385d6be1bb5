package network_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/network"
	"maeul/internal/region"
)

func TestValidateFillsServesAndKeepsToTheCounty(t *testing.T) {
	const (
		dongxing     = region.Code("222424100201") // a village of Wangqing
		dongguang    = region.Code("222424100000") // its town
		yanjiVillage = region.Code("222401100201")
	)
	tests := []struct {
		name      string
		p         network.ServicePoint
		field     string // "" for valid
		wantServe []region.Code
	}{
		{"serves its own village by default", network.ServicePoint{Code: "st-dx", Kind: network.VillageStation, Region: dongxing, Name: i18n.Text{En: "Dongxing"}}, "", []region.Code{dongxing}},
		{"a town station serving its town", network.ServicePoint{Code: "st-dg", Kind: network.TownStation, Region: dongguang, Name: i18n.Text{En: "Dongguang"}, Serves: []region.Code{dongguang}}, "", []region.Code{dongguang}},
		{"serving another county", network.ServicePoint{Code: "st-x", Kind: network.VillageStation, Region: dongxing, Name: i18n.Text{En: "X"}, Serves: []region.Code{yanjiVillage}}, "serves", nil},
		{"a logistics centre may serve across counties", network.ServicePoint{Code: "lc", Kind: network.LogisticsCenter, Region: dongxing, Name: i18n.Text{En: "LC"}, Serves: []region.Code{yanjiVillage}}, "", []region.Code{yanjiVillage}},
		{"unknown kind", network.ServicePoint{Code: "st", Kind: "kiosk", Region: dongxing, Name: i18n.Text{En: "K"}}, "kind", nil},
		{"bad code", network.ServicePoint{Code: "st dx", Kind: network.VillageStation, Region: dongxing, Name: i18n.Text{En: "K"}}, "code", nil},
		{"no name", network.ServicePoint{Code: "st", Kind: network.VillageStation, Region: dongxing}, "name_ko", nil},
	}
	for _, tt := range tests {
		p := tt.p
		err := p.Validate()
		if tt.field == "" {
			if err != nil {
				t.Errorf("%s: Validate = %v", tt.name, err)
			} else if diff := cmp.Diff(tt.wantServe, p.Serves); diff != "" {
				t.Errorf("%s: serves (-want +got):\n%s", tt.name, diff)
			}
			continue
		}
		if e, ok := err.(*errs.Error); !ok || e.Code != errs.Invalid || e.Field != tt.field {
			t.Errorf("%s: Validate = %#v, want Invalid on field %s", tt.name, err, tt.field)
		}
	}
}

func TestServesRegion(t *testing.T) {
	p := network.ServicePoint{Serves: []region.Code{"222424100000", "222424101201"}} // a town, and a village of another town
	for _, tt := range []struct {
		code region.Code
		want bool
	}{
		{"222424100000", true},  // the town itself
		{"222424100201", true},  // a village of the town
		{"222424101201", true},  // the other village
		{"222424101202", false}, // its neighbour
		{"222424000000", false}, // the county above
		{"222401100201", false}, // another county
	} {
		if got := p.ServesRegion(tt.code); got != tt.want {
			t.Errorf("ServesRegion(%s) = %v, want %v", tt.code, got, tt.want)
		}
	}
	if !network.TownStation.IsStation() || !network.VillageStation.IsStation() || network.CountyCenter.IsStation() || network.ExpressPoint.IsStation() {
		t.Error("only town and village stations are stations")
	}
	if _, err := network.ParseKind("Village_Station"); err != nil {
		t.Errorf("ParseKind is case-insensitive: %v", err)
	}
}
