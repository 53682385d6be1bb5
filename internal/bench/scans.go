package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/network"
	"maeul/internal/parcels"
	"maeul/internal/region"
	"maeul/internal/store"
)

// The scan ingestion load of `maeul bench scans`: GenerateScanParcels ships
// made-up orders of the prefecture's sellers as parcels with routes planned
// from the registry (half to a pick-up station, half to the door); Scans
// posts every leg of every route to POST /api/v1/scans over HTTP, in
// batches, from concurrent clients each owning its parcels, with an API
// key covering the routes' points; VerifyScans checks afterwards that every
// scan was recorded exactly once and every parcel reached its end.

// ScansOptions tune the scan load.
type ScansOptions struct {
	Prefecture region.Code // default Yanbian (222400)
	Parcels    int         // parcels to generate (default 20,000)
	Clients    int         // concurrent clients (default 8)
	Batch      int         // scans per request (default 500)
	Seed       uint64
	Out        io.Writer // progress; nil for none
}

func (o *ScansOptions) defaults() {
	if o.Prefecture == "" {
		o.Prefecture = "222400000000"
	}
	if o.Parcels <= 0 {
		o.Parcels = 20000
	}
	if o.Clients <= 0 {
		o.Clients = 8
	}
	if o.Batch <= 0 {
		o.Batch = 500
	}
	if o.Out == nil {
		o.Out = io.Discard
	}
}

// ScanParcel is a generated parcel: its id and the nodes of its route.
type ScanParcel struct {
	ID    int64
	Nodes []string
}

// GenerateScanParcels stores opt.Parcels shipped orders of the products of
// the prefecture's sellers, bought by the demo's shopper, with their
// parcels, and returns the parcels.
func GenerateScanParcels(ctx context.Context, db *store.DB, opt ScansOptions) ([]ScanParcel, error) {
	opt.defaults()
	rng := rand.New(rand.NewPCG(opt.Seed, 7))
	page, err := db.Search(ctx, catalog.Query{Within: opt.Prefecture, Limit: 100, SkipTotal: true})
	if err != nil {
		return nil, fmt.Errorf("bench.GenerateScanParcels: %w", err)
	}
	type sale struct {
		line   store.GeneratedLine
		orgID  int64
		region region.Code
	}
	var sales []sale
	for _, s := range page.Items {
		p, err := db.ProductByID(ctx, s.ID)
		if err != nil {
			return nil, fmt.Errorf("bench.GenerateScanParcels: %w", err)
		}
		o, err := db.OrganizationByID(ctx, p.OrgID)
		if err != nil {
			return nil, fmt.Errorf("bench.GenerateScanParcels: %w", err)
		}
		if len(p.Variants) == 0 {
			continue
		}
		v := p.Variants[0]
		sales = append(sales, sale{orgID: p.OrgID, region: o.Region,
			line: store.GeneratedLine{ProductID: p.ID, VariantID: v.ID, ProductCode: p.Code, SKU: v.SKU, Qty: 1, UnitPrice: v.Price}})
	}
	if len(sales) == 0 {
		return nil, fmt.Errorf("bench.GenerateScanParcels: no product of a seller in %s", opt.Prefecture)
	}
	buyer, _, err := db.UserByEmail(ctx, "shopper@maeul.test")
	if err != nil {
		return nil, fmt.Errorf("bench.GenerateScanParcels: the demo's shopper: %w", err)
	}
	stations, err := db.ServicePoints(ctx, network.Filter{Within: opt.Prefecture, Kind: network.VillageStation})
	if err != nil {
		return nil, fmt.Errorf("bench.GenerateScanParcels: %w", err)
	}
	planner := &parcels.Planner{Points: db, Prefecture: opt.Prefecture}
	// Routes depend on the seller's region and the destination only, so
	// each is planned once.
	type dest struct {
		seller region.Code
		pickup int64
		to     region.Code
	}
	plans := map[dest]parcels.Parcel{}
	var out []ScanParcel
	for done := 0; done < opt.Parcels; {
		n := min(5000, opt.Parcels-done)
		os := make([]store.GeneratedOrder, n)
		dests := make([]dest, n)
		for i := range os {
			s := sales[rng.IntN(len(sales))]
			st := stations[rng.IntN(len(stations))]
			d := dest{seller: s.region, to: st.Region}
			if i%2 == 0 {
				d.pickup = st.ID
			}
			os[i] = store.GeneratedOrder{BuyerID: buyer.ID, OrgID: s.orgID, PaidAt: time.Now().Add(-time.Hour), Lines: []store.GeneratedLine{s.line}}
			dests[i] = d
		}
		var routes []parcels.Parcel
		ids, err := db.GenerateParcels(ctx, os, string(opt.Prefecture), func(orderID int64, o store.GeneratedOrder) (parcels.Parcel, error) {
			d := dests[len(routes)]
			p, ok := plans[d]
			if !ok {
				var err error
				p, _, err = planner.Plan(ctx, parcels.Shipment{BuyerID: o.BuyerID, OrgID: o.OrgID, SellerRegion: d.seller, PickupPointID: d.pickup, Address: d.to})
				if err != nil {
					return p, err
				}
				plans[d] = p
			}
			p.OrderID, p.BuyerID, p.OrgID = orderID, o.BuyerID, o.OrgID
			p.Legs = slices.Clone(p.Legs)
			routes = append(routes, p)
			return p, nil
		})
		if err != nil {
			return nil, fmt.Errorf("bench.GenerateScanParcels: %w", err)
		}
		for i, id := range ids {
			sp := ScanParcel{ID: id}
			for _, l := range routes[i].Legs {
				sp.Nodes = append(sp.Nodes, l.Node())
			}
			out = append(out, sp)
		}
		done += n
		fmt.Fprintf(opt.Out, "  %d parcels …\n", done)
	}
	return out, nil
}

