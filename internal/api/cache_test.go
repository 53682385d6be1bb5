package api

import "testing"

func TestETagListMatches(t *testing.T) {
	const etag = `"0123abcd"`
	tests := []struct {
		header []string
		want   bool
	}{
		{nil, false},
		{[]string{""}, false},
		{[]string{`"0123abcd"`}, true},
		{[]string{`W/"0123abcd"`}, true},
		{[]string{`"x", "0123abcd"`}, true},
		{[]string{`"x",W/"0123abcd" , "y"`}, true},
		{[]string{`"x"`, `"0123abcd"`}, true},
		{[]string{"*"}, true},
		{[]string{`"0123abc"`}, false},
		{[]string{`"0123abcd`}, false},
		{[]string{`0123abcd`}, false},
		{[]string{`"a,b", "0123abcd"`}, true},
		{[]string{`W/ "0123abcd"`}, false},
	}
	for _, tt := range tests {
		if got := etagListMatches(tt.header, etag); got != tt.want {
			t.Errorf("If-None-Match %q: got %v, want %v", tt.header, got, tt.want)
		}
	}
}
