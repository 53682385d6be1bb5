package impact

import (
	"context"
	"fmt"
	"strings"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/money"
	"maeul/internal/org"
)

// ProductPrefix marks a product code where a link names what a supplier
// supplies: "product:wq-dongxing-eggs" covers every variant of that
// product, a plain SKU one variant only.
const ProductPrefix = "product:"

// NewLink is a benefit link as people write it, by codes: a row of the
// links import, or the back office's form.
type NewLink struct {
	HouseholdCode string // "" for a pool link
	OrgCode       string
	Kind          LinkKind
	// SKU names the variant a supplier supplies, or with ProductPrefix a
	// whole product; "" for member and pool links.
	SKU       string
	PercentBP int64     // basis points: 1250 is 12.5%
	PerUnit   money.Fen // supplier: per unit sold
	Shares    int64     // member
	ValidFrom time.Time // a date
	ValidTo   time.Time // a date, inclusive; zero for open-ended
}

// LinkView is a link with what it refers to, for listing.
type LinkView struct {
	Link
	// Household is the linked household as the caller may see it (see
	// DisclosureFor), but always with its code: the register's pseudonym,
	// not personal data, by which a seller records and ends its links.
	// Zero for a pool link.
	Household   Household
	ProductCode string // supplier links
	SKU         string // supplier links for one variant
}

// CreateLink records a benefit link on behalf of by and returns it (see
// SaveLinks for the rules). Recording a link that exists already, with
// the same terms, returns it unchanged.
func (s *Service) CreateLink(ctx context.Context, by accounts.Actor, nl NewLink) (Link, error) {
	ids, err := s.SaveLinks(ctx, by, []NewLink{nl})
	if err != nil {
		return Link{}, single(err)
	}
	return s.Store.Link(ctx, ids[0])
}

// SaveLinks records benefit links, all or nothing, on behalf of by, and
// returns their ids in order. The sellers of the organization and the
// admins of its region may; others are Forbidden.
//
// A link is identified by its organization, kind, household, product or
// variant and first day: saving one that exists with the same terms
// changes nothing (so re-importing a file is harmless); with a different
// end it moves the end (see EndLink for which ends may move); with other
// terms it is a Conflict — end it and record a new one. The rules:
//   - the household is registered and lives in the organization's county;
//   - a supplier link's product belongs to the organization;
//   - member and pool links are for cooperatives and village stores only
//     (the organizations that have members to pay dividends to);
//   - two links with the same household, organization, kind and product
//     (or two pool links) may not be in force on the same day;
//   - on no day may the supplier credits and pool percentages of the
//     organization's links in force take more than 100% of the price of
//     a variant they cover (per-unit amounts count against the variant's
//     price; the ledger also cuts any excess at posting).
//
// A refusal is a *BatchError naming every refused link; nothing is written.
func (s *Service) SaveLinks(ctx context.Context, by accounts.Actor, nls []NewLink) ([]int64, error) {
	r := &linkResolver{s: s, orgs: map[string]orgLookup{}, households: map[string]householdLookup{},
		orgLinks: map[int64][]Link{}, changed: map[int64]bool{}, products: map[int64]catalog.Product{}}
	today := Day(s.now())
	ready := make([]Link, len(nls))
	var bad BatchError
	for i, nl := range nls {
		l, err := r.resolve(ctx, by, nl, today)
		if errs.CodeOf(err) == errs.Internal {
			return nil, err
		}
		if err != nil {
			bad.Rows = append(bad.Rows, RowError{Index: i, Err: err})
			continue
		}
		ready[i] = l
	}
	if len(bad.Rows) > 0 {
		return nil, &bad
	}
	// Each new or changed link is saved once, even when the batch names
	// it twice; links recorded already as they are need no writing.
	var save []Link
	at := map[*Link]int{}
	idx := make([]int, len(ready))
	out := make([]int64, len(ready))
	for i := range ready {
		p := r.pointer(ready[i])
		if p.ID != 0 && !r.changed[p.ID] {
			out[i], idx[i] = p.ID, -1
			continue
		}
		j, ok := at[p]
		if !ok {
			j = len(save)
			at[p] = j
			save = append(save, *p)
		}
		idx[i] = j
	}
	if len(save) == 0 {
		return out, nil
	}
	ids, err := s.Store.SaveLinks(ctx, save)
	if err != nil {
		return nil, fmt.Errorf("impact.SaveLinks: %w", err)
	}
	for i := range ready {
		if idx[i] >= 0 {
			out[i] = ids[idx[i]]
		}
	}
	return out, nil
}