// ScanKey creates the API key the load posts with: one covering every
// service point on the parcels' routes, as the command-line operator.
func ScanKey(ctx context.Context, db *store.DB, ps []ScanParcel) (string, error) {
	var codes []string
	for _, p := range ps {
		for _, n := range p.Nodes {
			if n != parcels.DoorNode && n != parcels.CarrierNode && !slices.Contains(codes, n) {
				codes = append(codes, n)
			}
		}
	}
	keys := &accounts.KeyService{Store: db, Now: time.Now}
	_, token, err := keys.Create(ctx, accounts.SystemActor, accounts.NewKey{Name: "bench scans", Points: codes})
	if err != nil {
		return "", fmt.Errorf("bench.ScanKey: %w", err)
	}
	return token, nil
}

// ScansResult is what one scan load measured.
type ScansResult struct {
	Scans    int64 // recorded
	Batches  int64
	Refused  int64 // scans refused, and requests answered other than 200
	Elapsed  time.Duration
	P50, P99 time.Duration // per batch
	Max      time.Duration
	// Repeated are the scans of every client's first batch, sent again
	// once the load is over; RepeatRecorded how many of them were
	// recorded again (0 when idempotent).
	Repeated, RepeatRecorded int64
	// ServerCPU is the CPU time the server process used during the load
	// (0 when it is not a child of the load tool): what the scans cost
	// however busy the machine's other work keeps its cores.
	ServerCPU time.Duration
}

// ScansPerSecond returns the recorded scans per second.
func (r ScansResult) ScansPerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Scans) / r.Elapsed.Seconds()
}

// ServerCPUPerScan returns the server's CPU time per recorded scan, 0 when
// unknown.
func (r ScansResult) ServerCPUPerScan() time.Duration {
	if r.Scans == 0 {
		return 0
	}
	return r.ServerCPU / time.Duration(r.Scans)
}

func (r ScansResult) String() string {
	s := fmt.Sprintf("%8.0f scans/s  %d scans in %d batches in %s  p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms per batch  refused %d; repeated %d: %d recorded again",
		r.ScansPerSecond(), r.Scans, r.Batches, r.Elapsed.Round(time.Millisecond), ms(r.P50), ms(r.P99), ms(r.Max), r.Refused, r.Repeated, r.RepeatRecorded)
	if c := r.ServerCPUPerScan(); c > 0 {
		s += fmt.Sprintf("\n  server CPU %.1f µs a scan: %.0f scans per second of one core", float64(c)/float64(time.Microsecond), float64(time.Second)/float64(c))
	}
	return s
}

type scanJSON struct {
	ScanID   string    `json:"scan_id"`
	ParcelID int64     `json:"parcel_id"`
	Node     string    `json:"node"`
	At       time.Time `json:"at"`
}

// ScanID is the id under which the load posts the scan of a parcel's leg.
func ScanID(parcelID int64, leg int) string { return fmt.Sprintf("bench-%d-%d", parcelID, leg) }

