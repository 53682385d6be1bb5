package impact

import (
	"context"
	"fmt"
	"strings"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/network"
	"maeul/internal/org"
	"maeul/internal/region"
)

// RowError is the refusal of one item of a batch (SaveHouseholds,
// SaveLinks): its index in the batch and why.
type RowError struct {
	Index int
	Err   error
}

// BatchError lists the refused items of a batch in order; nothing of the
// batch was saved. Its code is that of the first refusal.
type BatchError struct {
	Rows []RowError
}

// Error returns the refusals in English, for logs and tests.
func (e *BatchError) Error() string { return e.Localize(i18n.Embedded(), i18n.En) }

// Localize renders the refusals in l, each after its item's number.
func (e *BatchError) Localize(c *i18n.Catalog, l i18n.Lang) string {
	parts := make([]string, len(e.Rows))
	for i, r := range e.Rows {
		msg := errs.MessageIn(r.Err, c, l)
		if f := errs.FieldOf(r.Err); f != "" {
			msg = f + ": " + msg
		}
		parts[i] = c.T(l, "err.impact.batch_item", r.Index+1, msg)
	}
	return strings.Join(parts, "; ")
}

// Reason returns the reason of the first refusal.
func (e *BatchError) Reason() string {
	if len(e.Rows) == 0 {
		return errs.ReasonInternal
	}
	return errs.Reason(e.Rows[0].Err)
}

// ErrorCode returns the code of the first refusal.
func (e *BatchError) ErrorCode() errs.Code {
	if len(e.Rows) == 0 {
		return errs.Invalid
	}
	return errs.CodeOf(e.Rows[0].Err)
}

// single unwraps the refusal of a one-item batch.
func single(err error) error {
	if be, ok := err.(*BatchError); ok && len(be.Rows) == 1 {
		return be.Rows[0].Err
	}
	return err
}

// SaveHousehold creates a household, or updates the one with the same
// code, on behalf of by, and returns it as stored. See SaveHouseholds for
// the rules.
func (s *Service) SaveHousehold(ctx context.Context, by accounts.Actor, h Household) (Household, error) {
	if err := s.SaveHouseholds(ctx, by, []Household{h}); err != nil {
		return Household{}, single(err)
	}
	return s.Store.Household(ctx, strings.TrimSpace(h.Code))
}

// SaveHouseholds creates or updates households by code, all or nothing,
// on behalf of by. Only the admins of a household's county and of its
// prefecture may register or change it (for a change, both where it is
// and where it goes). Each household must pass Household.Validate, live
// in a stored village, and have a head whose identity card number no
// other household holds. A refusal is a *BatchError naming every refused
// household (its errors carry the field, as the import's column names);
// then nothing is written.
func (s *Service) SaveHouseholds(ctx context.Context, by accounts.Actor, hs []Household) error {
	if err := by.Require(by.IsAdmin(), "act.change_household_register"); err != nil {
		return err
	}
	if len(hs) == 0 {
		return nil
	}
	ready := make([]Household, len(hs))
	var codes, idNumbers []string
	for i, h := range hs {
		ready[i] = normalizeHousehold(h)
		codes = append(codes, ready[i].Code)
		idNumbers = append(idNumbers, ready[i].IDNumber)
	}
	stored, err := s.Store.Households(ctx, HouseholdFilter{Codes: codes})
	if err != nil {
		return fmt.Errorf("impact.SaveHouseholds: %w", err)
	}
	byCode := map[string]Household{}
	for _, h := range stored {
		byCode[h.Code] = h
	}
	holders, err := s.Store.Households(ctx, HouseholdFilter{IDNumbers: idNumbers})
	if err != nil {
		return fmt.Errorf("impact.SaveHouseholds: %w", err)
	}
	holder := map[string]string{} // ID number → the code of the household it heads
	for _, h := range holders {
		holder[h.IDNumber] = h.Code
	}
	villages := map[region.Code]error{}
	seenCode, seenID := map[string]int{}, map[string]int{}
	var bad BatchError
	for i, h := range ready {
		err := s.checkHousehold(ctx, by, h, byCode, villages)
		if err == nil {
			if j, ok := seenCode[h.Code]; ok {
				err = errs.Field("code", "err.impact.household_twice", h.Code, j+1)
			} else if j, ok := seenID[h.IDNumber]; ok {
				err = errs.Field("id_number", "err.impact.id_number_twice", j+1)
			} else if c, ok := holder[h.IDNumber]; ok && c != h.Code {
				err = &errs.Error{Code: errs.Conflict, Field: "id_number", Key: "err.impact.id_number_taken", Args: []any{c}}
			}
		}
		if errs.CodeOf(err) == errs.Internal {
			return err
		}
		if err != nil {
			bad.Rows = append(bad.Rows, RowError{Index: i, Err: err})
			continue
		}
		seenCode[h.Code], seenID[h.IDNumber] = i, i
	}
	if len(bad.Rows) > 0 {
		return &bad
	}
	if err := s.Store.UpsertHouseholds(ctx, ready); err != nil {
		return fmt.Errorf("impact.SaveHouseholds: %w", err)
	}
	return nil
}

