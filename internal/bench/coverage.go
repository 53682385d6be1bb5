package bench

import (
	"context"
	"fmt"
	"slices"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/i18n"
	"maeul/internal/network"
	"maeul/internal/region"
	"maeul/internal/store"
)

// CoverageOptions shape the generated prefecture of `maeul bench
// coverage`.
type CoverageOptions struct {
	// Prefecture is the generated prefecture's code; its province must
	// not exist yet or be 22 (Jilin, as in the demo).
	Prefecture region.Code
	Villages   int // villages in all, spread over counties and towns
	Points     int // service points in all
	Samples    int
}

// coverageShape: 10 counties of 50 towns each; villages are spread over
// the towns.
const (
	benchCounties       = 10
	benchTownsPerCounty = 50
)

// GenerateCoverage stores a prefecture of opt.Villages villages (every
// third poor) in 10 counties of 50 towns, and opt.Points service points:
// per county a public service centre and a logistics centre, per town an
// express end-point and a town station serving the town (every fifth a
// candidate instead), and village stations for the rest, one a village
// in turn (every tenth a candidate). Loading it again changes nothing.
func GenerateCoverage(ctx context.Context, db *store.DB, opt CoverageOptions) error {
	pref := opt.Prefecture
	prov := pref.Ancestor(region.Province)
	name := func(s string) i18n.Text { return i18n.Text{Ko: s, Zh: s, En: s} }
	rs := []region.Region{
		{Code: prov, Level: region.Province, Name: name("province " + string(prov))},
		{Code: pref, Parent: prov, Level: region.Prefecture, Name: name("bench prefecture")},
	}
	towns := benchCounties * benchTownsPerCounty
	perTown := (opt.Villages + towns - 1) / towns
	if perTown > 999 {
		return fmt.Errorf("bench.GenerateCoverage: %d villages is too many for %d towns", opt.Villages, towns)
	}
	var villages []region.Code
	var townCodes []region.Code
	for c := 1; c <= benchCounties; c++ {
		county := region.Code(fmt.Sprintf("%s%02d000000", pref.Prefix(), c))
		rs = append(rs, region.Region{Code: county, Parent: pref, Level: region.County, Name: name(fmt.Sprintf("county %02d", c))})
		for t := 1; t <= benchTownsPerCounty; t++ {
			town := region.Code(fmt.Sprintf("%s%03d000", county.Prefix(), t))
			townCodes = append(townCodes, town)
			rs = append(rs, region.Region{Code: town, Parent: county, Level: region.Town, Name: name(fmt.Sprintf("town %02d-%03d", c, t)), Rural: true})
			for v := 1; v <= perTown && len(villages) < opt.Villages; v++ {
				code := region.Code(fmt.Sprintf("%s%03d", town.Prefix(), v))
				rs = append(rs, region.Region{Code: code, Parent: town, Level: region.Village, Rural: true, Poor: len(villages)%3 == 0,
					Name: name(fmt.Sprintf("village %02d-%03d-%03d", c, t, v))})
				villages = append(villages, code)
			}
		}
	}
	if err := db.UpsertRegions(ctx, rs); err != nil {
		return fmt.Errorf("bench.GenerateCoverage: %w", err)
	}
	var ps []network.ServicePoint
	add := func(code string, k network.Kind, at region.Code, st network.Status) {
		if len(ps) < opt.Points {
			ps = append(ps, network.ServicePoint{Code: code, Kind: k, Region: at, Status: st, Name: name(code), Serves: []region.Code{at}})
		}
	}
	for c := 1; c <= benchCounties; c++ {
		county := region.Code(fmt.Sprintf("%s%02d000000", pref.Prefix(), c))
		add(fmt.Sprintf("bc-%02d-center", c), network.CountyCenter, county, network.Open)
		add(fmt.Sprintf("bc-%02d-logistics", c), network.LogisticsCenter, county, network.Open)
	}
	for i, t := range townCodes {
		st := network.Open
		if i%5 == 4 {
			st = network.Candidate
		}
		add("bc-"+string(t)+"-express", network.ExpressPoint, t, network.Open)
		add("bc-"+string(t)+"-station", network.TownStation, t, st)
	}
	for i := 0; len(ps) < opt.Points && i < len(villages); i++ {
		st := network.Open
		if i%10 == 9 {
			st = network.Candidate
		}
		add("bc-"+string(villages[i])+"-vstation", network.VillageStation, villages[i], st)
	}
	if err := db.UpsertServicePoints(ctx, ps); err != nil {
		return fmt.Errorf("bench.GenerateCoverage: %w", err)
	}
	return nil
}

// MeasureCoverage times the coverage report (read from the registry and
// computed, with the choice of 3 candidates) opt.Samples times each for
// the prefecture and for its first county.
func MeasureCoverage(ctx context.Context, db *store.DB, opt CoverageOptions) ([]Timing, network.Report, error) {
	svc := &network.Service{Store: db}
	var rep network.Report
	cases := []struct {
		key, name string
		code      region.Code
	}{
		{"prefecture", "prefecture " + string(opt.Prefecture), opt.Prefecture},
		{"county", "county " + string(opt.Prefecture.Prefix()) + "01", region.Code(opt.Prefecture.Prefix() + "01000000")},
	}
	var out []Timing
	for _, c := range cases {
		ds := make([]time.Duration, 0, opt.Samples)
		for range opt.Samples {
			s := time.Now()
			r, err := svc.Coverage(ctx, accounts.SystemActor, c.code, network.ReportOptions{Choose: 3})
			if err != nil {
				return nil, rep, fmt.Errorf("bench.MeasureCoverage %s: %w", c.name, err)
			}
			ds = append(ds, time.Since(s))
			if c.code == opt.Prefecture {
				rep = r
			}
		}
		slices.Sort(ds)
		out = append(out, Timing{Key: c.key, Name: c.name, N: len(ds), P50: ds[len(ds)/2], P99: ds[len(ds)*99/100], Min: ds[0]})
	}
	return out, rep, nil
}
