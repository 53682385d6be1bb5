package network

import (
	"context"
	"fmt"
	"sort"
	"strings"

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
	// those located in its county, or within it when it is larger. Only
	// the candidates' names are sure to be there.
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

// ReportOptions say what a coverage report holds beyond its figures.
type ReportOptions struct {
	// Choose is how many candidate stations to choose (none when 0).
	Choose int
	// Picture asks for the picture of every village, with names.
	Picture bool
}

// Coverage reports the service network's reach over within: its figures
// (per county too, for a prefecture or province), the greedy choice of up
// to opt.Choose candidate stations that would serve the most poor
// villages still unserved and, if opt.Picture, the picture of its
// villages. Only those who oversee within may read it; others are
// Forbidden, or Unauthorized as guests. An unknown region is NotFound.
func (s *Service) Coverage(ctx context.Context, by accounts.Actor, within region.Code, opt ReportOptions) (Report, error) {
	if err := by.Require(by.Oversees(within), "act.read_coverage", string(within)); err != nil {
		return Report{}, err
	}
	a, err := s.Store.CoverageArea(ctx, within, opt.Picture)
	if err != nil {
		return Report{}, fmt.Errorf("network.Coverage: %w", err)
	}
	rep := a.Report(opt)
	if !opt.Picture {
		if err := s.nameVillages(ctx, &rep); err != nil {
			return Report{}, err
		}
	}
	return rep, nil
}

// nameVillages fills in the names of the villages a report lists (the
// area was read without them).
func (s *Service) nameVillages(ctx context.Context, rep *Report) error {
	var lists [][]region.Region
	lists = append(lists, rep.Uncovered)
	for _, c := range rep.Counties {
		lists = append(lists, c.Uncovered)
	}
	for _, ch := range rep.Choices {
		lists = append(lists, ch.Covers)
	}
	var codes []region.Code
	for _, v := range rep.Uncovered {
		codes = append(codes, v.Code)
	}
	if len(codes) == 0 {
		return nil
	}
	rs, err := s.Store.RegionsByCode(ctx, codes)
	if err != nil {
		return fmt.Errorf("network.Coverage: %w", err)
	}
	named := make(map[region.Code]region.Region, len(rs))
	for _, r := range rs {
		named[r.Code] = r
	}
	for _, l := range lists {
		for i, v := range l {
			if r, ok := named[v.Code]; ok {
				l[i] = r
			}
		}
	}
	return nil
}

// Report computes the area's coverage, the choice of up to opt.Choose
// candidates and, if opt.Picture, the picture.
func (a Area) Report(opt ReportOptions) Report {
	m := a.measure()
	rep := Report{Coverage: m.coverage(a.Region, a.Villages, m.served, a.Towns)}
	if a.Region.Level.Rank() < region.County.Rank() {
		for _, c := range a.Counties {
			i, j := within(a.Villages, c.Code)
			ti, tj := within(a.Towns, c.Code)
			rep.Counties = append(rep.Counties, m.coverage(c, a.Villages[i:j], m.served[i:j], a.Towns[ti:tj]))
		}
	}
	if opt.Picture {
		rep.Picture = m.picture(a)
	}
	rep.Choices = m.choose(a, opt.Choose, rep.PoorVillagesServed)
	return rep
}

// within returns where the divisions of rs inside code lie: rs is
// ordered by code, so they are one run, rs[i:j].
func within(rs []region.Region, code region.Code) (i, j int) {
	p := code.Prefix()
	i = sort.Search(len(rs), func(i int) bool { return string(rs[i].Code) >= p })
	j = i + sort.Search(len(rs)-i, func(k int) bool { return !strings.HasPrefix(string(rs[i+k].Code), p) })
	return i, j
}

// measure is what the coverage figures need of an area's points: whether
// an open station serves each village, the towns that have an express
// end-point.
type measure struct {
	served  []bool // by index of Area.Villages
	express map[region.Code]bool
	points  []ServicePoint
}

// prefixLens are the lengths of the prefixes that identify a province, a
// prefecture, a county, a town and a village.
var prefixLens = []int{2, 4, 6, 9, 12}

func (a Area) measure() measure {
	m := measure{served: make([]bool, len(a.Villages)), express: map[region.Code]bool{}, points: a.Points}
	served := map[string]bool{} // the prefixes of the regions open stations serve
	for _, p := range a.Points {
		if !p.IsOpen() {
			continue
		}
		switch {
		case p.Kind.IsStation():
			for _, c := range p.Serves {
				served[c.Prefix()] = true
			}
		case p.Kind == ExpressPoint:
			for _, c := range append([]region.Code{p.Region}, p.Serves...) {
				if t := c.Ancestor(region.Town); t != "" {
					m.express[t] = true
				}
			}
		}
	}
	for i, v := range a.Villages {
		for _, n := range prefixLens {
			if len(v.Code) >= n && served[string(v.Code[:n])] {
				m.served[i] = true
				break
			}
		}
	}
	return m
}

func (m measure) coverage(r region.Region, villages []region.Region, served []bool, towns []region.Region) Coverage {
	c := Coverage{Region: r, Villages: len(villages), Towns: len(towns), Points: map[Kind]int{}}
	for _, k := range Kinds {
		c.Points[k] = 0
	}
	for i, v := range villages {
		if served[i] {
			c.VillagesServed++
		}
		if v.Poor {
			c.PoorVillages++
			if served[i] {
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
	for i, v := range a.Villages {
		county, town := v.Code.County(), v.Code.Ancestor(region.Town)
		if len(out) == 0 || out[len(out)-1].County.Code != county {
			out = append(out, CountyPicture{County: named(county)})
		}
		cp := &out[len(out)-1]
		if len(cp.Towns) == 0 || cp.Towns[len(cp.Towns)-1].Town.Code != town {
			cp.Towns = append(cp.Towns, TownPicture{Town: named(town), Express: m.express[town]})
		}
		tp := &cp.Towns[len(cp.Towns)-1]
		tp.Villages = append(tp.Villages, VillageCell{Village: v, Served: m.served[i]})
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
	var poor []region.Region // the unserved poor villages, by code
	for i, v := range a.Villages {
		if v.Poor && !m.served[i] {
			poor = append(poor, v)
		}
	}
	type cand struct {
		p      ServicePoint
		serves []int // indexes into poor
	}
	var cands []cand
	for _, p := range a.Points {
		if p.IsOpen() || !p.Kind.IsStation() {
			continue
		}
		seen := map[int]bool{}
		var vs []int
		for _, c := range p.Serves {
			i, j := within(poor, c)
			for x := i; x < j; x++ {
				if !seen[x] {
					seen[x] = true
					vs = append(vs, x)
				}
			}
		}
		if len(vs) > 0 {
			sort.Ints(vs)
			cands = append(cands, cand{p, vs})
		}
	}
	taken := make([]bool, len(poor))
	var out []Choice
	for len(out) < k {
		best, bestN := -1, 0
		for i, c := range cands {
			n := 0
			for _, v := range c.serves {
				if !taken[v] {
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
			if !taken[v] {
				taken[v] = true
				ch.Covers = append(ch.Covers, poor[v])
			}
		}
		served += len(ch.Covers)
		ch.PoorVillagesServed = served
		out = append(out, ch)
		cands = append(cands[:best], cands[best+1:]...)
	}
	return out
}
