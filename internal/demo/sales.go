package demo

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/impact"
	"maeul/internal/orders"
	"maeul/internal/payments"
)

// The demo's sales: a month of checkouts by a few demo buyers across the
// village stores, paid through the sandbox wallet (and one in cash at the
// Dongxing station), so that the ledger, the household statements and the
// impact pages have something to show. They are dated in the month before
// the demo is first loaded, in China time; most are fulfilled, two are
// partly refunded, and the month's dividends of two village stores are
// paid on the 2nd of the month the demo is loaded in, and some of a
// member household's in cash at the station.
// Everything goes through the real order and impact services, so the
// ledger verifies clean.

// SalesBuyers are the demo's buyers (password Password).
var SalesBuyers = []Account{
	{Email: "canteen@maeul.test", Name: "연길시 제1중학교 식당", Role: accounts.Shopper},
	{Email: "family@maeul.test", Name: "리정숙", Role: accounts.Shopper},
	{Email: "office@maeul.test", Name: "연변항공 후방부", Role: accounts.Shopper},
	{Email: "villager@maeul.test", Name: "김순희", Role: accounts.Shopper},
}

type saleItem struct {
	sku string
	qty int
}

// demoSale is one checkout: on a day of the month, at an hour in China,
// by SalesBuyers[buyer].
type demoSale struct {
	day, hour, buyer int
	items            []saleItem
	// pickup: collected and paid in cash at the Dongxing village station.
	pickup bool
	// refund: on the next day, one unit of the first item comes back.
	refund string
}

var demoSales = []demoSale{
	{day: 2, hour: 10, buyer: 0, items: []saleItem{{"WQ-DX-EGG-30", 2}, {"WQ-DX-VEG-5", 1}}},
	{day: 3, hour: 19, buyer: 1, items: []saleItem{{"YJ-LT-RICE-5", 2}, {"YJ-LT-EGG-30", 1}}, refund: "one bag of rice arrived torn"},
	{day: 4, hour: 12, buyer: 2, items: []saleItem{{"TM-JP-AP-5", 2}}},
	{day: 5, hour: 9, buyer: 0, items: []saleItem{{"WQ-DX-EGG-60", 1}, {"WQ-DX-MILLET-2", 2}}},
	{day: 6, hour: 21, buyer: 1, items: []saleItem{{"DH-LSS-HONEY-500", 1}, {"HC-HLFS-EGG-30", 1}}},
	{day: 8, hour: 11, buyer: 2, items: []saleItem{{"WQ-DXC-WOODEAR-500", 1}, {"WQ-XWQ-PINENUT-1", 1}}},
	{day: 9, hour: 20, buyer: 0, items: []saleItem{{"WQ-DX-EGG-30", 3}}, refund: "one tray of eggs arrived broken"},
	{day: 10, hour: 17, buyer: 3, items: []saleItem{{"WQ-DX-EGG-30", 1}, {"WQ-DX-VEG-5", 1}}, pickup: true},
	{day: 11, hour: 8, buyer: 1, items: []saleItem{{"HL-MY-EGG-30", 2}, {"AT-JLS-EGG-30", 1}}},
	{day: 12, hour: 13, buyer: 2, items: []saleItem{{"YJ-KIM-KIMCHI-1", 2}}},
	{day: 14, hour: 18, buyer: 0, items: []saleItem{{"WQ-DX-VEG-5", 1}, {"WQ-DX-WOODEAR-250", 1}}},
	{day: 15, hour: 10, buyer: 1, items: []saleItem{{"TM-JP-AP-10", 1}, {"WQ-XX-MILLET-2", 2}}},
	{day: 17, hour: 16, buyer: 2, items: []saleItem{{"YJ-LT-EGG-30", 2}}},
	{day: 19, hour: 9, buyer: 0, items: []saleItem{{"WQ-DX-EGG-30", 1}, {"WQ-DX-MILLET-2", 1}}},
	{day: 21, hour: 14, buyer: 1, items: []saleItem{{"WQ-DXC-WOODEAR-500", 2}}},
	{day: 23, hour: 20, buyer: 2, items: []saleItem{{"HC-HLFS-EGG-30", 2}, {"DH-LSS-HONEY-500", 1}}},
	{day: 25, hour: 11, buyer: 0, items: []saleItem{{"WQ-DX-EGG-60", 1}}},
	{day: 27, hour: 15, buyer: 1, items: []saleItem{{"YJ-LT-RICE-5", 1}, {"WQ-XWQ-PINENUT-1", 1}}},
}

