package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/chinatime"
	"maeul/internal/i18n"
	"maeul/internal/photo"
	"maeul/internal/region"
)

// sellerEmptyRows is how many blank variant rows the product form offers,
// so that variants can be added without JavaScript.
const sellerEmptyRows = 3

// sellerProductForm is the product form: what is stored or was typed, the
// errors by field, and the choices.
type sellerProductForm struct {
	Office  sellerOffice
	New     bool
	Product catalog.Product // as stored or as typed
	// CertExpiry is the expiry date as typed (YYYY-MM-DD).
	CertExpiry string
	Rows       []sellerVariantRow
	// Errors holds messages by form field; Error is the summary.
	Errors map[string]string
	Error  string

	Categories []sellerCategoryGroup
	Origins    []sellerOriginGroup
	// OriginExtra is the product's origin when the choices lack it (a town,
	// or a village outside them).
	OriginExtra *region.Region
	Kinds       []catalog.Kind
	Labels      []sellerLabelChoice

	// The parts an existing product has.
	Photos     []sellerPhoto
	MaxPhotos  int
	PhotoError string
	PhotoLimit string // photo.MaxUploadText
	ListedVia  i18n.Text
	History    []sellerChange
	Today      string // for the date input's minimum
}

// sellerVariantRow is one row of the variants table, as typed.
type sellerVariantRow struct {
	SKU, Ko, Zh, En, Price, Stock string
	Error                         string
}

type sellerCategoryGroup struct {
	Top      catalog.Category
	Children []catalog.Category
}

type sellerOriginGroup struct {
	Town     region.Region
	Villages []region.Region
}

type sellerLabelChoice struct {
	Label   catalog.Label
	Checked bool
}

type sellerPhoto struct {
	Key, URL string
}

type sellerChange struct {
	At     time.Time
	Action string
	Who    string
	Role   accounts.Role
	For    i18n.Text
	Via    i18n.Text
}

// sellerProductNew shows an empty product form for the organization the
// request names (or the seller's own).
func (h *Handler) sellerProductNew(w http.ResponseWriter, r *http.Request) error {
	o, err := h.sellerOfficeFromRequest(r)
	if err != nil {
		return err
	}
	p := catalog.Product{Kind: catalog.Goods, OrgID: o.Org.ID}
	if lvl := o.Org.Region.Level(); lvl == region.Village || lvl == region.Town {
		p.Origin = o.Org.Region
	}
	d := sellerProductForm{Office: o, New: true, Product: p}
	return h.renderSellerProduct(w, r, http.StatusOK, d)
}

// sellerProductEdit shows a product's form with its photos and change
// history to those who may manage it; others get the error page.
func (h *Handler) sellerProductEdit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	p, act, err := h.Catalog.SellerProduct(ctx, a, r.PathValue("code"))
	if err != nil {
		return err
	}
	o, err := h.sellerOfficeFor(ctx, a, act)
	if err != nil {
		return err
	}
	d := sellerProductForm{Office: o, Product: p, Rows: sellerRowsOf(p.Variants)}
	if !p.CertExpiry.IsZero() {
		d.CertExpiry = p.CertExpiry.Format(time.DateOnly)
	}
	return h.renderSellerProduct(w, r, http.StatusOK, d)
}

func sellerRowsOf(vs []catalog.Variant) []sellerVariantRow {
	rows := make([]sellerVariantRow, len(vs))
	for i, v := range vs {
		rows[i] = sellerVariantRow{SKU: v.SKU, Ko: v.Name.Ko, Zh: v.Name.Zh, En: v.Name.En, Price: v.Price.Decimal(), Stock: strconv.Itoa(v.Stock)}
	}
	return rows
}

// renderSellerProduct fills in the form's choices and, for an existing
// product, its photos and history, then renders it with status.
func (h *Handler) renderSellerProduct(w http.ResponseWriter, r *http.Request, status int, d sellerProductForm) error {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	l := langFrom(r)
	var err error
	if d.Categories, err = h.sellerCategoryGroups(ctx); err != nil {
		return err
	}
	if d.Origins, err = h.sellerOriginGroups(ctx, d.Office); err != nil {
		return err
	}
	if c := d.Product.Origin; c != "" && !sellerHasOrigin(d.Origins, c) {
		rg, err := h.Regions.Region(ctx, c)
		if err != nil {
			rg = region.Region{Code: c, Name: i18n.Text{En: string(c)}}
		}
		d.OriginExtra = &rg
	}
	d.Kinds = []catalog.Kind{catalog.Goods, catalog.Tourism}
	for _, lb := range catalog.Labels {
		d.Labels = append(d.Labels, sellerLabelChoice{Label: lb, Checked: d.Product.Has(lb)})
	}
	for range sellerEmptyRows {
		d.Rows = append(d.Rows, sellerVariantRow{})
	}
	d.MaxPhotos = catalog.MaxPhotos
	d.PhotoLimit = photo.MaxUploadText
	d.Today = h.Now().In(chinatime.Zone).Format(time.DateOnly)
	title := h.cat.T(l, "seller.product.new")
	if !d.New {
		title = d.Product.Name.In(l)
		// The stored product's photos and history, whatever was typed.
		cur, err := h.Products.Product(ctx, d.Product.Code)
		if err != nil {
			return err
		}
		for _, ph := range cur.Photos {
			d.Photos = append(d.Photos, sellerPhoto{Key: ph.Key, URL: photo.URL(ph.Key, photo.WidthsFor(ph.Width)[0])})
		}
		if cur.ListedVia != 0 {
			pt, err := h.Points.ServicePointByID(ctx, cur.ListedVia)
			if err != nil {
				return err
			}
			d.ListedVia = pt.Name
		}
		if d.History, err = h.sellerChanges(ctx, a, cur.ID); err != nil {
			return err
		}
	}
	if len(d.Errors) > 0 && d.Error == "" {
		d.Error = h.cat.T(l, "seller.form.fix")
	}
	return h.render(w, r, status, "seller_product", page{Title: title, NavArea: "seller", Data: d})
}

