package network

import (
	"context"
	"fmt"
	"sort"

	"maeul/internal/accounts"
	"maeul/internal/region"
)

// Area is what the coverage of a region is computed from, read from the
// registry as it stands: nothing of the coverage is stored.
type Area struct {
	Region region.Region
	// Counties, Towns and Villages are the divisions at those levels
	// within Region (Region itself when it is one), ordered by code.
	Counties []region.Region
	Towns    []region.Region
	Villages []region.Region
	// Points are the open and candidate points that may serve Region:
	// those located in its county, or within it when it is larger.
	Points []ServicePoint
}

// PointScope is the region whose points may serve within: within itself
// from the county up, its county below (a station serves villages of its
// own county only).
func PointScope(within region.Code) region.Code {
	if within.Level().Rank() > region.County.Rank() {
		return within.County()
	}
	return within
}

// Coverage is the service network's reach over one region.
type Coverage struct {
	Region         region.Region
	Villages       int
	VillagesServed int
	// PoorVillages are the registered poor villages in the region, and
	// PoorVillagesServed those of them that at least one open town or
	// village station serves.
	PoorVillages       int
	PoorVillagesServed int
	// Towns are the region's towns, TownsWithExpress those with at least
	// one open express end-point located in or serving them.
	Towns            int
	TownsWithExpress int
	// Points counts the open points located in the region by kind (every
	// kind is present, zero or not).
	Points map[Kind]int
	// Candidates counts the candidate stations located in the region.
	Candidates int
	// Uncovered are the poor villages no open station serves, by code.
	Uncovered []region.Region
	// Counties holds the same figures per county, for a region above
	// the counties; it is empty otherwise.
	Counties []Coverage
}

// Rate returns the share of poor villages served (0.819 for 81.9%), and
// false when the region has no poor village.
func (c Coverage) Rate() (float64, bool) {
	if c.PoorVillages == 0 {
		return 0, false
	}
	return float64(c.PoorVillagesServed) / float64(c.PoorVillages), true
}

// Choice is one candidate station the greedy choice would open, in the
// order chosen.
type Choice struct {
	Point ServicePoint
	// Covers are the poor villages it would serve that no open station,
	// nor an earlier choice, serves.
	Covers []region.Region
	// PoorVillagesServed is the region's count of served poor villages
	// once this and the earlier choices are open.
	PoorVillagesServed int
}

// TownPicture is a town's villages, each served or not.
type TownPicture struct {
	// Town is the town; a village filed directly under its county has a
	// town with only a code.
	Town     region.Region
	Express  bool
	Villages []VillageCell
}

// VillageCell is one village of the picture.
type VillageCell struct {
	Village region.Region
	Served  bool
}

// CountyPicture is a county's towns.
type CountyPicture struct {
	County region.Region
	Towns  []TownPicture
}

// Report is the coverage of a region with its picture and the greedy
// choice among the candidates.
type Report struct {
	Coverage
	Picture []CountyPicture
	Choices []Choice
}

// Coverage reports the service network's reach over within: its figures
// (per county too, for a prefecture or province), the picture of its
// villages and the greedy choice of up to choose candidate stations that
// would serve the most poor villages still unserved. Only those who
// oversee within may read it; others are Forbidden, or Unauthorized as
// guests. An unknown region is NotFound.
func (s *Service) Coverage(ctx context.Context, by accounts.Actor, within region.Code, choose int) (Report, error) {
	if err := by.Require(by.Oversees(within), "act.read_coverage", string(within)); err != nil {
		return Report{}, err
	}
	a, err := s.Store.CoverageArea(ctx, within)
	if err != nil {
		return Report{}, fmt.Errorf("network.Coverage: %w", err)
	}
	return a.Report(choose), nil
}

// Report computes the area's coverage, picture and choice of up to
// choose candidates.
func (a Area) Report(choose int) Report {
	m := a.measure()
	rep := Report{Coverage: m.coverage(a.Region, a.Villages, a.Towns)}
	if a.Region.Level.Rank() < region.County.Rank() {
		for _, c := range a.Counties {
			rep.Counties = append(rep.Counties, m.coverage(c, within(a.Villages, c.Code), within(a.Towns, c.Code)))
		}
	}
	rep.Picture = m.picture(a)
	rep.Choices = m.choose(a, choose, rep.PoorVillagesServed)
	return rep
}

// within returns the divisions of rs inside code; rs is ordered by code,
// so they are one run.
func within(rs []region.Region, code region.Code) []region.Region {
	p := code.Prefix()
	i := sort.Search(len(rs), func(i int) bool { return string(rs[i].Code) >= p })
	j := i
	for j < len(rs) && rs[j].Code.Within(code) {
		j++
	}
	return rs[i:j]
}

// measure is what the coverage figures need of an area's points: the
// codes open stations serve, the towns that have an express end-point.
type measure struct {
	served  map[region.Code]bool
	express map[region.Code]bool
	points  []ServicePoint
}