// demoRuns are the dividend runs made for the month of sales: the store,
// and the demo account that runs it.
var demoRuns = []struct{ org, by string }{
	{"wq-dongxing-store", "seller-dongxing@maeul.test"},
	{"yj-laotou-store", "county-yanji@maeul.test"},
}

// The member household paid in cash at the Dongxing station after the
// dividends.
const (
	payoutHousehold = "222424100201-01"
	payoutStation   = "station-dongxing@maeul.test"
)

// buyerHome is where the demo buyers live; villagerHome the Dongxing
// villager who collects at the station.
var (
	buyerHome    = orders.Address{Name: "리정숙", Phone: "13944331234", Region: "222401100201", Detail: "연길시 의란진 로두촌 2조 8호"}
	villagerHome = orders.Address{Name: "김순희", Phone: "13843305678", Region: "222424100201", Detail: "왕청현 동광진 동흥촌 1조 3호"}
)

// loadSales places the demo's sales, once: a database whose first demo
// buyer has orders has them already, and is left as it is.
func loadSales(ctx context.Context, st Store, accts *accounts.Service, imp *impact.Service) error {
	now := time.Now()
	if accts.Now != nil {
		now = accts.Now()
	}
	buyers := make([]accounts.Actor, len(SalesBuyers))
	for i, a := range SalesBuyers {
		u, _, err := st.UserByEmail(ctx, a.Email)
		if errs.Is(err, errs.NotFound) {
			u, err = accts.AddUser(ctx, accounts.SystemActor, accounts.NewUser{Email: a.Email, Name: a.Name, Password: Password, Role: a.Role, Lang: i18n.Ko})
		}
		if err != nil {
			return fmt.Errorf("demo sales: buyer %s: %w", a.Email, err)
		}
		buyers[i] = accounts.Actor{User: u}
	}
	if os, err := st.Orders(ctx, orders.Filter{BuyerID: buyers[0].ID, Limit: 1}); err != nil {
		return fmt.Errorf("demo sales: %w", err)
	} else if len(os) > 0 {
		return nil
	}
	actor := func(email string) (accounts.Actor, error) {
		u, _, err := st.UserByEmail(ctx, email)
		return accounts.Actor{User: u}, err
	}
	station, err := actor(payoutStation)
	if err != nil {
		return fmt.Errorf("demo sales: %w", err)
	}
	month := impact.MonthPeriod(now).Previous()
	var at time.Time
	wallet := &payments.Wallet{Secret: []byte("maeul demo wallet")}
	svc := &orders.Service{
		Store: st, Orgs: st, Points: st, Logger: slog.New(slog.DiscardHandler),
		Providers: map[payments.Method]payments.Provider{
			payments.Sandbox:     &payments.SandboxProvider{Wallet: wallet},
			payments.StationCash: payments.Cash{},
		},
		Now: func() time.Time { return at },
	}
	point, err := st.ServicePointByID(ctx, station.ServicePointID)
	if err != nil {
		return fmt.Errorf("demo sales: %w", err)
	}
	for i, s := range demoSales {
		at = month.From().Add(time.Duration(24*(s.day-1)+s.hour) * time.Hour)
		buyer := buyers[s.buyer]
		owner := orders.CartOwner(buyer, "")
		var first int64
		for j, it := range s.items {
			p, err := st.VariantBySKU(ctx, it.sku)
			if err != nil {
				return fmt.Errorf("demo sale %d: %s: %w", i+1, it.sku, err)
			}
			if j == 0 {
				first = p.Variants[0].ID
			}
			if err := svc.Set(ctx, buyer, owner, orders.CartItem{VariantID: p.Variants[0].ID, Qty: it.qty}); err != nil {
				return fmt.Errorf("demo sale %d: %s: %w", i+1, it.sku, err)
			}
		}
		c := orders.Checkout{Address: buyerHome, Method: payments.Sandbox, Lang: i18n.Ko}
		if s.pickup {
			c.Address, c.Method = villagerHome, payments.StationCash
			c.Choices = map[int64]orders.Choice{}
			for _, it := range s.items {
				p, _ := st.VariantBySKU(ctx, it.sku)
				c.Choices[p.OrgID] = orders.Choice{Delivery: orders.Pickup, PointID: point.ID}
			}
		}
		r, err := svc.Place(ctx, buyer, owner, c)
		if err != nil {
			return fmt.Errorf("demo sale %d: %w", i+1, err)
		}
		if s.pickup {
			err = svc.ConfirmCash(ctx, station, r.Payment.Ref)
		} else {
			n := wallet.Pay(payments.Payment{Ref: r.Payment.Ref, Amount: r.Payment.Amount})
			_, err = svc.Notified(ctx, payments.Verified{Notice: n, Nonce: fmt.Sprintf("demo-sale-%d", i+1), At: at})
		}
		if err != nil {
			return fmt.Errorf("demo sale %d: paying: %w", i+1, err)
		}
		// Orders of the month's last week wait to be packed; the others
		// are fulfilled.
		for _, id := range r.OrderIDs {
			if err := fulfil(ctx, svc, station, buyer, id, s.day < 24); err != nil {
				return fmt.Errorf("demo sale %d: %w", i+1, err)
			}
		}
		if s.refund != "" {
			at = at.Add(24 * time.Hour)
			if err := refundOne(ctx, svc, r.OrderIDs, first, s.refund); err != nil {
				return fmt.Errorf("demo sale %d: %w", i+1, err)
			}
		}
	}
	// The dividends are paid on the morning of the 2nd (or now, if that is
	// earlier), and the payout made at the station then.
	at = month.To().Add(34 * time.Hour)
	if at.After(now) {
		at = now
	}
	runs := *imp
	runs.Now = func() time.Time { return at }
	for _, run := range demoRuns {
		by, err := actor(run.by)
		if err != nil {
			return fmt.Errorf("demo dividends: %w", err)
		}
		if _, err := runs.ExecuteDividends(ctx, by, run.org, month.Text); err != nil {
			return fmt.Errorf("demo dividends of %s: %w", run.org, err)
		}
	}
	h, err := st.Household(ctx, payoutHousehold)
	if err != nil {
		return fmt.Errorf("demo payout: %w", err)
	}
	bal, err := st.AccountBalance(ctx, impact.HouseholdAccount(h.ID))
	if err != nil {
		return fmt.Errorf("demo payout: %w", err)
	}
	if bal >= 2 {
		_, err = runs.PayOut(ctx, station, impact.PayoutRequest{Household: h.Code, Amount: bal / 2, Method: impact.Cash,
			Reference: "DX-" + month.Text + "-0001"})
		if err != nil {
			return fmt.Errorf("demo payout: %w", err)
		}
	}
	return nil
}

