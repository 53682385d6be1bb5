package network_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"maeul/internal/i18n"
	"maeul/internal/network"
	"maeul/internal/region"
)

// area is a prefecture of two counties: county 01 has town 001 (villages
// 001 poor, 002 poor, 003) and town 002 (village 001 poor); county 02 has
// town 001 with a village that is not poor.
func area(points ...network.ServicePoint) network.Area {
	r := func(code string, l region.Level, poor bool) region.Region {
		return region.Region{Code: region.Code(code), Level: l, Poor: poor, Name: i18n.Text{En: code}}
	}
	return network.Area{
		Region:   r("229900000000", region.Prefecture, false),
		Counties: []region.Region{r("229901000000", region.County, false), r("229902000000", region.County, false)},
		Towns: []region.Region{r("229901001000", region.Town, false), r("229901002000", region.Town, false),
			r("229902001000", region.Town, false)},
		Villages: []region.Region{r("229901001001", region.Village, true), r("229901001002", region.Village, true),
			r("229901001003", region.Village, false), r("229901002001", region.Village, true), r("229902001001", region.Village, false)},
		Points: points,
	}
}

func point(code string, k network.Kind, st network.Status, at string, serves ...string) network.ServicePoint {
	p := network.ServicePoint{Code: code, Kind: k, Status: st, Region: region.Code(at)}
	for _, s := range serves {
		p.Serves = append(p.Serves, region.Code(s))
	}
	if len(p.Serves) == 0 {
		p.Serves = []region.Code{p.Region}
	}
	return p
}

func codes(rs []region.Region) []string {
	var out []string
	for _, r := range rs {
		out = append(out, string(r.Code))
	}
	return out
}

func TestCoverage(t *testing.T) {
	tests := []struct {
		name            string
		points          []network.ServicePoint
		served, express int
		uncovered       []string
		perCounty       []int // poor villages served per county
		stations, cands int
	}{
		{name: "no points", uncovered: []string{"229901001001", "229901001002", "229901002001"}, perCounty: []int{0, 0}},
		{
			name: "a town station serving its town covers its villages",
			points: []network.ServicePoint{
				point("ts", network.TownStation, network.Open, "229901001000"),
				point("ex", network.ExpressPoint, network.Open, "229901001000"),
			},
			served: 2, express: 1, uncovered: []string{"229901002001"}, perCounty: []int{2, 0}, stations: 1,
		},
		{
			name: "a village station serves its village; candidates and express points serve nobody",
			points: []network.ServicePoint{
				point("vs", network.VillageStation, network.Open, "229901002001"),
				point("cand", network.TownStation, network.Candidate, "229901001000"),
				point("ex", network.ExpressPoint, network.Open, "229901002001"),
				point("cc", network.CountyCenter, network.Open, "229901000000"),
			},
			served: 1, express: 1, uncovered: []string{"229901001001", "229901001002"}, perCounty: []int{1, 0}, stations: 1, cands: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := area(tt.points...).Report(network.ReportOptions{Picture: true})
			if rep.PoorVillages != 3 || rep.PoorVillagesServed != tt.served {
				t.Errorf("poor villages served = %d of %d, want %d of 3", rep.PoorVillagesServed, rep.PoorVillages, tt.served)
			}
			if rep.TownsWithExpress != tt.express || rep.Towns != 3 {
				t.Errorf("towns with express = %d of %d, want %d of 3", rep.TownsWithExpress, rep.Towns, tt.express)
			}
			if diff := cmp.Diff(tt.uncovered, codes(rep.Uncovered)); diff != "" {
				t.Errorf("uncovered (-want +got):\n%s", diff)
			}
			if got := rep.Points[network.TownStation] + rep.Points[network.VillageStation]; got != tt.stations || rep.Candidates != tt.cands {
				t.Errorf("stations, candidates = %d, %d, want %d, %d", got, rep.Candidates, tt.stations, tt.cands)
			}
			if len(rep.Counties) != 2 {
				t.Fatalf("counties = %d, want 2", len(rep.Counties))
			}
			for i, c := range rep.Counties {
				if c.PoorVillagesServed != tt.perCounty[i] {
					t.Errorf("county %s serves %d poor villages, want %d", c.Region.Code, c.PoorVillagesServed, tt.perCounty[i])
				}
			}
			if _, ok := rep.Counties[1].Rate(); ok {
				t.Errorf("a county without poor villages has a rate")
			}
			if r, ok := rep.Rate(); !ok || r != float64(tt.served)/3 {
				t.Errorf("rate = %v, %v; want %v", r, ok, float64(tt.served)/3)
			}
		})
	}
}

func TestCoveragePicture(t *testing.T) {
	rep := area(point("ts", network.TownStation, network.Open, "229901001000"), point("ex", network.ExpressPoint, network.Open, "229901001000")).Report(network.ReportOptions{Picture: true})
	type cell struct {
		Town    string
		Express bool
		Village string
		Served  bool
	}
	var got []cell
	for _, c := range rep.Picture {
		for _, tp := range c.Towns {
			for _, v := range tp.Villages {
				got = append(got, cell{string(tp.Town.Code), tp.Express, string(v.Village.Code), v.Served})
			}
		}
	}
	want := []cell{
		{"229901001000", true, "229901001001", true}, {"229901001000", true, "229901001002", true}, {"229901001000", true, "229901001003", true},
		{"229901002000", false, "229901002001", false},
		{"229902001000", false, "229902001001", false},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("picture (-want +got):\n%s", diff)
	}
	if len(rep.Picture) != 2 || rep.Picture[0].County.Name.En != "229901000000" {
		t.Errorf("picture's counties = %+v", rep.Picture)
	}
}

func TestCoverageChoosesGreedily(t *testing.T) {
	a := area(
		point("c-one", network.VillageStation, network.Candidate, "229901001001"),
		point("c-town", network.TownStation, network.Candidate, "229901001000"),             // both poor villages of town 001
		point("c-also", network.VillageStation, network.Candidate, "229901002001"),          // the poor village of town 002
		point("c-none", network.VillageStation, network.Candidate, "229902001001"),          // a village that is not poor
		point("c-express", network.ExpressPoint, network.Candidate, "229901002000"),         // no station
		point("open", network.VillageStation, network.Open, "229901001003", "229901001003"), // serves a village not poor
	)
	type choice struct {
		Code   string
		Covers []string
		Served int
	}
	for _, tt := range []struct {
		k    int
		want []choice
	}{
		{0, nil},
		{1, []choice{{"c-town", []string{"229901001001", "229901001002"}, 2}}},
		// c-one adds nothing once c-town is chosen, and c-none never does:
		// the choice stops when no candidate adds a poor village.
		{5, []choice{{"c-town", []string{"229901001001", "229901001002"}, 2}, {"c-also", []string{"229901002001"}, 3}}},
	} {
		var got []choice
		for _, c := range a.Report(network.ReportOptions{Choose: tt.k}).Choices {
			got = append(got, choice{c.Point.Code, codes(c.Covers), c.PoorVillagesServed})
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("choose %d (-want +got):\n%s", tt.k, diff)
		}
	}
}

func TestParseStatus(t *testing.T) {
	for in, want := range map[string]network.Status{"": network.Open, "open": network.Open, " Candidate ": network.Candidate} {
		if got, err := network.ParseStatus(in); err != nil || got != want {
			t.Errorf("ParseStatus(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := network.ParseStatus("closed"); err == nil {
		t.Error("ParseStatus(closed) is accepted")
	}
}
