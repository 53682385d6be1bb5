package impact

import (
	"testing"

	"maeul/internal/accounts"
	"maeul/internal/region"
)

func TestValidIDNumber(t *testing.T) {
	good := []string{"11010519491231002X", "222424198503150011", "222401197001010036"}
	for _, s := range good {
		if err := ValidIDNumber(s); err != nil {
			t.Errorf("ValidIDNumber(%q) = %v", s, err)
		}
	}
	bad := []string{"", "11010519491231002", "110105194912310021", "1101051949123100AX", "110105194913310028"}
	for _, s := range bad {
		if err := ValidIDNumber(s); err == nil {
			t.Errorf("ValidIDNumber(%q) accepted", s)
		}
	}
}

func TestMask(t *testing.T) {
	if got := MaskID("222424198503150011"); got != "2224**********0011" {
		t.Errorf("MaskID = %q", got)
	}
	if got := MaskPhone("13800001234"); got != "138******34" {
		t.Errorf("MaskPhone = %q", got)
	}
}

func TestDisclosure(t *testing.T) {
	v := region.Code("222424100201")
	tests := []struct {
		name   string
		a      accounts.Actor
		serves bool
		want   Disclosure
	}{
		{"guest", accounts.Actor{}, false, Hidden},
		{"shopper", accounts.Actor{User: accounts.User{ID: 1, Role: accounts.Shopper}}, false, Hidden},
		{"prefecture admin", accounts.Actor{User: accounts.User{ID: 1, Role: accounts.PrefectureAdmin, Scope: "222400000000"}}, false, Full},
		{"own county admin", accounts.Actor{User: accounts.User{ID: 1, Role: accounts.CountyAdmin, Scope: "222424000000"}}, false, Full},
		{"other county admin", accounts.Actor{User: accounts.User{ID: 1, Role: accounts.CountyAdmin, Scope: "222401000000"}}, false, Hidden},
		{"serving operator", accounts.Actor{User: accounts.User{ID: 1, Role: accounts.StationOperator, ServicePointID: 3}}, true, Contact},
		{"other operator", accounts.Actor{User: accounts.User{ID: 1, Role: accounts.StationOperator, ServicePointID: 4}}, false, Hidden},
		{"auditor", accounts.Actor{User: accounts.User{ID: 1, Role: accounts.Auditor, Scope: "222400000000"}}, false, Masked},
		{"seller", accounts.Actor{User: accounts.User{ID: 1, Role: accounts.Seller, OrgID: 5}}, false, Hidden},
	}
	h := Household{ID: 9, Code: "H1", Village: v, Members: 4, HeadName: "김철수", IDNumber: "222424198503150011", Phone: "13800001234", BankAccount: "6222", Status: Poor}
	for _, tt := range tests {
		d := DisclosureFor(tt.a, v, tt.serves)
		if d != tt.want {
			t.Errorf("%s: disclosure %d, want %d", tt.name, d, tt.want)
		}
		got := h.Disclose(d)
		if d < Contact && got.HeadName != "" {
			t.Errorf("%s sees the head's name", tt.name)
		}
		if d < Full && got.IDNumber == h.IDNumber {
			t.Errorf("%s sees the full ID number", tt.name)
		}
		if d == Hidden && (got.Phone != "" || got.Code != "") {
			t.Errorf("%s sees %+v", tt.name, got)
		}
	}
}
