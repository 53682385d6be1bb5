package web

import (
	"context"
	"reflect"
	"sync"
	"sync/atomic"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/i18n"
	"maeul/internal/region"
)

// The storefront's cache (docs/design.md, "Caching"). What guests and
// shoppers see of the catalog is read from the database at most once per
// DefaultCacheTTL per server process: product pages, the category tree,
// the home page, listings without a search text, the county list of the
// filters. A text search keeps its ranking for searchTTL, its cards not
// (see textSearch). The rendered body of a product page, a category page
// or the home page is kept with its data, once per language; the layout around it
// (navigation for the signed-in user, the cart, language links, notices,
// the Open Graph URL) is rendered for every request, and the last whole
// page for a plain guest request is kept with the body (see render).
//
// Everyone else who signs in (sellers, station operators, admins,
// auditors) may manage something the storefront shows, so their requests
// bypass the cache: a seller's edit shows on the seller's next page, on
// any server sharing the database. Shoppers see it, and stop seeing a
// product that was hidden, within the TTL. Nothing that takes an order
// relies on these pages: checkout reads stock and prices afresh.

// DefaultCacheTTL is how long the storefront serves what it read.
const DefaultCacheTTL = time.Second

// searchTTL is how long the ranking of a text search is kept: which
// products match, in which order, and how many. Ranking tens of thousands
// of matches costs hundreds of milliseconds at 100,000 products, while
// the cards shown are read afresh for every request (see textSearch), so
// a product listed or renamed a moment ago is the only thing a shopper
// can miss, for at most searchTTL.
const searchTTL = 30 * time.Second

// cacheMaxEntries bounds each cache; past it, expired entries and then
// arbitrary ones are dropped. Products are the largest entries: the view
// and, per language served, the body and the last plain page, some 60 KB
// each.
const cacheMaxEntries = 4096

// cachedFor reports whether a's requests may be served from the cache:
// guests' and shoppers' may; everyone else may manage what the storefront
// shows and reads it as stored.
func cachedFor(a accounts.Actor) bool {
	return !a.SignedIn() || a.Role == accounts.Shopper
}

// shopCache holds the storefront's caches; a nil one caches nothing (see
// cached).
type shopCache struct {
	products *ttlCache[string, *productEntry]
	// categories are category pages by category and listing form.
	categories *ttlCache[categoryKey, *categoryEntry]
	tree       *ttlCache[struct{}, categoryTree]
	home       *ttlCache[struct{}, *homeEntry]
	listings   *ttlCache[catalog.Query, catalog.Page]
	searches   *ttlCache[catalog.Query, searchRanking]
	counties   *ttlCache[region.Code, []region.Summary]
}

func newShopCache(ttl time.Duration, now func() time.Time) *shopCache {
	if ttl <= 0 {
		return &shopCache{}
	}
	c := &shopCache{
		products:   newTTLCache[string, *productEntry](ttl, cacheMaxEntries, now),
		categories: newTTLCache[categoryKey, *categoryEntry](ttl, cacheMaxEntries, now),
		tree:       newTTLCache[struct{}, categoryTree](ttl, 1, now),
		home:       newTTLCache[struct{}, *homeEntry](ttl, 1, now),
		listings:   newTTLCache[catalog.Query, catalog.Page](ttl, cacheMaxEntries, now),
		searches:   newTTLCache[catalog.Query, searchRanking](max(ttl, searchTTL), cacheMaxEntries, now),
		counties:   newTTLCache[region.Code, []region.Summary](ttl, 64, now),
	}
	// A page whose data read again is unchanged keeps what was rendered
	// from it: the data is read every TTL, the templates run only when it
	// changed.
	c.products.keep = func(old, fresh *productEntry) *productEntry {
		if reflect.DeepEqual(old.view, fresh.view) {
			return old
		}
		return fresh
	}
	c.categories.keep = func(old, fresh *categoryEntry) *categoryEntry {
		if reflect.DeepEqual(old.data, fresh.data) {
			return old
		}
		return fresh
	}
	c.home.keep = func(old, fresh *homeEntry) *homeEntry {
		if reflect.DeepEqual(old.data, fresh.data) {
			return old
		}
		return fresh
	}
	return c
}

// cached returns c's value for key, loading it when missing or expired;
// the request's actor may bypass the cache (see cachedFor), and so does
// every request when the cache is off (c nil).
func cached[K comparable, V any](ctx context.Context, c *ttlCache[K, V], key K, load func(context.Context) (V, error)) (V, error) {
	if c == nil || !cachedFor(accounts.ActorFrom(ctx)) {
		return load(ctx)
	}
	return c.get(ctx, key, load)
}

