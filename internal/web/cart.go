package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/money"
	"maeul/internal/orders"
	"maeul/internal/org"
	"maeul/internal/promo"
)

// This file holds the cart: whose it is (a signed-in buyer's, or a guest's
// named by a cookie until sign-in merges it), its page, and what the cart
// and checkout pages share.

// CartCookie holds a guest's cart id: 32 random hex digits.
const CartCookie = "maeul_cart"

// guestCartLifetime is how long a guest's cart is remembered.
const guestCartLifetime = 30 * 24 * time.Hour

// guestCartID returns the guest cart id of the request's cookie, "" when
// there is none or it is malformed.
func guestCartID(r *http.Request) string {
	c, err := r.Cookie(CartCookie)
	if err != nil || len(c.Value) != 32 {
		return ""
	}
	if _, err := hex.DecodeString(c.Value); err != nil {
		return ""
	}
	return c.Value
}

// cartOwner names the request's cart: a signed-in buyer's own, or a
// guest's by its cookie. With create, a guest without a cart gets a new
// cookie; without, such a guest's owner is "" (no cart).
func (h *Handler) cartOwner(w http.ResponseWriter, r *http.Request, create bool) string {
	a := accounts.ActorFrom(r.Context())
	if a.ID != 0 {
		return orders.CartOwner(a, "")
	}
	id := guestCartID(r)
	if id == "" {
		if !create {
			return ""
		}
		b := make([]byte, 16)
		rand.Read(b)
		id = hex.EncodeToString(b)
		h.setCookie(w, CartCookie, id, guestCartLifetime)
	}
	return orders.CartOwner(a, id)
}

// adoptGuestCart moves the guest cart of the request's cookie into u's
// cart as u signs in, and forgets the cookie. A failure is logged here and
// signing in goes on: the guest's items stay in the cookie's cart.
func (h *Handler) adoptGuestCart(w http.ResponseWriter, r *http.Request, u accounts.User) {
	id := guestCartID(r)
	if id == "" || h.Orders == nil {
		return
	}
	if err := h.Orders.MergeGuestCart(r.Context(), accounts.Actor{User: u}, id); err != nil {
		h.Logger.Error("merging the guest cart", "user_id", u.ID, "err", err)
		return
	}
	h.setCookie(w, CartCookie, "", -time.Second)
}

// cartCount returns how many items the request's cart holds, for the
// header; a failure is logged and counts as an empty cart, so that no
// page fails for its header.
func (h *Handler) cartCount(r *http.Request) int {
	if h.Orders == nil {
		return 0
	}
	owner := h.cartOwner(nil, r, false)
	if owner == "" {
		return 0
	}
	items, err := h.Orders.Store.CartItems(r.Context(), owner)
	if err != nil {
		h.Logger.Error("counting the cart", "err", err)
		return 0
	}
	return len(items)
}

// cartData is the cart page.
type cartData struct {
	Stores []cartStore
	// Gone are items no longer sold at all (archived variants).
	Gone  []cartLine
	Total money.Fen
	Units int
	// Ready reports whether checkout can go ahead: something to buy and
	// no problem.
	Ready    bool
	Problems int
	// Error is a change the buyer asked for and was refused, shown on the
	// line ErrorKey names, or above the cart when that is "".
	Error    string
	ErrorKey string
}

// cartStore is one store's part of the cart.
type cartStore struct {
	Org      org.Organization
	Lines    []cartLine
	Subtotal money.Fen
	Shipping money.Fen // home delivery
	Total    money.Fen
	// FreeOver is the subtotal from which home delivery is free (0 never);
	// Short what the lines lack to reach it.
	FreeOver money.Fen
	Short    money.Fen
}

// cartLine is one item of the cart as the buyer sees it.
type cartLine struct {
	VariantID   int64
	Day         string // the booking date, YYYY-MM-DD; "" for goods
	ProductCode string
	Name        i18n.Text
	VariantName i18n.Text
	Photo       string
	Tourism     bool
	Qty         int
	Max         int // the most the quantity input offers
	Unit        money.Fen
	List        money.Fen
	Source      promo.Source
	Total       money.Fen
	// Problem says, in the buyer's language, what stops this line; "" when
	// it can be bought.
	Problem string
}

// Key identifies the line in forms and anchors.
func (l cartLine) Key() string { return fmt.Sprintf("%d-%s", l.VariantID, l.Day) }

// Promoted reports whether the line is priced below its list price.
func (l cartLine) Promoted() bool { return l.Unit < l.List }

// Flash reports whether the line is priced by a flash sale.
func (l cartLine) Flash() bool { return l.Source == promo.Flash }

func lineKey(variantID int64, day time.Time) string {
	d := ""
	if !day.IsZero() {
		d = orders.DayKey(day)
	}
	return fmt.Sprintf("%d-%s", variantID, d)
}

