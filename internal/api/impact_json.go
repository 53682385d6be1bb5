package api

import (
	"net/http"
	"strings"
	"time"

	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/impact"
	"maeul/internal/money"
	"maeul/internal/region"
)

// The impact ledger's shapes. Money is integer fen in fields named *_fen;
// dates are YYYY-MM-DD in China time; a household carries only the
// personal data impact.Service disclosed to the caller (fields left out
// when empty).

type periodJSON struct {
	Period string `json:"period"` // "2026", "2026-Q4", "2026-11" or "all"
	From   string `json:"from"`   // its first day
	To     string `json:"to"`     // its last day
}

func toPeriod(p impact.Period) periodJSON {
	return periodJSON{Period: p.Text, From: p.Start.Format(time.DateOnly), To: p.LastDay().Format(time.DateOnly)}
}

type productFigureJSON struct {
	Code       string    `json:"code"`
	Name       i18n.Text `json:"name"`
	Units      int64     `json:"units"`
	IncomeFen  money.Fen `json:"income_fen"`
	Households int64     `json:"households"`
}

type registerJSON struct {
	Households int `json:"households"`
	Persons    int `json:"persons"`
	Poor       int `json:"poor"`
	Lifted     int `json:"lifted"`
	Villages   int `json:"villages"`
}

// figuresJSON are a region's or an organization's impact figures for a
// period: aggregates only. The names follow `maeul report impact`.
type figuresJSON struct {
	RegionCode region.Code `json:"region_code,omitempty"`
	OrgCode    string      `json:"org_code,omitempty"`
	Name       i18n.Text   `json:"name"`
	periodJSON
	HouseholdsReached          int64               `json:"households_reached"`
	PersonsReached             int64               `json:"persons_reached"`
	IncomeAddedFen             money.Fen           `json:"income_added_fen"`
	SupplyIncomeFen            money.Fen           `json:"supply_income_fen"`
	DividendsPaidFen           money.Fen           `json:"dividends_paid_fen"`
	IncomeAddedPerHouseholdFen money.Fen           `json:"income_added_per_household_fen"`
	IncomeAddedPerPersonFen    money.Fen           `json:"income_added_per_person_fen"`
	UnitsSold                  int64               `json:"units_sold"`
	TopProducts                []productFigureJSON `json:"top_products"`
	Register                   *registerJSON       `json:"register,omitempty"`
}

func toFigures(f impact.Figures, orgCode string) figuresJSON {
	out := figuresJSON{RegionCode: f.Region, OrgCode: orgCode, Name: f.Name, periodJSON: toPeriod(f.Period),
		HouseholdsReached: f.HouseholdsReached, PersonsReached: f.PersonsReached, IncomeAddedFen: f.IncomeAdded,
		SupplyIncomeFen: f.Supply, DividendsPaidFen: f.DividendsPaid, IncomeAddedPerHouseholdFen: f.IncomePerHousehold,
		IncomeAddedPerPersonFen: f.IncomePerPerson, UnitsSold: f.Units, TopProducts: make([]productFigureJSON, 0, len(f.TopProducts))}
	for _, p := range f.TopProducts {
		out.TopProducts = append(out.TopProducts, productFigureJSON{Code: p.Code, Name: p.Name, Units: p.Units, IncomeFen: p.Income, Households: p.Households})
	}
	return out
}

type villageImpactJSON struct {
	Code       region.Code `json:"code"`
	Name       i18n.Text   `json:"name"`
	Households int         `json:"households"`
	AmountFen  money.Fen   `json:"amount_fen"`
}

func toVillages(vs []impact.VillageImpact) []villageImpactJSON {
	out := make([]villageImpactJSON, 0, len(vs))
	for _, v := range vs {
		out = append(out, villageImpactJSON{Code: v.Village, Name: v.Name, Households: v.Households, AmountFen: v.Amount})
	}
	return out
}

type variantShareJSON struct {
	SKU          string    `json:"sku"`
	PriceFen     money.Fen `json:"price_fen"`
	SuppliersFen money.Fen `json:"suppliers_fen"`
	PoolFen      money.Fen `json:"pool_fen"`
	ShareBP      int64     `json:"share_bp"`
}

type productImpactJSON struct {
	ProductCode string              `json:"product_code"`
	Households  int                 `json:"households"`
	Villages    []villageImpactJSON `json:"villages"`
	Variants    []variantShareJSON  `json:"variants"`
}

type orderImpactJSON struct {
	OrderID    int64               `json:"order_id,omitempty"`
	CheckoutID int64               `json:"checkout_id,omitempty"`
	Paid       bool                `json:"paid"`
	AmountFen  money.Fen           `json:"amount_fen"`
	Households int                 `json:"households"`
	Villages   []villageImpactJSON `json:"villages"`
	PoolFen    money.Fen           `json:"pool_fen"`
}

