package programme

import (
	"context"
	"fmt"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/money"
	"maeul/internal/region"
)

// EventLine is an event's line in a region's report.
type EventLine struct {
	Event        Event
	Participants int // distinct organizations, villages and service points
	Sales        money.Fen
	Deals        money.Fen
	Total        money.Fen
}

// Report is a region's programme figures for a year.
type Report struct {
	Region region.Region
	Year   int
	// AsOf is the day the titles and pairings in force are counted on: the
	// year's last day, or today during the current year.
	AsOf         time.Time
	Designations []DesignationRow
	// PairedVillages is how many distinct villages of the region are
	// paired on AsOf; PairedInYear how many were paired on some day of
	// the year.
	PairedVillages int
	PairedInYear   int
	// UnpairedPoor are the region's poor villages no pairing covers on
	// AsOf.
	UnpairedPoor []region.Region
	// PairedSales are the platform sales in the year of paired
	// enterprises' products from the villages they are paired with, while
	// paired.
	PairedSales money.Fen
	// Events are the events the region hosts (inside it) that start in
	// the year, the earliest first.
	Events []EventLine
}

// Sources names where each part of a report comes from.
var Sources = map[string]Source{
	"designations": SourceRegisters, "province_total": SourceReported, "paired_villages": SourceRegisters,
	"unpaired_poor_villages": SourceRegisters, "paired_sales": SourcePlatform,
	"event_sales": SourcePlatform, "event_deals": SourceDeals,
}

// Years checks a report's year: from MinYear to this one.
func (s *Service) checkYear(year int) error {
	if this := s.today().Year(); year < MinYear || year > this {
		return errs.Field("year", "err.programme.year", year, MinYear, this)
	}
	return nil
}

// ThisYear returns the current year in China.
func (s *Service) ThisYear() int { return s.today().Year() }

// Report returns a region's programme figures for a year, for those who
// oversee the region.
func (s *Service) Report(ctx context.Context, by accounts.Actor, within region.Code, year int) (Report, error) {
	within, err := overseen(by, within)
	if err != nil {
		return Report{}, err
	}
	if err := s.checkYear(year); err != nil {
		return Report{}, err
	}
	rep := Report{Year: year, AsOf: YearEnd(year)}
	if today := s.today(); today.Before(rep.AsOf) {
		rep.AsOf = today
	}
	if rep.Region, err = s.Regions.Region(ctx, within); err != nil {
		return Report{}, err
	}
	if rep.Designations, err = s.designationRows(ctx, within, year, rep.AsOf); err != nil {
		return Report{}, err
	}
	if rep.PairedVillages, err = s.Store.PairedVillages(ctx, within, rep.AsOf, rep.AsOf); err != nil {
		return Report{}, fmt.Errorf("programme.Report: %w", err)
	}
	if rep.PairedInYear, err = s.Store.PairedVillages(ctx, within, YearStart(year), YearEnd(year)); err != nil {
		return Report{}, fmt.Errorf("programme.Report: %w", err)
	}
	if rep.UnpairedPoor, err = s.Store.UnpairedPoorVillages(ctx, within, rep.AsOf); err != nil {
		return Report{}, fmt.Errorf("programme.Report: %w", err)
	}
	sales, err := s.Store.PairedSales(ctx, within, DayStart(YearStart(year)), DayStart(YearStart(year+1)))
	if err != nil {
		return Report{}, fmt.Errorf("programme.Report: %w", err)
	}
	for _, ps := range sales {
		rep.PairedSales += ps.Sales
	}
	if rep.Events, err = s.eventLines(ctx, EventFilter{Within: within, Year: year}); err != nil {
		return Report{}, err
	}
	return rep, nil
}

// EventLines returns the events f selects with their figures, for those
// who oversee f.Within (the actor's scope when empty).
func (s *Service) EventLines(ctx context.Context, by accounts.Actor, f EventFilter) ([]EventLine, error) {
	within, err := overseen(by, f.Within)
	if err != nil {
		return nil, err
	}
	f.Within = within
	if f.Year != 0 {
		if err := s.checkYear(f.Year); err != nil {
			return nil, err
		}
	}
	return s.eventLines(ctx, f)
}

func (s *Service) eventLines(ctx context.Context, f EventFilter) ([]EventLine, error) {
	es, err := s.Store.Events(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("programme.Events: %w", err)
	}
	out := make([]EventLine, 0, len(es))
	for i := len(es) - 1; i >= 0; i-- {
		e := es[i]
		ps, err := s.Store.Participants(ctx, e.ID)
		if err != nil {
			return nil, fmt.Errorf("programme.Events: %w", err)
		}
		r, err := s.eventReport(ctx, e, ps)
		if err != nil {
			return nil, err
		}
		out = append(out, EventLine{Event: e, Participants: r.Subjects, Sales: r.Sales, Deals: r.DealsTotal, Total: r.Total})
	}
	return out, nil
}

// PairingLine is a pairing with the platform sales of its enterprise's
// products from its village while it was in force, in a year.
type PairingLine struct {
	Pairing
	Sales money.Fen
}

// PairingLines lists the pairings of villages within a region that are in
// force on some day of year, with their sales in that year, for those who
// oversee the region.
func (s *Service) PairingLines(ctx context.Context, by accounts.Actor, within region.Code, year int) ([]PairingLine, error) {
	within, err := overseen(by, within)
	if err != nil {
		return nil, err
	}
	if err := s.checkYear(year); err != nil {
		return nil, err
	}
	ps, err := s.Store.Pairings(ctx, PairingFilter{Within: within, LiveFrom: YearStart(year), LiveTo: YearEnd(year)})
	if err != nil {
		return nil, fmt.Errorf("programme.PairingLines: %w", err)
	}
	sales, err := s.Store.PairedSales(ctx, within, DayStart(YearStart(year)), DayStart(YearStart(year+1)))
	if err != nil {
		return nil, fmt.Errorf("programme.PairingLines: %w", err)
	}
	byID := map[int64]money.Fen{}
	for _, x := range sales {
		byID[x.PairingID] = x.Sales
	}
	out := make([]PairingLine, len(ps))
	for i, p := range ps {
		out[i] = PairingLine{Pairing: p, Sales: byID[p.ID]}
	}
	return out, nil
}

// Today returns the date in China now.
func (s *Service) Today() time.Time { return s.today() }