// EndLink ends a link: last is its last day in force. The sellers of the
// organization and the admins of its region may. A link ends today or
// later — the ledger has credited the sales made under it and never
// rewrites them — and a link that has ended already stays as it is; both
// are Invalid. An unknown link is NotFound.
func (s *Service) EndLink(ctx context.Context, by accounts.Actor, id int64, last time.Time) (Link, error) {
	l, err := s.Store.Link(ctx, id)
	if err != nil {
		return Link{}, err
	}
	o, err := s.Orgs.OrganizationByID(ctx, l.OrgID)
	if err != nil {
		return Link{}, err
	}
	if err := by.Require(by.ActsFor(o.ID, o.Region), "act.manage_links", o.Code); err != nil {
		return Link{}, err
	}
	last = time.Date(last.Year(), last.Month(), last.Day(), 0, 0, 0, 0, time.UTC)
	if err := checkEnd(l, last, Day(s.now())); err != nil {
		return Link{}, err
	}
	l.ValidTo = last
	if err := l.Validate(); err != nil {
		return Link{}, err
	}
	if _, err := s.Store.SaveLinks(ctx, []Link{l}); err != nil {
		return Link{}, fmt.Errorf("impact.EndLink: %w", err)
	}
	return s.Store.Link(ctx, id)
}

// checkEnd decides whether a link's end may move to "to" (zero: no end):
// neither its present end nor the new one may lie before today.
func checkEnd(cur Link, to, today time.Time) error {
	if !cur.ValidTo.IsZero() && cur.ValidTo.Before(today) {
		return errs.Field("valid_to", "err.impact.link_ended", cur.ID, cur.ValidTo.Format(time.DateOnly))
	}
	if !to.IsZero() && to.Before(today) {
		return errs.Field("valid_to", "err.impact.link_end_past", to.Format(time.DateOnly), today.Format(time.DateOnly))
	}
	return nil
}

// Links lists an organization's benefit links, ended ones included, with
// their households as by may see them (a seller their codes, village,
// members and status; no name, ID number, phone or bank account): for its
// sellers and the admins and auditors of its region; others are
// Forbidden.
func (s *Service) Links(ctx context.Context, by accounts.Actor, orgID int64) ([]LinkView, error) {
	o, err := s.Orgs.OrganizationByID(ctx, orgID)
	if err != nil {
		return nil, err
	}
	if err := by.Require(by.ActsFor(o.ID, o.Region) || by.Oversees(o.Region), "act.see_links", o.Code); err != nil {
		return nil, err
	}
	ls, err := s.Store.Links(ctx, LinkFilter{OrgID: orgID})
	if err != nil {
		return nil, fmt.Errorf("impact.Links: %w", err)
	}
	disclose, _, err := s.discloser(ctx, by)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, l := range ls {
		if l.HouseholdID != 0 {
			ids = append(ids, l.HouseholdID)
		}
	}
	byID := map[int64]Household{}
	if len(ids) > 0 {
		hs, err := s.Store.Households(ctx, HouseholdFilter{IDs: ids})
		if err != nil {
			return nil, fmt.Errorf("impact.Links: %w", err)
		}
		for _, h := range hs {
			byID[h.ID] = h
		}
	}
	products := map[int64]catalog.Product{}
	out := make([]LinkView, len(ls))
	for i, l := range ls {
		v := LinkView{Link: l}
		if h, ok := byID[l.HouseholdID]; ok {
			v.Household = h.Disclose(disclose(h.Village))
			v.Household.Code = h.Code
		}
		if l.ProductID != 0 {
			p, ok := products[l.ProductID]
			if !ok {
				if p, err = s.Products.ProductByID(ctx, l.ProductID); err != nil && !errs.Is(err, errs.NotFound) {
					return nil, err
				}
				products[l.ProductID] = p
			}
			v.ProductCode = p.Code
			for _, vr := range p.Variants {
				if vr.ID == l.VariantID {
					v.SKU = vr.SKU
				}
			}
		}
		out[i] = v
	}
	return out, nil
}

