package bench

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/url"
	"time"

	"maeul/internal/catalog"
	"maeul/internal/store"
)

// CatalogOptions configure the catalog load run.
type CatalogOptions struct {
	Clients  int
	Duration time.Duration
	Out      io.Writer
}

// SearchQueries are the searches the load cycles through, in the three
// languages and both scripts, including two-character words.
var SearchQueries = []string{"사과배", "苹果梨", "apple pear", "木耳", "목이버섯", "rice", "蜂蜜", "잣", "kimchi", "有机", "人参", "Organic"}

// Catalog measures the mall's read paths against the server at base: the
// home page, product pages, category listings and searches, each for
// opt.Duration at opt.Clients concurrent clients, then searches from one
// client. Product codes and categories are read from db.
func Catalog(ctx context.Context, db *store.DB, base string, srv *Server, opt CatalogOptions) ([]Result, error) {
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
	scenarios := []struct {
		name    string
		clients int
		next    func(w, i int) string
	}{
		{"home", opt.Clients, func(w, i int) string { return "/" }},
		{"product", opt.Clients, func(w, i int) string { return "/products/" + codes[perm[(w*7919+i)%len(perm)]] }},
		{"category", opt.Clients, func(w, i int) string { return "/categories/" + cats[(w+i)%len(cats)].Code }},
		{"search", opt.Clients, func(w, i int) string {
			return "/search?q=" + url.QueryEscape(SearchQueries[(w+i)%len(SearchQueries)])
		}},
		{"search-1", 1, func(w, i int) string {
			return "/search?q=" + url.QueryEscape(SearchQueries[i%len(SearchQueries)])
		}},
	}
	var out []Result
	for _, sc := range scenarios {
		// A short warm-up fills caches and connection pools.
		Load(ctx, sc.name, base, sc.clients, opt.Duration/10, sc.next)
		r := Load(ctx, sc.name, base, sc.clients, opt.Duration, sc.next)
		fmt.Fprintln(opt.Out, r)
		out = append(out, r)
	}
	return out, nil
}
