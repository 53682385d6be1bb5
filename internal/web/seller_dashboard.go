package web

import (
	"net/http"

	"maeul/internal/accounts"
	"maeul/internal/aftersales"
	"maeul/internal/catalog"
	"maeul/internal/photo"
)

type sellerDashboardData struct {
	Office   sellerOffice
	Products []sellerProductRow
	Total    int
	Next     string // the next page's URL, "" on the last
	Warnings []catalog.StockWarning
	LowStock int
	// Requests counts the store's open refund and return requests; nil
	// for a station operator listing on the store's behalf.
	Requests *aftersales.Counts
}

type sellerProductRow struct {
	catalog.Summary
	Thumb string // the first photo's smallest rendition, "" when none
}

// Low reports whether the product's stock is low but not sold out.
func (p sellerProductRow) Low() bool { return p.Stock > 0 && p.Stock <= catalog.LowStock }

// sellerDashboard is the back office's home: the organization, its
// products (hidden ones too) with their status, and the variants that are
// sold out or running low. A station operator who names no organization is
// sent to choose one.
func (h *Handler) sellerDashboard(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	if a.Role == accounts.StationOperator && r.URL.Query().Get("org") == "" {
		return redirect(w, r, "/station/listings")
	}
	o, err := h.sellerOfficeFromRequest(r)
	if err != nil {
		return err
	}
	pg, err := h.Catalog.SellerProducts(ctx, a, o.Org.ID, catalog.Query{Sort: catalog.ByNewest, Limit: 50, Cursor: r.URL.Query().Get("cursor")})
	if err != nil {
		return err
	}
	d := sellerDashboardData{Office: o, Total: pg.Total, LowStock: catalog.LowStock}
	for _, s := range pg.Items {
		row := sellerProductRow{Summary: s}
		if s.Photo != "" {
			row.Thumb = photo.URL(s.Photo, photo.Widths[0])
		}
		d.Products = append(d.Products, row)
	}
	if pg.NextCursor != "" {
		d.Next = o.URL("/seller", "cursor", pg.NextCursor)
	}
	if d.Warnings, err = h.Catalog.StockWarnings(ctx, a, o.Org.ID); err != nil {
		return err
	}
	if !o.ViaStation {
		c, err := h.AfterSales.Counts(ctx, a, o.Org.ID)
		if err != nil {
			return err
		}
		d.Requests = &c
	}
	return h.render(w, r, http.StatusOK, "seller_dashboard", page{Title: h.cat.T(langFrom(r), "seller.dashboard"), NavArea: "seller", Data: d})
}
