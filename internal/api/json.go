package api

import (
	"strconv"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/i18n"
	"maeul/internal/money"
	"maeul/internal/network"
	"maeul/internal/org"
	"maeul/internal/photo"
	"maeul/internal/region"
)

// The JSON shapes of the API, kept apart from the domain types so that the
// wire format changes only on purpose.

type regionJSON struct {
	Code       region.Code  `json:"code"`
	ParentCode region.Code  `json:"parent_code,omitempty"`
	Level      region.Level `json:"level"`
	Name       i18n.Text    `json:"name"`
	Rural      bool         `json:"rural"`
	Poor       bool         `json:"poor"`
}

func toRegion(r region.Region) regionJSON {
	return regionJSON{Code: r.Code, ParentCode: r.Parent, Level: r.Level, Name: r.Name, Rural: r.Rural, Poor: r.Poor}
}

type regionSummaryJSON struct {
	regionJSON
	Children      int `json:"children"`
	Organizations int `json:"organizations"`
	ServicePoints int `json:"service_points"`
}

type orgJSON struct {
	Code       string      `json:"code"`
	Kind       org.Kind    `json:"kind"`
	RegionCode region.Code `json:"region_code"`
	Name       i18n.Text   `json:"name"`
	Leading    bool        `json:"leading"`
}

func toOrg(o org.Organization) orgJSON {
	return orgJSON{Code: o.Code, Kind: o.Kind, RegionCode: o.Region, Name: o.Name, Leading: o.Leading}
}

type pointJSON struct {
	Code       string        `json:"code"`
	Kind       network.Kind  `json:"kind"`
	RegionCode region.Code   `json:"region_code"`
	Name       i18n.Text     `json:"name"`
	Serves     []region.Code `json:"serves"`
}

func toPoint(p network.ServicePoint) pointJSON {
	return pointJSON{Code: p.Code, Kind: p.Kind, RegionCode: p.Region, Name: p.Name, Serves: p.Serves}
}

type userJSON struct {
	ID        int64         `json:"id"`
	Email     string        `json:"email"`
	Name      string        `json:"name"`
	Role      accounts.Role `json:"role"`
	Scope     region.Code   `json:"scope,omitempty"`
	Lang      i18n.Lang     `json:"lang"`
	CreatedAt time.Time     `json:"created_at"`
}

func toUser(u accounts.User) userJSON {
	return userJSON{ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, Scope: u.Scope, Lang: u.Lang, CreatedAt: u.CreatedAt}
}

// list is the envelope of every list response.
type list[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}

func listOf[S, T any](xs []S, f func(S) T) list[T] {
	out := list[T]{Items: make([]T, 0, len(xs))}
	for _, x := range xs {
		out.Items = append(out.Items, f(x))
	}
	return out
}

// The catalog's shapes. Money is integer fen in fields named *_fen.

type categoryJSON struct {
	Code       string         `json:"code"`
	ParentCode string         `json:"parent_code,omitempty"`
	Name       i18n.Text      `json:"name"`
	Children   []categoryJSON `json:"children"`
}

// categoryTree nests the categories, given parents before children, under
// their parents, keeping their order.
func categoryTree(cs []catalog.Category) []categoryJSON {
	kids := map[string][]catalog.Category{}
	for _, c := range cs {
		kids[c.Parent] = append(kids[c.Parent], c)
	}
	var build func(parent string) []categoryJSON
	build = func(parent string) []categoryJSON {
		out := make([]categoryJSON, 0, len(kids[parent]))
		for _, c := range kids[parent] {
			out = append(out, categoryJSON{Code: c.Code, ParentCode: c.Parent, Name: c.Name, Children: build(c.Code)})
		}
		return out
	}
	return build("")
}

type categoryRefJSON struct {
	Code string    `json:"code"`
	Name i18n.Text `json:"name"`
}

type orgRefJSON struct {
	Code string    `json:"code"`
	Name i18n.Text `json:"name"`
	Kind org.Kind  `json:"kind"`
}

type regionRefJSON struct {
	Code region.Code `json:"code"`
	Name i18n.Text   `json:"name"`
}