// sellerCategoryGroups returns the category tree as top categories with their
// children.
func (h *Handler) sellerCategoryGroups(ctx context.Context) ([]sellerCategoryGroup, error) {
	cs, err := h.Products.Categories(ctx)
	if err != nil {
		return nil, err
	}
	var gs []sellerCategoryGroup
	at := map[string]int{}
	for _, c := range cs {
		if c.Parent == "" {
			at[c.Code] = len(gs)
			gs = append(gs, sellerCategoryGroup{Top: c})
		}
	}
	for _, c := range cs {
		if i, ok := at[c.Parent]; ok {
			gs[i].Children = append(gs[i].Children, c)
		}
	}
	return gs, nil
}

// sellerOriginGroups returns the villages a product may come from, by town: those
// of the organization's county, or, for a station operator, those its
// station serves (a served town with all its villages).
func (h *Handler) sellerOriginGroups(ctx context.Context, o sellerOffice) ([]sellerOriginGroup, error) {
	var towns []region.Code
	villagesOf := map[region.Code][]region.Code{} // served villages by town; nil: all
	if o.ViaStation {
		for _, c := range o.Station.Serves {
			switch c.Level() {
			case region.Town:
				if _, seen := villagesOf[c]; !seen {
					towns = append(towns, c)
				}
				villagesOf[c] = nil
			case region.Village:
				t := c.Ancestor(region.Town)
				vs, seen := villagesOf[t]
				if !seen {
					towns = append(towns, t)
				} else if vs == nil {
					continue // the whole town is served
				}
				villagesOf[t] = append(vs, c)
			}
		}
	} else {
		county := o.Org.Region.County()
		if county == "" {
			return nil, nil
		}
		ts, err := h.Regions.Children(ctx, county)
		if err != nil {
			return nil, err
		}
		for _, t := range ts {
			towns = append(towns, t.Code)
		}
	}
	var gs []sellerOriginGroup
	for _, t := range towns {
		town, err := h.Regions.Region(ctx, t)
		if err != nil {
			return nil, err
		}
		g := sellerOriginGroup{Town: town}
		if only := villagesOf[t]; only != nil {
			for _, v := range only {
				vr, err := h.Regions.Region(ctx, v)
				if err != nil {
					return nil, err
				}
				g.Villages = append(g.Villages, vr)
			}
		} else {
			vs, err := h.Regions.Children(ctx, t)
			if err != nil {
				return nil, err
			}
			for _, v := range vs {
				g.Villages = append(g.Villages, v.Region)
			}
		}
		gs = append(gs, g)
	}
	return gs, nil
}

func sellerHasOrigin(gs []sellerOriginGroup, c region.Code) bool {
	for _, g := range gs {
		for _, v := range g.Villages {
			if v.Code == c {
				return true
			}
		}
	}
	return false
}

// sellerChanges returns a product's history with the names of who acted, for
// whom and through which station.
func (h *Handler) sellerChanges(ctx context.Context, a accounts.Actor, productID int64) ([]sellerChange, error) {
	chs, err := h.Catalog.History(ctx, a, productID)
	if err != nil {
		return nil, err
	}
	users := map[int64]accounts.User{}
	orgs := map[int64]i18n.Text{}
	points := map[int64]i18n.Text{}
	out := make([]sellerChange, len(chs))
	for i, ch := range chs {
		v := sellerChange{At: ch.At, Action: ch.Action}
		if ch.ActorID != 0 {
			u, ok := users[ch.ActorID]
			if !ok {
				if u, err = h.Accounts.Store.User(ctx, ch.ActorID); err != nil {
					return nil, err
				}
				users[ch.ActorID] = u
			}
			v.Who, v.Role = u.Name, u.Role
			if v.Who == "" {
				v.Who = u.Email
			}
		}
		if _, ok := orgs[ch.OrgID]; !ok {
			o, err := h.OrgStore.OrganizationByID(ctx, ch.OrgID)
			if err != nil {
				return nil, err
			}
			orgs[ch.OrgID] = o.Name
		}
		v.For = orgs[ch.OrgID]
		if ch.PointID != 0 {
			if _, ok := points[ch.PointID]; !ok {
				pt, err := h.Points.ServicePointByID(ctx, ch.PointID)
				if err != nil {
					return nil, err
				}
				points[ch.PointID] = pt.Name
			}
			v.Via = points[ch.PointID]
		}
		out[i] = v
	}
	return out, nil
}