// ttlCache is a read-through cache whose values expire ttl after their
// load began, so that no value is older than ttl when served. Concurrent
// misses of a key share one load; errors are not kept.
type ttlCache[K comparable, V any] struct {
	ttl time.Duration
	max int
	now func() time.Time
	// keep, when set, picks what to store when a key is loaded again:
	// the old value, with what was made from it, when nothing changed.
	keep func(old, fresh V) V

	mu      sync.Mutex
	m       map[K]*cacheSlot[V]
	inserts int // since the last sweep
}

// sweepEvery is how many new entries a cache takes between sweeps of the
// entries that expired long ago (staleAfter TTLs): kept a little past
// their TTL for keep, they are not kept for ever.
const (
	sweepEvery = 256
	staleAfter = 10
)

type cacheSlot[V any] struct {
	ready   chan struct{} // closed once v and err are set
	v       V
	err     error
	expires time.Time
}

func newTTLCache[K comparable, V any](ttl time.Duration, max int, now func() time.Time) *ttlCache[K, V] {
	return &ttlCache[K, V]{ttl: ttl, max: max, now: now, m: make(map[K]*cacheSlot[V])}
}

// get returns the value for key, calling load when there is none or it
// has expired. A caller that finds a load under way waits for it (or for
// ctx). The load runs without the caller's cancellation, since others may
// be waiting for it.
func (c *ttlCache[K, V]) get(ctx context.Context, key K, load func(context.Context) (V, error)) (V, error) {
	now := c.now()
	c.mu.Lock()
	var old *cacheSlot[V]
	if s, ok := c.m[key]; ok {
		select {
		case <-s.ready:
			if s.err == nil && now.Before(s.expires) {
				c.mu.Unlock()
				return s.v, nil
			}
			if s.err == nil {
				old = s
			}
		default:
			c.mu.Unlock()
			select {
			case <-s.ready:
				return s.v, s.err
			case <-ctx.Done():
				var zero V
				return zero, ctx.Err()
			}
		}
	}
	s := &cacheSlot[V]{ready: make(chan struct{})}
	if c.inserts++; len(c.m) >= c.max || c.inserts >= sweepEvery {
		c.evictLocked(now)
	}
	c.m[key] = s
	c.mu.Unlock()

	s.v, s.err = load(context.WithoutCancel(ctx))
	if s.err == nil && old != nil && c.keep != nil {
		s.v = c.keep(old.v, s.v)
	}
	s.expires = now.Add(c.ttl)
	close(s.ready)
	if s.err != nil {
		c.mu.Lock()
		if c.m[key] == s {
			delete(c.m, key)
		}
		c.mu.Unlock()
	}
	return s.v, s.err
}

// evictLocked drops the entries that expired staleAfter TTLs ago and,
// when the cache is full, the expired ones and then arbitrary loaded ones
// until an eighth of the room is free.
func (c *ttlCache[K, V]) evictLocked(now time.Time) {
	c.inserts = 0
	full := len(c.m) >= c.max
	stale := now.Add(-staleAfter * c.ttl)
	for k, s := range c.m {
		select {
		case <-s.ready:
			if s.expires.Before(stale) || full && !now.Before(s.expires) {
				delete(c.m, k)
			}
		default:
		}
	}
	if !full {
		return
	}
	for k, s := range c.m { // map order: arbitrary victims
		if len(c.m) < c.max-c.max/8 {
			break
		}
		select {
		case <-s.ready:
			delete(c.m, k)
		default:
		}
	}
}

// len returns the number of entries, loaded or loading.
func (c *ttlCache[K, V]) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}

// perLang holds a value per language, made on first use: the rendered
// body of a cached page. Two requests racing to make one both make it;
// either result is kept.
type perLang[V any] [3]atomic.Pointer[V]

func (p *perLang[V]) get(l i18n.Lang, build func() (*V, error)) (*V, error) {
	i := langIndex(l)
	if i < 0 {
		return build()
	}
	if v := p[i].Load(); v != nil {
		return v, nil
	}
	v, err := build()
	if err != nil {
		return nil, err
	}
	p[i].Store(v)
	return v, nil
}

func langIndex(l i18n.Lang) int {
	for i, x := range i18n.Langs {
		if x == l {
			if i < 3 {
				return i
			}
			break
		}
	}
	return -1
}
