// Package reports writes the service network's coverage report in the
// forms people take it away in: the JSON document of `maeul report
// coverage` (and of the API), and its tables as CSV.
package reports

import (
	"io"
	"strconv"

	"maeul/internal/i18n"
	"maeul/internal/network"
	"maeul/internal/text"
)

// Figures are one region's coverage figures.
type Figures struct {
	Region             string `json:"region"`
	Name               string `json:"name"`
	Villages           int    `json:"villages"`
	VillagesServed     int    `json:"villages_served"`
	PoorVillages       int    `json:"poor_villages"`
	PoorVillagesServed int    `json:"poor_villages_served"`
	// CoverageRate is PoorVillagesServed over PoorVillages (0.819), nil
	// when the region has no poor village.
	CoverageRate          *float64       `json:"coverage_rate"`
	Towns                 int            `json:"towns"`
	TownsWithExpressPoint int            `json:"towns_with_express_point"`
	ServicePoints         map[string]int `json:"service_points"`
	CandidateStations     int            `json:"candidate_stations"`
	UncoveredPoorVillages []string       `json:"uncovered_poor_villages"`
	uncoveredNames        []string
}

// Choice is one candidate station of the greedy choice.
type Choice struct {
	Code string `json:"code"`
	Name string `json:"name"`
	// Covers are the poor villages it would serve that were not served.
	Covers             []string `json:"covers"`
	PoorVillagesServed int      `json:"poor_villages_served"`
	CoverageRate       *float64 `json:"coverage_rate"`
}

// Coverage is the report: a region's figures, those of its counties (for
// a prefecture or province), and the greedy choice among candidates.
type Coverage struct {
	Figures
	Counties        []Figures `json:"counties"`
	CandidateChoice []Choice  `json:"candidate_choice"`
}

// FromReport makes the report's document, names in l.
func FromReport(rep network.Report, l i18n.Lang) Coverage {
	doc := Coverage{Figures: figures(rep.Coverage, l), Counties: []Figures{}, CandidateChoice: []Choice{}}
	for _, c := range rep.Counties {
		doc.Counties = append(doc.Counties, figures(c, l))
	}
	for _, ch := range rep.Choices {
		c := Choice{Code: ch.Point.Code, Name: ch.Point.Name.In(l), Covers: []string{}, PoorVillagesServed: ch.PoorVillagesServed,
			CoverageRate: rate(ch.PoorVillagesServed, rep.PoorVillages)}
		for _, v := range ch.Covers {
			c.Covers = append(c.Covers, string(v.Code))
		}
		doc.CandidateChoice = append(doc.CandidateChoice, c)
	}
	return doc
}

func figures(c network.Coverage, l i18n.Lang) Figures {
	f := Figures{
		Region: string(c.Region.Code), Name: c.Region.Name.In(l),
		Villages: c.Villages, VillagesServed: c.VillagesServed,
		PoorVillages: c.PoorVillages, PoorVillagesServed: c.PoorVillagesServed,
		CoverageRate: rate(c.PoorVillagesServed, c.PoorVillages),
		Towns:        c.Towns, TownsWithExpressPoint: c.TownsWithExpress,
		ServicePoints: map[string]int{}, CandidateStations: c.Candidates, UncoveredPoorVillages: []string{},
	}
	for k, n := range c.Points {
		f.ServicePoints[string(k)] = n
	}
	for _, v := range c.Uncovered {
		f.UncoveredPoorVillages = append(f.UncoveredPoorVillages, string(v.Code))
		f.uncoveredNames = append(f.uncoveredNames, v.Name.In(l))
	}
	return f
}

// rate is served over all, nil when all is zero.
func rate(served, all int) *float64 {
	if all == 0 {
		return nil
	}
	r := float64(served) / float64(all)
	return &r
}

// Rate formats a coverage rate as a percentage with one decimal ("81.9%"),
// and "–" for none.
func Rate(r *float64) string {
	if r == nil {
		return "–"
	}
	return strconv.FormatFloat(100**r, 'f', 1, 64) + "%"
}

// WriteCSV writes the report as CSV: the figures of the region and of
// each county, one row each; after a blank line the uncovered poor
// villages; and, when there is a choice, after another blank line the
// candidates chosen.
func WriteCSV(w io.Writer, doc Coverage) error {
	cw := text.NewCSVWriter(w)
	head := []string{"region", "name", "villages", "villages_served", "poor_villages", "poor_villages_served", "coverage_rate",
		"towns", "towns_with_express_point"}
	for _, k := range network.Kinds {
		head = append(head, string(k))
	}
	head = append(head, "candidate_stations")
	cw.Write(head)
	all := append([]Figures{doc.Figures}, doc.Counties...)
	for _, f := range all {
		row := []string{f.Region, f.Name, itoa(f.Villages), itoa(f.VillagesServed), itoa(f.PoorVillages), itoa(f.PoorVillagesServed),
			ratio(f.CoverageRate), itoa(f.Towns), itoa(f.TownsWithExpressPoint)}
		for _, k := range network.Kinds {
			row = append(row, itoa(f.ServicePoints[string(k)]))
		}
		cw.Write(append(row, itoa(f.CandidateStations)))
	}
	cw.Flush()
	if _, err := io.WriteString(w, "\n"); err != nil {
		return err
	}
	cw.Write([]string{"uncovered_poor_village", "name"})
	for i, c := range doc.UncoveredPoorVillages {
		cw.Write([]string{c, doc.uncoveredNames[i]})
	}
	if len(doc.CandidateChoice) > 0 {
		cw.Flush()
		if _, err := io.WriteString(w, "\n"); err != nil {
			return err
		}
		cw.Write([]string{"rank", "candidate", "name", "covers", "poor_villages_served", "coverage_rate"})
		for i, c := range doc.CandidateChoice {
			cw.Write([]string{itoa(i + 1), c.Code, c.Name, itoa(len(c.Covers)), itoa(c.PoorVillagesServed), ratio(c.CoverageRate)})
		}
	}
	cw.Flush()
	return cw.Error()
}

// UncoveredNames are the names of the uncovered poor villages, in the
// order of UncoveredPoorVillages.
func (f Figures) UncoveredNames() []string { return f.uncoveredNames }

func itoa(n int) string { return strconv.Itoa(n) }

// ratio is a rate as a fraction with three decimals, "" for none.
func ratio(r *float64) string {
	if r == nil {
		return ""
	}
	return strconv.FormatFloat(*r, 'f', 3, 64)
}
