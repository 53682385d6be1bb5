package web

import (
	"net/http"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/i18n"
	"maeul/internal/impact"
	"maeul/internal/region"
)

// The benefit links of an organization (the "benefit linkage
// mechanism"): which households supply its products, hold shares in it,
// and what share of each sale goes to its dividend pool. The sellers of
// the organization and the admins of its region manage them; its
// overseers may read them. impact.Service decides who may and what each
// sees of the households.

type sellerLinksData struct {
	Office sellerOffice
	Links  []linkRow
	// Manage says whether the reader may create and end links.
	Manage bool
	// Products are what a supplier link may name, for the form.
	Products []linkProduct
	// Pools says whether the organization may have member and pool links
	// (cooperatives and village stores).
	Pools bool
	Form  linkForm
	Error string
	Today string // YYYY-MM-DD in China
	Kinds []string
}

// linkRow is a link as the list shows it.
type linkRow struct {
	impact.LinkView
	VillageName i18n.Text
	ProductName i18n.Text
	// State is "live", "ended" or "future"; From and To its dates.
	State    string
	From, To string
	Percent  string // of a supplier's percentage or a pool link
}

// linkProduct is a product, or one of its variants, a supplier link may
// name: SKU is "product:CODE" for the whole product.
type linkProduct struct {
	SKU  string
	Name i18n.Text
	Sub  i18n.Text // the variant's name; empty for the whole product
}

// linkForm is the new-link form as filled in.
type linkForm struct {
	Kind, Household, SKU, Percent, PerUnit, Shares, From, To string
}

// linkProductLimit is how many of the organization's products the form
// offers.
const linkProductLimit = 60

// sellerLinks lists an organization's benefit links (?org=CODE for admins;
// the seller's own by default), ended ones included, with the households
// as the reader may see them, and the form that records a new one.
func (h *Handler) sellerLinks(w http.ResponseWriter, r *http.Request) error {
	d, err := h.sellerLinksPage(r)
	if err != nil {
		return err
	}
	return h.renderLinks(w, r, http.StatusOK, d)
}

func (h *Handler) sellerLinksPage(r *http.Request) (sellerLinksData, error) {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	off, err := h.ordersOffice(r)
	if err != nil {
		return sellerLinksData{}, err
	}
	links, err := h.Impact.Links(ctx, a, off.Org.ID)
	if err != nil {
		return sellerLinksData{}, err
	}
	today := impact.Day(h.Now())
	d := sellerLinksData{Office: off, Manage: a.ActsFor(off.Org.ID, off.Org.Region), Today: today.Format(time.DateOnly),
		Pools: off.Org.Kind.HasMembers(),
		Kinds: []string{string(impact.Supplier), string(impact.Member), string(impact.Pool)}}
	d.Form = linkForm{Kind: string(impact.Supplier), From: d.Today}
	var villages []region.Code
	for _, l := range links {
		if l.Household.Village != "" {
			villages = append(villages, l.Household.Village)
		}
	}
	names := map[region.Code]i18n.Text{}
	if len(villages) > 0 {
		rs, err := h.Regions.RegionsByCode(ctx, villages)
		if err != nil {
			return d, err
		}
		for _, x := range rs {
			names[x.Code] = x.Name
		}
	}
	products := map[string]catalog.Product{}
	for _, l := range links {
		row := linkRow{LinkView: l, VillageName: names[l.Household.Village], From: l.ValidFrom.Format(time.DateOnly)}
		if !l.ValidTo.IsZero() {
			row.To = l.ValidTo.Format(time.DateOnly)
		}
		switch {
		case l.ValidFrom.After(today):
			row.State = "future"
		case l.LiveOn(h.Now()):
			row.State = "live"
		default:
			row.State = "ended"
		}
		if l.PercentBP > 0 {
			row.Percent = percentBP(l.PercentBP)
		}
		if l.ProductCode != "" {
			p, ok := products[l.ProductCode]
			if !ok {
				if p, err = h.Products.Product(ctx, l.ProductCode); err == nil {
					products[l.ProductCode] = p
				}
			}
			row.ProductName = p.Name
		}
		d.Links = append(d.Links, row)
	}
	if d.Manage {
		pg, err := h.Catalog.SellerProducts(ctx, a, off.Org.ID, catalog.Query{Sort: catalog.ByNewest, Limit: linkProductLimit})
		if err != nil {
			return d, err
		}
		for _, s := range pg.Items {
			p, ok := products[s.Code]
			if !ok {
				if p, err = h.Products.Product(ctx, s.Code); err != nil {
					return d, err
				}
			}
			d.Products = append(d.Products, linkProduct{SKU: impact.ProductPrefix + p.Code, Name: p.Name})
			if len(p.Variants) > 1 {
				for _, v := range p.Variants {
					d.Products = append(d.Products, linkProduct{SKU: v.SKU, Name: p.Name, Sub: v.Name})
				}
			}
		}
	}
	return d, nil
}

func (h *Handler) renderLinks(w http.ResponseWriter, r *http.Request, status int, d sellerLinksData) error {
	w.Header().Set("Cache-Control", "no-store")
	return h.render(w, r, status, "seller_links", page{Title: h.cat.T(langFrom(r), "links.title"), NavArea: "seller", Data: d})
}
