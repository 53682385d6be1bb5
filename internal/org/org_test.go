package org_test

import (
	"strings"
	"testing"

	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/org"
)

func TestParseKind(t *testing.T) {
	for _, k := range org.Kinds {
		if got, err := org.ParseKind(" " + strings.ToUpper(string(k)) + " "); got != k || err != nil {
			t.Errorf("ParseKind(%q) = %q, %v", k, got, err)
		}
	}
	if _, err := org.ParseKind("ngo"); errs.CodeOf(err) != errs.Invalid {
		t.Errorf("ParseKind(ngo) = %v, want Invalid", err)
	}
}

func TestKindRules(t *testing.T) {
	tests := []struct {
		kind                   org.Kind
		farmDirect, hasMembers bool
	}{
		{org.Enterprise, false, false},
		{org.Cooperative, false, true},
		{org.Farm, true, false},
		{org.HouseholdShop, true, false},
		{org.VillageStore, true, true},
	}
	for _, tt := range tests {
		if got := tt.kind.FarmDirect(); got != tt.farmDirect {
			t.Errorf("%s.FarmDirect() = %v, want %v", tt.kind, got, tt.farmDirect)
		}
		if got := tt.kind.HasMembers(); got != tt.hasMembers {
			t.Errorf("%s.HasMembers() = %v, want %v", tt.kind, got, tt.hasMembers)
		}
	}
}

func TestValidate(t *testing.T) {
	good := org.Organization{Code: "wq-dongxing-store", Kind: org.VillageStore, Region: "222424100201", Name: i18n.Text{Ko: "동흥촌 상점"}}
	tests := []struct {
		name  string
		edit  func(o *org.Organization)
		field string // "" for valid
	}{
		{"good", func(o *org.Organization) {}, ""},
		{"a leading enterprise", func(o *org.Organization) { o.Kind, o.Leading = org.Enterprise, true }, ""},
		{"no code", func(o *org.Organization) { o.Code = "" }, "code"},
		{"a space in the code", func(o *org.Organization) { o.Code = "wq dongxing" }, "code"},
		{"a Hangul code", func(o *org.Organization) { o.Code = "동흥" }, "code"},
		{"a code of 41 characters", func(o *org.Organization) { o.Code = strings.Repeat("a", 41) }, "code"},
		{"unknown kind", func(o *org.Organization) { o.Kind = "ngo" }, "kind"},
		{"a leading cooperative", func(o *org.Organization) { o.Kind, o.Leading = org.Cooperative, true }, "leading"},
		{"no name", func(o *org.Organization) { o.Name = i18n.Text{} }, "name_ko"},
	}
	for _, tt := range tests {
		o := good
		tt.edit(&o)
		err := o.Validate()
		var e *errs.Error
		switch {
		case tt.field == "" && err != nil:
			t.Errorf("%s: Validate = %v, want nil", tt.name, err)
		case tt.field != "" && (!errsAs(err, &e) || e.Code != errs.Invalid || e.Field != tt.field):
			t.Errorf("%s: Validate = %#v, want Invalid on field %s", tt.name, err, tt.field)
		}
	}
}

func errsAs(err error, target **errs.Error) bool {
	e, ok := err.(*errs.Error)
	*target = e
	return ok
}
