package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"maeul/internal/store/storetest"
)

// coverageRegions is a prefecture with a county of one town (two poor
// villages and one that is not) and a county without poor villages.
const coverageRegions = `code,parent_code,level,name_ko,name_zh,name_en,rural,poor
220000000000,,province,길림성,吉林省,Jilin,false,false
229900000000,220000000000,prefecture,시험주,试验州,Test Prefecture,false,false
229901000000,229900000000,county,가현,甲县,Ka County,false,true
229901001000,229901000000,town,가진,甲镇,Ka Town,true,false
229901001001,229901001000,village,가촌,甲村,Ka Village,true,true
229901001002,229901001000,village,나촌,乙村,Na Village,true,true
229901001003,229901001000,village,다촌,丙村,Da Village,true,false
229902000000,229900000000,county,나현,乙县,Na County,false,false
229902001000,229902000000,town,나진,乙镇,Na Town,true,false
229902001001,229902001000,village,라촌,丁村,Ra Village,true,false
`

type coverageJSON struct {
	Region             string         `json:"region"`
	PoorVillages       int            `json:"poor_villages"`
	PoorVillagesServed int            `json:"poor_villages_served"`
	CoverageRate       *float64       `json:"coverage_rate"`
	Towns              int            `json:"towns"`
	TownsWithExpress   int            `json:"towns_with_express_point"`
	ServicePoints      map[string]int `json:"service_points"`
	Uncovered          []string       `json:"uncovered_poor_villages"`
	Counties           []coverageJSON `json:"counties"`
	CandidateChoice    []struct {
		Code   string   `json:"code"`
		Covers []string `json:"covers"`
	} `json:"candidate_choice"`
}

// TestReportCoverageMovesWithTheRegistry imports a region's stations, and
// more, and reads the coverage report after each: it is computed from the
// registry, so importing a station moves the figure, and a candidate does
// not until the choice is asked for.
func TestReportCoverageMovesWithTheRegistry(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			dbURL := storetest.URL(t, engine)
			dir := t.TempDir()
			importFile := func(kind, body string) {
				t.Helper()
				f := filepath.Join(dir, kind+".csv")
				if err := os.WriteFile(f, []byte(body), 0o600); err != nil {
					t.Fatal(err)
				}
				if _, errOut, err := maeul(t, "", nil, "import", kind, f, "--db", dbURL); err != nil {
					t.Fatalf("import %s: %v\n%s", kind, err, errOut)
				}
			}
			report := func(code string, more ...string) coverageJSON {
				t.Helper()
				out, errOut, err := maeul(t, "", nil, append([]string{"report", "coverage", "--db", dbURL, "--region", code, "--format", "json"}, more...)...)
				if err != nil {
					t.Fatalf("report coverage: %v\n%s", err, errOut)
				}
				var got coverageJSON
				if err := json.Unmarshal([]byte(out), &got); err != nil {
					t.Fatalf("%v:\n%s", err, out)
				}
				return got
			}
			importFile("regions", coverageRegions)
			importFile("stations", "code,kind,region_code,name_ko,serves\n"+
				"ka-express,express_point,229901001000,가진 택배,\n"+
				"ka-village,village_station,229901001001,가촌 봉사점,\n")

			got := report("2299")
			if got.Region != "229900000000" || got.PoorVillages != 2 || got.PoorVillagesServed != 1 || got.CoverageRate == nil || *got.CoverageRate != 0.5 {
				t.Errorf("before: %+v, want 1 of 2 poor villages served (0.5)", got)
			}
			if diff := cmp.Diff([]string{"229901001002"}, got.Uncovered); diff != "" {
				t.Errorf("uncovered (-want +got):\n%s", diff)
			}
			if got.Towns != 2 || got.TownsWithExpress != 1 || got.ServicePoints["village_station"] != 1 || got.ServicePoints["express_point"] != 1 {
				t.Errorf("towns %d (%d with an express point), points %v", got.Towns, got.TownsWithExpress, got.ServicePoints)
			}
			if len(got.Counties) != 2 || got.Counties[1].CoverageRate != nil || got.Counties[1].Uncovered == nil {
				t.Errorf("counties: %+v; want two, the second without poor villages (rate null)", got.Counties)
			}
			if noPoor := report("229902"); noPoor.CoverageRate != nil || noPoor.PoorVillages != 0 {
				t.Errorf("a county without poor villages: %+v, want coverage_rate null", noPoor)
			}

			// A candidate station (the status column) changes nothing served
			// but is what the choice proposes.
			importFile("stations", "code,kind,region_code,name_ko,serves,status\n"+
				"ka-town,town_station,229901001000,가진 봉사소,229901001000,candidate\n")
			got = report("229901", "--choose", "2")
			if got.PoorVillagesServed != 1 || len(got.CandidateChoice) != 1 || got.CandidateChoice[0].Code != "ka-town" ||
				!cmp.Equal(got.CandidateChoice[0].Covers, []string{"229901001002"}) {
				t.Errorf("with a candidate: served %d, choice %+v; want 1 served and ka-town covering 229901001002", got.PoorVillagesServed, got.CandidateChoice)
			}

			// Opening it (a file without the status column means open) moves
			// the figure to every poor village.
			importFile("stations", "code,kind,region_code,name_ko,serves\nka-town,town_station,229901001000,가진 봉사소,229901001000\n")
			got = report("2299")
			if got.PoorVillagesServed != 2 || *got.CoverageRate != 1 || len(got.Uncovered) != 0 || got.ServicePoints["town_station"] != 1 {
				t.Errorf("after opening the town station: %+v, want 2 of 2 served", got)
			}

			for _, format := range []string{"table", "csv"} {
				out, errOut, err := maeul(t, "", nil, "report", "coverage", "--db", dbURL, "--region", "2299", "--format", format, "--lang", "en")
				if err != nil || !strings.Contains(out, "Ka County") || !strings.Contains(out, "100.0%") && !strings.Contains(out, "1.000") {
					t.Errorf("--format %s: %v %s\n%s", format, err, errOut, out)
				}
			}
		})
	}
}

func TestReportCoverageRefusals(t *testing.T) {
	dbURL := "sqlite:" + filepath.Join(t.TempDir(), "m.db")
	for _, args := range [][]string{
		{"report", "coverage", "--db", dbURL},
		{"report", "coverage", "--db", dbURL, "--region", "22x"},
		{"report", "coverage", "--db", dbURL, "--region", "2224", "--format", "xml"},
		{"report", "coverage", "--db", dbURL, "--region", "2224", "--choose", "-1"},
	} {
		if _, _, err := maeul(t, "", nil, args...); exitCode(err, &strings.Builder{}) != 2 {
			t.Errorf("%v: %v, want a usage error", args, err)
		}
	}
	if _, _, err := maeul(t, "", nil, "report", "coverage", "--db", dbURL, "--region", "229900"); err == nil || exitCode(err, &strings.Builder{}) != 1 {
		t.Errorf("an unknown region: %v, want a refusal", err)
	}
}
