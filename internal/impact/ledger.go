package impact

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"

	"maeul/internal/errs"
	"maeul/internal/money"
)

// Account names a ledger account. Amounts are signed: a posting credits an
// account with a positive amount and debits it with a negative one, and
// the postings of one transaction always sum to zero.
type Account string

// Sales is where buyers' money arrives from the payment providers.
const Sales Account = "sales"

// OrgRevenue is an organization's sales revenue.
func OrgRevenue(orgID int64) Account { return Account(fmt.Sprintf("org:%d:revenue", orgID)) }

// OrgPool is an organization's e-commerce dividend pool.
func OrgPool(orgID int64) Account { return Account(fmt.Sprintf("org:%d:pool", orgID)) }

// HouseholdAccount holds what a household has earned and not yet been paid
// out.
func HouseholdAccount(id int64) Account { return Account(fmt.Sprintf("hh:%d", id)) }

// PayoutAccount is where payouts go: "payout:bank" or "payout:cash".
func PayoutAccount(method string) Account { return Account("payout:" + method) }

// Kind tells why a posting was made.
type Kind string

// The kinds of posting.
const (
	KindSale     Kind = "sale"     // sales → organization revenue
	KindSupply   Kind = "supply"   // revenue → supplier household
	KindPool     Kind = "pool"     // revenue → dividend pool
	KindRefund   Kind = "refund"   // reversal of a line's postings
	KindDividend Kind = "dividend" // pool → member household
	KindPayout   Kind = "payout"   // household → bank or cash
)

// Posting is one line of a ledger transaction.
type Posting struct {
	Account     Account
	Amount      money.Fen // credit > 0, debit < 0
	Kind        Kind
	OrgID       int64
	HouseholdID int64
	LinkID      int64
}

// SaleLine is a paid order line as the ledger sees it.
type SaleLine struct {
	LineID    int64
	OrgID     int64
	ProductID int64
	VariantID int64
	Qty       int
	Net       money.Fen // after the line's coupon share
	PaidAt    time.Time
	// Consigned are the units of the line that consignment batches
	// supplied (see AllocateLots), each credited to its household.
	Consigned []Consigned
}

// SalePostings returns the postings of a paid line: the sale to the
// organization's revenue, then each live supplier link's credit (its amount
// per unit times the units, or its percentage of the net, half up), each
// live pool link's share, and each consignment household's credit (the
// per-unit amounts of its batches times the units they supplied, one
// credit per household, a supply posting without a link). Should they
// ask for more than the line's net, the credits are cut in proportion
// (largest remainder) to the net, so revenue never goes below zero on a
// sale.
func SalePostings(l SaleLine, links []Link) []Posting {
	ps := []Posting{
		{Account: Sales, Amount: -l.Net, Kind: KindSale, OrgID: l.OrgID},
		{Account: OrgRevenue(l.OrgID), Amount: l.Net, Kind: KindSale, OrgID: l.OrgID},
	}
	type credit struct {
		link   Link
		amount money.Fen
	}
	var credits []credit
	var total money.Fen
	for _, k := range links {
		if k.OrgID != l.OrgID || !k.LiveOn(l.PaidAt) {
			continue
		}
		var c money.Fen
		switch {
		case k.Kind == Supplier && k.Covers(l.ProductID, l.VariantID):
			if k.PerUnit > 0 {
				c = k.PerUnit * money.Fen(l.Qty)
			} else {
				c = money.Percent(l.Net, k.PercentBP)
			}
		case k.Kind == Pool:
			c = money.Percent(l.Net, k.PercentBP)
		default:
			continue
		}
		if c > 0 {
			credits = append(credits, credit{k, c})
			total += c
		}
	}
	// Consignment credits, one per household in the order its batches
	// come, as a supplier link of the household without an id.
	at := map[int64]int{}
	for _, c := range l.Consigned {
		amount := c.PerUnit * money.Fen(c.Units)
		if amount <= 0 {
			continue
		}
		i, ok := at[c.HouseholdID]
		if !ok {
			i = len(credits)
			at[c.HouseholdID] = i
			credits = append(credits, credit{link: Link{Kind: Supplier, HouseholdID: c.HouseholdID, OrgID: l.OrgID}})
		}
		credits[i].amount += amount
		total += amount
	}
	if total > l.Net && total > 0 {
		w := make([]int64, len(credits))
		for i, c := range credits {
			w[i] = int64(c.amount)
		}
		parts, _ := money.Split(max(l.Net, 0), w)
		for i := range credits {
			credits[i].amount = parts[i]
		}
	}
	for _, c := range credits {
		if c.amount == 0 {
			continue
		}
		to, kind := HouseholdAccount(c.link.HouseholdID), KindSupply
		if c.link.Kind == Pool {
			to, kind = OrgPool(l.OrgID), KindPool
		}
		ps = append(ps,
			Posting{Account: OrgRevenue(l.OrgID), Amount: -c.amount, Kind: kind, OrgID: l.OrgID, HouseholdID: c.link.HouseholdID, LinkID: c.link.ID},
			Posting{Account: to, Amount: c.amount, Kind: kind, OrgID: l.OrgID, HouseholdID: c.link.HouseholdID, LinkID: c.link.ID})
	}
	return ps
}

