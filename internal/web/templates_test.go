package web

import (
	"testing"

	"maeul/internal/accounts"
	"maeul/internal/aftersales"
	"maeul/internal/catalog"
	"maeul/internal/i18n"
	"maeul/internal/impact"
	"maeul/internal/network"
	"maeul/internal/orders"
	"maeul/internal/org"
	"maeul/internal/parcels"
	"maeul/internal/payments"
	"maeul/internal/programme"
	"maeul/internal/region"
	"maeul/internal/stats"
)

// TestTemplateMessagesExist checks that every message key a template names,
// and every key it builds from an enumeration, exists in all languages.
func TestTemplateMessagesExist(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	prefixes := map[string][]string{}
	for _, r := range accounts.Roles {
		prefixes["role."] = append(prefixes["role."], string(r))
	}
	for _, k := range org.Kinds {
		prefixes["org.kind."] = append(prefixes["org.kind."], string(k))
	}
	for _, k := range network.Kinds {
		prefixes["point.kind."] = append(prefixes["point.kind."], string(k))
	}
	for _, l := range region.Levels {
		prefixes["level."] = append(prefixes["level."], string(l))
	}
	for _, l := range catalog.Labels {
		for _, p := range []string{"label.", "label.short.", "label.about."} {
			prefixes[p] = append(prefixes[p], string(l))
		}
	}
	for _, s := range sorts {
		prefixes["shop.sort."] = append(prefixes["shop.sort."], string(s))
	}
	// The seller back office: labels, kinds, and the actions of a
	// product's change history.
	for _, l := range catalog.Labels {
		prefixes["seller.label."] = append(prefixes["seller.label."], string(l))
	}
	prefixes["seller.kind."] = []string{string(catalog.Goods), string(catalog.Tourism)}
	prefixes["seller.action."] = []string{"save", "hide", "show", "add_photo", "remove_photo"}
	// Buying: order and payment states, the order lists' tabs, who acted.
	for _, st := range orders.Statuses {
		for _, p := range []string{"order.status.", "order.step."} {
			prefixes[p] = append(prefixes[p], string(st))
		}
	}
	prefixes["order.explain."] = prefixes["order.status."]
	prefixes["order.refund."] = []string{string(orders.PartiallyRefunded), string(orders.FullyRefunded)}
	prefixes["order.reason."] = cancelReasons
	prefixes["order.who."] = []string{"buyer", "seller", "station", "admin", "system"}
	prefixes["orders.tab."] = buyerTabs
	for _, t := range sellerTabs {
		prefixes["seller.orders.tab."] = append(prefixes["seller.orders.tab."], t.Key)
	}
	for _, k := range aftersales.Kinds {
		prefixes["aftersales.kind."] = append(prefixes["aftersales.kind."], string(k))
	}
	for _, r := range aftersales.Reasons {
		prefixes["aftersales.reason."] = append(prefixes["aftersales.reason."], string(r))
	}
	prefixes["pay.method."] = []string{string(payments.Sandbox), string(payments.StationCash)}
	prefixes["pay.status."] = []string{"pending", "paid", "expired", "cancelled"}
	prefixes["paid.title."] = []string{"paid", "waiting", "cash", "closed"}
	// Impact: the period selector, households, links, payouts, the ledger.
	prefixes["impact.period."] = impact.RelativePeriods
	prefixes["households.status."] = []string{string(impact.Poor), string(impact.Lifted)}
	for _, k := range []impact.LinkKind{impact.Supplier, impact.Member, impact.Pool} {
		prefixes["links.kind."] = append(prefixes["links.kind."], string(k))
	}
	prefixes["links.kind_hint."] = prefixes["links.kind."]
	prefixes["links.state."] = []string{"live", "ended", "future"}
	for _, p := range []string{"statement.method.", "statement.pay.", "statement.pay.ref."} {
		prefixes[p] = []string{impact.Bank, impact.Cash}
	}
	prefixes["ledger.kind."] = ledgerKinds
	// The programme registers' badges and event pages.
	for k, vals := range programme.TemplateKeys() {
		prefixes[k] = vals
	}
	for _, c := range stats.OutsideChannels {
		prefixes["stats.channel."] = append(prefixes["stats.channel."], string(c))
	}
	// Parcels: states, deliveries and the kinds of leg of a timeline.
	for _, st := range parcels.States {
		prefixes["parcel.state."] = append(prefixes["parcel.state."], string(st))
	}
	for _, d := range parcels.Deliveries {
		prefixes["parcel.delivery."] = append(prefixes["parcel.delivery."], string(d))
	}
	for _, k := range parcels.LegKinds {
		prefixes["parcel.leg."] = append(prefixes["parcel.leg."], string(k))
	}
	problems, checked, err := MissingMessages(cat, templateFiles, prefixes)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
	if checked < 60 {
		t.Errorf("found only %d message keys in the templates; is the pattern stale?", checked)
	}
}

func TestTemplatesParse(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	st, err := loadAssets()
	if err != nil {
		t.Fatal(err)
	}
	ts, err := loadTemplates(cat, st)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"home", "error", "signin", "signup", "account", "admin_region", "admin_org", "admin_users",
		"search", "category", "product", "product_missing", "store", "village", "county",
		"cart", "checkout", "checkout_paid", "orders", "order", "order_receipt", "seller_orders", "seller_order", "seller_promotions", "station_payments",
		"impact", "households", "household_statement", "seller_links", "seller_dividends", "auditor_ledger", "auditor_verify"} {
		if _, ok := ts.pages[want]; !ok {
			t.Errorf("no template for page %q", want)
		}
	}
}

// TestBuyingMessagesExist checks the message keys the buying pages build
// in Go: the cart's problems and refusals, checkout's refusals and coupon
// problems, and the notices of the order actions.
func TestBuyingMessagesExist(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	// Each reason the order service refuses an item for is a message, and
	// the product page's notice for it too.
	for reason, k := range refusals {
		keys = append(keys, reason, "cart.refused."+k)
	}
	keys = append(keys, "cart.problem.gone")
	keys = append(keys, "cart.refused.other", "cart.notice.added")
	for _, f := range []string{"name", "phone", "region", "detail", "pickup", "payment", "cart", "coupon", "items", "conflict"} {
		keys = append(keys, "checkout.err."+f)
	}
	for _, n := range []string{"packed", "shipped", "delivered", "refunded"} {
		keys = append(keys, "seller.orders.notice."+n)
	}
	for _, e := range []string{"tracking", "refund_qty", "refund_reason", "refund_changed"} {
		keys = append(keys, "seller.orders.err."+e)
	}
	keys = append(keys, "order.notice.cancelled", "order.notice.completed", "station.pay.notice.confirmed",
		"station.pay.notice.collected", "station.pay.title", "receipt.title", "orders.title", "promo.flash_sale", "promo.seller.title")
	for _, k := range []string{"flash", "special", "coupon"} {
		keys = append(keys, "promo.notice."+k)
	}
	for _, k := range keys {
		for _, l := range i18n.Langs {
			if !cat.Has(l, k) {
				t.Errorf("message %q missing in %s", k, l)
			}
		}
	}
}
