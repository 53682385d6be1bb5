package api

import (
	"net/http"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/errs"
	"maeul/internal/parcels"
)

// Scans: carriers' scanners and other machines post the hand-overs of
// parcels in batches, authenticated by an API key scoped to service
// points (a station's operator or an admin may post them with a session
// too). parcels.Service.ScanMany holds every rule; each scan is recorded
// or refused on its own, all in one transaction, and a scan id recorded
// before is answered "duplicate" without writing anything.

// MaxScanBatch is the most scans one request may carry.
const MaxScanBatch = 1000

type scanInput struct {
	ScanID   string    `json:"scan_id"`
	ParcelID int64     `json:"parcel_id"`
	Node     string    `json:"node"`
	At       time.Time `json:"at"`
	Reason   string    `json:"reason"`
}

type scanBatch struct {
	Scans []scanInput `json:"scans"`
}

// The outcomes of one scan of a batch.
const (
	scanRecorded  = "recorded"
	scanDuplicate = "duplicate"
	scanRefused   = "refused"
)

type scanResultJSON struct {
	ScanID string `json:"scan_id"`
	Status string `json:"status"`
	// State is the parcel's state after the scan, OutOfOrder whether it
	// left the route's order; both as first recorded for a duplicate.
	State      string         `json:"state,omitempty"`
	OutOfOrder bool           `json:"out_of_order,omitempty"`
	Error      *scanErrorJSON `json:"error,omitempty"`
}

type scanErrorJSON struct {
	Code    errs.Code `json:"code"`
	Reason  string    `json:"reason"`
	Message string    `json:"message"`
	Field   string    `json:"field,omitempty"`
}

type scanBatchResult struct {
	Recorded   int              `json:"recorded"`
	Duplicates int              `json:"duplicates"`
	Refused    int              `json:"refused"`
	Results    []scanResultJSON `json:"results"`
}

// scanCreate answers POST /scans: records a batch of up to MaxScanBatch
// scans and answers 200 with one result per scan, in the order sent. A
// machine naming a service point its key does not cover is refused whole
// (403, nothing recorded): the key's scope is checked in memory before
// anything is read.
func (h *Handler) scanCreate(w http.ResponseWriter, r *http.Request) error {
	a := accounts.ActorFrom(r.Context())
	if err := a.Require(a.Machine != nil || a.SignedIn(), "act.scan_parcels"); err != nil {
		return err
	}
	var in scanBatch
	if err := readJSON(r, &in); err != nil {
		return err
	}
	if len(in.Scans) == 0 {
		return errs.Field("scans", "err.machines.no_scans")
	}
	if len(in.Scans) > MaxScanBatch {
		return errs.Field("scans", "err.machines.too_many_scans", len(in.Scans), MaxScanBatch)
	}
	by := parcels.Scanner{Actor: a}
	if m := a.Machine; m != nil {
		by = parcels.Scanner{KeyID: m.KeyID, KeyPoints: m.Points}
		for _, s := range in.Scans {
			if s.Node != parcels.DoorNode && s.Node != parcels.CarrierNode && !m.CoversCode(s.Node) {
				return errs.E(errs.Forbidden, "err.machines.key_scope", s.Node)
			}
		}
	}
	ins := make([]parcels.ScanInput, len(in.Scans))
	for i, s := range in.Scans {
		ins[i] = parcels.ScanInput{ScanID: s.ScanID, ParcelID: s.ParcelID, Node: s.Node, At: s.At, Reason: s.Reason}
	}
	rs, err := h.Parcels.ScanMany(r.Context(), by, ins)
	if err != nil {
		return err
	}
	out := scanBatchResult{Results: make([]scanResultJSON, len(rs))}
	lang := apiLang(r)
	for i, res := range rs {
		j := scanResultJSON{ScanID: in.Scans[i].ScanID}
		switch {
		case res.Err != nil:
			j.Status = scanRefused
			j.Error = &scanErrorJSON{Code: errs.CodeOf(res.Err), Reason: errs.Reason(res.Err),
				Message: errs.MessageIn(res.Err, h.Messages, lang), Field: errs.FieldOf(res.Err)}
			out.Refused++
		case res.Repeated:
			j.Status, j.State, j.OutOfOrder = scanDuplicate, string(res.Scan.State), res.Scan.OutOfOrder
			out.Duplicates++
		default:
			j.Status, j.State, j.OutOfOrder = scanRecorded, string(res.Scan.State), res.Scan.OutOfOrder
			out.Recorded++
		}
		out.Results[i] = j
	}
	return writeJSON(w, http.StatusOK, out)
}
