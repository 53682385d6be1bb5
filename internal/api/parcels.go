package api

import (
	"net/http"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/parcels"
)

// parcelOut is a parcel with its tracking timeline: each planned leg,
// scanned (scanned_at) or pending (null), and its scans. pickup_code is
// there for the parcel's buyer only, once it waits at the pick-up
// station.
type parcelOut struct {
	ID         int64      `json:"id"`
	OrderID    int64      `json:"order_id"`
	State      string     `json:"state"`
	Delivery   string     `json:"delivery"`
	Next       int        `json:"next_leg"`
	PickupCode string     `json:"pickup_code,omitempty"`
	Carrier    string     `json:"carrier,omitempty"`
	Tracking   string     `json:"tracking,omitempty"`
	AtSince    *time.Time `json:"at_since"`
	Legs       []legOut   `json:"legs"`
	Scans      []scanOut  `json:"scans"`
	CreatedAt  time.Time  `json:"created_at"`
	Dest       string     `json:"dest_region_code"`
	Seller     string     `json:"seller_region_code"`
}

type legOut struct {
	Seq       int        `json:"seq"`
	Kind      string     `json:"kind"`
	Node      string     `json:"node"`
	Name      *i18n.Text `json:"name,omitempty"`
	Region    string     `json:"region_code"`
	ScannedAt *time.Time `json:"scanned_at"`
}

type scanOut struct {
	ScanID     string    `json:"scan_id"`
	Node       string    `json:"node"`
	Seq        int       `json:"seq"`
	At         time.Time `json:"at"`
	OutOfOrder bool      `json:"out_of_order"`
	Reason     string    `json:"reason,omitempty"`
	State      string    `json:"state"`
	Repeated   bool      `json:"repeated,omitempty"`
}

func timeOrNull(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func toScanOut(s parcels.Scan) scanOut {
	return scanOut{ScanID: s.ScanID, Node: s.Node, Seq: s.Seq, At: s.At, OutOfOrder: s.OutOfOrder, Reason: s.Reason, State: string(s.State)}
}

func toParcelOut(p parcels.Parcel, scans []parcels.Scan) parcelOut {
	out := parcelOut{ID: p.ID, OrderID: p.OrderID, State: string(p.State), Delivery: string(p.Delivery), Next: p.Next,
		PickupCode: p.PickupCode, Carrier: p.Carrier, Tracking: p.Tracking, AtSince: timeOrNull(p.AtSince),
		CreatedAt: p.CreatedAt, Dest: string(p.DestRegion), Seller: string(p.SellerRegion), Legs: []legOut{}, Scans: []scanOut{}}
	for _, l := range p.Legs {
		lo := legOut{Seq: l.Seq, Kind: string(l.Kind), Node: l.Node(), Region: string(l.Region), ScannedAt: timeOrNull(l.ScannedAt)}
		if l.PointID != 0 {
			name := l.PointName
			lo.Name = &name
		}
		out.Legs = append(out.Legs, lo)
	}
	for _, s := range scans {
		out.Scans = append(out.Scans, toScanOut(s))
	}
	return out
}

// writeParcel writes a parcel with its scans as the actor may see it.
func (h *Handler) writeParcel(w http.ResponseWriter, r *http.Request, p parcels.Parcel) error {
	scans, err := h.Parcels.Scans(r.Context(), accounts.ActorFrom(r.Context()), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toParcelOut(p, scans))
}

// parcelGet answers GET /parcels/{id}: the parcel's timeline, for its
// buyer, its seller, the operators on its route and those overseeing
// its regions (others: 404).
func (h *Handler) parcelGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, errs.E(errs.NotFound, "err.parcels.not_found", r.PathValue("id")))
	if err != nil {
		return err
	}
	p, err := h.Parcels.Parcel(r.Context(), accounts.ActorFrom(r.Context()), id)
	if err != nil {
		return err
	}
	return h.writeParcel(w, r, p)
}

// orderParcel answers GET /orders/{id}/parcel: the parcel of an order,
// as parcelGet; an order without parcel is 404.
func (h *Handler) orderParcel(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, errs.E(errs.NotFound, "err.orders.not_found", r.PathValue("id")))
	if err != nil {
		return err
	}
	p, err := h.Parcels.ParcelForOrder(r.Context(), accounts.ActorFrom(r.Context()), id)
	if err != nil {
		return err
	}
	return h.writeParcel(w, r, p)
}

type scanIn struct {
	ScanID string     `json:"scan_id"`
	Node   string     `json:"node"`
	At     *time.Time `json:"at"`
	Reason string     `json:"reason"`
}

// parcelScan answers POST /parcels/{id}/scans: one scan by a signed-in
// operator or admin of the scanned point (see parcels.Service.ScanMany).
// A new scan is 201, a scan id sent before 200 with the first result.
func (h *Handler) parcelScan(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, errs.E(errs.NotFound, "err.parcels.not_found", r.PathValue("id")))
	if err != nil {
		return err
	}
	var in scanIn
	if err := readJSON(r, &in); err != nil {
		return err
	}
	si := parcels.ScanInput{ScanID: in.ScanID, ParcelID: id, Node: in.Node, Reason: in.Reason}
	if in.At != nil {
		si.At = *in.At
	}
	res, err := h.Parcels.Scan(r.Context(), accounts.ActorFrom(r.Context()), si)
	if err != nil {
		return err
	}
	out := toScanOut(res.Scan)
	out.Repeated = res.Repeated
	status := http.StatusCreated
	if res.Repeated {
		status = http.StatusOK
	}
	return writeJSON(w, status, out)
}
