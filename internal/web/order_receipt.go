package web

import (
	"context"
	"net/http"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/money"
	"maeul/internal/network"
	"maeul/internal/orders"
	"maeul/internal/org"
	"maeul/internal/payments"
	"maeul/internal/region"
)

// receiptData is an order's printable receipt.
type receiptData struct {
	Order    orders.Order
	Org      org.Organization
	OrgPlace []region.Region
	Place    []region.Region
	Point    *network.ServicePoint
	Payment  payments.Record
	Kept     money.Fen
	Printed  time.Time
	// Impact is what the order added to poor households' income.
	Impact *orderImpactView
	// BuyerLang is the language the buyer checked out in.
	BuyerLang i18n.Lang
}

// orderReceipt shows an order's printable receipt to those who may see
// the order (its buyer, its seller, the pick-up station, overseers), in
// the language of the person reading it, with a link to it in the
// buyer's language when that differs (a seller printing it for the
// parcel). Amounts are in yuan (¥); the receipt names the
// seller and the address. An unpaid order has no receipt (a Conflict).
func (h *Handler) orderReceipt(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := orderID(r)
	if err != nil {
		return err
	}
	a := accounts.ActorFrom(ctx)
	o, err := h.Orders.View(ctx, a, id)
	if err != nil {
		return err
	}
	pay, err := h.Orders.OrderPayment(ctx, a, o)
	if err != nil {
		return err
	}
	if pay.Status != payments.Paid {
		return errs.E(errs.Conflict, "err.web.no_receipt", id)
	}
	d := receiptData{Order: o, Payment: pay, Kept: o.Total - o.Refunded, Printed: h.Now()}
	if d.BuyerLang, err = h.buyerLang(ctx, o); err != nil {
		return err
	}
	if d.Org, err = h.OrgStore.OrganizationByID(ctx, o.OrgID); err != nil {
		return err
	}
	if d.OrgPlace, err = h.placeNames(ctx, d.Org.Region); err != nil {
		return err
	}
	if d.Place, err = h.placeNames(ctx, o.Address.Region); err != nil {
		return err
	}
	if d.Point, err = h.orderPoint(ctx, o); err != nil {
		return err
	}
	if d.Impact, err = h.orderImpact(ctx, accounts.ActorFrom(ctx), o.ID, true); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return h.render(w, r, http.StatusOK, "order_receipt", page{Title: h.cat.T(langFrom(r), "receipt.title", o.ID), Data: d})
}

// buyerLang returns the language the buyer checked out in, or else the
// one chosen on the buyer's account.
func (h *Handler) buyerLang(ctx context.Context, o orders.Order) (i18n.Lang, error) {
	if l, ok := i18n.Parse(string(o.Lang)); ok {
		return l, nil
	}
	u, err := h.Accounts.Store.User(ctx, o.BuyerID)
	if err != nil {
		return "", err
	}
	if l, ok := i18n.Parse(string(u.Lang)); ok {
		return l, nil
	}
	return i18n.Default, nil
}