// cart builds the cart page of owner for a in language l: every item
// grouped by store in the order stores first appear, priced as checkout
// will charge it (from the order service's quote), with each store's
// home-delivery shipping and what stops checkout, in words.
func (h *Handler) cart(ctx context.Context, l i18n.Lang, a accounts.Actor, owner string) (cartData, error) {
	var d cartData
	if owner == "" {
		return d, nil
	}
	q, items, err := h.Orders.Cart(ctx, a, owner)
	if err != nil {
		return d, err
	}
	if len(items) == 0 {
		return d, nil
	}
	now := h.Now()
	info, err := h.Orders.Store.Offerables(ctx, a.ID, items, now)
	if err != nil {
		return d, err
	}
	priced := map[string]orders.Line{}
	for _, o := range q.Orders {
		for _, ln := range o.Lines {
			priced[lineKey(ln.VariantID, ln.BookingDate)] = ln
		}
	}
	troubled := map[string]string{} // variant and day → the order service's words
	for _, p := range q.Problems {
		if p.VariantID != 0 {
			troubled[fmt.Sprintf("%d-%s", p.VariantID, p.Day)] = errs.MessageIn(p.Err, h.cat, l)
		}
	}
	index := map[int64]int{} // org → position in d.Stores
	var orgIDs []int64
	for _, it := range items {
		off, known := info[it.VariantID]
		ln := cartLine{VariantID: it.VariantID, Qty: it.Qty, Max: orders.MaxQty}
		if !it.BookingDate.IsZero() {
			ln.Day = orders.DayKey(it.BookingDate)
		}
		if !known {
			ln.Problem = h.cat.T(l, "cart.problem.gone")
			d.Gone = append(d.Gone, ln)
			d.Problems++
			continue
		}
		p, v := off.Product, off.Variant
		ln.ProductCode, ln.Name, ln.VariantName = p.Code, p.Name, v.Name
		ln.Tourism = p.Kind == catalog.Tourism
		if len(p.Photos) > 0 {
			ln.Photo = p.Photos[0].Key
		}
		if !ln.Tourism {
			ln.Max = max(1, min(orders.MaxQty, max(v.Stock, it.Qty)))
		}
		ln.List, ln.Unit = v.Price, v.Price
		if pl, ok := priced[lineKey(it.VariantID, it.BookingDate)]; ok {
			ln.Unit, ln.Source, ln.Total = pl.UnitPrice, pl.Source, pl.Total()
		} else {
			ln.Total = ln.Unit * money.Fen(ln.Qty)
			ln.Problem = troubled[fmt.Sprintf("%d-%s", it.VariantID, orders.DayKey(it.BookingDate))]
			if ln.Problem == "" {
				ln.Problem = h.cat.T(l, "cart.problem.gone")
			}
			d.Problems++
		}
		i, ok := index[p.OrgID]
		if !ok {
			i = len(d.Stores)
			index[p.OrgID] = i
			o, err := h.OrgStore.OrganizationByID(ctx, p.OrgID)
			if err != nil {
				return d, fmt.Errorf("web.cart: %w", err)
			}
			d.Stores = append(d.Stores, cartStore{Org: o})
			orgIDs = append(orgIDs, p.OrgID)
		}
		d.Stores[i].Lines = append(d.Stores[i].Lines, ln)
		d.Units += ln.Qty
	}
	terms, err := h.Orders.Store.StoreTerms(ctx, orgIDs)
	if err != nil {
		return d, err
	}
	for _, o := range q.Orders {
		i, ok := index[o.OrgID]
		if !ok {
			continue
		}
		s := &d.Stores[i]
		s.Subtotal, s.Shipping, s.Total = o.Subtotal, o.Shipping, o.Total
		if t := terms[o.OrgID]; t.FreeOver > 0 && o.Shipping > 0 && o.Subtotal < t.FreeOver {
			s.FreeOver, s.Short = t.FreeOver, t.FreeOver-o.Subtotal
		}
	}
	d.Total = q.Total
	d.Ready = q.OK()
	return d, nil
}

func (h *Handler) cartPage(w http.ResponseWriter, r *http.Request) error {
	return h.renderCart(w, r, http.StatusOK, "", "")
}

// renderCart shows the cart with status, and a refused change's message
// on the line named by key.
func (h *Handler) renderCart(w http.ResponseWriter, r *http.Request, status int, key, msg string) error {
	ctx := r.Context()
	l := langFrom(r)
	d, err := h.cart(ctx, l, accounts.ActorFrom(ctx), h.cartOwner(w, r, false))
	if err != nil {
		return err
	}
	d.Error = msg
	for _, s := range d.Stores {
		for _, ln := range s.Lines {
			if ln.Key() == key {
				d.ErrorKey = key
			}
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	return h.render(w, r, status, "cart", page{Title: h.cat.T(l, "cart.title"), NavArea: "cart", Data: d})
}