func normalizeHousehold(h Household) Household {
	h.Code = strings.TrimSpace(h.Code)
	h.HeadName = strings.TrimSpace(h.HeadName)
	h.IDNumber = strings.ToUpper(strings.TrimSpace(h.IDNumber))
	h.Phone = strings.TrimSpace(h.Phone)
	h.BankAccount = strings.ReplaceAll(strings.TrimSpace(h.BankAccount), " ", "")
	return h
}

// checkHousehold checks one household for saving by by.
func (s *Service) checkHousehold(ctx context.Context, by accounts.Actor, h Household, stored map[string]Household, villages map[region.Code]error) error {
	if err := org.ValidCode(h.Code); err != nil {
		return errs.Field("code", "err.impact.household_code", h.Code)
	}
	if err := h.Validate(); err != nil {
		return err
	}
	if err := ValidPhone(h.Phone); err != nil {
		return err
	}
	if err := ValidBankAccount(h.BankAccount); err != nil {
		return err
	}
	if err := by.Require(by.Administers(h.Village), "act.register_households", h.Village); err != nil {
		return err
	}
	if cur, ok := stored[h.Code]; ok && cur.Village != h.Village {
		if err := by.Require(by.Administers(cur.Village), "act.move_household", h.Code, cur.Village); err != nil {
			return err
		}
	}
	err, seen := villages[h.Village]
	if !seen {
		err = s.checkVillage(ctx, h.Village)
		villages[h.Village] = err
	}
	return err
}

func (s *Service) checkVillage(ctx context.Context, c region.Code) error {
	r, err := s.Regions.Region(ctx, c)
	if errs.Is(err, errs.NotFound) {
		return errs.Field("village_code", "err.impact.village_not_found", c)
	}
	if err != nil {
		return err
	}
	if r.Level != region.Village {
		return errs.Field("village_code", "err.impact.not_village", c, r.Level.Noun())
	}
	return nil
}

// ValidPhone accepts an empty phone or 5 to 20 digits, optionally with a
// leading + and separating spaces or hyphens; anything else is Invalid.
func ValidPhone(s string) error {
	if s == "" {
		return nil
	}
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0, r == ' ', r == '-':
		default:
			return errs.Field("phone", "err.impact.phone", s)
		}
	}
	if digits < 5 || digits > 20 {
		return errs.Field("phone", "err.impact.phone", s)
	}
	return nil
}

// ValidBankAccount accepts an empty account or 8 to 34 digits; anything
// else is Invalid.
func ValidBankAccount(s string) error {
	if s == "" {
		return nil
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return errs.Field("bank_account", "err.impact.bank_account_digits")
		}
	}
	if len(s) < 8 || len(s) > 34 {
		return errs.Field("bank_account", "err.impact.bank_account_length", len(s))
	}
	return nil
}

// mayReadRegister reports whether by may see any household at all: the
// operator, admins, auditors and station operators.
func mayReadRegister(by accounts.Actor) bool {
	if by.System {
		return true
	}
	if by.Disabled {
		return false
	}
	switch by.Role {
	case accounts.PrefectureAdmin, accounts.CountyAdmin, accounts.Auditor, accounts.StationOperator:
		return true
	}
	return false
}