// photoJSON is a photo with the URL of each rendition by width.
type photoJSON struct {
	Key    string            `json:"key"`
	Width  int               `json:"width"`
	Height int               `json:"height"`
	URLs   map[string]string `json:"urls"`
}

func toPhoto(p catalog.Photo) photoJSON {
	out := photoJSON{Key: p.Key, Width: p.Width, Height: p.Height, URLs: map[string]string{}}
	for _, w := range photo.WidthsFor(p.Width) {
		out.URLs[strconv.Itoa(w)] = photo.URL(p.Key, w)
	}
	return out
}

type productSummaryJSON struct {
	Code        string          `json:"code"`
	Name        i18n.Text       `json:"name"`
	Kind        catalog.Kind    `json:"kind"`
	Category    string          `json:"category"`
	Org         orgRefJSON      `json:"org"`
	Origin      regionRefJSON   `json:"origin"`
	MinPriceFen money.Fen       `json:"min_price_fen"`
	MaxPriceFen money.Fen       `json:"max_price_fen"`
	InStock     bool            `json:"in_stock"`
	Stock       int             `json:"stock"`
	Labels      []catalog.Label `json:"labels"`
	Photo       *photoJSON      `json:"photo"`
	Hidden      bool            `json:"hidden"`
}

// productPageJSON is one page of a product listing.
type productPageJSON struct {
	Items      []productSummaryJSON `json:"items"`
	Total      int                  `json:"total"`
	NextCursor string               `json:"next_cursor,omitempty"`
}

type variantJSON struct {
	SKU        string    `json:"sku"`
	Name       i18n.Text `json:"name"`
	PriceFen   money.Fen `json:"price_fen"`
	Stock      int       `json:"stock"`
	StockState string    `json:"stock_state"`
}

// stockState tells shoppers whether a variant is in stock, running low
// (at or below catalog.LowStock) or sold out.
func stockState(stock int) string {
	switch {
	case stock <= 0:
		return "sold_out"
	case stock <= catalog.LowStock:
		return "low"
	}
	return "in_stock"
}

type certificateJSON struct {
	Number  string `json:"number"`
	Expires string `json:"expires"` // YYYY-MM-DD
}

type productJSON struct {
	Code         string            `json:"code"`
	Name         i18n.Text         `json:"name"`
	Description  i18n.Text         `json:"description"`
	Kind         catalog.Kind      `json:"kind"`
	Category     string            `json:"category"`
	CategoryPath []categoryRefJSON `json:"category_path"`
	Org          orgRefJSON        `json:"org"`
	Origin       regionJSON        `json:"origin"`
	MinPriceFen  money.Fen         `json:"min_price_fen"`
	MaxPriceFen  money.Fen         `json:"max_price_fen"`
	InStock      bool              `json:"in_stock"`
	Stock        int               `json:"stock"`
	Labels       []catalog.Label   `json:"labels"`
	Certificate  *certificateJSON  `json:"certificate,omitempty"`
	Variants     []variantJSON     `json:"variants"`
	Photos       []photoJSON       `json:"photos"`
	ListedVia    string            `json:"listed_via,omitempty"`
	Hidden       bool              `json:"hidden"`
	CreatedAt    time.Time         `json:"created_at"`
	UpdatedAt    time.Time         `json:"updated_at"`
}

type storeSummaryJSON struct {
	Code    string     `json:"code"`
	Kind    org.Kind   `json:"kind"`
	Name    i18n.Text  `json:"name"`
	Leading bool       `json:"leading"`
	Cover   *photoJSON `json:"cover"`
}

type storeJSON struct {
	Code        string          `json:"code"`
	Kind        org.Kind        `json:"kind"`
	Name        i18n.Text       `json:"name"`
	Leading     bool            `json:"leading"`
	Region      regionJSON      `json:"region"`
	Story       i18n.Text       `json:"story"`
	Cover       *photoJSON      `json:"cover"`
	Products    productPageJSON `json:"products"`
	ProductsURL string          `json:"products_url"`
}

type villageJSON struct {
	Region      regionJSON         `json:"region"`
	Stores      []storeSummaryJSON `json:"stores"`
	Products    productPageJSON    `json:"products"`
	ProductsURL string             `json:"products_url"`
}
