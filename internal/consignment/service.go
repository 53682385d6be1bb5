package consignment

import (
	"context"
	"fmt"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/catalog"
	"maeul/internal/errs"
	"maeul/internal/impact"
	"maeul/internal/network"
	"maeul/internal/org"
	"maeul/internal/region"
)

// Service carries out the consignment rules.
type Service struct {
	Store      Store
	Households Households
	Products   catalog.Store
	Orgs       org.Store
	Points     network.Store
	Regions    region.Store
	Now        func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// Today is today's date in China, the default day of a new batch.
func (s *Service) Today() time.Time { return impact.Day(s.now()) }

// Station returns the open station by records batches for: only a
// station operator records and lists batches, for the station it works
// at. Others are Forbidden (a guest Unauthorized). A form checks it before
// reading its fields.
func (s *Service) Station(ctx context.Context, by accounts.Actor) (network.ServicePoint, error) {
	return s.station(ctx, by)
}

func (s *Service) station(ctx context.Context, by accounts.Actor) (network.ServicePoint, error) {
	if err := by.Require(by.Role == accounts.StationOperator && !by.Disabled && by.ServicePointID != 0, "act.record_batches"); err != nil {
		return network.ServicePoint{}, err
	}
	pt, err := s.Points.ServicePointByID(ctx, by.ServicePointID)
	if err != nil {
		return network.ServicePoint{}, err
	}
	if err := by.Require(pt.Kind.IsStation() && pt.IsOpen(), "act.record_batches"); err != nil {
		return network.ServicePoint{}, err
	}
	return pt, nil
}

// served reports whether the station may receive produce for o: a
// household shop or village store located in a region it serves.
func served(pt network.ServicePoint, o org.Organization) bool {
	return (o.Kind == org.HouseholdShop || o.Kind == org.VillageStore) && pt.ServesRegion(o.Region)
}

// Record records a batch the operator's station received and returns it
// with the household as the operator may see it. The rules, each refusal
// Invalid and naming its field, nothing written:
//   - quantity: 1 to MaxUnits units of the variant; weight: 0 (not
//     weighed) to MaxWeightG grams;
//   - household: a registered household living in a village the station
//     serves;
//   - sku: a live variant of a household shop or village store located in
//     a region the station serves (the stores it lists for);
//   - per_unit: from 1 fen to the variant's price (0: its price);
//   - received_on: not after today, at most MaxAgeDays before (zero:
//     today), in China.
//
// A repeat of the same form (the same token) returns the first batch.
// Only a station operator may record, at an open station; others are
// Forbidden (a guest Unauthorized).
func (s *Service) Record(ctx context.Context, by accounts.Actor, nb NewBatch) (Batch, error) {
	pt, err := s.station(ctx, by)
	if err != nil {
		return Batch{}, err
	}
	now := s.now()
	if err := nb.check(impact.Day(now)); err != nil {
		return Batch{}, err
	}
	h, err := s.Households.Household(ctx, nb.HouseholdCode)
	if errs.Is(err, errs.NotFound) {
		return Batch{}, errs.Field("household", "err.consignment.household_unknown", nb.HouseholdCode)
	}
	if err != nil {
		return Batch{}, fmt.Errorf("consignment.Record: %w", err)
	}
	if !pt.ServesRegion(h.Village) {
		return Batch{}, errs.Field("household", "err.consignment.household_not_served", nb.HouseholdCode, pt.Name)
	}
	p, err := s.Products.VariantBySKU(ctx, nb.SKU)
	if errs.Is(err, errs.NotFound) {
		return Batch{}, errs.Field("sku", "err.consignment.sku_unknown", nb.SKU)
	}
	if err != nil {
		return Batch{}, fmt.Errorf("consignment.Record: %w", err)
	}
	o, err := s.Orgs.OrganizationByID(ctx, p.OrgID)
	if err != nil {
		return Batch{}, fmt.Errorf("consignment.Record: %w", err)
	}
	if !served(pt, o) {
		return Batch{}, errs.Field("sku", "err.consignment.sku_not_served", nb.SKU, o.Name, pt.Name)
	}
	v := p.Variants[0]
	if nb.PerUnit == 0 {
		nb.PerUnit = v.Price
	}
	if nb.PerUnit > v.Price {
		return Batch{}, errs.Field("per_unit", "err.consignment.per_unit_over_price", nb.PerUnit, v.Price)
	}
	b, err := s.Store.CreateBatch(ctx, Batch{
		Code: NewCode(), PointID: pt.ID, HouseholdID: h.ID, OrgID: o.ID, ProductID: p.ID, VariantID: v.ID,
		Units: nb.Units, WeightG: nb.WeightG, PerUnit: nb.PerUnit, ReceivedOn: nb.ReceivedOn, Token: nb.Token,
		CreatedBy: by.ID, CreatedAt: now,
	})
	if err != nil {
		return Batch{}, fmt.Errorf("consignment.Record: %w", err)
	}
	return s.disclose(b, by, pt), nil
}

// disclose returns b with its household as by may see it
// (impact.DisclosureFor), given the station by runs (if any).
func (s *Service) disclose(b Batch, by accounts.Actor, pt network.ServicePoint) Batch {
	serves := by.Role == accounts.StationOperator && pt.ID == by.ServicePointID && pt.ServesRegion(b.Household.Village)
	b.Household = b.Household.Disclose(impact.DisclosureFor(by, b.Household.Village, serves))
	return b
}

// Batches lists the batches of the operator's station, newest first, each
// household as the operator may see it (its name and phone when the
// station serves its village). Others are Forbidden.
func (s *Service) Batches(ctx context.Context, by accounts.Actor, f Filter) ([]Batch, error) {
	pt, err := s.station(ctx, by)
	if err != nil {
		return nil, err
	}
	f.PointID = pt.ID
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 200
	}
	bs, err := s.Store.Batches(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("consignment.Batches: %w", err)
	}
	for i := range bs {
		bs[i] = s.disclose(bs[i], by, pt)
	}
	return bs, nil
}