func (a Area) measure() measure {
	m := measure{served: map[region.Code]bool{}, express: map[region.Code]bool{}, points: a.Points}
	for _, p := range a.Points {
		if !p.IsOpen() {
			continue
		}
		switch {
		case p.Kind.IsStation():
			for _, c := range p.Serves {
				m.served[c] = true
			}
		case p.Kind == ExpressPoint:
			for _, c := range append([]region.Code{p.Region}, p.Serves...) {
				if t := c.Ancestor(region.Town); t != "" {
					m.express[t] = true
				}
			}
		}
	}
	return m
}

// isServed reports whether an open station serves the village: its own
// code or one of its ancestors' is served.
func (m measure) isServed(v region.Code) bool {
	for _, l := range region.Levels {
		if c := v.Ancestor(l); c != "" && m.served[c] {
			return true
		}
	}
	return false
}

func (m measure) coverage(r region.Region, villages, towns []region.Region) Coverage {
	c := Coverage{Region: r, Villages: len(villages), Towns: len(towns), Points: map[Kind]int{}}
	for _, k := range Kinds {
		c.Points[k] = 0
	}
	for _, v := range villages {
		served := m.isServed(v.Code)
		if served {
			c.VillagesServed++
		}
		if v.Poor {
			c.PoorVillages++
			if served {
				c.PoorVillagesServed++
			} else {
				c.Uncovered = append(c.Uncovered, v)
			}
		}
	}
	for _, t := range towns {
		if m.express[t.Code] {
			c.TownsWithExpress++
		}
	}
	for _, p := range m.points {
		if !p.Region.Within(r.Code) {
			continue
		}
		switch {
		case p.IsOpen():
			c.Points[p.Kind]++
		case p.Kind.IsStation():
			c.Candidates++
		}
	}
	return c
}

// picture groups the area's villages by county and town, each marked
// served or not.
func (m measure) picture(a Area) []CountyPicture {
	names := map[region.Code]region.Region{}
	for _, rs := range [][]region.Region{a.Counties, a.Towns} {
		for _, r := range rs {
			names[r.Code] = r
		}
	}
	named := func(c region.Code) region.Region {
		if r, ok := names[c]; ok {
			return r
		}
		return region.Region{Code: c}
	}
	var out []CountyPicture
	for _, v := range a.Villages {
		county, town := v.Code.County(), v.Code.Ancestor(region.Town)
		if len(out) == 0 || out[len(out)-1].County.Code != county {
			out = append(out, CountyPicture{County: named(county)})
		}
		cp := &out[len(out)-1]
		if len(cp.Towns) == 0 || cp.Towns[len(cp.Towns)-1].Town.Code != town {
			cp.Towns = append(cp.Towns, TownPicture{Town: named(town), Express: m.express[town]})
		}
		tp := &cp.Towns[len(cp.Towns)-1]
		tp.Villages = append(tp.Villages, VillageCell{Village: v, Served: m.isServed(v.Code)})
	}
	return out
}

// choose picks up to k candidate stations one at a time, each the one
// that serves the most poor villages still unserved (the lower code on a
// tie), and stops early when no candidate adds any. served is the count
// already served.
func (m measure) choose(a Area, k int, served int) []Choice {
	if k <= 0 {
		return nil
	}
	unserved := map[region.Code]region.Region{}
	var poor []region.Region // the unserved poor villages, by code
	for _, v := range a.Villages {
		if v.Poor && !m.isServed(v.Code) {
			unserved[v.Code] = v
			poor = append(poor, v)
		}
	}
	type cand struct {
		p      ServicePoint
		serves []region.Code
	}
	var cands []cand
	for _, p := range a.Points {
		if p.IsOpen() || !p.Kind.IsStation() {
			continue
		}
		var vs []region.Code
		for _, v := range poor {
			if p.ServesRegion(v.Code) {
				vs = append(vs, v.Code)
			}
		}
		if len(vs) > 0 {
			cands = append(cands, cand{p, vs})
		}
	}
	var out []Choice
	for len(out) < k {
		best, bestN := -1, 0
		for i, c := range cands {
			n := 0
			for _, v := range c.serves {
				if _, ok := unserved[v]; ok {
					n++
				}
			}
			if n > bestN || n == bestN && n > 0 && c.p.Code < cands[best].p.Code {
				best, bestN = i, n
			}
		}
		if best < 0 {
			break
		}
		ch := Choice{Point: cands[best].p}
		for _, v := range cands[best].serves {
			if r, ok := unserved[v]; ok {
				ch.Covers = append(ch.Covers, r)
				delete(unserved, v)
			}
		}
		served += len(ch.Covers)
		ch.PoorVillagesServed = served
		out = append(out, ch)
		cands = append(cands[:best], cands[best+1:]...)
	}
	return out
}
