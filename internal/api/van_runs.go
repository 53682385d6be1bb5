package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/region"
	"maeul/internal/vans"
)

// vanRunJSON is a van run as the API shows it; stops only in a run read
// alone.
type vanRunJSON struct {
	ID         int64         `json:"id"`
	Van        string        `json:"van"`
	Plate      string        `json:"plate"`
	Base       string        `json:"base"`
	Day        string        `json:"date"`
	Status     vans.Status   `json:"status"`
	CapacityKg int64         `json:"capacity_kg"`
	LoadG      int64         `json:"load_g"`
	Parcels    int           `json:"parcels"`
	Done       int           `json:"done"`
	CreatedAt  time.Time     `json:"created_at"`
	ClosedAt   *time.Time    `json:"closed_at"`
	Stops      []vanStopJSON `json:"stops,omitempty"`
}

type vanStopJSON struct {
	Seq     int             `json:"seq"`
	Region  region.Code     `json:"region"`
	Parcels []vanParcelJSON `json:"parcels"`
}

// vanParcelJSON is a parcel of a run; the manifest's names, phones,
// addresses and codes are empty for readers who do not work at the base.
type vanParcelJSON struct {
	ParcelID   int64      `json:"parcel_id"`
	Ref        string     `json:"ref"`
	OrderRef   string     `json:"order_ref"`
	WeightG    int64      `json:"weight_g"`
	Outcome    string     `json:"outcome"`
	OutcomeAt  *time.Time `json:"outcome_at"`
	Note       string     `json:"note"`
	Recipient  string     `json:"recipient"`
	Phone      string     `json:"phone"`
	Address    string     `json:"address"`
	PickupCode string     `json:"pickup_code"`
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func toVanRun(r vans.Run) vanRunJSON {
	out := vanRunJSON{ID: r.ID, Van: r.Van.Code, Plate: r.Van.Plate, Base: r.Van.BaseCode, Day: r.Day, Status: r.Status,
		CapacityKg: r.CapacityKg, LoadG: r.LoadG, Parcels: r.Parcels, Done: r.Done, CreatedAt: r.CreatedAt, ClosedAt: timePtr(r.ClosedAt)}
	for _, s := range r.Stops {
		st := vanStopJSON{Seq: s.Seq, Region: s.Region, Parcels: []vanParcelJSON{}}
		for _, p := range s.Parcels {
			outcome := string(p.Outcome)
			if p.Outcome == vans.Pending {
				outcome = "pending"
			}
			m := p.Manifest
			st.Parcels = append(st.Parcels, vanParcelJSON{ParcelID: p.ParcelID, Ref: m.Ref, OrderRef: m.OrderRef, WeightG: p.WeightG,
				Outcome: outcome, OutcomeAt: timePtr(p.OutcomeAt), Note: p.Note, Recipient: m.Recipient, Phone: m.Phone,
				Address: m.Address, PickupCode: m.PickupCode})
		}
		out.Stops = append(out.Stops, st)
	}
	return out
}

// vanRunList answers GET /van-runs: the runs of ?date= (today in China by
// default) of the vans the caller oversees or works with (a station
// operator's own base; an admin's or auditor's ?region=, their scope by
// default; ?base= narrows to one base), without their stops.
func (h *Handler) vanRunList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	day := h.Vans.Today()
	if s := q.Get("date"); s != "" {
		d, err := vans.ParseDay(s)
		if err != nil {
			return err
		}
		day = d
	}
	sc := vans.Scope{BaseCode: strings.TrimSpace(q.Get("base"))}
	if s := strings.TrimSpace(q.Get("region")); s != "" {
		c, err := region.ParseCode(s)
		if err != nil {
			return errs.InField("region", err)
		}
		sc.Within = c
	}
	runs, err := h.Vans.Runs(r.Context(), accounts.ActorFrom(r.Context()), sc, day)
	if err != nil {
		return err
	}
	out := make([]vanRunJSON, len(runs))
	for i, x := range runs {
		out[i] = toVanRun(x)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"date": day, "runs": out})
}

// vanRunGet answers GET /van-runs/{id}: one run with its stops in order
// and their parcels (the manifest), for its base's operators and those who
// oversee its region.
func (h *Handler) vanRunGet(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return errs.E(errs.NotFound, "err.vans.run_not_found", r.PathValue("id"))
	}
	run, err := h.Vans.Run(r.Context(), accounts.ActorFrom(r.Context()), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toVanRun(run))
}
