// Package bench holds maeul's load tools, behind `maeul bench …`: they start
// (or target) a real server and drive it over loopback HTTP, reporting
// requests per second, latency percentiles and the server's peak memory.
// Figures belong in docs/benchmarks.md with the command that made them;
// nothing here asserts a time.
package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// Result is what one load run measured.
type Result struct {
	Name     string
	Requests int64
	Errors   int64
	Elapsed  time.Duration
	P50, P99 time.Duration
	Max      time.Duration
}

// RPS returns successful requests per second.
func (r Result) RPS() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests-r.Errors) / r.Elapsed.Seconds()
}

func (r Result) String() string {
	return fmt.Sprintf("%-10s %9.0f req/s  p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms  errors %d/%d",
		r.Name, r.RPS(), ms(r.P50), ms(r.P99), ms(r.Max), r.Errors, r.Requests)
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// Load runs clients concurrent workers for d, each calling next for a URL
// path and GETting base+path with keep-alive connections. A response that
// is not 200 counts as an error.
func Load(ctx context.Context, name, base string, clients int, d time.Duration, next func(worker, i int) string) Result {
	tr := &http.Transport{MaxIdleConns: clients * 2, MaxIdleConnsPerHost: clients * 2, IdleConnTimeout: time.Minute}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	var (
		requests, errs atomic.Int64
		mu             sync.Mutex
		lat            []time.Duration
		wg             sync.WaitGroup
	)
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	start := time.Now()
	for w := 0; w < clients; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			local := make([]time.Duration, 0, 4096)
			for i := 0; ctx.Err() == nil; i++ {
				t0 := time.Now()
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+next(w, i), nil)
				req.Header.Set("Accept-Language", "ko")
				resp, err := client.Do(req)
				if err != nil {
					if ctx.Err() != nil {
						break
					}
					errs.Add(1)
					requests.Add(1)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				requests.Add(1)
				if resp.StatusCode != http.StatusOK {
					errs.Add(1)
				}
				local = append(local, time.Since(t0))
			}
			mu.Lock()
			lat = append(lat, local...)
			mu.Unlock()
		}(w)
	}
	wg.Wait()
	r := Result{Name: name, Requests: requests.Load(), Errors: errs.Load(), Elapsed: time.Since(start)}
	r.P50, r.P99, r.Max = percentiles(lat)
	return r
}

// percentiles returns the median, the 99th percentile and the maximum.
func percentiles(lat []time.Duration) (p50, p99, max time.Duration) {
	if len(lat) == 0 {
		return 0, 0, 0
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	at := func(q float64) time.Duration { return lat[min(len(lat)-1, int(q*float64(len(lat))))] }
	return at(0.50), at(0.99), lat[len(lat)-1]
}
