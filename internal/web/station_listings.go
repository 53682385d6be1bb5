package web

import (
	"net/http"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/network"
	"maeul/internal/org"
	"maeul/internal/region"
)

type stationListingsData struct {
	Station network.ServicePoint
	Serves  []region.Region
	Stores  []stationStore
}

type stationStore struct {
	Org      org.Organization
	Place    region.Region
	Products int
}

// stationListings lets a station operator choose the household shop or
// village store, in the villages its station serves, to list products for.
// Others are Forbidden.
func (h *Handler) stationListings(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	orgs, err := h.Catalog.OrgsServedBy(ctx, a)
	if err != nil {
		return err
	}
	var d stationListingsData
	if d.Station, err = h.Points.ServicePointByID(ctx, a.ServicePointID); err != nil {
		return err
	}
	places := map[region.Code]region.Region{}
	place := func(c region.Code) (region.Region, error) {
		if rg, ok := places[c]; ok {
			return rg, nil
		}
		rg, err := h.Regions.Region(ctx, c)
		places[c] = rg
		return rg, err
	}
	for _, c := range d.Station.Serves {
		rg, err := place(c)
		if err != nil {
			return err
		}
		d.Serves = append(d.Serves, rg)
	}
	for _, o := range orgs {
		s := stationStore{Org: o}
		if s.Place, err = place(o.Region); err != nil {
			return err
		}
		pg, err := h.Catalog.SellerProducts(ctx, a, o.ID, catalog.Query{Limit: 1})
		if err != nil {
			return err
		}
		s.Products = pg.Total
		d.Stores = append(d.Stores, s)
	}
	return h.render(w, r, http.StatusOK, "station_listings", page{Title: h.cat.T(langFrom(r), "station.title"), NavArea: "seller", Data: d})
}