// RefundPostings reverses, in proportion, the postings a line's sale made:
// with net the line's net and before and after the amounts refunded of it
// before and after this refund, each original posting p is reversed by
// trunc(p·after/net) − trunc(p·before/net). The reversals of one refund
// balance, successive refunds never reverse more than the sale posted, and
// when the line is refunded in full every posting is reversed exactly.
func RefundPostings(sale []Posting, net, before, after money.Fen) []Posting {
	if net <= 0 || after <= before {
		return nil
	}
	var out []Posting
	for _, p := range sale {
		r := share(p.Amount, after, net) - share(p.Amount, before, net)
		if r == 0 {
			continue
		}
		q := p
		q.Amount = -r
		q.Kind = KindRefund
		out = append(out, q)
	}
	// Sale postings come in pairs of opposite amounts, and truncation toward
	// zero is symmetric, so each pair's reversals are opposite too: the
	// refund's postings balance.
	return out
}

// share returns trunc(p·part/whole).
func share(p, part, whole money.Fen) money.Fen { return money.Scale(p, int64(part), int64(whole)) }

// Holding is a household's shares in an organization.
type Holding struct {
	HouseholdID int64
	Shares      int64
}

// DividendPostings pays an organization's pool amount to its members by
// shares, largest remainder, so the parts sum to the amount exactly.
// Members without shares are left out; no members is Invalid.
func DividendPostings(orgID int64, amount money.Fen, members []Holding) ([]Posting, error) {
	var ms []Holding
	var w []int64
	for _, m := range members {
		if m.Shares > 0 {
			ms = append(ms, m)
			w = append(w, m.Shares)
		}
	}
	if len(ms) == 0 {
		return nil, errs.E(errs.Invalid, "err.impact.no_members")
	}
	if amount <= 0 {
		return nil, errs.E(errs.Invalid, "err.impact.pool_empty")
	}
	parts, err := money.Split(amount, w)
	if err != nil {
		return nil, err
	}
	ps := []Posting{{Account: OrgPool(orgID), Amount: -amount, Kind: KindDividend, OrgID: orgID}}
	for i, m := range ms {
		if parts[i] == 0 {
			continue
		}
		ps = append(ps, Posting{Account: HouseholdAccount(m.HouseholdID), Amount: parts[i], Kind: KindDividend, OrgID: orgID, HouseholdID: m.HouseholdID})
	}
	return ps, nil
}

// DividendShares returns what a dividend run records of each member that
// holds shares: its shares (a household holding shares under several
// links once, with their sum) and the part the run's postings paid it, in
// the order members first name them.
func DividendShares(members []Holding, ps []Posting) []Share {
	paid := map[int64]money.Fen{}
	for _, p := range ps {
		if p.Kind == KindDividend && p.HouseholdID != 0 && p.Account == HouseholdAccount(p.HouseholdID) {
			paid[p.HouseholdID] += p.Amount
		}
	}
	var out []Share
	at := map[int64]int{}
	for _, m := range members {
		if m.Shares <= 0 {
			continue
		}
		if i, ok := at[m.HouseholdID]; ok {
			out[i].Shares += m.Shares
			continue
		}
		at[m.HouseholdID] = len(out)
		out = append(out, Share{HouseholdID: m.HouseholdID, Shares: m.Shares, Amount: paid[m.HouseholdID]})
	}
	return out
}

// PayoutPostings moves amount from a household's balance to a payout
// account; paying more than the balance, or nothing, is Invalid.
func PayoutPostings(householdID int64, amount, balance money.Fen, method string) ([]Posting, error) {
	if method != "bank" && method != "cash" {
		return nil, errs.Field("method", "err.impact.payout_method", method)
	}
	if amount <= 0 {
		return nil, errs.Field("amount", "err.impact.payout_amount")
	}
	if amount > balance {
		return nil, errs.Field("amount", "err.impact.payout_over_balance", balance, amount)
	}
	return []Posting{
		{Account: HouseholdAccount(householdID), Amount: -amount, Kind: KindPayout, HouseholdID: householdID},
		{Account: PayoutAccount(method), Amount: amount, Kind: KindPayout, HouseholdID: householdID},
	}, nil
}

// Entry is a stored posting: one row of the append-only ledger.
type Entry struct {
	Seq  int64 // its place in the ledger, from 1
	TxID int64 // the transaction it belongs to
	Posting
	LineID   int64 // the order line it posts, for sales and refunds
	RefundID int64
	RunID    int64 // the dividend run
	PayoutID int64
	At       time.Time
	PrevHash string
	Hash     string
}

// GenesisHash is the PrevHash of the first entry.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// ComputeHash returns an entry's hash: SHA-256 over its previous hash and
// every field that gives it meaning, so that changing, inserting or
// deleting any entry breaks the chain from there on.
func (e Entry) ComputeHash() string {
	h := sha256.New()
	for _, s := range []string{
		e.PrevHash, strconv.FormatInt(e.Seq, 10), strconv.FormatInt(e.TxID, 10), string(e.Account),
		strconv.FormatInt(int64(e.Amount), 10), string(e.Kind), strconv.FormatInt(e.OrgID, 10),
		strconv.FormatInt(e.HouseholdID, 10), strconv.FormatInt(e.LinkID, 10), strconv.FormatInt(e.LineID, 10),
		strconv.FormatInt(e.RefundID, 10), strconv.FormatInt(e.RunID, 10), strconv.FormatInt(e.PayoutID, 10),
		strconv.FormatInt(e.At.UnixMicro(), 10),
	} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}
