package orders

import (
	"context"
	"fmt"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/network"
	"maeul/internal/payments"
	"maeul/internal/region"
)

// Assisted buying: a station operator buys for a villager who cannot use
// the mall, from the station's own cart, through the one checkout path.
// Every order is picked up at the station, the villager's name and phone
// are the address, and the villager pays the operator in cash there and
// then.

// AssistedCart names the cart an operator fills for villagers, apart from
// the operator's own shopping cart.
func AssistedCart(by accounts.Actor) string { return fmt.Sprintf("s:%d", by.ID) }

// Villager is whom an assisted order is for.
type Villager struct {
	Name  string
	Phone string
	// Village is where the villager lives: a village or town the station
	// serves.
	Village region.Code
}

// BuyForVillager places the operator's assisted cart for v, every order
// picked up at the operator's station pt, and records the cash the
// villager pays at once. Only the point's own operators may (Forbidden
// otherwise); a village the station does not serve, or a cart with a
// problem, is refused as Place refuses it, and nothing is placed. Should
// the cash not be recorded after the placing (the database failing
// between the two), the checkout waits among the station's cash to
// confirm.
func (s *Service) BuyForVillager(ctx context.Context, by accounts.Actor, pt network.ServicePoint, v Villager, lang i18n.Lang) (Result, error) {
	if err := by.Require(by.Role == accounts.StationOperator && by.WorksAt(pt.ID, pt.Region), "act.buy_for_villager", pt.Code); err != nil {
		return Result{}, err
	}
	owner := AssistedCart(by)
	items, err := s.Store.CartItems(ctx, owner)
	if err != nil {
		return Result{}, err
	}
	in, _, err := s.quoteInput(ctx, by, items, "")
	if err != nil {
		return Result{}, err
	}
	c := Checkout{
		Address: Address{Name: v.Name, Phone: v.Phone, Region: v.Village, Detail: pt.Code},
		Choices: map[int64]Choice{}, Method: payments.StationCash, Lang: lang,
	}
	for _, o := range MakeQuote(in).Orders {
		if !o.Shippable() {
			return Result{}, errs.Field("cart", "err.orders.assisted_goods_only")
		}
		c.Choices[o.OrgID] = Choice{Delivery: Pickup, PointID: pt.ID}
	}
	res, err := s.Place(ctx, by, owner, c)
	if err != nil {
		return Result{}, err
	}
	if err := s.ConfirmCash(ctx, by, res.Payment.Ref); err != nil {
		return res, fmt.Errorf("orders.BuyForVillager: placed %s, cash not recorded: %w", res.Payment.Ref, err)
	}
	if res.Payment, err = s.Store.GroupPayment(ctx, res.GroupID); err != nil {
		return res, err
	}
	return res, nil
}
