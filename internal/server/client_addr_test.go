package server

import (
	"net/netip"
	"testing"
)

func TestForwardedClient(t *testing.T) {
	trusted, err := ParseTrustedProxies("10.0.0.0/8, 192.0.2.7,2001:db8::/32")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		remote    string
		forwarded []string
		want      string // "" for none: the peer stays the client
	}{
		{"a client without a proxy", "203.0.113.5:4000", nil, ""},
		{"a client forging the header", "203.0.113.5:4000", []string{"198.51.100.1"}, ""},
		{"through one trusted proxy", "10.1.2.3:4000", []string{"198.51.100.1"}, "198.51.100.1"},
		{"a forged hop left of the real one", "10.1.2.3:4000", []string{"1.1.1.1, 198.51.100.1"}, "198.51.100.1"},
		{"through two trusted proxies", "192.0.2.7:80", []string{"198.51.100.1, 10.9.9.9"}, "198.51.100.1"},
		{"over several header lines", "10.1.2.3:4000", []string{"1.1.1.1", "198.51.100.1, 10.2.2.2"}, "198.51.100.1"},
		{"a trusted proxy with no header", "10.1.2.3:4000", nil, ""},
		{"only trusted hops", "10.1.2.3:4000", []string{"10.3.3.3"}, "10.3.3.3"},
		{"a malformed hop ends the walk", "10.1.2.3:4000", []string{"198.51.100.1, nonsense, 10.4.4.4"}, "10.4.4.4"},
		{"a malformed last hop", "10.1.2.3:4000", []string{"198.51.100.1, nonsense"}, ""},
		{"IPv6", "[2001:db8::1]:443", []string{"2001:db8:ffff::9, 2400:cb00::1"}, "2400:cb00::1"},
		{"an IPv4-mapped peer", "[::ffff:10.1.2.3]:4000", []string{"198.51.100.1"}, "198.51.100.1"},
	}
	for _, tt := range tests {
		got, ok := forwardedClient(trusted, tt.remote, tt.forwarded)
		if tt.want == "" {
			if ok {
				t.Errorf("%s: client %v, want the peer", tt.name, got)
			}
			continue
		}
		if want := netip.MustParseAddr(tt.want); !ok || got != want {
			t.Errorf("%s: client %v (%v), want %v", tt.name, got, ok, want)
		}
	}
	for _, bad := range []string{"10.0.0.0/33", "proxy.example", "10.0.0"} {
		if _, err := ParseTrustedProxies(bad); err == nil {
			t.Errorf("ParseTrustedProxies(%q) accepted it", bad)
		}
	}
}
