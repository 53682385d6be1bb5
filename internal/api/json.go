package api

import (
	"strconv"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/i18n"
	"maeul/internal/money"
	"maeul/internal/network"
	"maeul/internal/orders"
	"maeul/internal/org"
	"maeul/internal/payments"
	"maeul/internal/photo"
	"maeul/internal/promo"
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
	Sale        *saleJSON       `json:"sale,omitempty"`
	InStock     bool            `json:"in_stock"`
	Stock       int             `json:"stock"`
	Labels      []catalog.Label `json:"labels"`
	Photo       *photoJSON      `json:"photo"`
	Hidden      bool            `json:"hidden"`
}

// saleJSON is what a promotion makes a product cost now.
type saleJSON struct {
	PriceFen     money.Fen `json:"price_fen"`
	ListPriceFen money.Fen `json:"list_price_fen"`
	Kind         string    `json:"kind"` // flash_sale or special_price
	EndsAt       time.Time `json:"ends_at"`
}

// saleOf returns the JSON of a sale, nil when no promotion lowers the
// price.
func saleOf(s catalog.Sale) *saleJSON {
	if !s.On() {
		return nil
	}
	j := &saleJSON{PriceFen: s.Price, ListPriceFen: s.List, Kind: "special_price", EndsAt: s.Ends}
	if s.Flash {
		j.Kind = "flash_sale"
	}
	return j
}

