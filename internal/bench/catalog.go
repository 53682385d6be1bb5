package bench

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"maeul/internal/catalog"
	"maeul/internal/store"
)

// CatalogOptions configure the catalog load run.
type CatalogOptions struct {
	Clients  int
	Duration time.Duration
	// Scenarios names the scenarios to run (CatalogScenarios); all when
	// empty.
	Scenarios []string
	Out       io.Writer
}

// CatalogScenarios are the catalog load's scenarios, in the order they
// run: the home page, product pages, category listings and searches at the
// options' clients; searches from one client, repeating twelve queries
// (search-1) and with every request a new query that no cache has seen
// (search-cold-1).
var CatalogScenarios = []string{"home", "product", "category", "search", "search-1", "search-cold-1"}

// SearchQueries are the searches the load cycles through, in the three
// languages and both scripts, including two-character words.
var SearchQueries = []string{"사과배", "苹果梨", "apple pear", "木耳", "목이버섯", "rice", "蜂蜜", "잣", "kimchi", "有机", "人参", "Organic"}

// CatalogResult is one scenario's result with the CPU time per request of
// the server (0 when it is not a child process) and of the load tool
// itself: on a shared machine they are steadier than the rates.
type CatalogResult struct {
	Result
	CPUPerRequest       time.Duration
	ClientCPUPerRequest time.Duration
}

func (r CatalogResult) String() string {
	s := r.Result.String()
	if r.CPUPerRequest > 0 {
		s += fmt.Sprintf("  cpu/req server %4.0f µs, load tool %4.0f µs",
			float64(r.CPUPerRequest)/float64(time.Microsecond), float64(r.ClientCPUPerRequest)/float64(time.Microsecond))
	}
	return s
}

// Catalog measures the mall's read paths against the server at base: the
// home page, product pages, category listings and searches, each for
// opt.Duration at opt.Clients concurrent clients, then searches from one
// client. Product codes and categories are read from db. With srv, the
// server's CPU time is measured too.
func Catalog(ctx context.Context, db *store.DB, base string, srv *Server, opt CatalogOptions) ([]CatalogResult, error) {
	for _, s := range opt.Scenarios {
		if !slices.Contains(CatalogScenarios, s) {
			return nil, fmt.Errorf("bench: unknown catalog scenario %q (want one of %s)", s, strings.Join(CatalogScenarios, ", "))
		}
	}
	page, err := db.Search(ctx, catalog.Query{Limit: 100, Sort: catalog.ByNewest})
	if err != nil {
		return nil, err
	}
	var codes []string
	for _, s := range page.Items {
		codes = append(codes, s.Code)
	}
	for page.NextCursor != "" && len(codes) < 2000 {
		page, err = db.Search(ctx, catalog.Query{Limit: 100, Sort: catalog.ByNewest, Cursor: page.NextCursor})
		if err != nil {
			return nil, err
		}
		for _, s := range page.Items {
			codes = append(codes, s.Code)
		}
	}
	if len(codes) == 0 {
		return nil, fmt.Errorf("bench: the catalog is empty")
	}
	cats, err := db.Categories(ctx)
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(7, 7))
	perm := rng.Perm(len(codes))
	search := func(i int) string { return "/search?q=" + url.QueryEscape(SearchQueries[i%len(SearchQueries)]) }
	scenarios := []struct {
		name    string
		clients int
		next    func(w, i int) string
	}{
		{"home", opt.Clients, func(w, i int) string { return "/" }},
		{"product", opt.Clients, func(w, i int) string { return "/products/" + codes[perm[(w*7919+i)%len(perm)]] }},
		{"category", opt.Clients, func(w, i int) string { return "/categories/" + cats[(w+i)%len(cats)].Code }},
		{"search", opt.Clients, func(w, i int) string { return search(w + i) }},
		{"search-1", 1, func(w, i int) string { return search(i) }},
		// A maximum price above any product's (prices are at most
		// ¥1,000,000) makes each search new to the server's caches
		// without changing its work; the warm-up's numbers are not used
		// again.
		{"search-cold-1", 1, func(w, i int) string {
			return search(i) + "&max=" + strconv.Itoa(1_000_000+w*10_000_000+i)
		}},
	}
	var out []CatalogResult
	for _, sc := range scenarios {
		if len(opt.Scenarios) > 0 && !slices.Contains(opt.Scenarios, sc.name) {
			continue
		}
		next := sc.next
		if sc.name == "search-cold-1" {
			// The warm-up runs as worker 1, the measured run as worker 0.
			warm := func(w, i int) string { return sc.next(1, i) }
			Load(ctx, sc.name, base, sc.clients, opt.Duration/10, warm)
		} else {
			// A short warm-up fills caches and connection pools.
			Load(ctx, sc.name, base, sc.clients, opt.Duration/10, next)
		}
		cpu0, self0 := serverCPU(srv), processCPU("self")
		r := CatalogResult{Result: Load(ctx, sc.name, base, sc.clients, opt.Duration, next)}
		if cpu1 := serverCPU(srv); cpu1 > cpu0 && r.Requests > 0 {
			r.CPUPerRequest = (cpu1 - cpu0) / time.Duration(r.Requests)
			r.ClientCPUPerRequest = (processCPU("self") - self0) / time.Duration(r.Requests)
		}
		fmt.Fprintln(opt.Out, r)
		out = append(out, r)
	}
	return out, nil
}

// serverCPU returns the CPU time the server process has used, or 0
// without a child server or /proc.
func serverCPU(srv *Server) time.Duration {
	if srv == nil {
		return 0
	}
	return processCPU(strconv.Itoa(srv.cmd.Process.Pid))
}

// processCPU returns the CPU time (user and system) that process pid
// ("self" for this one) has used, or 0 without /proc.
func processCPU(pid string) time.Duration {
	b, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return 0
	}
	// The fields after the command name, which is in parentheses: state
	// is the first, utime and stime the 12th and 13th, in clock ticks.
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0
	}
	const tick = 10 * time.Millisecond // USER_HZ is 100 on Linux
	return time.Duration(utime+stime) * tick
}

// LoadAverage returns the machine's load averages over 1, 5 and 15
// minutes as /proc/loadavg shows them, or "" where it is not available.
func LoadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}