// PovertyLinked reports whether, on the day of at (in China), a benefit
// link in force ties a product of an organization to a household still
// poor: a supplier link covering the product (or one of its variants), or
// a member link to the organization. A product not stored yet (productID
// 0) can be tied by a member link only. It is the second condition of the
// poverty-alleviation label, which catalog.Service checks through it.
func (s *Service) PovertyLinked(ctx context.Context, orgID, productID int64, at time.Time) (bool, error) {
	ls, err := s.Store.Links(ctx, LinkFilter{OrgID: orgID, LiveOn: at})
	if err != nil {
		return false, fmt.Errorf("impact.PovertyLinked: %w", err)
	}
	var ids []int64
	for _, l := range ls {
		if !l.LiveOn(at) || l.HouseholdID == 0 {
			continue
		}
		if l.Kind == Member || l.Kind == Supplier && productID != 0 && l.ProductID == productID {
			ids = append(ids, l.HouseholdID)
		}
	}
	if len(ids) == 0 {
		return false, nil
	}
	hs, err := s.Store.Households(ctx, HouseholdFilter{IDs: ids, Status: Poor, Limit: 1})
	if err != nil {
		return false, fmt.Errorf("impact.PovertyLinked: %w", err)
	}
	return len(hs) > 0, nil
}

// linkResolver turns NewLinks into Links, remembering what it looked up
// and the links of the batch so far, so that a batch is checked as a
// whole.
type linkResolver struct {
	s          *Service
	orgs       map[string]orgLookup
	households map[string]householdLookup
	// orgLinks holds each organization's stored links with the batch's
	// changes applied, then the batch's new links.
	orgLinks map[int64][]Link
	changed  map[int64]bool // stored links whose end the batch moves
	products map[int64]catalog.Product
}

type orgLookup struct {
	o   org.Organization
	err error
}

type householdLookup struct {
	h   Household
	err error
}

func (r *linkResolver) org(ctx context.Context, code string) (org.Organization, error) {
	if l, ok := r.orgs[code]; ok {
		return l.o, l.err
	}
	o, err := r.s.Orgs.Organization(ctx, code)
	if errs.Is(err, errs.NotFound) {
		err = errs.Field("org_code", "err.impact.org_not_found", code)
	}
	r.orgs[code] = orgLookup{o, err}
	return o, err
}

func (r *linkResolver) household(ctx context.Context, code string) (Household, error) {
	if l, ok := r.households[code]; ok {
		return l.h, l.err
	}
	h, err := r.s.Store.Household(ctx, code)
	if errs.Is(err, errs.NotFound) {
		err = errs.Field("household_code", "err.impact.household_not_registered", code)
	}
	r.households[code] = householdLookup{h, err}
	return h, err
}

func (r *linkResolver) product(ctx context.Context, id int64) (catalog.Product, error) {
	if p, ok := r.products[id]; ok {
		return p, nil
	}
	p, err := r.s.Products.ProductByID(ctx, id)
	if err != nil {
		return p, err
	}
	r.products[id] = p
	return p, nil
}

func (r *linkResolver) links(ctx context.Context, orgID int64) ([]Link, error) {
	if ls, ok := r.orgLinks[orgID]; ok {
		return ls, nil
	}
	ls, err := r.s.Store.Links(ctx, LinkFilter{OrgID: orgID})
	if err != nil {
		return nil, fmt.Errorf("impact.SaveLinks: %w", err)
	}
	if ls == nil {
		ls = []Link{}
	}
	r.orgLinks[orgID] = ls
	return ls, nil
}

