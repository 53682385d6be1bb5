package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"maeul/internal/accounts"
	"maeul/internal/consignment"
	"maeul/internal/errs"
	"maeul/internal/i18n"
	"maeul/internal/impact"
	"maeul/internal/money"
	"maeul/internal/region"
)

// batchPublicJSON is what anyone may read of a consignment batch: never
// the household's code, name or any personal data, only its village and
// status.
type batchPublicJSON struct {
	Code            string        `json:"code"`
	ProductCode     string        `json:"product_code"`
	ProductName     i18n.Text     `json:"product_name"`
	SKU             string        `json:"sku"`
	VariantName     i18n.Text     `json:"variant_name"`
	StoreCode       string        `json:"store_code"`
	StationCode     string        `json:"station_code"`
	StationName     i18n.Text     `json:"station_name"`
	VillageCode     region.Code   `json:"village_code"`
	VillageName     i18n.Text     `json:"village_name"`
	HouseholdStatus impact.Status `json:"household_status"`
	Units           int64         `json:"units"`
	WeightG         int64         `json:"weight_g"`
	ReceivedOn      string        `json:"received_on"`
	URL             string        `json:"url"` // the public page, which the label's QR code opens
}

// batchJSON is a batch as its station's operator reads it, with the
// household as disclosed to the operator.
type batchJSON struct {
	Code        string        `json:"code"`
	ProductCode string        `json:"product_code"`
	SKU         string        `json:"sku"`
	StationCode string        `json:"station_code"`
	Household   householdJSON `json:"household"`
	Units       int64         `json:"units"`
	WeightG     int64         `json:"weight_g"`
	PerUnitFen  money.Fen     `json:"per_unit_fen"`
	ReceivedOn  string        `json:"received_on"`
	Sold        int64         `json:"sold"`
	CreditedFen money.Fen     `json:"credited_fen"`
	CreatedAt   time.Time     `json:"created_at"`
	URL         string        `json:"url"`
}

func toBatch(b consignment.Batch) batchJSON {
	return batchJSON{Code: b.Code, ProductCode: b.Product.Code, SKU: b.Variant().SKU, StationCode: b.Point.Code,
		Household: toHousehold(b.Household), Units: b.Units, WeightG: b.WeightG, PerUnitFen: b.PerUnit,
		ReceivedOn: b.ReceivedOn.Format(time.DateOnly), Sold: b.Sold, CreditedFen: b.Credited(), CreatedAt: b.CreatedAt,
		URL: "/batches/" + b.Code}
}

// batchGet answers GET /batches/{code}: the public subset of a batch, for
// anyone.
func (h *Handler) batchGet(w http.ResponseWriter, r *http.Request) error {
	p, err := h.Consignment.Public(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	v := p.Product.Variants[0]
	return writeJSON(w, http.StatusOK, batchPublicJSON{Code: p.Code, ProductCode: p.Product.Code, ProductName: p.Product.Name,
		SKU: v.SKU, VariantName: v.Name, StoreCode: p.Store.Code, StationCode: p.Station.Code, StationName: p.Station.Name,
		VillageCode: p.Village.Code, VillageName: p.Village.Name, HouseholdStatus: p.Status, Units: p.Units, WeightG: p.WeightG,
		ReceivedOn: p.ReceivedOn.Format(time.DateOnly), URL: "/batches/" + p.Code})
}

// stationBatchList answers GET /station/batches: the batches of the
// caller's station, newest first, ?limit= (at most 200) at a time before
// ?before= (a batch's id order, as next_before gives it).
func (h *Handler) stationBatchList(w http.ResponseWriter, r *http.Request) error {
	f := consignment.Filter{Limit: 50}
	q := r.URL.Query()
	if s := strings.TrimSpace(q.Get("before")); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			return errs.Field("before", "err.consignment.not_number", s)
		}
		f.BeforeID = n
	}
	if s := strings.TrimSpace(q.Get("limit")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 200 {
			return errs.Field("limit", "err.consignment.not_number", s)
		}
		f.Limit = n
	}
	bs, err := h.Consignment.Batches(r.Context(), accounts.ActorFrom(r.Context()), f)
	if err != nil {
		return err
	}
	out := struct {
		Batches    []batchJSON `json:"batches"`
		NextBefore int64       `json:"next_before,omitempty"`
	}{Batches: []batchJSON{}}
	for _, b := range bs {
		out.Batches = append(out.Batches, toBatch(b))
	}
	if len(bs) == f.Limit {
		out.NextBefore = bs[len(bs)-1].ID
	}
	return writeJSON(w, http.StatusOK, out)
}

// stationBatchCreate answers POST /station/batches: records a batch the
// caller's station received (see consignment.Service.Record for the
// rules; a refusal names its field). A repeat with the same token returns
// the first batch.
func (h *Handler) stationBatchCreate(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		HouseholdCode string    `json:"household_code"`
		SKU           string    `json:"sku"`
		Quantity      int64     `json:"quantity"`
		WeightG       int64     `json:"weight_g"`
		PerUnitFen    money.Fen `json:"per_unit_fen"`
		ReceivedOn    string    `json:"received_on"`
		Token         string    `json:"token"`
	}
	if err := readJSON(r, &in); err != nil {
		return err
	}
	nb := consignment.NewBatch{HouseholdCode: in.HouseholdCode, SKU: in.SKU, Units: in.Quantity, WeightG: in.WeightG,
		PerUnit: in.PerUnitFen, Token: in.Token}
	if in.ReceivedOn != "" {
		d, err := time.Parse(time.DateOnly, in.ReceivedOn)
		if err != nil {
			return errs.Field("received_on", "err.consignment.date", in.ReceivedOn)
		}
		nb.ReceivedOn = d
	}
	b, err := h.Consignment.Record(r.Context(), accounts.ActorFrom(r.Context()), nb)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, toBatch(b))
}
