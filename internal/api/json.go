package api

import (
	"time"

	"maeul/internal/accounts"
	"maeul/internal/i18n"
	"maeul/internal/network"
	"maeul/internal/org"
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
