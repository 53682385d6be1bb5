package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/impact"
	"maeul/internal/region"
)

// householdsData is a list of registered households as the reader may see
// them (impact.Service.Households applies the disclosure rules): the
// admins' register (/admin/households) or a station's households
// (/station/households).
type householdsData struct {
	// Station is set on a station's list, which shows name and phone only.
	Station bool
	Within  region.Region
	// Scopes are the regions an admin or auditor may switch to.
	Scopes     []region.Region
	Register   impact.RegisterSummary
	Households []householdRow
	// ShowID and ShowBank say whether the ID number and bank account
	// columns are shown: never on a station's list; on the register when
	// the disclosure left them.
	ShowID, ShowBank bool
	Status           string // the ?status= filter: "", "poor" or "lifted"
	// StationName is the station of a station's list.
	StationName i18n.Text
	// Ledger says whether the reader may open the auditor's ledger.
	Ledger   bool
	NextURL  string
	Statuses []string
}

// householdRow is a household with its village's name.
type householdRow struct {
	impact.Household
	VillageName region.Region
}

// householdPage is how many households a list page shows.
const householdPage = 100

// householdList shows the household register of a region to the admins
// and auditors overseeing it (?within=, their scope by default; ?status=
// poor or lifted; ?after=CODE for the next page): in full to the
// prefecture admin and the county admin of the households' county,
// masked to auditors. Each household links to its income statement.
func (h *Handler) householdList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := accounts.ActorFrom(ctx)
	if err := a.Require(a.SignedIn(), "act.see_household_register"); err != nil {
		return err
	}
	q := impact.HouseholdQuery{Limit: householdPage, After: r.URL.Query().Get("after")}
	if w := strings.TrimSpace(r.URL.Query().Get("within")); w != "" {
		c, err := region.ParseCode(w)
		if err != nil {
			return errs.InField("within", err)
		}
		q.Within = c
	}
	d := householdsData{Statuses: []string{string(impact.Poor), string(impact.Lifted)}, Ledger: impact.MayReadLedger(a)}
	switch s := r.URL.Query().Get("status"); s {
	case "", string(impact.Poor), string(impact.Lifted):
		q.Status, d.Status = impact.Status(s), s
	default:
		return errs.Field("status", "err.input.household_status", s)
	}
	if q.Within == "" && a.Scope != "" {
		q.Within = a.Scope
	}
	if err := h.fillHouseholds(ctx, &d, q, r.URL); err != nil {
		return err
	}
	d.ShowID, d.ShowBank = false, false
	for _, x := range d.Households {
		d.ShowID = d.ShowID || x.IDNumber != ""
		d.ShowBank = d.ShowBank || x.BankAccount != ""
	}
	if a.Scope != "" {
		top, err := h.Regions.Region(ctx, a.Scope)
		if err != nil {
			return err
		}
		d.Scopes = append(d.Scopes, top)
		if top.Level == region.Prefecture {
			kids, err := h.Regions.Children(ctx, top.Code)
			if err != nil {
				return err
			}
			for _, k := range kids {
				d.Scopes = append(d.Scopes, k.Region)
			}
		}
	}
	l := langFrom(r)
	w.Header().Set("Cache-Control", "no-store")
	return h.render(w, r, http.StatusOK, "households", page{Title: h.cat.T(l, "households.title"), NavArea: "households", Data: d})
}

// fillHouseholds lists the households of q as the request's actor may see
// them, with their villages' names, the register's counts and the link
// to the next page.
func (h *Handler) fillHouseholds(ctx context.Context, d *householdsData, q impact.HouseholdQuery, u *url.URL) error {
	hs, err := h.Impact.Households(ctx, accounts.ActorFrom(ctx), q)
	if err != nil {
		return err
	}
	return h.showHouseholds(ctx, d, hs, q, u)
}

// showHouseholds puts households in d with their villages' names, the
// register's counts of q.Within and, when the page is full, the link to
// the next one.
func (h *Handler) showHouseholds(ctx context.Context, d *householdsData, hs []impact.Household, q impact.HouseholdQuery, u *url.URL) error {
	var err error
	var codes []region.Code
	seen := map[region.Code]bool{}
	for _, x := range hs {
		if !seen[x.Village] {
			seen[x.Village] = true
			codes = append(codes, x.Village)
		}
	}
	if q.Within != "" {
		codes = append(codes, q.Within)
	}
	names := map[region.Code]region.Region{}
	if len(codes) > 0 {
		rs, err := h.Regions.RegionsByCode(ctx, codes)
		if err != nil {
			return err
		}
		for _, x := range rs {
			names[x.Code] = x
		}
	}
	d.Within = names[q.Within]
	for _, x := range hs {
		d.Households = append(d.Households, householdRow{Household: x, VillageName: names[x.Village]})
	}
	if q.Within != "" {
		if d.Register, err = h.Impact.RegisterSummary(ctx, q.Within); err != nil {
			return err
		}
	}
	if q.Limit > 0 && len(hs) == q.Limit {
		v := u.Query()
		v.Set("after", hs[len(hs)-1].Code)
		v.Del("notice")
		d.NextURL = u.Path + "?" + v.Encode()
	}
	return nil
}