// Scans posts every leg of every parcel's route to base's POST
// /api/v1/scans with the key, leg after leg: client c owns the parcels
// c, c+clients, …, and posts the first leg of its parcels in batches of
// opt.Batch, then the second, and so on, each batch after the last one's
// answer, so every route is scanned in order. srv, when not nil, is the server
// whose CPU time is measured.
func Scans(ctx context.Context, base, key string, ps []ScanParcel, srv *Server, opt ScansOptions) (ScansResult, error) {
	opt.defaults()
	tr := &http.Transport{MaxIdleConns: opt.Clients * 2, MaxIdleConnsPerHost: opt.Clients * 2, IdleConnTimeout: time.Minute}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 2 * time.Minute}
	var (
		res       ScansResult
		recorded  atomic.Int64
		refused   atomic.Int64
		batches   atomic.Int64
		mu        sync.Mutex
		lat       []time.Duration
		firsts    = make([][]scanJSON, opt.Clients)
		wg        sync.WaitGroup
		failOnce  sync.Once
		failure   error
		maxLegs   int
		postBatch = func(batch []scanJSON) (scanCounts, time.Duration, error) {
			return postScans(ctx, client, base, key, batch)
		}
	)
	for _, p := range ps {
		maxLegs = max(maxLegs, len(p.Nodes))
	}
	cpu0 := serverCPU(srv)
	start := time.Now()
	for c := range opt.Clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var local []time.Duration
			var batch []scanJSON
			send := func() bool {
				if len(batch) == 0 {
					return true
				}
				if firsts[c] == nil {
					firsts[c] = slices.Clone(batch)
				}
				n, d, err := postBatch(batch)
				batch = batch[:0]
				if err != nil {
					failOnce.Do(func() { failure = err })
					return false
				}
				local = append(local, d)
				batches.Add(1)
				recorded.Add(int64(n.Recorded))
				refused.Add(int64(n.Refused + n.Duplicates))
				return true
			}
			for leg := range maxLegs {
				for i := c; i < len(ps); i += opt.Clients {
					if leg >= len(ps[i].Nodes) {
						continue
					}
					batch = append(batch, scanJSON{ScanID: ScanID(ps[i].ID, leg), ParcelID: ps[i].ID, Node: ps[i].Nodes[leg], At: time.Now().UTC()})
					if len(batch) == opt.Batch && !send() {
						return
					}
				}
				if !send() {
					return
				}
			}
			mu.Lock()
			lat = append(lat, local...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	if cpu0 > 0 {
		res.ServerCPU = serverCPU(srv) - cpu0
	}
	if failure != nil {
		return res, failure
	}
	res.Scans, res.Refused, res.Batches = recorded.Load(), refused.Load(), batches.Load()
	res.P50, res.P99, res.Max = percentiles(lat)
	for _, b := range firsts {
		if b == nil {
			continue
		}
		n, _, err := postBatch(b)
		if err != nil {
			return res, err
		}
		res.Repeated += int64(len(b))
		res.RepeatRecorded += int64(n.Recorded + n.Refused)
	}
	return res, nil
}

type scanCounts struct {
	Recorded   int `json:"recorded"`
	Duplicates int `json:"duplicates"`
	Refused    int `json:"refused"`
}

// postScans posts one batch and returns its counts and how long it took;
// an answer other than 200 is an error.
func postScans(ctx context.Context, client *http.Client, base, key string, batch []scanJSON) (scanCounts, time.Duration, error) {
	var n scanCounts
	body, err := json.Marshal(map[string]any{"scans": batch})
	if err != nil {
		return n, 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/v1/scans", bytes.NewReader(body))
	if err != nil {
		return n, 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+key)
	t0 := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return n, 0, fmt.Errorf("bench.Scans: %w", err)
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	d := time.Since(t0)
	if err != nil {
		return n, d, fmt.Errorf("bench.Scans: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return n, d, fmt.Errorf("bench.Scans: status %d: %.300s", resp.StatusCode, b)
	}
	if err := json.Unmarshal(b, &n); err != nil {
		return n, d, fmt.Errorf("bench.Scans: %w", err)
	}
	return n, d, nil
}

// VerifyScans checks that every scan the load posted is recorded exactly
// once — each scan id found, of its parcel and node, and no other scan of
// the parcels — and that every parcel reached the end of its route.
func VerifyScans(ctx context.Context, db *store.DB, ps []ScanParcel) error {
	ids := make([]int64, len(ps))
	var want int64
	for i, p := range ps {
		ids[i] = p.ID
		want += int64(len(p.Nodes))
	}
	for chunk := range slices.Chunk(ps, 500) {
		var pids []int64
		var scanIDs []string
		for _, p := range chunk {
			pids = append(pids, p.ID)
			for leg := range p.Nodes {
				scanIDs = append(scanIDs, ScanID(p.ID, leg))
			}
		}
		got, seen, err := db.ScanState(ctx, pids, scanIDs)
		if err != nil {
			return fmt.Errorf("bench.VerifyScans: %w", err)
		}
		for _, p := range chunk {
			if st := got[p.ID].State; st != parcels.AtPickup && st != parcels.Delivered && st != parcels.WithCarrier {
				return fmt.Errorf("bench.VerifyScans: parcel %d ended %s, not at its route's end", p.ID, st)
			}
			for leg, node := range p.Nodes {
				s, ok := seen[ScanID(p.ID, leg)]
				if !ok || s.ParcelID != p.ID || s.Node != node || s.KeyID == 0 {
					return fmt.Errorf("bench.VerifyScans: the scan of parcel %d at leg %d (%s) is missing or wrong: %+v", p.ID, leg, node, s)
				}
			}
		}
	}
	n, err := db.CountParcelScans(ctx, ids)
	if err != nil {
		return fmt.Errorf("bench.VerifyScans: %w", err)
	}
	if n != want {
		return fmt.Errorf("bench.VerifyScans: %d scans recorded of the parcels, want %d", n, want)
	}
	return nil
}