// productPageJSON is one page of a product listing.
type productPageJSON struct {
	Items []productSummaryJSON `json:"items"`
	Total int                  `json:"total"`
	// TotalCapped: more products match than total, which is the count's
	// bound (catalog.ListingCountBound).
	TotalCapped bool   `json:"total_capped,omitempty"`
	NextCursor  string `json:"next_cursor,omitempty"`
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
	Sale         *saleJSON         `json:"sale,omitempty"`
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

// The buying and selling shapes. Money is integer fen in fields named
// *_fen; dates of bookings are YYYY-MM-DD.

type cartItemJSON struct {
	SKU          string       `json:"sku"`
	ProductCode  string       `json:"product_code"`
	Name         i18n.Text    `json:"name"`
	Variant      i18n.Text    `json:"variant"`
	OrgCode      string       `json:"org_code"`
	Qty          int          `json:"qty"`
	BookingDate  string       `json:"booking_date,omitempty"`
	UnitPriceFen money.Fen    `json:"unit_price_fen"`
	ListPriceFen money.Fen    `json:"list_price_fen"`
	PriceSource  promo.Source `json:"price_source"`
	LineTotalFen money.Fen    `json:"line_total_fen"`
}

type cartStoreJSON struct {
	OrgCode     string    `json:"org_code"`
	SubtotalFen money.Fen `json:"subtotal_fen"`
	ShippingFen money.Fen `json:"shipping_fen"`
	DiscountFen money.Fen `json:"discount_fen"`
	TotalFen    money.Fen `json:"total_fen"`
}

type problemJSON struct {
	SKU    string `json:"sku,omitempty"`
	Field  string `json:"field"`
	Reason string `json:"reason"`
	// Message is the problem in the language of the request's
	// Accept-Language, as an error's message is.
	Message string `json:"message"`
}

type cartJSON struct {
	Items    []cartItemJSON  `json:"items"`
	Stores   []cartStoreJSON `json:"stores"`
	TotalFen money.Fen       `json:"total_fen"`
	Problems []problemJSON   `json:"problems"`
}

type addressJSON struct {
	Name       string      `json:"name"`
	Phone      string      `json:"phone"`
	RegionCode region.Code `json:"region_code"`
	Detail     string      `json:"detail"`
}

type orderLineJSON struct {
	ID           int64        `json:"id"`
	SKU          string       `json:"sku"`
	ProductCode  string       `json:"product_code"`
	Name         i18n.Text    `json:"name"`
	Variant      i18n.Text    `json:"variant"`
	Qty          int          `json:"qty"`
	UnitPriceFen money.Fen    `json:"unit_price_fen"`
	ListPriceFen money.Fen    `json:"list_price_fen"`
	PriceSource  promo.Source `json:"price_source"`
	DiscountFen  money.Fen    `json:"discount_fen"`
	BookingDate  string       `json:"booking_date,omitempty"`
	RefundedQty  int          `json:"refunded_qty"`
	RefundedFen  money.Fen    `json:"refunded_fen"`
}

type orderEventJSON struct {
	From    orders.Status `json:"from"`
	To      orders.Status `json:"to"`
	ActorID int64         `json:"actor_id,omitempty"`
	Note    string        `json:"note"`
	At      time.Time     `json:"at"`
}

type orderJSON struct {
	ID          int64               `json:"id"`
	CheckoutID  int64               `json:"checkout_id"`
	OrgCode     string              `json:"org_code"`
	Status      orders.Status       `json:"status"`
	RefundState string              `json:"refund_state"`
	Delivery    orders.DeliveryKind `json:"delivery"`
	PointCode   string              `json:"point_code,omitempty"`
	Address     addressJSON         `json:"address"`
	Lines       []orderLineJSON     `json:"lines"`
	SubtotalFen money.Fen           `json:"subtotal_fen"`
	DiscountFen money.Fen           `json:"discount_fen"`
	ShippingFen money.Fen           `json:"shipping_fen"`
	TotalFen    money.Fen           `json:"total_fen"`
	RefundedFen money.Fen           `json:"refunded_fen"`
	Carrier     string              `json:"carrier"`
	Tracking    string              `json:"tracking"`
	ExpiresAt   time.Time           `json:"expires_at"`
	CreatedAt   time.Time           `json:"created_at"`
	Events      []orderEventJSON    `json:"events"`
}

// refundStateJSON names an order's refund state on the wire: "none"
// rather than the domain's empty string.
func refundStateJSON(s orders.RefundState) string {
	if s == orders.NotRefunded {
		return "none"
	}
	return string(s)
}

func dayJSON(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return orders.DayKey(t)
}

// toOrder renders an order; orgCode and pointCode are its store's and
// pick-up point's codes.
func toOrder(o orders.Order, orgCode, pointCode string) orderJSON {
	out := orderJSON{
		ID: o.ID, CheckoutID: o.GroupID, OrgCode: orgCode, Status: o.Status, RefundState: refundStateJSON(o.RefundState),
		Delivery: o.Delivery, PointCode: pointCode,
		Address:     addressJSON{Name: o.Address.Name, Phone: o.Address.Phone, RegionCode: o.Address.Region, Detail: o.Address.Detail},
		Lines:       make([]orderLineJSON, 0, len(o.Lines)),
		SubtotalFen: o.Subtotal, DiscountFen: o.Discount, ShippingFen: o.Shipping, TotalFen: o.Total, RefundedFen: o.Refunded,
		Carrier: o.Carrier, Tracking: o.Tracking, ExpiresAt: o.ExpiresAt, CreatedAt: o.CreatedAt,
		Events: make([]orderEventJSON, 0, len(o.Events)),
	}
	for _, l := range o.Lines {
		out.Lines = append(out.Lines, orderLineJSON{
			ID: l.ID, SKU: l.SKU, ProductCode: l.ProductCode, Name: l.Name, Variant: l.VariantName, Qty: l.Qty,
			UnitPriceFen: l.UnitPrice, ListPriceFen: l.ListPrice, PriceSource: l.Source, DiscountFen: l.Discount,
			BookingDate: dayJSON(l.BookingDate), RefundedQty: l.RefundedQty, RefundedFen: l.Refunded,
		})
	}
	for _, e := range o.Events {
		out.Events = append(out.Events, orderEventJSON{From: e.From, To: e.To, ActorID: e.ActorID, Note: e.Note, At: e.At})
	}
	return out
}

type paymentJSON struct {
	Ref       string          `json:"ref"`
	Method    payments.Method `json:"method"`
	AmountFen money.Fen       `json:"amount_fen"`
	Status    string          `json:"status"`
	PayURL    string          `json:"pay_url,omitempty"`
}

type checkoutJSON struct {
	CheckoutID int64       `json:"checkout_id"`
	TotalFen   money.Fen   `json:"total_fen"`
	Orders     []orderJSON `json:"orders"`
	Payment    paymentJSON `json:"payment"`
}

type refundLineJSON struct {
	LineID    int64     `json:"line_id"`
	Qty       int       `json:"qty"`
	AmountFen money.Fen `json:"amount_fen"`
}

type refundPlanJSON struct {
	Lines       []refundLineJSON `json:"lines"`
	ShippingFen money.Fen        `json:"shipping_fen"`
	TotalFen    money.Fen        `json:"total_fen"`
	Full        bool             `json:"full"`
}

func toRefundPlan(p orders.RefundPlan) refundPlanJSON {
	out := refundPlanJSON{Lines: make([]refundLineJSON, 0, len(p.Lines)), ShippingFen: p.Shipping, TotalFen: p.Total, Full: p.Full}
	for _, l := range p.Lines {
		out.Lines = append(out.Lines, refundLineJSON{LineID: l.LineID, Qty: l.Qty, AmountFen: l.Amount})
	}
	return out
}

type refundJSON struct {
	Refund refundPlanJSON `json:"refund"`
	Order  orderJSON      `json:"order"`
}

type stationPaymentJSON struct {
	Ref        string    `json:"ref"`
	CheckoutID int64     `json:"checkout_id"`
	AmountFen  money.Fen `json:"amount_fen"`
	Status     string    `json:"status"`
	PointCode  string    `json:"point_code"`
	BuyerName  string    `json:"buyer_name"`
	BuyerPhone string    `json:"buyer_phone"`
	OrderIDs   []int64   `json:"order_ids"`
	CreatedAt  time.Time `json:"created_at"`
	ExpiresAt  time.Time `json:"expires_at"`
}

type flashSaleJSON struct {
	ID           int64     `json:"id"`
	SKU          string    `json:"sku"`
	ProductCode  string    `json:"product_code"`
	Name         i18n.Text `json:"name"`
	Variant      i18n.Text `json:"variant"`
	PriceFen     money.Fen `json:"price_fen"`
	ListPriceFen money.Fen `json:"list_price_fen"`
	StartsAt     time.Time `json:"starts_at"`
	EndsAt       time.Time `json:"ends_at"`
	Cap          int       `json:"cap"`
	Sold         int       `json:"sold"`
	Left         int       `json:"left"`
	PerBuyer     int       `json:"per_buyer"`
	Live         bool      `json:"live"`
}

func toFlashSale(l promo.Listing, now time.Time) flashSaleJSON {
	return flashSaleJSON{
		ID: l.ID, SKU: l.SKU, ProductCode: l.ProductCode, Name: l.Name, Variant: l.VariantName,
		PriceFen: l.Price, ListPriceFen: l.ListPrice, StartsAt: l.Starts, EndsAt: l.Ends,
		Cap: l.Cap, Sold: l.Sold, Left: l.Left(), PerBuyer: l.PerBuyer, Live: l.Live(now),
	}
}

type specialPriceJSON struct {
	ID           int64     `json:"id"`
	SKU          string    `json:"sku"`
	PercentOffBP int64     `json:"percent_off_bp,omitempty"`
	PriceFen     money.Fen `json:"price_fen,omitempty"`
	StartsAt     time.Time `json:"starts_at"`
	EndsAt       time.Time `json:"ends_at"`
}

type couponJSON struct {
	Code         string    `json:"code"`
	OrgCode      string    `json:"org_code,omitempty"`
	AmountOffFen money.Fen `json:"amount_off_fen,omitempty"`
	PercentOffBP int64     `json:"percent_off_bp,omitempty"`
	MinSpendFen  money.Fen `json:"min_spend_fen"`
	TotalLimit   int       `json:"total_limit"`
	Used         int       `json:"used"`
	PerBuyer     int       `json:"per_buyer"`
	StartsAt     time.Time `json:"starts_at"`
	EndsAt       time.Time `json:"ends_at"`
}
