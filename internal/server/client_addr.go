package server

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// ParseTrustedProxies reads a comma-separated list of addresses and CIDR
// prefixes ("10.0.0.0/8,192.0.2.7") naming the reverse proxies whose
// X-Forwarded-For header is believed.
func ParseTrustedProxies(s string) ([]netip.Prefix, error) {
	var ps []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			ps = append(ps, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("%q is neither an address nor a CIDR prefix", f)
		}
		ps = append(ps, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return ps, nil
}

// clientAddress makes r.RemoteAddr the client's address by one rule, so
// that everything reading it (the sign-in limits, logs) agrees: the
// connection's peer, unless the peer is a trusted proxy, in which case
// X-Forwarded-For is read from the right, past every trusted proxy, to
// the first address that is not one. A header from anyone else is
// ignored, so that a client cannot choose its own address.
func clientAddress(trusted []netip.Prefix, next http.Handler) http.Handler {
	if len(trusted) == 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, ok := forwardedClient(trusted, r.RemoteAddr, r.Header.Values("X-Forwarded-For")); ok {
			r = r.WithContext(r.Context())
			r.RemoteAddr = net.JoinHostPort(c.String(), "0")
		}
		next.ServeHTTP(w, r)
	})
}

// forwardedClient returns the client a trusted proxy forwarded for, and
// false when the peer is no trusted proxy or forwarded for nobody.
func forwardedClient(trusted []netip.Prefix, remote string, forwarded []string) (netip.Addr, bool) {
	isTrusted := func(a netip.Addr) bool {
		for _, p := range trusted {
			if p.Contains(a) {
				return true
			}
		}
		return false
	}
	peer, err := netip.ParseAddrPort(remote)
	if err != nil || !isTrusted(peer.Addr().Unmap()) {
		return netip.Addr{}, false
	}
	var hops []string
	for _, v := range forwarded {
		hops = append(hops, strings.Split(v, ",")...)
	}
	client, found := netip.Addr{}, false
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break // what lies left of a malformed hop cannot be trusted
		}
		client, found = a.Unmap(), true
		if !isTrusted(client) {
			break
		}
	}
	return client, found
}