// discloser returns how much by may see of a household in a village (see
// DisclosureFor), looking up once the station a station operator runs.
func (s *Service) discloser(ctx context.Context, by accounts.Actor) (func(region.Code) Disclosure, *network.ServicePoint, error) {
	var pt *network.ServicePoint
	if by.Role == accounts.StationOperator && !by.Disabled && by.ServicePointID != 0 {
		p, err := s.Points.ServicePointByID(ctx, by.ServicePointID)
		if err != nil && !errs.Is(err, errs.NotFound) {
			return nil, nil, err
		}
		if err == nil && p.Kind.IsStation() {
			pt = &p
		}
	}
	return func(v region.Code) Disclosure {
		return DisclosureFor(by, v, pt != nil && pt.ServesRegion(v))
	}, pt, nil
}

// Household returns the household with the given code as by may see it
// (see DisclosureFor): in full to the prefecture admin and the admin of
// its county, name and phone to the operator of a station serving its
// village, masked to an auditor. Whoever may see none of it is Forbidden
// (a guest Unauthorized) — the public sees aggregates only, through
// RegisterSummary. An unknown code is NotFound.
func (s *Service) Household(ctx context.Context, by accounts.Actor, code string) (Household, error) {
	if err := by.Require(mayReadRegister(by), "act.see_household_register"); err != nil {
		return Household{}, err
	}
	h, err := s.Store.Household(ctx, code)
	if err != nil {
		return Household{}, err
	}
	disclose, _, err := s.discloser(ctx, by)
	if err != nil {
		return Household{}, err
	}
	d := disclose(h.Village)
	if err := by.Require(d > Hidden, "act.see_household", h.Code); err != nil {
		return Household{}, err
	}
	return h.Disclose(d), nil
}

// HouseholdQuery selects households for Households.
type HouseholdQuery struct {
	// Within is the region to list: by default an admin's or auditor's
	// scope, or the county of a station operator's station.
	Within region.Code
	Status Status // "" for any
	After  string // codes after this one, for paging
	Limit  int    // 0: no limit
}

// Households lists the households within a region that by may see, each
// as by may see it (see Household), ordered by code: a station operator
// sees the households of the villages its station serves, an admin or
// auditor those of the region it oversees (asking for a larger region
// narrows to its own). Others are Forbidden (a guest Unauthorized), as is
// an admin or auditor asking for a region it does not oversee. Pages
// (q.After, q.Limit) run over what by may see: a page shorter than Limit
// is the last.
func (s *Service) Households(ctx context.Context, by accounts.Actor, q HouseholdQuery) ([]Household, error) {
	if err := by.Require(mayReadRegister(by), "act.see_household_register"); err != nil {
		return nil, err
	}
	disclose, pt, err := s.discloser(ctx, by)
	if err != nil {
		return nil, err
	}
	f := HouseholdFilter{Within: q.Within, Status: q.Status, After: q.After, Limit: q.Limit}
	switch {
	case by.System:
	case by.Role == accounts.StationOperator:
		if pt == nil {
			return nil, by.Require(false, "act.see_household_register_no_station")
		}
		if f.Within == "" {
			f.Within = pt.Region.County()
		}
		// The store keeps the served villages' households only, so that
		// a page holds Limit of them however many others lie between (a
		// station serving nothing sees nothing: the list is never nil).
		f.WithinAny = append([]region.Code{}, pt.Serves...)
	default:
		if f.Within == "" || (by.Scope != "" && by.Scope.Within(f.Within) && !by.Oversees(f.Within)) {
			f.Within = by.Scope
		}
		if err := by.Require(by.Oversees(f.Within), "act.see_households_in", f.Within); err != nil {
			return nil, err
		}
	}
	hs, err := s.Store.Households(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("impact.Households: %w", err)
	}
	out := hs[:0]
	for _, h := range hs {
		if d := disclose(h.Village); d > Hidden {
			out = append(out, h.Disclose(d))
		}
	}
	return out, nil
}

// RegisterSummary returns the counts anyone may see of the households
// registered within a region: how many, their members, how many are still
// poor and how many were lifted out, and in how many villages.
func (s *Service) RegisterSummary(ctx context.Context, within region.Code) (RegisterSummary, error) {
	sum, err := s.Store.RegisterSummary(ctx, within)
	if err != nil {
		return RegisterSummary{}, fmt.Errorf("impact.RegisterSummary: %w", err)
	}
	return sum, nil
}
