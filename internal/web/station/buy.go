package station

import (
	"context"
	"net/http"
	"strings"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/money"
	"maeul/internal/network"
	"maeul/internal/orders"
	"maeul/internal/region"
	"maeul/internal/web"
)

// buyData is the assisted buying page: a product search, the station's
// cart for the villager, and the villager's name, phone and village.
type buyData struct {
	Point    network.ServicePoint
	Own      bool
	Q        string
	Found    []catalog.Product
	Lines    []buyLine
	Total    money.Fen
	Ready    bool
	Villages []region.Region
	Form     orders.Villager
	// Problem is a refused form's message, shown above the forms.
	Problem string
}

// buyLine is one line of the station's cart.
type buyLine struct {
	orders.Line
	Problem string
}

// maxFound is how many products a search on the page shows.
const maxFound = 8

// buy shows the assisted buying page (?q= searches the products on sale).
// Only a station's operators buy for villagers (Forbidden otherwise).
func (h *Handler) buy(w http.ResponseWriter, r *http.Request) error {
	d, err := h.buyPage(r, orders.Villager{})
	if err != nil {
		return err
	}
	return h.renderBuy(w, r, http.StatusOK, d)
}

// buyPage reads the page for the operator, with the villager's form as
// given.
func (h *Handler) buyPage(r *http.Request, v orders.Villager) (buyData, error) {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	if err := a.Require(a.Role == accounts.StationOperator && a.ServicePointID != 0, "act.buy_for_villager", ""); err != nil {
		return buyData{}, err
	}
	pt, err := h.Points.ServicePointByID(ctx, a.ServicePointID)
	if err != nil {
		return buyData{}, err
	}
	d := buyData{Point: pt, Own: true, Q: strings.TrimSpace(r.URL.Query().Get("q")), Form: v}
	if d.Villages, err = h.villages(ctx, pt); err != nil {
		return d, err
	}
	if d.Form.Village == "" && len(d.Villages) > 0 {
		d.Form.Village = d.Villages[0].Code
	}
	if d.Q != "" {
		pg, err := h.Products.Search(ctx, catalog.Query{Text: d.Q, Kind: catalog.Goods, InStock: true, Limit: maxFound, SkipTotal: true})
		if err != nil {
			return d, err
		}
		for _, s := range pg.Items {
			p, err := h.Products.Product(ctx, s.Code)
			if err != nil {
				return d, err
			}
			d.Found = append(d.Found, p)
		}
	}
	q, _, err := h.Orders.Cart(ctx, a, orders.AssistedCart(a))
	if err != nil {
		return d, err
	}
	problems := map[int64]string{}
	for _, p := range q.Problems {
		problems[p.VariantID] = h.Message(r, p.Err)
	}
	for _, o := range q.Orders {
		for _, l := range o.Lines {
			d.Lines = append(d.Lines, buyLine{Line: l, Problem: problems[l.VariantID]})
		}
	}
	d.Total, d.Ready = q.Total, q.OK()
	return d, nil
}

// villages returns the villages and towns the station serves, its own
// region first when it serves no list.
func (h *Handler) villages(ctx context.Context, pt network.ServicePoint) ([]region.Region, error) {
	codes := pt.Serves
	if len(codes) == 0 {
		codes = []region.Code{pt.Region}
	}
	var out []region.Region
	for _, c := range codes {
		if c.Level() != region.Village && c.Level() != region.Town {
			continue
		}
		rg, err := h.Regions.Region(ctx, c)
		if err != nil {
			return nil, err
		}
		out = append(out, rg)
	}
	return out, nil
}

// buyRefused shows the page again with the villager's form as sent and
// the refusal above it.
func (h *Handler) buyRefused(w http.ResponseWriter, r *http.Request, v orders.Villager, refusal error) error {
	d, err := h.buyPage(r, v)
	if err != nil {
		return err
	}
	d.Problem = h.Message(r, refusal)
	return h.renderBuy(w, r, http.StatusUnprocessableEntity, d)
}

func (h *Handler) renderBuy(w http.ResponseWriter, r *http.Request, status int, d buyData) error {
	return h.Render(w, r, status, "station_buy", web.Page{Title: h.T(r, "station.buy.title"), NavArea: "station", Data: d})
}
