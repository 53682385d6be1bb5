package region

import (
	"testing"

	"maeul/internal/errs"
	"maeul/internal/i18n"
)

func TestParseCode(t *testing.T) {
	good := map[string]Code{
		"222401": "222401000000", "22": "220000000000", "2224": "222400000000",
		"222424100": "222424100000", " 222424100201 ": "222424100201",
	}
	for in, want := range good {
		if got, err := ParseCode(in); err != nil || got != want {
			t.Errorf("ParseCode(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "2", "22240", "2224011", "22240a000000", "000000000000", "2224010000001"} {
		if got, err := ParseCode(in); !errs.Is(err, errs.Invalid) {
			t.Errorf("ParseCode(%q) = %q, %v; want an invalid error", in, got, err)
		}
	}
}

func TestLevelPrefixWithin(t *testing.T) {
	tests := []struct {
		code   Code
		level  Level
		prefix string
		county Code
	}{
		{"220000000000", Province, "22", ""},
		{"222400000000", Prefecture, "2224", ""},
		{"222401000000", County, "222401", "222401000000"},
		{"222401100000", Town, "222401100", "222401000000"},
		{"222401100201", Village, "222401100201", "222401000000"},
	}
	for _, tt := range tests {
		if got := tt.code.Level(); got != tt.level {
			t.Errorf("%s.Level() = %q, want %q", tt.code, got, tt.level)
		}
		if got := tt.code.Prefix(); got != tt.prefix {
			t.Errorf("%s.Prefix() = %q, want %q", tt.code, got, tt.prefix)
		}
		if got := tt.code.County(); got != tt.county {
			t.Errorf("%s.County() = %q, want %q", tt.code, got, tt.county)
		}
	}
	if !Code("222401100201").Within("222401000000") {
		t.Error("a Yanji village is not within Yanji")
	}
	if Code("222402100201").Within("222401000000") {
		t.Error("a Tumen village is within Yanji")
	}
	if Code("222401100201").Within("") {
		t.Error("a code is within the empty region")
	}
}

func TestValidate(t *testing.T) {
	name := i18n.Text{Ko: "x"}
	tests := []struct {
		r     Region
		field string // "" for valid
	}{
		{Region{Code: "220000000000", Level: Province, Name: name}, ""},
		{Region{Code: "222401000000", Parent: "222400000000", Level: County, Name: name}, ""},
		// A county-level city administered directly by the province.
		{Region{Code: "429004000000", Parent: "420000000000", Level: County, Name: name}, ""},
		{Region{Code: "222401000000", Parent: "222400000000", Level: Town, Name: name}, "level"},
		{Region{Code: "222401000000", Parent: "222500000000", Level: County, Name: name}, "parent_code"},
		{Region{Code: "222401000000", Level: County, Name: name}, "parent_code"},
		{Region{Code: "222401000000", Parent: "222401000000", Level: County, Name: name}, "parent_code"},
		{Region{Code: "220000000000", Parent: "220000000000", Level: Province, Name: name}, "parent_code"},
		{Region{Code: "222401000000", Parent: "222400000000", Level: County}, "name_ko"},
	}
	for _, tt := range tests {
		err := tt.r.Validate()
		var field string
		if e, ok := err.(*errs.Error); ok {
			field = e.Field
		}
		if field != tt.field {
			t.Errorf("Validate(%+v) = %v (field %q), want field %q", tt.r, err, field, tt.field)
		}
	}
}