type householdJSON struct {
	Code        string        `json:"code,omitempty"`
	VillageCode region.Code   `json:"village_code"`
	Members     int           `json:"members"`
	Status      impact.Status `json:"status"`
	LiftedYear  int           `json:"lifted_year,omitempty"`
	HeadName    string        `json:"head_name,omitempty"`
	IDNumber    string        `json:"id_number,omitempty"`
	Phone       string        `json:"phone,omitempty"`
	BankAccount string        `json:"bank_account,omitempty"`
}

func toHousehold(h impact.Household) householdJSON {
	return householdJSON{Code: h.Code, VillageCode: h.Village, Members: h.Members, Status: h.Status, LiftedYear: h.LiftedYear,
		HeadName: h.HeadName, IDNumber: h.IDNumber, Phone: h.Phone, BankAccount: h.BankAccount}
}

type payoutJSON struct {
	ID            int64     `json:"id"`
	HouseholdCode string    `json:"household_code"`
	AmountFen     money.Fen `json:"amount_fen"`
	Method        string    `json:"method"`
	Reference     string    `json:"reference"`
	PaidAt        time.Time `json:"paid_at"`
	TxID          int64     `json:"tx_id"`
}

func toPayout(p impact.Payout) payoutJSON {
	return payoutJSON{ID: p.ID, HouseholdCode: p.Household, AmountFen: p.Amount, Method: p.Method, Reference: p.Reference, PaidAt: p.PaidAt, TxID: p.TxID}
}

type supplyIncomeJSON struct {
	ProductCode string    `json:"product_code"`
	Name        i18n.Text `json:"name"`
	Units       int64     `json:"units"`
	CreditedFen money.Fen `json:"credited_fen"`
	ReversedFen money.Fen `json:"reversed_fen"`
	NetFen      money.Fen `json:"net_fen"`
}

type dividendIncomeJSON struct {
	RunID     int64     `json:"run_id"`
	OrgCode   string    `json:"org_code"`
	Name      i18n.Text `json:"name"`
	Period    string    `json:"period"`
	AmountFen money.Fen `json:"amount_fen"`
	At        time.Time `json:"at"`
}

type statementJSON struct {
	Household householdJSON `json:"household"`
	periodJSON
	OpeningFen  money.Fen            `json:"opening_fen"`
	Supplies    []supplyIncomeJSON   `json:"supplies"`
	SupplyFen   money.Fen            `json:"supply_fen"`
	Dividends   []dividendIncomeJSON `json:"dividends"`
	DividendFen money.Fen            `json:"dividend_fen"`
	Payouts     []payoutJSON         `json:"payouts"`
	PaidOutFen  money.Fen            `json:"paid_out_fen"`
	ClosingFen  money.Fen            `json:"closing_fen"`
}

func toStatement(s impact.Statement) statementJSON {
	out := statementJSON{Household: toHousehold(s.Household), periodJSON: toPeriod(s.Period), OpeningFen: s.Opening,
		SupplyFen: s.Supply, DividendFen: s.Dividend, PaidOutFen: s.PaidOut, ClosingFen: s.Closing,
		Supplies: make([]supplyIncomeJSON, 0, len(s.Supplies)), Dividends: make([]dividendIncomeJSON, 0, len(s.Dividends)),
		Payouts: make([]payoutJSON, 0, len(s.Payouts))}
	for _, x := range s.Supplies {
		out.Supplies = append(out.Supplies, supplyIncomeJSON{ProductCode: x.ProductCode, Name: x.Name, Units: x.Units,
			CreditedFen: x.Credited, ReversedFen: x.Reversed, NetFen: x.Net})
	}
	for _, x := range s.Dividends {
		out.Dividends = append(out.Dividends, dividendIncomeJSON{RunID: x.RunID, OrgCode: x.Org, Name: x.Name, Period: x.Period, AmountFen: x.Amount, At: x.At})
	}
	for _, x := range s.Payouts {
		out.Payouts = append(out.Payouts, toPayout(x))
	}
	return out
}

type linkJSON struct {
	ID          int64           `json:"id"`
	OrgCode     string          `json:"org_code"`
	Kind        impact.LinkKind `json:"kind"`
	Household   *householdJSON  `json:"household,omitempty"`
	ProductCode string          `json:"product_code,omitempty"`
	SKU         string          `json:"sku,omitempty"`
	PercentBP   int64           `json:"percent_bp"`
	PerUnitFen  money.Fen       `json:"per_unit_fen"`
	Shares      int64           `json:"shares"`
	ValidFrom   string          `json:"valid_from"`
	ValidTo     string          `json:"valid_to,omitempty"`
	InForce     bool            `json:"in_force"`
}