// Batch returns one batch, for its receipt and label: to the operators of
// its station and the admins of the station's region, with the household
// as they may see it; others are Forbidden. An unknown code is NotFound.
func (s *Service) Batch(ctx context.Context, by accounts.Actor, code string) (Batch, error) {
	b, err := s.Store.BatchByCode(ctx, NormalizeCode(code))
	if err != nil {
		return Batch{}, err
	}
	if err := by.Require(by.WorksAt(b.Point.ID, b.Point.Region), "act.see_batch", b.Code); err != nil {
		return Batch{}, err
	}
	pt, err := s.Points.ServicePointByID(ctx, b.PointID) // with the villages it serves
	if err != nil {
		return Batch{}, fmt.Errorf("consignment.Batch: %w", err)
	}
	return s.disclose(b, by, pt), nil
}

// Public returns what anyone may read of a batch (see Public): its
// label's QR code opens it. An unknown code is NotFound.
func (s *Service) Public(ctx context.Context, code string) (Public, error) {
	b, err := s.Store.BatchByCode(ctx, NormalizeCode(code))
	if err != nil {
		return Public{}, err
	}
	village, err := s.Regions.Region(ctx, b.Household.Village)
	if err != nil {
		return Public{}, fmt.Errorf("consignment.Public: %w", err)
	}
	return PublicOf(b, village), nil
}

// Offers lists the variants the operator's station may receive produce
// for: those of the household shops and village stores located in the
// regions it serves. Others are Forbidden.
func (s *Service) Offers(ctx context.Context, by accounts.Actor) ([]Offer, error) {
	pt, err := s.station(ctx, by)
	if err != nil {
		return nil, err
	}
	var ids []int64
	seen := map[int64]bool{}
	for _, c := range pt.Serves {
		for _, k := range []org.Kind{org.HouseholdShop, org.VillageStore} {
			os, err := s.Orgs.Organizations(ctx, org.Filter{Within: c, Kind: k})
			if err != nil {
				return nil, fmt.Errorf("consignment.Offers: %w", err)
			}
			for _, o := range os {
				if !seen[o.ID] {
					seen[o.ID] = true
					ids = append(ids, o.ID)
				}
			}
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	out, err := s.Store.ConsignableVariants(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("consignment.Offers: %w", err)
	}
	return out, nil
}
