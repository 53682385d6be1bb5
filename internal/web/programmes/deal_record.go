package programmes

import (
	"net/http"
	"net/url"
	"strconv"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/money"
	"maeul/internal/programme"
)

// dealRecord records a deal signed at an event; the amount is in yuan.
func (h *Handler) dealRecord(w http.ResponseWriter, r *http.Request) error {
	e, err := h.Programme.Event(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	f := dealForm{Seller: r.PostFormValue("seller"), Buyer: r.PostFormValue("buyer"), BuyerName: r.PostFormValue("buyer_name"),
		Amount: r.PostFormValue("amount"), Goods: r.PostFormValue("goods"), Ref: r.PostFormValue("ref")}
	nd := programme.NewDeal{BuyerName: f.BuyerName, Goods: f.Goods, Ref: f.Ref}
	nd.SellerID, _ = strconv.ParseInt(f.Seller, 10, 64)
	nd.BuyerID, _ = strconv.ParseInt(f.Buyer, 10, 64)
	if nd.Amount, err = money.Parse(f.Amount); err != nil {
		err = errs.Field("amount", "err.programme.deal_amount", programme.MaxDeal.String())
	}
	if err == nil {
		_, err = h.Programme.RecordDeal(r.Context(), accounts.ActorFrom(r.Context()), e, nd)
	}
	if refused(err) {
		return h.renderEvent(w, r, http.StatusUnprocessableEntity, f, h.Message(r, err))
	}
	if err != nil {
		return err
	}
	return back(w, r, "/admin/programmes/events/"+url.PathEscape(e.Code))
}