func toLink(l impact.LinkView, orgCode string, now time.Time) linkJSON {
	out := linkJSON{ID: l.ID, OrgCode: orgCode, Kind: l.Kind, ProductCode: l.ProductCode, SKU: l.SKU, PercentBP: l.PercentBP,
		PerUnitFen: l.PerUnit, Shares: l.Shares, ValidFrom: l.ValidFrom.Format(time.DateOnly), InForce: l.LiveOn(now)}
	if !l.ValidTo.IsZero() {
		out.ValidTo = l.ValidTo.Format(time.DateOnly)
	}
	if l.HouseholdID != 0 {
		h := toHousehold(l.Household)
		out.Household = &h
	}
	return out
}

type shareJSON struct {
	HouseholdCode string      `json:"household_code"`
	VillageCode   region.Code `json:"village_code"`
	Shares        int64       `json:"shares"`
	AmountFen     money.Fen   `json:"amount_fen"`
}

func toShares(ss []impact.Share) []shareJSON {
	out := make([]shareJSON, 0, len(ss))
	for _, s := range ss {
		out = append(out, shareJSON{HouseholdCode: s.Household, VillageCode: s.Village, Shares: s.Shares, AmountFen: s.Amount})
	}
	return out
}

type dividendRunJSON struct {
	ID         int64       `json:"id"`
	OrgCode    string      `json:"org_code"`
	Period     string      `json:"period"`
	AmountFen  money.Fen   `json:"amount_fen"`
	ExecutedAt time.Time   `json:"executed_at"`
	TxID       int64       `json:"tx_id"`
	Shares     []shareJSON `json:"shares"`
}

func toRun(r impact.DividendRun, orgCode string) dividendRunJSON {
	return dividendRunJSON{ID: r.ID, OrgCode: orgCode, Period: r.Period, AmountFen: r.Amount, ExecutedAt: r.ExecutedAt, TxID: r.TxID, Shares: toShares(r.Shares)}
}

type dividendPlanJSON struct {
	OrgCode string `json:"org_code"`
	periodJSON
	Over        bool             `json:"over"`
	PoolFen     money.Fen        `json:"pool_fen"`
	TotalShares int64            `json:"total_shares"`
	Shares      []shareJSON      `json:"shares"`
	Executed    *dividendRunJSON `json:"executed"`
}

type entryJSON struct {
	Seq         int64          `json:"seq"`
	TxID        int64          `json:"tx_id"`
	At          time.Time      `json:"at"`
	Account     impact.Account `json:"account"`
	AmountFen   money.Fen      `json:"amount_fen"`
	Kind        impact.Kind    `json:"kind"`
	OrgID       int64          `json:"org_id"`
	HouseholdID int64          `json:"household_id"`
	LinkID      int64          `json:"link_id"`
	LineID      int64          `json:"line_id"`
	RefundID    int64          `json:"refund_id"`
	RunID       int64          `json:"run_id"`
	PayoutID    int64          `json:"payout_id"`
	PrevHash    string         `json:"prev_hash"`
	Hash        string         `json:"hash"`
}

func toEntry(e impact.Entry) entryJSON {
	return entryJSON{Seq: e.Seq, TxID: e.TxID, At: e.At, Account: e.Account, AmountFen: e.Amount, Kind: e.Kind, OrgID: e.OrgID,
		HouseholdID: e.HouseholdID, LinkID: e.LinkID, LineID: e.LineID, RefundID: e.RefundID, RunID: e.RunID, PayoutID: e.PayoutID,
		PrevHash: e.PrevHash, Hash: e.Hash}
}

type ledgerCheckJSON struct {
	OK           bool     `json:"ok"`
	Entries      int64    `json:"entries"`
	Transactions int64    `json:"transactions"`
	Accounts     int      `json:"accounts"`
	PaidLines    int64    `json:"paid_lines"`
	RefundLines  int64    `json:"refund_lines"`
	Problems     []string `json:"problems"`
	More         int      `json:"more"`
}

// clock returns the server's time.
func (h *Handler) clock() time.Time {
	if h.Now == nil {
		return time.Now()
	}
	return h.Now()
}

// needImpact refuses an impact call when the server runs without the
// impact service.
func (h *Handler) needImpact() error {
	if h.Impact == nil {
		return errs.E(errs.NotFound, "err.api.no_ledger")
	}
	return nil
}

// queryPeriod reads ?period= ("" for the default).
func queryPeriod(r *http.Request) string { return strings.TrimSpace(r.URL.Query().Get("period")) }

// renameField returns err with its field from renamed to, as the API's
// inputs name it (the domain's amount is the body's amount_fen); other
// errors pass unchanged.
func renameField(err error, from, to string) error {
	var e *errs.Error
	if asError(err, &e) && e.Field == from {
		c := *e
		c.Field = to
		return &c
	}
	return err
}