// fulfil moves a paid demo order on: packed and shipped, and when done,
// delivered (collected at the station, for a pick-up) and completed by
// its buyer.
func fulfil(ctx context.Context, svc *orders.Service, station, buyer accounts.Actor, id int64, done bool) error {
	if !done {
		return nil
	}
	o, err := svc.Store.Order(ctx, id)
	if err != nil {
		return err
	}
	by := accounts.SystemActor
	if err := svc.Pack(ctx, by, id); err != nil {
		return err
	}
	carrier, tracking := "EMS", fmt.Sprintf("EM%09dCN", 100000000+id)
	if o.Delivery == orders.Pickup {
		carrier, tracking = "", ""
	}
	if err := svc.Ship(ctx, by, id, carrier, tracking); err != nil {
		return err
	}
	if o.Delivery == orders.Pickup {
		by = station
	}
	if err := svc.Deliver(ctx, by, id); err != nil {
		return err
	}
	return svc.Complete(ctx, buyer, id)
}

// refundOne refunds one unit of the line of variant among the orders.
func refundOne(ctx context.Context, svc *orders.Service, ids []int64, variant int64, reason string) error {
	for _, id := range ids {
		o, err := svc.Store.Order(ctx, id)
		if err != nil {
			return err
		}
		for _, l := range o.Lines {
			if l.VariantID == variant {
				_, err := svc.Refund(ctx, accounts.SystemActor, id, map[int64]int{l.ID: 1}, false, reason)
				return err
			}
		}
	}
	return fmt.Errorf("no line of variant %d to refund", variant)
}