// pointer returns the batch's entry for l: the stored link it changes
// or the new link it added.
func (r *linkResolver) pointer(l Link) *Link {
	ls := r.orgLinks[l.OrgID]
	for i := range ls {
		if sameLink(ls[i], l) && ls[i].ValidFrom.Equal(l.ValidFrom) {
			return &ls[i]
		}
	}
	panic("impact: a resolved link is not in its organization's list")
}

// sameLink reports whether two links tie the same household to the same
// organization in the same way (their periods aside).
func sameLink(a, b Link) bool {
	return a.OrgID == b.OrgID && a.Kind == b.Kind && a.HouseholdID == b.HouseholdID &&
		a.ProductID == b.ProductID && a.VariantID == b.VariantID
}

// overlap reports whether two links' periods share a day.
func overlap(a, b Link) bool {
	return (a.ValidTo.IsZero() || !b.ValidFrom.After(a.ValidTo)) && (b.ValidTo.IsZero() || !a.ValidFrom.After(b.ValidTo))
}

// resolve checks one NewLink and adds it to the batch.
func (r *linkResolver) resolve(ctx context.Context, by accounts.Actor, nl NewLink, today time.Time) (Link, error) {
	if strings.TrimSpace(nl.OrgCode) == "" {
		return Link{}, errs.Field("org_code", "err.impact.link_org_missing")
	}
	o, err := r.org(ctx, strings.TrimSpace(nl.OrgCode))
	if err != nil {
		return Link{}, err
	}
	if err := by.Require(by.ActsFor(o.ID, o.Region), "act.manage_links", o.Code); err != nil {
		return Link{}, err
	}
	l := Link{OrgID: o.ID, Kind: nl.Kind, PercentBP: nl.PercentBP, PerUnit: nl.PerUnit, Shares: nl.Shares,
		ValidFrom: nl.ValidFrom, ValidTo: nl.ValidTo}
	var h Household
	if code := strings.TrimSpace(nl.HouseholdCode); code != "" {
		if h, err = r.household(ctx, code); err != nil {
			return Link{}, err
		}
		l.HouseholdID = h.ID
	}
	if sku := strings.TrimSpace(nl.SKU); sku != "" {
		var p catalog.Product
		if code, ok := strings.CutPrefix(sku, ProductPrefix); ok {
			p, err = r.s.Products.Product(ctx, code)
			if errs.Is(err, errs.NotFound) {
				return Link{}, errs.Field("sku", "err.impact.product_not_found", code)
			}
		} else {
			p, err = r.s.Store.VariantBySKU(ctx, sku)
			if errs.Is(err, errs.NotFound) {
				return Link{}, errs.Field("sku", "err.impact.sku_not_found", sku)
			}
			if err == nil {
				l.VariantID = p.Variants[0].ID
			}
		}
		if err != nil {
			return Link{}, err
		}
		if p.OrgID != o.ID {
			return Link{}, errs.Field("sku", "err.impact.not_org_product", sku, o.Code)
		}
		l.ProductID = p.ID
	}
	if err := l.Validate(); err != nil {
		return Link{}, err
	}
	if (l.Kind == Member || l.Kind == Pool) && !o.Kind.HasMembers() {
		return Link{}, errs.Field("kind", "err.impact.no_members_kind", o.Code, i18n.M("org.kind."+string(o.Kind)))
	}
	if l.HouseholdID != 0 && h.Village.County() != o.Region.County() {
		return Link{}, errs.Field("household_code", "err.impact.link_other_county",
			h.Code, h.Village.County(), o.Code, o.Region.County())
	}
	ls, err := r.links(ctx, o.ID)
	if err != nil {
		return Link{}, err
	}
	cur := -1
	for i, x := range ls {
		if !sameLink(x, l) {
			continue
		}
		if x.ValidFrom.Equal(l.ValidFrom) {
			cur = i
			continue
		}
		if overlap(x, l) {
			if x.ValidTo.IsZero() {
				return Link{}, errs.Field("valid_from", "err.impact.link_overlap_open", x.ValidFrom.Format(time.DateOnly))
			}
			return Link{}, errs.Field("valid_from", "err.impact.link_overlap", x.ValidFrom.Format(time.DateOnly), x.ValidTo.Format(time.DateOnly))
		}
	}
	if cur >= 0 {
		x := ls[cur]
		if x.PercentBP != l.PercentBP || x.PerUnit != l.PerUnit || x.Shares != l.Shares {
			return Link{}, &errs.Error{Code: errs.Conflict, Field: termField(l), Key: "err.impact.link_other_terms",
				Args: []any{x.ValidFrom.Format(time.DateOnly), x.ID}}
		}
		if x.ValidTo.Equal(l.ValidTo) {
			return x, nil
		}
		if err := checkEnd(x, l.ValidTo, today); err != nil {
			return Link{}, err
		}
		l.ID = x.ID
	}
	if err := r.checkShare(ctx, o, l, ls); err != nil {
		return Link{}, err
	}
	if cur >= 0 {
		ls[cur] = l
		r.changed[l.ID] = true
	} else {
		r.orgLinks[o.ID] = append(ls, l)
	}
	return l, nil
}

// termField names the column of a link's terms.
func termField(l Link) string {
	switch {
	case l.Kind == Member:
		return "shares"
	case l.PerUnit > 0:
		return "per_unit_fen"
	}
	return "percent"
}

// checkShare refuses l when, on a day it is in force, the supplier
// credits and pool percentages of its organization's links in force would
// take more than the whole price of a variant they cover. The total only
// grows on the day a link starts, so the days to check are l's first day
// and the first days of the other links that start while l is in force.
func (r *linkResolver) checkShare(ctx context.Context, o org.Organization, l Link, others []Link) error {
	if l.Kind == Member {
		return nil
	}
	var all []Link
	for _, x := range others {
		if x.Kind != Member && !(l.ID != 0 && x.ID == l.ID) && !(sameLink(x, l) && x.ValidFrom.Equal(l.ValidFrom)) && overlap(x, l) {
			all = append(all, x)
		}
	}
	days := []time.Time{l.ValidFrom}
	for _, x := range all {
		if x.ValidFrom.After(l.ValidFrom) {
			days = append(days, x.ValidFrom)
		}
	}
	all = append(all, l)
	for _, d := range days {
		var pool int64
		var live []Link
		for _, x := range all {
			if !x.LiveOn(d) {
				continue
			}
			if x.Kind == Pool {
				pool += x.PercentBP
			} else {
				live = append(live, x)
			}
		}
		if pool > 10000 {
			return errs.Field("percent", "err.impact.pools_over",
				d.Format(time.DateOnly), o.Code, percentText(pool))
		}
		// The variants whose share may have grown: those l covers, or for a
		// pool link those any supplier link in force covers.
		check := live
		if l.Kind == Supplier {
			check = []Link{l}
		}
		for _, c := range check {
			p, err := r.product(ctx, c.ProductID)
			if errs.Is(err, errs.NotFound) {
				continue
			}
			if err != nil {
				return err
			}
			for _, v := range p.Variants {
				if !c.Covers(p.ID, v.ID) || v.Price <= 0 {
					continue
				}
				// In units of a basis point of the price: pool and percentage
				// links add their basis points times the price, per-unit
				// links their amount times 10,000.
				total := pool * int64(v.Price)
				for _, x := range live {
					if !x.Covers(p.ID, v.ID) {
						continue
					}
					if x.PerUnit > 0 {
						total += int64(x.PerUnit) * 10000
					} else {
						total += x.PercentBP * int64(v.Price)
					}
				}
				if total > 10000*int64(v.Price) {
					return errs.Field(termField(l), "err.impact.links_over",
						d.Format(time.DateOnly), o.Code, percentText(total/int64(v.Price)), v.SKU, v.Price)
				}
			}
		}
	}
	return nil
}

// percentText writes basis points as a percentage: 1250 is "12.5%".
func percentText(bp int64) string {
	s := fmt.Sprintf("%d.%02d", bp/100, bp%100)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s + "%"
}
